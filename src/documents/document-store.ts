import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Where contract documents, proofs and reports live: bytes by key. Postgres keeps only the key and the SHA-256, and
 * workflows pass keys, never documents. The filesystem adapter under the data directory is the default; an
 * S3-compatible adapter (s3-document-store.ts) replaces it when a bucket is configured (document-store-factory.ts).
 */
export interface DocumentStore {
  /** Writes the bytes under `key` (replacing nothing partially: readers see the old or the new file whole). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
}

/**
 * The store could not be reached or answered with a server error (an S3 outage, throttling): the caller may retry.
 * The API answers it with 503 and Retry-After, like an unavailable database; activities simply retry.
 */
export class DocumentStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentStoreUnavailableError';
  }
}

/** Segments of letters, digits, `_`, `.`, `-` joined by single slashes: one key names one file and one object. */
const KEY_RE = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;

/**
 * Keys are ours (contract ids and fixed names), but a key must never leave the store's root: not a folder above
 * it on disk, nor another prefix of a bucket. Every adapter refuses the same keys with the same error, and the
 * shape above rules out what a filesystem and a bucket would read differently (`a//b`, `a/./b`, a trailing `/`).
 */
export function assertDocumentKey(key: string): string {
  if (!KEY_RE.test(key) || key.includes('..')) throw new Error(`invalid document key "${key}"`);
  return key;
}

export function fileDocumentStore(root: string): DocumentStore {
  const fileOf = (key: string) => path.join(root, assertDocumentKey(key));
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (err) {
        // A key that is a folder on disk (a prefix of other keys) holds no document, as in a bucket.
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
        throw err;
      }
    },
  };
}
