import path from 'node:path';
import { fileDocumentStore, type DocumentStore } from './document-store.js';
import { s3DocumentStore, type TS3DocumentStoreOptions } from './s3-document-store.js';

/**
 * The store configured for this process: the S3 bucket when DOCUMENT_STORE_S3_BUCKET is set, the filesystem under
 * DATA_DIR/documents otherwise. Kept out of the port's module so that code reading or writing documents does not
 * depend on which adapters exist.
 */
export function documentStoreFor(config: {
  DATA_DIR: string;
  documentStoreS3?: TS3DocumentStoreOptions | null;
}): DocumentStore {
  if (config.documentStoreS3) return s3DocumentStore(config.documentStoreS3);
  return fileDocumentStore(path.resolve(config.DATA_DIR, 'documents'));
}
