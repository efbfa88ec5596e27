import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { checkAddresses, isIpAddress, type TTargetPolicy } from '../domain/webhook-targets.js';

/** Resolves a host name to every address it has (both families), as the operating system would. */
export type TResolveHost = (hostname: string) => Promise<string[]>;

export const systemResolver: TResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A target the policy refuses: delivering to it again cannot succeed until the URL or the policy changes. */
export class WebhookTargetRefusedError extends Error {
  readonly code = 'WEBHOOK_TARGET_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetRefusedError';
  }
}

/** The name did not resolve (NXDOMAIN, resolver down): not a refusal, a later attempt may succeed. */
export class WebhookTargetUnresolvedError extends Error {
  readonly code = 'WEBHOOK_TARGET_UNRESOLVED';
  constructor(hostname: string, cause: unknown) {
    const why = cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : '';
    super(`the host name ${hostname} could not be resolved${why}`, { cause });
    this.name = 'WebhookTargetUnresolvedError';
  }
}

export type TWebhookTargetGuard = ReturnType<typeof createWebhookTargetGuard>;

/**
 * The one place that decides whether a webhook may go to a URL: at registration, before every delivery
 * attempt, and as the lookup of the connection itself. `resolve` is injectable so that tests never
 * depend on real DNS.
 */
export function createWebhookTargetGuard(opts: {
  policy: TTargetPolicy;
  resolve?: TResolveHost;
  /** A resolver that does not answer must not hold a registration request or an attempt open. */
  resolveTimeoutMs?: number;
}) {
  const { policy } = opts;
  const resolveTimeoutMs = opts.resolveTimeoutMs ?? 5_000;
  const resolveHost = opts.resolve ?? systemResolver;
  async function resolve(hostname: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('resolver timed out'), { code: 'ETIMEOUT' })),
        resolveTimeoutMs,
      );
    });
    try {
      return await Promise.race([resolveHost(hostname), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Checks scheme and host syntax; returns the host name without IPv6 brackets. */
  function checkUrlShape(url: URL): string {
    if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
      throw new WebhookTargetRefusedError('webhook URLs must use https');
    }
    if (url.username || url.password) {
      throw new WebhookTargetRefusedError('webhook URLs must not carry credentials');
    }
    return url.hostname.replace(/^\[|\]$/g, '');
  }

  /** Resolves a name (an IP literal is its own address) and checks every address; returns the checked ones. */
  async function resolveChecked(hostname: string): Promise<string[]> {
    let addresses: string[];
    if (isIpAddress(hostname)) {
      addresses = [hostname];
    } else {
      try {
        addresses = await resolve(hostname);
      } catch (err) {
        throw new WebhookTargetUnresolvedError(hostname, err);
      }
    }
    const verdict = checkAddresses(addresses, policy);
    if (!verdict.allowed) {
      const subject = isIpAddress(hostname) ? 'the address' : `${hostname} resolves to an address that`;
      throw new WebhookTargetRefusedError(
        `${subject} is not a public internet address: ${verdict.reason}` +
          (policy.allowPrivate ? '' : ' (private targets are off: WEBHOOK_ALLOW_PRIVATE_TARGETS)'),
      );
    }
    return addresses;
  }

  /**
   * Full check of a URL: scheme, then every address of its host. Throws WebhookTargetRefusedError or
   * WebhookTargetUnresolvedError.
   */
  async function check(rawUrl: string): Promise<{ hostname: string; addresses: string[] }> {
    const url = new URL(rawUrl);
    const hostname = checkUrlShape(url);
    return { hostname, addresses: await resolveChecked(hostname) };
  }

  /**
   * The check at registration. Host names are resolved only when private targets are refused: with the
   * switch on (tests, local experiments) a name is checked at delivery, which resolves it anyway, so that
   * registering needs no DNS. IP literals are always checked here.
   */
  async function checkRegistration(rawUrl: string): Promise<void> {
    const url = new URL(rawUrl);
    const hostname = checkUrlShape(url);
    if (policy.allowPrivate && !isIpAddress(hostname)) return;
    await resolveChecked(hostname);
  }

  /**
   * net/tls `lookup` for the dispatcher: the socket connects to what this returns, and it returns only
   * addresses it has checked in the same call, so a name cannot be re-pointed (DNS rebinding) between the
   * check before an attempt and the connection.
   */
  function guardedLookup(
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void {
    resolveChecked(hostname.replace(/^\[|\]$/g, '')).then(
      (addresses) => {
        const wanted = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((a) => !options.family || a.family === options.family);
        if (wanted.length === 0) {
          callback(
            Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), {
              code: 'ENOTFOUND',
            }),
            '',
          );
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0]!.address, wanted[0]!.family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  }

  return { check, checkRegistration, lookup: guardedLookup };
}

/**
 * The dispatcher deliveries go through: every new connection takes its address from the guard's lookup.
 * undici's request() never follows redirects unless a redirect interceptor is added; none is.
 */
export function createWebhookDispatcher(
  guard: TWebhookTargetGuard,
  timeouts: { connectTimeoutMs: number; responseTimeoutMs: number },
): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectTimeoutMs, lookup: guard.lookup },
    headersTimeout: timeouts.responseTimeoutMs,
    bodyTimeout: timeouts.responseTimeoutMs,
  });
}

/** The policy's refusal in an error or its cause chain (undici wraps what the lookup throws), or null. */
export function targetRefusalIn(err: unknown): WebhookTargetRefusedError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WebhookTargetRefusedError) return e;
  }
  return null;
}
