/**
 * The contract path end to end with documents in S3: the stack is configured with DOCUMENT_STORE_S3_* pointing at
 * a real S3-compatible server (gofakes3) on loopback, so the generate activity, the seal activity and the document
 * routes all go through the S3 adapter (and so do a benefit's proof file and its route), and nothing is written
 * under DATA_DIR/documents.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema/index.js';
import { p12CertificateSha256, sha256Hex, verifySeal } from '../../src/documents/contract-pdf.js';
import { s3DocumentStore } from '../../src/documents/s3-document-store.js';
import { acceptedDeal, pdfText, sign } from '../helpers/contracts.js';
import { signedDeal } from '../helpers/fulfillment.js';
import { waitFor } from '../helpers/receiver.js';
import { GOFAKES3_MISSING, gofakes3Binary, startS3Server, type TS3Server } from '../helpers/s3-server.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

const GOFAKES3 = gofakes3Binary();
if (!GOFAKES3) console.warn(`skipping the contract-with-S3 test: ${GOFAKES3_MISSING}`);

let s3: TS3Server | undefined;
let stack: TTestStack | undefined;

beforeAll(async () => {
  if (!GOFAKES3) return;
  s3 = await startS3Server(GOFAKES3, 'commdesk-contracts');
  stack = await startTestStack(s3.env);
});
afterAll(async () => {
  await stack?.close();
  await s3?.close();
});

describe.skipIf(!GOFAKES3)('contract documents in an S3 bucket', () => {
  it('generates the document into the bucket, seals it there, and serves both from it', async () => {
    const { organizer, sponsor, contract } = await acceptedDeal(stack!);
    expect(stack!.config.documentStoreS3).toMatchObject({
      bucket: 'commdesk-contracts',
      endpoint: s3!.endpoint,
    });

    // The document the workflow generated is in the bucket, under the key Postgres recorded, with its hash.
    const bucket = s3DocumentStore(s3!.config);
    const pdf = (await bucket.get(contract.documentKey!))!;
    expect(pdf).not.toBeNull();
    expect(sha256Hex(pdf)).toBe(contract.documentSha256);
    expect((await PDFDocument.load(pdf)).getTitle()).toContain(contract.id);

    for (const [party, fullName] of [
      [organizer, 'Ada Organizer'],
      [sponsor, 'Sam Sponsor'],
    ] as const) {
      const signature = await sign(stack!, party.token, contract.id, {
        documentSha256: contract.documentSha256,
        fullName,
      });
      expect(signature.status, JSON.stringify(signature.body)).toBe(200);
    }
    const signed = await waitFor(
      async () => {
        const [row] = await stack!.db.select().from(contracts).where(eq(contracts.id, contract.id));
        return row?.status === 'Signed' ? row : null;
      },
      20_000,
      'the sealed contract',
    );

    // The seal activity read the document from the bucket and wrote the sealed PDF back to it.
    const sealed = (await bucket.get(signed.sealedKey!))!;
    expect(sha256Hex(sealed)).toBe(signed.sealedSha256);
    const sealedText = await pdfText(sealed);
    for (const needle of [
      'Certificate of completion',
      'Ada Organizer',
      'Sam Sponsor',
      contract.documentSha256!,
    ])
      expect(sealedText).toContain(needle);
    const platform = p12CertificateSha256(
      await readFile(stack!.config.contractSealP12),
      stack!.config.CONTRACT_SEAL_P12_PASSPHRASE,
    );
    expect(verifySeal(sealed, platform)).toMatchObject({ sealed: true, intact: true, ours: true });

    // The routes read through the same adapter.
    for (const [version, sha256] of [
      ['current', contract.documentSha256],
      ['signed', signed.sealedSha256],
    ] as const) {
      const res = await stack!.app.request(`/api/v1/contracts/${contract.id}/document?version=${version}`, {
        headers: { authorization: `Bearer ${sponsor.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(sha256Hex(new Uint8Array(await res.arrayBuffer()))).toBe(sha256);
    }

    // Nothing went to the local disk.
    expect(existsSync(path.join(stack!.dataDir, 'documents'))).toBe(false);
  });

  it("keeps a benefit's proof file in the bucket and serves it from there", async () => {
    const { organizer, sponsor, dealId, items } = await signedDeal(stack!, {
      benefits: [{ key: 'booth', detail: '3x3 m' }],
      endsInMs: 30 * 86_400_000,
    });
    const photo = Buffer.from('%PDF-1.4 booth photo evidence');
    const base = `/api/v1/deals/${dealId}/benefits/${items[0]!.id}`;
    const delivered = await stack!.request('POST', `${base}/proof`, {
      token: organizer.token,
      body: {
        type: 'file',
        fileName: 'booth.pdf',
        contentType: 'application/pdf',
        contentBase64: photo.toString('base64'),
      },
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    const stored = await s3DocumentStore(s3!.config).get(
      `fulfillment/${dealId}/${items[0]!.id}/proof-${sha256Hex(photo)}`,
    );
    expect(Buffer.from(stored!).equals(photo)).toBe(true);
    const res = await stack!.app.request(`${base}/proof-file`, {
      headers: { authorization: `Bearer ${sponsor.token}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(photo)).toBe(true);
    expect(existsSync(path.join(stack!.dataDir, 'documents'))).toBe(false);
  });

  it('answers 503 with Retry-After while the bucket is unreachable, never a 500', async () => {
    const { sponsor, contract } = await acceptedDeal(stack!);
    await s3!.close();
    const res = await stack!.app.request(`/api/v1/contracts/${contract.id}/document`, {
      headers: { authorization: `Bearer ${sponsor.token}` },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({
      success: false,
      error: { code: 'UNAVAILABLE' },
      message: 'The document store is unavailable; try again shortly',
    });
  });
});
