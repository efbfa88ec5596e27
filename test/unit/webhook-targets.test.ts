import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { checkAddress, checkAddresses } from '../../src/domain/webhook-targets.js';
import {
  createWebhookDispatcher,
  createWebhookTargetGuard,
  targetRefusalIn,
  WebhookTargetRefusedError,
  WebhookTargetUnresolvedError,
  type TResolveHost,
} from '../../src/infra/webhook-targets.js';

const strict = { allowPrivate: false };
const lenient = { allowPrivate: true };

/** Host names of the review, answered from a table: no test here touches real DNS. */
const NAMES: Record<string, string[]> = {
  'localtest.me': ['127.0.0.1'],
  'metadata.google.internal': ['169.254.169.254'],
  'split.example': ['93.184.215.14', '10.0.0.7'],
  'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'receiver.test': ['127.0.0.1'],
};
const tableResolver: TResolveHost = async (hostname) => {
  const found = NAMES[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found;
};

describe('webhook target address policy', () => {
  // Every bypass the review found, and the rest of the special-use ranges.
  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['192.0.0.170', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['169.254.169.254', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::1', '6to4'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['::7f00:1', 'reserved'],
    ['fec0::1', 'deprecatedSiteLocal'],
  ])('refuses %s (%s)', (address, kind) => {
    const verdict = checkAddress(address, strict);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toContain(kind);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(checkAddress(address, strict)).toEqual({ allowed: true });
  });

  it('the switch lets loopback and private ranges through, never link-local, unspecified or multicast', () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      '10.0.0.1',
      '192.168.0.9',
      'fd12::1',
      '100.64.0.1',
    ]) {
      expect(checkAddress(address, lenient), address).toEqual({ allowed: true });
    }
    for (const address of [
      '169.254.169.254',
      '::ffff:169.254.169.254',
      'fe80::1',
      '0.0.0.0',
      '::',
      '224.0.0.1',
    ]) {
      expect(checkAddress(address, lenient).allowed, address).toBe(false);
    }
  });

  it('a name is allowed only when every address it resolves to is', () => {
    expect(checkAddresses(['93.184.215.14', '10.0.0.7'], strict).allowed).toBe(false);
    expect(checkAddresses([], strict).allowed).toBe(false);
    expect(checkAddresses(['93.184.215.14', '2606:4700::1111'], strict)).toEqual({ allowed: true });
  });

  it('is off by default, npm start included, and one variable turns it on', () => {
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
  });
});

