import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a key id in every ciphertext ("keyId.iv.tag.data", base64url), so keys rotate:
 * the first key encrypts, every listed key decrypts.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(spec: string) {
    this.keys = new Map(
      spec.split(',').map((entry) => {
        const [id, b64] = entry.split(':');
        const key = Buffer.from(b64 ?? '', 'base64');
        if (!id || key.length !== 32)
          throw new Error(`encryption key "${id ?? ''}" must be 32 bytes of base64`);
        return [id, key];
      }),
    );
    this.currentKeyId = spec.split(':')[0]!;
  }

  /** A development key derived from a fixed phrase: never used when ENCRYPTION_KEYS is set. */
  static development(): SecretBox {
    return new SecretBox(`dev:${createHash('sha256').update('commdesk-development-key').digest('base64')}`);
  }

  /** A keyed digest: deterministic for the same input (retry-safe tokens), unguessable without the key. */
  mac(value: string): string {
    return createHmac('sha256', this.keys.get(this.currentKeyId)!).update(value).digest('base64url');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [keyId, iv, tag, data] = sealed.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (!key || !iv || !tag || data === undefined)
      throw new Error('cannot decrypt: unknown key id or malformed ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
