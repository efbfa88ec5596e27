import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { TDocumentStoreS3Config } from '../config.js';
import { assertDocumentKey, DocumentStoreUnavailableError, type DocumentStore } from './document-store.js';

/** Bucket, endpoint (unset: AWS itself), region, key pair (unset: the SDK's default chain), path-style addressing. */
export type TS3DocumentStoreOptions = TDocumentStoreS3Config;

/**
 * The DocumentStore in an S3 bucket: the same keys as the filesystem adapter, as object keys at the bucket's root.
 * A PUT replaces an object whole (readers see the old or the new bytes, as with the filesystem's rename), and a key
 * with no object reads as null. Anything else (no such bucket, denied, unreachable) is an error, so an activity
 * retries it rather than mistaking it for a missing document.
 */
export function s3DocumentStore(options: TS3DocumentStoreOptions): DocumentStore {
  const client = new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    // A copy: the SDK marks the credentials object it is given, and the configuration is not its to change.
    credentials: options.credentials && { ...options.credentials },
    // Content-MD5 (below) protects every upload on AWS and on every S3-compatible server alike; the SDK's newer
    // default CRC checksums are not understood by all of the latter, so they are sent only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that does not answer fails the call (and the activity retries) instead of hanging it.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  /** After the SDK's own retries: no answer at all, or a 5xx (503 SlowDown included), is an outage, not a bug. */
  const unavailable = (err: unknown, what: string) => {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== undefined && status < 500) return err;
    return new DocumentStoreUnavailableError(
      `the document store (S3 bucket ${options.bucket}) is unavailable: ${what}: ${(err as Error).message}`,
      { cause: err },
    );
  };
  return {
    async put(key, bytes) {
      assertDocumentKey(key);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.byteLength,
            ContentMD5: createHash('md5').update(bytes).digest('base64'),
            ContentType: key.endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream',
          }),
        );
      } catch (err) {
        throw unavailable(err, `storing ${key}`);
      }
    },
    async get(key) {
      assertDocumentKey(key);
      let object;
      try {
        object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
      } catch (err) {
        // Only "no such key" means no document; NoSuchBucket is also a 404 but a misconfiguration.
        if ((err as Error).name === 'NoSuchKey') return null;
        throw unavailable(err, `reading ${key}`);
      }
      if (!object.Body) throw new Error(`the document store answered no body for "${key}"`);
      try {
        return await object.Body.transformToByteArray();
      } catch (err) {
        throw unavailable(err, `reading ${key}`);
      }
    },
  };
}
