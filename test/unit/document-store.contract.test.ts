/**
 * One DocumentStore behaviour, two adapters: every case runs against the filesystem adapter and against the S3
 * adapter talking to a real S3-compatible server (gofakes3, built by scripts/install-tools.sh) on loopback. Each
 * adapter also says which keys it really holds (a directory walk, a bucket listing), so a refused key is proven
 * to have written nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type TDocumentStoreS3Config } from '../../src/config.js';
import {
  DocumentStoreUnavailableError,
  fileDocumentStore,
  type DocumentStore,
} from '../../src/documents/document-store.js';
import { documentStoreFor } from '../../src/documents/document-store-factory.js';
import { s3DocumentStore } from '../../src/documents/s3-document-store.js';
import { GOFAKES3_MISSING, gofakes3Binary, startS3Server, type TS3Server } from '../helpers/s3-server.js';

const GOFAKES3 = gofakes3Binary();
if (!GOFAKES3) console.warn(`skipping the S3 DocumentStore cases: ${GOFAKES3_MISSING}`);

let s3: TS3Server | null = null;
beforeAll(async () => {
  if (GOFAKES3) s3 = await startS3Server(GOFAKES3);
});
afterAll(() => s3?.close());

function rawClient(config: TDocumentStoreS3Config) {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials: config.credentials && { ...config.credentials },
  });
}

/** Every object key (under `prefix`) in the bucket, read with the SDK directly (not through the adapter). */
async function bucketKeys(config: TDocumentStoreS3Config, prefix?: string): Promise<string[]> {
  const client = rawClient(config);
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  client.destroy();
  return keys.sort();
}

async function fileKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

type TAdapter = {
  name: string;
  available: boolean;
  /** A store of its own (a fresh folder, a fresh prefix of the bucket) and the keys it really holds. */
  create(): Promise<{ store: DocumentStore; keys(): Promise<string[]> }>;
};

const ADAPTERS: TAdapter[] = [
  {
    name: 'filesystem',
    available: true,
    async create() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'commdesk-store-'));
      return { store: fileDocumentStore(root), keys: () => fileKeys(root) };
    },
  },
  {
    name: 's3',
    available: !!GOFAKES3,
    async create() {
      // Each case gets a bucket of its own, so it sees every object its store wrote and nothing else.
      const config = { ...s3!.config, bucket: `case-${randomBytes(6).toString('hex')}` };
      const client = rawClient(config);
      await client.send(new CreateBucketCommand({ Bucket: config.bucket }));
      client.destroy();
      return { store: s3DocumentStore(config), keys: () => bucketKeys(config) };
    },
  },
];

const REFUSED_KEYS = [
  '../outside.pdf',
  'contracts/../../outside.pdf',
  '/etc/passwd',
  'contracts//c1/document.pdf',
  'contracts/./document.pdf',
  'contracts/c1/',
  '.hidden',
  '',
  'contracts/c1/doc ument.pdf',
  'contracts\\c1\\document.pdf',
];

