import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDurationMs } from '../../src/config.js';
import { normalizeWebsiteDomain } from '../../src/domain/organizations.js';
import { SecretBox } from '../../src/infra/secret-box.js';
import { signatureHeader, signWebhook, verifyWebhook } from '../../src/infra/webhook-signature.js';
import { createHmac } from 'node:crypto';

describe('config', () => {
  it('lists every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', WEBHOOK_RETRY_SCHEDULE: '0,soon' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('WEBHOOK_RETRY_SCHEDULE');
  });

  it('defaults to the facts-file retry schedule', () => {
    expect(loadConfig({}).WEBHOOK_RETRY_SCHEDULE).toEqual([
      0, 30_000, 120_000, 600_000, 1_800_000, 7_200_000, 28_800_000, 86_400_000,
    ]);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('2h')).toBe(7_200_000);
  });
});

describe('SecretBox', () => {
  const k1 = Buffer.alloc(32, 1).toString('base64');
  const k2 = Buffer.alloc(32, 2).toString('base64');

  it('round-trips and never stores plaintext', () => {
    const box = new SecretBox(`k1:${k1}`);
    const sealed = box.encrypt('whsec_abc');
    expect(sealed).not.toContain('whsec_abc');
    expect(sealed.startsWith('k1.')).toBe(true);
    expect(box.decrypt(sealed)).toBe('whsec_abc');
  });

  it('rotates: a new primary key still decrypts what the old key sealed', () => {
    const sealedWithOld = new SecretBox(`k1:${k1}`).encrypt('secret');
    const rotated = new SecretBox(`k2:${k2},k1:${k1}`);
    expect(rotated.decrypt(sealedWithOld)).toBe('secret');
    expect(rotated.encrypt('x').startsWith('k2.')).toBe(true);
  });

  it('rejects tampered ciphertext', () => {
    const box = new SecretBox(`k1:${k1}`);
    const [id, iv, tag, data] = box.encrypt('secret').split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.decrypt([id, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });
});

describe('webhook signature', () => {
  it('is HMAC-SHA256 over timestamp + "." + raw body', () => {
    const expected = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook('s3cret', 1700000000, '{"a":1}')).toBe(expected);
  });

  it('verifies within +/-5 minutes only', () => {
    const sig = signWebhook('s', 1000, 'body');
    expect(
      verifyWebhook({ secret: 's', timestamp: '1000', signature: sig, rawBody: 'body', nowSeconds: 1299 }),
    ).toBe(true);
    expect(
      verifyWebhook({ secret: 's', timestamp: '1000', signature: sig, rawBody: 'body', nowSeconds: 1301 }),
    ).toBe(false);
    expect(
      verifyWebhook({ secret: 's', timestamp: '1000', signature: sig, rawBody: 'body!', nowSeconds: 1000 }),
    ).toBe(false);
  });

  it('signs with every active secret during a rotation; a receiver with either secret verifies', () => {
    const header = signatureHeader(['new', 'old'], 1000, 'body');
    expect(header).toBe(`${signWebhook('new', 1000, 'body')},${signWebhook('old', 1000, 'body')}`);
    for (const secret of ['new', 'old'])
      expect(
        verifyWebhook({ secret, timestamp: '1000', signature: header, rawBody: 'body', nowSeconds: 1000 }),
      ).toBe(true);
    expect(
      verifyWebhook({
        secret: 'other',
        timestamp: '1000',
        signature: header,
        rawBody: 'body',
        nowSeconds: 1000,
      }),
    ).toBe(false);
  });
});

describe('CORS_ORIGINS', () => {
  it("defaults to the CommDesk app's dev and Tauri origins, and refuses anything but bare origins", () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([
      'http://localhost:1420',
      'tauri://localhost',
      'http://tauri.localhost',
    ]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).CORS_ORIGINS,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('normalizeWebsiteDomain', () => {
  it.each([
    ['https://www.Acme.io/about', 'acme.io'],
    ['https://cloud.google.com', 'google.com'],
    ['http://shop.example.co.uk', 'example.co.uk'],
    ['https://localhost:3000', null],
    ['https://10.0.0.1', null],
  ])('%s -> %s', (url, domain) => {
    expect(normalizeWebsiteDomain(url)).toBe(domain);
  });
});
