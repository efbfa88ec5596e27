import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Where contract documents (and later proofs) live: bytes by key. Postgres keeps only the key and the SHA-256, and
 * workflows pass keys, never documents. The filesystem adapter under the data directory is the default; production
 * puts an S3-compatible adapter (@aws-sdk/client-s3) behind the same port.
 */
export interface DocumentStore {
  /** Writes the bytes under `key` (replacing nothing partially: readers see the old or the new file whole). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
}

const KEY_RE = /^[a-z0-9][a-z0-9/_.-]*$/i;

export function fileDocumentStore(root: string): DocumentStore {
  const fileOf = (key: string) => {
    // Keys are ours (contract ids and fixed names), but a key must never leave the root.
    if (!KEY_RE.test(key) || key.includes('..')) throw new Error(`invalid document key "${key}"`);
    return path.join(root, key);
  };
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
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/** The store configured for this process: the filesystem under DATA_DIR/documents. */
export function documentStoreFor(config: { DATA_DIR: string }): DocumentStore {
  return fileDocumentStore(path.resolve(config.DATA_DIR, 'documents'));
}