describe.each(ADAPTERS)('DocumentStore contract: $name adapter', (adapter) => {
  it.skipIf(!adapter.available)('stores and reads bytes by key, byte for byte', async () => {
    const { store, keys } = await adapter.create();
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
    await store.put('contracts/c1/document.pdf', every);
    await store.put('fulfillment/d1/i1/proof-abc', large);
    await store.put('empty.bin', new Uint8Array(0));
    expect(await store.get('contracts/c1/document.pdf')).toEqual(every);
    expect(Buffer.from((await store.get('fulfillment/d1/i1/proof-abc'))!).equals(Buffer.from(large))).toBe(
      true,
    );
    expect(await store.get('empty.bin')).toEqual(new Uint8Array(0));
    expect(await keys()).toEqual(['contracts/c1/document.pdf', 'empty.bin', 'fulfillment/d1/i1/proof-abc']);
  });

  it.skipIf(!adapter.available)('a put replaces the bytes under a key whole', async () => {
    const { store, keys } = await adapter.create();
    await store.put('contracts/c1/document.pdf', new Uint8Array([1, 2, 3]));
    await store.put('contracts/c1/document.pdf', new Uint8Array([4]));
    expect(await store.get('contracts/c1/document.pdf')).toEqual(new Uint8Array([4]));
    expect(await keys()).toEqual(['contracts/c1/document.pdf']);
  });

  it.skipIf(!adapter.available)('readers racing writers see one whole version, never a mix', async () => {
    const { store, keys } = await adapter.create();
    const versions = [1, 2, 3, 4].map((n) => new Uint8Array(256 * 1024).fill(n));
    const reads: Array<Promise<Uint8Array | null>> = [];
    const writes = versions.map(async (bytes) => {
      reads.push(store.get('contracts/c1/sealed.pdf'));
      await store.put('contracts/c1/sealed.pdf', bytes);
      reads.push(store.get('contracts/c1/sealed.pdf'));
    });
    await Promise.all(writes);
    const seen = await Promise.all(reads);
    for (const bytes of seen) {
      if (bytes === null) continue; // read before the first write landed
      expect(versions.some((version) => Buffer.from(version).equals(Buffer.from(bytes)))).toBe(true);
    }
    const last = (await store.get('contracts/c1/sealed.pdf'))!;
    expect(versions.some((version) => Buffer.from(version).equals(Buffer.from(last)))).toBe(true);
    // No temporary file or partial object is left behind.
    expect(await keys()).toEqual(['contracts/c1/sealed.pdf']);
  });

  it.skipIf(!adapter.available)(
    'answers null for a key with no document, a prefix or a path under a document',
    async () => {
      const { store } = await adapter.create();
      expect(await store.get('contracts/none.pdf')).toBeNull();
      await store.put('contracts/c1/document.pdf', new Uint8Array([1]));
      expect(await store.get('contracts/c1')).toBeNull();
      expect(await store.get('contracts')).toBeNull();
      expect(await store.get('contracts/c1/document.pdf/more')).toBeNull();
      expect(await store.get('contracts/c1/DOCUMENT.pdf')).toBeNull();
    },
  );

  it.skipIf(!adapter.available)(
    'refuses keys that would leave its root or mean another key, writing nothing',
    async () => {
      const { store, keys } = await adapter.create();
      for (const key of REFUSED_KEYS) {
        await expect(store.put(key, new Uint8Array([1])), key).rejects.toThrow(
          `invalid document key "${key}"`,
        );
        await expect(store.get(key), key).rejects.toThrow(`invalid document key "${key}"`);
      }
      expect(await keys()).toEqual([]);
    },
  );
});

describe('the S3 adapter alone', () => {
  it.skipIf(!GOFAKES3)(
    'a bucket that does not exist is an error, not a missing document nor an outage',
    async () => {
      const store = s3DocumentStore({ ...s3!.config, bucket: 'no-such-bucket' });
      // One call at a time: a second promise made up front would reject while the first is awaited (unhandled).
      for (const call of [
        () => store.get('contracts/c1/document.pdf'),
        () => store.put('contracts/c1/document.pdf', new Uint8Array([1])),
      ]) {
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toMatchObject({ name: 'NoSuchBucket' });
        expect(err).not.toBeInstanceOf(DocumentStoreUnavailableError);
      }
    },
  );

  it('a server that does not answer is an outage the caller may retry, for reads and writes', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const store = s3DocumentStore({
      bucket: 'commdesk-documents',
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'commdesk-test', secretAccessKey: 'commdesk-test-secret' },
      forcePathStyle: true,
    });
    await expect(store.get('contracts/c1/document.pdf')).rejects.toThrow(DocumentStoreUnavailableError);
    await expect(store.put('contracts/c1/document.pdf', new Uint8Array([1]))).rejects.toThrow(
      /the document store \(S3 bucket commdesk-documents\) is unavailable: storing contracts\/c1\/document.pdf/,
    );
    // A refused key is still the caller's mistake, not an outage.
    await expect(store.get('../x.pdf')).rejects.toThrow('invalid document key "../x.pdf"');
  });

  it.skipIf(!GOFAKES3)(
    'stores an object under exactly the key it was given, with its content type',
    async () => {
      const key = `contracts/${randomBytes(6).toString('hex')}/document.pdf`;
      await s3DocumentStore(s3!.config).put(key, new Uint8Array([37, 80, 68, 70]));
      expect(await bucketKeys(s3!.config, key)).toEqual([key]);
      const client = rawClient(s3!.config);
      const object = await client.send(new GetObjectCommand({ Bucket: s3!.config.bucket, Key: key }));
      expect(object.ContentType).toBe('application/pdf');
      expect(await object.Body!.transformToByteArray()).toEqual(new Uint8Array([37, 80, 68, 70]));
      client.destroy();
    },
  );
});