describe('webhook target guard', () => {
  const guard = createWebhookTargetGuard({ policy: strict, resolve: tableResolver });

  it.each([
    'https://[::ffff:127.0.0.1]/h',
    'https://[::ffff:169.254.169.254]/latest/meta-data',
    'https://[::]/h',
    'https://[fe80::1]/h',
    'https://[fd00::1]/h',
    'https://100.64.0.1/h',
    'https://192.0.0.1/h',
    'https://198.18.0.1/h',
    'https://169.254.169.254/h',
    'https://127.1/h',
    'https://2130706433/h',
    'https://0x7f000001/h',
    'https://localtest.me/h',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://split.example/h',
  ])('refuses %s', async (url) => {
    await expect(guard.check(url)).rejects.toBeInstanceOf(WebhookTargetRefusedError);
    await expect(guard.checkRegistration(url)).rejects.toBeInstanceOf(WebhookTargetRefusedError);
  });

  it('accepts a public name and returns the addresses it checked', async () => {
    await expect(guard.check('https://public.example/h')).resolves.toEqual({
      hostname: 'public.example',
      addresses: NAMES['public.example'],
    });
  });

  it('refuses plain http and credentials while private targets are off; an unknown name is unresolved, not refused', async () => {
    await expect(guard.check('http://public.example/h')).rejects.toThrow('must use https');
    await expect(guard.check('https://user:pw@public.example/h')).rejects.toThrow('credentials');
    await expect(guard.check('https://nowhere.example/h')).rejects.toBeInstanceOf(
      WebhookTargetUnresolvedError,
    );
  });

  it('a resolver that does not answer is a bounded, retryable failure', async () => {
    const silent = createWebhookTargetGuard({
      policy: strict,
      resolve: () => new Promise<string[]>(() => {}),
      resolveTimeoutMs: 50,
    });
    const error = await silent.check('https://slow.example/h').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WebhookTargetUnresolvedError);
    expect(String(error)).toContain('slow.example could not be resolved (ETIMEOUT)');
  });

  it('the connection lookup checks what it returns, so a name re-pointed after the check is refused (DNS rebinding)', async () => {
    const answers = [['93.184.215.14'], ['127.0.0.1']];
    const rebinding = createWebhookTargetGuard({ policy: strict, resolve: async () => answers.shift()! });
    await expect(rebinding.check('https://rebind.example/h')).resolves.toMatchObject({
      addresses: ['93.184.215.14'],
    });
    // The socket's own lookup (called directly here: no connection is opened) resolves again and refuses.
    const error = await new Promise<unknown>((resolve) =>
      rebinding.lookup('rebind.example', { all: true }, (err) => resolve(err)),
    );
    expect(error).toBeInstanceOf(WebhookTargetRefusedError);
    expect(String(error)).toContain('127.0.0.1 is a loopback address');
  });

  it('the lookup answers in both callback shapes net uses', async () => {
    const all = await new Promise<LookupAddress[]>((resolve, reject) =>
      guard.lookup('public.example', { all: true }, (err, addresses) =>
        err ? reject(err) : resolve(addresses as LookupAddress[]),
      ),
    );
    expect(all).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const one = await new Promise<[string, number | undefined]>((resolve, reject) =>
      guard.lookup('public.example', { family: 6 }, (err, address, family) =>
        err ? reject(err) : resolve([address as string, family]),
      ),
    );
    expect(one).toEqual(['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 6]);
  });
});

describe('webhook dispatcher (loopback receivers only)', () => {
  const hits: string[] = [];
  let target: Server;
  let elsewhere: Server;
  let targetPort = 0;
  let elsewherePort = 0;

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<[Server, number]> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return [server, (server.address() as { port: number }).port];
  }

  beforeAll(async () => {
    [elsewhere, elsewherePort] = await listen((req, res) => {
      hits.push(`elsewhere ${req.url}`);
      res.end('elsewhere');
    });
    [target, targetPort] = await listen((req, res) => {
      hits.push(`target ${req.url}`);
      if (req.url === '/redirect') {
        res.writeHead(307, { location: `http://127.0.0.1:${elsewherePort}/landed` }).end();
      } else {
        res.end('ok');
      }
    });
  });
  afterAll(async () => {
    await new Promise((r) => target.close(r));
    await new Promise((r) => elsewhere.close(r));
  });

  it('connects to the address the guard resolved, and refuses before connecting when it is not allowed', async () => {
    const lenientGuard = createWebhookTargetGuard({ policy: lenient, resolve: tableResolver });
    const allowed = createWebhookDispatcher(lenientGuard, {
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    const res = await request(`http://receiver.test:${targetPort}/hooks`, {
      method: 'POST',
      dispatcher: allowed,
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(hits).toEqual(['target /hooks']);
    await allowed.close();

    const strictGuard = createWebhookTargetGuard({ policy: strict, resolve: tableResolver });
    const refusing = createWebhookDispatcher(strictGuard, {
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    const error = await request(`http://receiver.test:${targetPort}/again`, {
      method: 'POST',
      dispatcher: refusing,
    }).catch((err: unknown) => err);
    expect(targetRefusalIn(error)?.message).toContain('receiver.test resolves to an address that');
    expect(hits).toEqual(['target /hooks']);
    await refusing.close();
  });

  it('does not follow redirects', async () => {
    hits.length = 0;
    const lenientGuard = createWebhookTargetGuard({ policy: lenient, resolve: tableResolver });
    const dispatcher = createWebhookDispatcher(lenientGuard, {
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    const res = await request(`http://receiver.test:${targetPort}/redirect`, { method: 'POST', dispatcher });
    await res.body.dump();
    expect(res.statusCode).toBe(307);
    expect(hits).toEqual(['target /redirect']);
    await dispatcher.close();
  });
});
