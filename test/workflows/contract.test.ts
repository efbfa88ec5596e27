import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  contractEvents,
  contractSignatures,
  contracts,
  deals,
  emailOutbox,
  webhookEvents,
} from '../../src/db/schema/index.js';
import { p12CertificateSha256, sha256Hex, verifySeal } from '../../src/documents/contract-pdf.js';
import { fileDocumentStore } from '../../src/documents/document-store.js';
import { SA_DEAL_ID, SA_STATUS, SA_WAITING_ON } from '../../src/domain/search-attributes.js';
import {
  createCommunity,
  createOrganization,
  createSessionToken,
  createUser,
  memberWithToken,
} from '../helpers/fixtures.js';
import { captureHistory } from '../helpers/histories.js';
import { acceptedDeal, orgMember, pdfText, sign } from '../helpers/contracts.js';
import { waitFor } from '../helpers/receiver.js';
import { CONTRACT_WORKFLOW, contractWorkflowId } from '../../src/workflows/contract/contract.contract.js';
import { startTestStack, type TTestStack } from '../helpers/stack.js';

let stack: TTestStack;

beforeAll(async () => {
  stack = await startTestStack({
    REQUESTS_PER_COMMUNITY_PER_DAY: '200',
    CONTRACT_DOCUMENT_LINK_TTL: '1500ms',
  });
});
afterAll(() => stack?.close());