describe('choosing the adapter from the configuration', () => {
  const base = { NODE_ENV: 'test' };

  it('is the filesystem under DATA_DIR/documents when no bucket is configured', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-data-'));
    const config = loadConfig({ ...base, DATA_DIR: dataDir });
    expect(config.documentStoreS3).toBeNull();
    await documentStoreFor(config).put('contracts/c1/document.pdf', new Uint8Array([7, 8]));
    expect(await readFile(path.join(dataDir, 'documents/contracts/c1/document.pdf'))).toEqual(
      Buffer.from([7, 8]),
    );
  });

  it.skipIf(!GOFAKES3)(
    'is the bucket when DOCUMENT_STORE_S3_BUCKET is set, and nothing lands on disk',
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'commdesk-data-'));
      const config = loadConfig({ ...base, DATA_DIR: dataDir, ...s3!.env });
      expect(config.documentStoreS3).toEqual(s3!.config);
      const key = `contracts/${randomBytes(6).toString('hex')}/document.pdf`;
      await documentStoreFor(config).put(key, new Uint8Array([7, 8]));
      expect(await bucketKeys(s3!.config, key)).toEqual([key]);
      expect(await s3DocumentStore(s3!.config).get(key)).toEqual(new Uint8Array([7, 8]));
      expect(await readdir(dataDir)).toEqual([]);
    },
  );

  it('reads every DOCUMENT_STORE_S3_ variable, with us-east-1, path style off and the SDK credentials by default', () => {
    expect(
      loadConfig({
        ...base,
        DOCUMENT_STORE_S3_BUCKET: 'contracts.example-1',
        DOCUMENT_STORE_S3_ENDPOINT: 'https://s3.example.com',
        DOCUMENT_STORE_S3_REGION: 'eu-west-3',
        DOCUMENT_STORE_S3_ACCESS_KEY_ID: 'AKIA',
        DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: 'secret',
        DOCUMENT_STORE_S3_FORCE_PATH_STYLE: 'true',
      }).documentStoreS3,
    ).toEqual({
      bucket: 'contracts.example-1',
      endpoint: 'https://s3.example.com',
      region: 'eu-west-3',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    expect(loadConfig({ ...base, DOCUMENT_STORE_S3_BUCKET: 'contracts' }).documentStoreS3).toEqual({
      bucket: 'contracts',
      endpoint: undefined,
      region: 'us-east-1',
      credentials: undefined,
      forcePathStyle: false,
    });
  });

  it('refuses settings that would quietly keep documents on disk or half-configure the bucket', () => {
    const refused = (env: Record<string, string>, message: RegExp) => {
      expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, ...env })).toThrow(message);
    };
    refused(
      { DOCUMENT_STORE_S3_ENDPOINT: 'http://127.0.0.1:9000', DOCUMENT_STORE_S3_FORCE_PATH_STYLE: 'true' },
      /DOCUMENT_STORE_S3_BUCKET: required when DOCUMENT_STORE_S3_ENDPOINT, DOCUMENT_STORE_S3_FORCE_PATH_STYLE are set/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'contracts', DOCUMENT_STORE_S3_ACCESS_KEY_ID: 'AKIA' },
      /DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: required with the other half of the key pair/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'contracts', DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: 'secret' },
      /DOCUMENT_STORE_S3_ACCESS_KEY_ID: required with the other half of the key pair/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'Contracts_Bucket' },
      /DOCUMENT_STORE_S3_BUCKET: expected an S3 bucket name/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'contracts', DOCUMENT_STORE_S3_ENDPOINT: 'ftp://files.example.com' },
      /DOCUMENT_STORE_S3_ENDPOINT/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'contracts', DOCUMENT_STORE_S3_FORCE_PATH_STYLE: 'yes' },
      /DOCUMENT_STORE_S3_FORCE_PATH_STYLE/,
    );
    refused(
      { DOCUMENT_STORE_S3_BUCKET: 'contracts', DOCUMENT_STORE_S3_REGION: 'EU West' },
      /expected a region/,
    );
  });
});