describe('contract: from acceptance to a sealed PDF', () => {
  it('starts at acceptance, renders the exact document, and is signed by both sides into a sealed PDF', async () => {
    const { organizer, sponsor, org, event, requestId, dealId, contract } = await acceptedDeal(stack);

    // The deal names its contract; a second start is the same contract (200).
    const deal = await stack.request('POST', '/api/v1/deals', {
      token: organizer.token,
      body: { requestId },
    });
    expect(deal.status, JSON.stringify(deal.body)).toBe(200);
    expect(deal.body.data).toMatchObject({ id: dealId, status: 'Accepted', contractId: contract.id });
    const again = await stack.request('POST', '/api/v1/contracts', {
      token: sponsor.token,
      body: { dealId },
    });
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(contract.id);
    const dealView = await stack.request('GET', `/api/v1/deals/${dealId}`, { token: sponsor.token });
    expect(dealView.status).toBe(200);
    expect(dealView.body.data).toMatchObject({ id: dealId, status: 'Accepted', contractId: contract.id });

    // The stored PDF is the document whose hash is recorded, and it says what the deal says.
    const store = fileDocumentStore(path.join(stack.dataDir, 'documents'));
    const pdf = (await store.get(contract.documentKey!))!;
    expect(sha256Hex(pdf)).toBe(contract.documentSha256);
    const parsed = await PDFDocument.load(pdf);
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(parsed.getTitle()).toContain(contract.id);
    const text = await pdfText(pdf);
    for (const needle of [
      org.displayName,
      'Gold Sponsor',
      'INR 250000.00',
      'booth: 3x3 m',
      'Logo on the website and stage banner.',
      'Full payment: INR 250000.00 (100.00%), on signing',
      'Cancellation',
      'Governing terms',
    ])
      expect(text).toContain(needle);
    expect(contract.templateVersion).toBe('default@1');

    const view = await stack.request('GET', `/api/v1/contracts/${contract.id}`, { token: organizer.token });
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({
      status: 'PendingSignature',
      dealId,
      documentSha256: contract.documentSha256,
      signedSha256: null,
      signatures: [],
      parties: { organization: { id: org.id } },
    });
    expect(view.body.data.timeline.map((t: { type: string }) => t.type)).toEqual(['created', 'generated']);

    // Wrong hash 409 DOCUMENT_CHANGED; wrong role 403; outsider 404; consent must be true (400).
    const wrongHash = await sign(stack, organizer.token, contract.id, {
      documentSha256: 'f'.repeat(64),
      fullName: 'Ada',
    });
    expect(wrongHash.status).toBe(409);
    expect(wrongHash.body.error.code).toBe('DOCUMENT_CHANGED');
    const manager = await orgMember(stack, org.id, 'Sponsor Manager');
    const forbidden = await sign(stack, manager.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Manny',
    });
    expect(forbidden.status).toBe(403);
    const outsider = await createUser(stack.db);
    const outsiderToken = await createSessionToken(stack.db, outsider.id);
    const strange = await sign(stack, outsiderToken, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Eve',
    });
    expect(strange.status).toBe(404);
    expect(
      (await stack.request('GET', `/api/v1/contracts/${contract.id}`, { token: outsiderToken })).status,
    ).toBe(404);
    expect(
      (
        await stack.request('POST', `/api/v1/contracts/${contract.id}/sign`, {
          token: organizer.token,
          body: { documentSha256: contract.documentSha256, fullName: 'Ada', consent: false },
        })
      ).status,
    ).toBe(400);

    // The community signs; signing again answers the same signature (idempotent).
    const first = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.data).toMatchObject({
      side: 'community',
      fullName: 'Ada Organizer',
      userId: organizer.user.id,
    });
    const second = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual(first.body.data);

    // The worker restarts between the two signatures: nothing is lost or duplicated.
    await stack.stopWorker();
    await stack.startWorker();

    const last = await sign(stack, sponsor.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Sam Sponsor',
    });
    expect(last.status, JSON.stringify(last.body)).toBe(200);
    const signed = await waitFor(
      async () => {
        const [row] = await stack.db.select().from(contracts).where(eq(contracts.id, contract.id));
        return row?.status === 'Signed' ? row : null;
      },
      20_000,
      'the sealed contract',
    );
    await waitFor(
      async () =>
        (await stack.deps.temporal.workflow.getHandle(contractWorkflowId(contract.id)).describe()).status
          .name === 'COMPLETED',
      10_000,
      'the contract workflow to finish',
    );
    await captureHistory(stack, contractWorkflowId(contract.id), 'contract-signed-after-worker-restart');
    // The same history under the name of its shape, kept when the one above is captured again after a later change: the
    // acceptance opened and generated the Draft and passed it in the input. Kept beside it, not re-captured:
    // contract-signed-current-patches (the marker before LOCAL_GENERATE), contract-signed-current-patches-2 (opening and
    // generation two local activities), contract-signed-current-patches-3 (every patch in one marker, before starts
    // passed the level) and contract-signed-patch-level-3 (the run opened and generated it, as an API start still does).
    await captureHistory(stack, contractWorkflowId(contract.id), 'contract-signed-opened-by-acceptance');
    // No patch marker (the start passed the level) and no local activity: the run adopted the Draft the acceptance
    // generated.
    const { events: history } = await stack.deps.temporal.workflow
      .getHandle(contractWorkflowId(contract.id))
      .fetchHistory();
    const markers = (history ?? []).flatMap((e) => {
      const marker = e.markerRecordedEventAttributes;
      if (!marker) return [];
      const data = Object.values(marker.details ?? {}).flatMap((p) => p.payloads ?? []);
      return [`${marker.markerName} ${data.map((p) => Buffer.from(p.data ?? []).toString()).join(' ')}`];
    });
    expect(markers).toEqual([]);
    // Ops read the status and whose move it is in the Temporal UI.
    const described = await stack.deps.temporal.workflow
      .getHandle(contractWorkflowId(contract.id))
      .describe();
    expect(described.typedSearchAttributes.get(SA_STATUS)).toBe('Signed');
    expect(described.typedSearchAttributes.get(SA_WAITING_ON)).toBe('nobody');
    expect(described.typedSearchAttributes.get(SA_DEAL_ID)).toBe(dealId);
    const [dealRow] = await stack.db.select().from(deals).where(eq(deals.id, dealId));
    expect(dealRow!.status).toBe('Contracted');

    const signatures = await stack.db
      .select()
      .from(contractSignatures)
      .where(eq(contractSignatures.contractId, contract.id));
    expect(signatures).toHaveLength(2);
    const community = signatures.find((s) => s.side === 'community')!;
    expect(community).toMatchObject({
      userId: organizer.user.id,
      fullName: 'Ada Organizer',
      ip: '203.0.113.10',
      userAgent: 'vitest-browser/1.0',
      documentSha256: contract.documentSha256,
    });
    expect(community.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const events = await stack.db
      .select()
      .from(contractEvents)
      .where(eq(contractEvents.contractId, contract.id));
    expect(events.map((e) => e.type).sort()).toEqual(['created', 'generated', 'sealed', 'signed', 'signed']);
    expect(
      await stack.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, contract.id), eq(auditLog.action, 'contract.signed'))),
    ).toHaveLength(3);
    const [published] = await stack.db
      .select()
      .from(webhookEvents)
      .where(and(eq(webhookEvents.type, 'contract_signed')));
    expect(published!.payload).toMatchObject({
      contractId: contract.id,
      dealId,
      sealedSha256: signed.sealedSha256,
    });
    const mails = await stack.db.select().from(emailOutbox).where(eq(emailOutbox.to, sponsor.user.email));
    expect(mails.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        'Your sponsorship contract is ready to sign',
        'The other party signed the contract',
        'The sponsorship contract is signed',
      ]),
    );

    // The sealed PDF: the original pages plus the certificate page, sealed with the platform certificate.
    const sealed = (await store.get(signed.sealedKey!))!;
    expect(sha256Hex(sealed)).toBe(signed.sealedSha256);
    expect((await PDFDocument.load(sealed)).getPageCount()).toBe(parsed.getPageCount() + 1);
    const sealedText = await pdfText(sealed);
    for (const needle of [
      'Certificate of completion',
      'Ada Organizer',
      'Sam Sponsor',
      '203.0.113.10',
      'vitest-browser/1.0',
      contract.documentSha256!,
    ])
      expect(sealedText).toContain(needle);
    const platform = p12CertificateSha256(
      await readFile(stack.config.contractSealP12),
      stack.config.CONTRACT_SEAL_P12_PASSPHRASE,
    );
    expect(verifySeal(sealed, platform)).toMatchObject({ sealed: true, intact: true, ours: true });
    const altered = Buffer.from(sealed);
    altered[Math.floor(altered.length / 3)]! ^= 0x01;
    expect(verifySeal(altered, platform)).toMatchObject({ sealed: true, intact: false });

    const final = await stack.request('GET', `/api/v1/contracts/${contract.id}`, { token: sponsor.token });
    expect(final.body.data).toMatchObject({ status: 'Signed', signedSha256: signed.sealedSha256 });
    expect(final.body.data.signatures).toHaveLength(2);

    // The event's partner panel shows the organization with the contracted category and benefits.
    const panel = await stack.request('GET', `/api/v1/events/${event.id}/partners`, {
      token: organizer.token,
    });
    expect(panel.status).toBe(200);
    expect(panel.body.data).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        category: 'Gold Sponsor',
        tierKeyword: 'gold',
        benefits: [{ key: 'logo_placement' }, { key: 'booth', detail: '3x3 m' }],
      }),
    ]);

    // The PDFs through the API: parties only, each with its hash.
    const fetchPdf = async (url: string, token?: string) => {
      const res = await stack.app.request(url, {
        headers: {
          'x-forwarded-for': '203.0.113.10',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        bytes: new Uint8Array(await res.arrayBuffer()),
      };
    };
    const current = await fetchPdf(`/api/v1/contracts/${contract.id}/document`, sponsor.token);
    expect(current.status).toBe(200);
    expect(current.type).toBe('application/pdf');
    expect(sha256Hex(current.bytes)).toBe(contract.documentSha256);
    const signedPdf = await fetchPdf(
      `/api/v1/contracts/${contract.id}/document?version=signed`,
      organizer.token,
    );
    expect(sha256Hex(signedPdf.bytes)).toBe(signed.sealedSha256);
    expect((await fetchPdf(`/api/v1/contracts/${contract.id}/document`, outsiderToken)).status).toBe(404);

    // A signed link works without a session for a short while; altered or expired it is refused.
    const link = await stack.request('POST', `/api/v1/contracts/${contract.id}/document-link`, {
      token: organizer.token,
      body: { version: 'signed' },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const linkPath = new URL(link.body.data.url).pathname + new URL(link.body.data.url).search;
    const shared = await fetchPdf(linkPath);
    expect(shared.status).toBe(200);
    expect(sha256Hex(shared.bytes)).toBe(signed.sealedSha256);
    const tampered = new URL(link.body.data.url);
    tampered.searchParams.set('version', 'current');
    expect((await fetchPdf(tampered.pathname + tampered.search)).status).toBe(403);
    const later = new URL(link.body.data.url);
    later.searchParams.set('expires', String(Date.now() + 3_600_000));
    expect((await fetchPdf(later.pathname + later.search)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await fetchPdf(linkPath)).status).toBe(403);

    // The evidence export: every event and signature with IP, user agent and hash.
    const evidence = await stack.request('GET', `/api/v1/contracts/${contract.id}/evidence`, {
      token: sponsor.token,
    });
    expect(evidence.status).toBe(200);
    expect(evidence.body.data.signatures).toHaveLength(2);
    const signedEvents = evidence.body.data.events.filter((e: { type: string }) => e.type === 'signed');
    expect(signedEvents).toHaveLength(2);
    for (const e of signedEvents)
      expect(e).toMatchObject({
        ip: '203.0.113.10',
        userAgent: 'vitest-browser/1.0',
        documentSha256: contract.documentSha256,
      });
    expect(
      (await stack.request('GET', `/api/v1/contracts/${contract.id}/evidence`, { token: outsiderToken }))
        .status,
    ).toBe(404);

    // Anyone can ask whether a PDF is a sealed contract of ours, unaltered.
    const verify = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.set(
        'file',
        new File([bytes as Uint8Array<ArrayBuffer>], 'contract.pdf', { type: 'application/pdf' }),
      );
      const res = await stack.app.request('/api/v1/contracts/verify', { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as { data: Record<string, unknown> } };
    };
    const genuine = await verify(sealed);
    expect(genuine.status).toBe(200);
    expect(genuine.body.data).toMatchObject({
      sealed: true,
      intact: true,
      ours: true,
      contractId: contract.id,
    });
    const forged = await verify(altered);
    expect(forged.body.data).toMatchObject({ sealed: true, intact: false, contractId: null });
    expect(await verify(pdf)).toMatchObject({
      body: { data: { sealed: false, intact: false, ours: false } },
    });
    expect(await verify(new TextEncoder().encode('not a pdf at all'))).toMatchObject({
      status: 200,
      body: { data: { sealed: false, intact: false, ours: false, contractId: null } },
    });
    const noFile = await stack.app.request('/api/v1/contracts/verify', {
      method: 'POST',
      body: new FormData(),
    });
    expect(noFile.status).toBe(400);

    // Signed: no more signatures or cancellations.
    const late = await stack.request('POST', `/api/v1/contracts/${contract.id}/cancel`, {
      token: sponsor.token,
      body: { reason: 'changed our mind' },
    });
    expect(late.status).toBe(409);
  }, 60_000);

  it('lets a delegated organization signer sign, and keeps the order of a sequential template', async () => {
    const { organizer, sponsor, org, contract } = await acceptedDeal(stack, { sequential: true });
    expect(contract).toMatchObject({ sequential: true, templateVersion: 'default@1+community@2' });
    const delegate = await orgMember(stack, org.id, 'Sponsor Manager');
    const signerPath = `/api/v1/sponsors/${org.id}/signers/${delegate.user.id}`;
    // Only the admin delegates, and only to an active member; delegating twice changes nothing.
    expect((await stack.request('PUT', signerPath, { token: delegate.token })).status).toBe(403);
    const stranger = await createUser(stack.db);
    expect(
      (
        await stack.request('PUT', `/api/v1/sponsors/${org.id}/signers/${stranger.id}`, {
          token: sponsor.token,
        })
      ).status,
    ).toBe(404);
    // Not yet delegated: the manager may not sign.
    expect(
      (
        await sign(stack, delegate.token, contract.id, {
          documentSha256: contract.documentSha256,
          fullName: 'Dee Delegate',
        })
      ).status,
    ).toBe(403);
    for (let i = 0; i < 2; i++) {
      const delegated = await stack.request('PUT', signerPath, { token: sponsor.token });
      expect(delegated.status, JSON.stringify(delegated.body)).toBe(200);
      expect(delegated.body.data).toMatchObject({
        userId: delegate.user.id,
        role: 'Sponsor Manager',
        delegatedBy: sponsor.user.id,
      });
    }
    const listed = await stack.request('GET', `/api/v1/sponsors/${org.id}/signers`, {
      token: delegate.token,
    });
    expect(listed.body.data.map((s: { userId: string }) => s.userId)).toEqual([delegate.user.id]);
    expect(
      await stack.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, org.id), eq(auditLog.action, 'organization.signer_delegated'))),
    ).toHaveLength(1);
    const early = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('OUT_OF_ORDER');
    const byDelegate = await sign(stack, delegate.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Dee Delegate',
    });
    expect(byDelegate.status, JSON.stringify(byDelegate.body)).toBe(200);
    expect(byDelegate.body.data.side).toBe('organization');
    const withdrawn = await stack.request('DELETE', signerPath, { token: sponsor.token });
    expect(withdrawn.body.data).toEqual({ removed: true });
    expect((await stack.request('DELETE', signerPath, { token: sponsor.token })).body.data).toEqual({
      removed: false,
    });
    const then = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada Organizer',
    });
    expect(then.status).toBe(200);
    await waitFor(
      async () =>
        (await stack.db.select().from(contracts).where(eq(contracts.id, contract.id)))[0]?.status ===
        'Signed',
      20_000,
      'sealed',
    );
  }, 60_000);

  it('is cancelled by either party with a reason, after which the deal gets a new contract', async () => {
    const { organizer, sponsor, org, requestId, dealId, contract } = await acceptedDeal(stack);
    const manager = await orgMember(stack, org.id, 'Sponsor Manager');
    const noReason = await stack.request('POST', `/api/v1/contracts/${contract.id}/cancel`, {
      token: sponsor.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    const cancelled = await stack.request('POST', `/api/v1/contracts/${contract.id}/cancel`, {
      token: sponsor.token,
      body: { reason: 'The amount must include taxes' },
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data).toMatchObject({
      status: 'Cancelled',
      cancelReason: 'The amount must include taxes',
    });
    expect(cancelled.body.data.timeline.at(-1)).toMatchObject({ type: 'cancelled', side: 'organization' });
    const afterwards = await sign(stack, organizer.token, contract.id, {
      documentSha256: contract.documentSha256,
      fullName: 'Ada',
    });
    expect(afterwards.status).toBe(409);

    expect(
      (
        await stack.request('GET', `/api/v1/contracts/${contract.id}/document?version=signed`, {
          token: organizer.token,
        })
      ).status,
    ).toBe(409);
    // A member who may not sign may not start the next contract either (but reads the current one).
    const notSigner = await stack.request('POST', '/api/v1/contracts', {
      token: manager.token,
      body: { dealId },
    });
    expect(notSigner.status).toBe(403);
    const renewed = await stack.request('POST', '/api/v1/contracts', {
      token: organizer.token,
      body: { dealId },
    });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(201);
    expect(renewed.body.data.id).not.toBe(contract.id);
    const again = await stack.request('POST', '/api/v1/contracts', {
      token: sponsor.token,
      body: { dealId },
    });
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(renewed.body.data.id);
    const read = await stack.request('POST', '/api/v1/contracts', { token: manager.token, body: { dealId } });
    expect(read.status).toBe(200);
    expect(read.body.data.id).toBe(renewed.body.data.id);
    await waitFor(
      async () =>
        (await stack.db.select().from(contracts).where(eq(contracts.id, renewed.body.data.id)))[0]?.status ===
        'PendingSignature',
      20_000,
      'the new contract generated',
    );
    const deal = await stack.request('POST', '/api/v1/deals', { token: sponsor.token, body: { requestId } });
    expect(deal.body.data.contractId).toBe(renewed.body.data.id);
  }, 60_000);

  it('a second contract workflow for a deal with a live contract stands down: a deal never has two', async () => {
    const { organizer, dealId, contract } = await acceptedDeal(stack);
    const otherId = randomUUID();
    const handle = await stack.deps.temporal.workflow.start(CONTRACT_WORKFLOW, {
      workflowId: contractWorkflowId(otherId),
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ contractId: otherId, dealId, actorUserId: organizer.user.id }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({ contractId: otherId, status: 'Draft', documentSha256: null });
    const rows = await stack.db.select().from(contracts).where(eq(contracts.dealId, dealId));
    expect(rows.map((r) => r.id)).toEqual([contract.id]);
  });

  it('answers POST /deals with 409 naming the status of a request not accepted, 404 to strangers', async () => {
    const community = await createCommunity(stack.db, 'approved');
    const organizer = await memberWithToken(stack.db, community.id, 'Organizer');
    const org = await createOrganization(stack.db);
    const opened = await stack.request('POST', '/api/v1/requests', {
      token: organizer.token,
      body: {
        communityId: community.id,
        organizationId: org.id,
        proposal: { amountMinor: 1000, currency: 'INR', category: 'Gold Sponsor', benefits: [], terms: '' },
      },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const res = await stack.request('POST', '/api/v1/deals', {
      token: organizer.token,
      body: { requestId: opened.body.data.id },
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('Pending');
    const stranger = await createUser(stack.db);
    const strangerToken = await createSessionToken(stack.db, stranger.id);
    expect(
      (
        await stack.request('POST', '/api/v1/deals', {
          token: strangerToken,
          body: { requestId: opened.body.data.id },
        })
      ).status,
    ).toBe(404);
  });
});
