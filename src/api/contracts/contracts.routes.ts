import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  currentContractIdOfDeal,
  findContractIdBySealedSha256,
  findContractWithDeal,
  findDeal,
  isDelegatedSigner,
  listContractEvents,
  listOrganizationSigners,
  listSignatures,
} from '../../db/repositories/contract-repository.js';
import { findRequest } from '../../db/repositories/negotiation-repository.js';
import { findCommunity } from '../../db/repositories/communities-repository.js';
import { findOrganizationById } from '../../db/repositories/organizations-repository.js';
import { signingAuthority, type TSigningAuthority } from '../../domain/contract.js';
import { p12CertificateSha256, sha256Hex, verifySeal } from '../../documents/contract-pdf.js';
import { documentStoreFor } from '../../documents/document-store-factory.js';
import { AppError, notFound } from '../../errors.js';
import type { TApiDeps, TAppEnv } from '../context.js';
import { clientIp, envelope, errorResponses, jsonBody, jsonResponse, ok, PUBLIC_OPERATION } from '../http.js';
import { requireAuth } from '../middleware/session.js';
import { createRouter } from '../router.js';
import { loadAuthorizedOrganization } from '../sponsors/sponsor-profile.js';
import { createContract } from './create-contract.js';
import { cancelContract, signContract } from './sign-contract.js';
import { delegateSigner, withdrawSigner } from './delegate-signer.js';
import {
  answerCancellation,
  cancellationBody,
  latestCancellation,
  proposeCancellation,
} from './contract-cancellation.js';
import {
  ZCancelBody,
  ZCancellation,
  ZCancellationBody,
  ZContract,
  ZContractParams,
  ZCreateContractBody,
  ZCreateDealBody,
  ZDealSummary,
  ZDelegatedSigner,
  ZDocumentLink,
  ZDocumentLinkBody,
  ZDocumentQuery,
  ZOrganizationParams,
  ZEvidence,
  ZSharedDocumentQuery,
  ZVerification,
  ZVerifyBody,
  ZSignature,
  ZSignBody,
  ZSignerParams,
  type TContractEventDetail,
} from './contracts.types.js';

const tags = ['deals and contracts'];

const createContractRoute = createRoute({
  method: 'post',
  path: '/contracts',
  tags,
  summary: "The deal's current contract, started (and generated) when it has none",
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateContractBody) },
  responses: {
    200: jsonResponse(envelope(ZContract), 'The deal already had a live contract'),
    201: jsonResponse(envelope(ZContract), 'A new contract was started (status Draft until generated)'),
    ...errorResponses,
    403: { description: 'A new contract is started only by someone who may sign it' },
    409: { description: 'The deal is not Accepted (Contracted or Cancelled)' },
  },
});
const getContractRoute = createRoute({
  method: 'get',
  path: '/contracts/{contractId}',
  tags,
  summary: 'A contract: status, parties, document hashes, signatures, deadline and timeline (parties only)',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams },
  responses: { 200: jsonResponse(envelope(ZContract), 'Contract'), ...errorResponses },
});
const signRoute = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/sign',
  tags,
  summary: "Sign the exact document (its SHA-256) for the caller's side",
  description:
    'The community signs through its Organizer or Partnerships/Sponsorship Lead, the organization through its Sponsor/Partner Admin or a delegated signer. A second signature for a side answers 200 with the recorded one. Records name typed, time, IP, user agent, session and the hash signed.',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams, body: jsonBody(ZSignBody) },
  responses: {
    200: jsonResponse(envelope(ZSignature), "The signature for the caller's side"),
    ...errorResponses,
    409: {
      description:
        'DOCUMENT_CHANGED (the hash is not the current document), OUT_OF_ORDER (sequential signing), or the contract is not awaiting signatures',
    },
  },
});
const cancelRoute = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/cancel',
  tags,
  summary: 'Cancel a contract before both parties have signed (either party, reason required)',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams, body: jsonBody(ZCancelBody) },
  responses: {
    200: jsonResponse(envelope(ZContract), 'Cancelled'),
    ...errorResponses,
    409: { description: 'Already signed by both, or closed' },
  },
});
const proposeCancellationRoute = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/cancellation',
  tags,
  summary: 'Propose to cancel a signed contract (a signer of either side, reason required)',
  description:
    "The other side's signer confirms or declines before the deadline (CONTRACT_CANCELLATION_WINDOW), else the proposal lapses; the proposer may withdraw it. Confirmed, the contract becomes Cancelled, benefits not yet verified are waived, and the sponsor may refund what the escrow still holds. Repeating the proposal answers 200 with the open one.",
  middleware: [requireAuth] as const,
  request: { params: ZContractParams, body: jsonBody(ZCancellationBody) },
  responses: {
    200: jsonResponse(envelope(ZCancellation), "The caller's side's proposal, already made"),
    201: jsonResponse(envelope(ZCancellation), 'Proposed'),
    ...errorResponses,
    403: { description: 'The caller may not sign for their side' },
    409: { description: 'The contract is not Signed, or the other side has an open proposal' },
  },
});
const getCancellationRoute = createRoute({
  method: 'get',
  path: '/contracts/{contractId}/cancellation',
  tags,
  summary: "The contract's latest cancellation proposal, open or closed (parties only)",
  middleware: [requireAuth] as const,
  request: { params: ZContractParams },
  responses: {
    200: jsonResponse(envelope(ZCancellation), 'The latest proposal'),
    ...errorResponses,
    404: { description: 'No such contract for the caller, or no cancellation was ever proposed' },
  },
});
const answerCancellationRoute = (action: 'confirm' | 'decline' | 'withdraw') =>
  createRoute({
    method: 'post',
    path: `/contracts/{contractId}/cancellation/${action}`,
    tags,
    summary: {
      confirm: "Confirm the other side's proposal: the signed contract is Cancelled",
      decline: "Decline the other side's proposal: the contract stays Signed",
      withdraw: 'Withdraw your side’s proposal: the contract stays Signed',
    }[action],
    description:
      action === 'withdraw'
        ? 'Only a signer of the side that proposed. Repeating it answers 200 with the withdrawn proposal.'
        : 'Only a signer of the side that did not propose. Repeating it answers 200 with the closed proposal.',
    middleware: [requireAuth] as const,
    request: { params: ZContractParams },
    responses: {
      200: jsonResponse(envelope(ZCancellation), 'The proposal after the answer'),
      ...errorResponses,
      403: { description: 'Not a signer, or the wrong side for this answer (WRONG_SIDE)' },
      409: { description: 'No open proposal (closed, lapsed, or never made)' },
    },
  });
const confirmCancellationRoute = answerCancellationRoute('confirm');
const declineCancellationRoute = answerCancellationRoute('decline');
const withdrawCancellationRoute = answerCancellationRoute('withdraw');
const createDealRoute = createRoute({
  method: 'post',
  path: '/deals',
  tags,
  summary: 'The deal of an accepted request (created at acceptance)',
  middleware: [requireAuth] as const,
  request: { body: jsonBody(ZCreateDealBody) },
  responses: {
    200: jsonResponse(envelope(ZDealSummary), 'The deal'),
    ...errorResponses,
    409: { description: 'The request is not Accepted (its status is named)' },
  },
});

const PDF = { 'application/pdf': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } };
const documentRoute = createRoute({
  method: 'get',
  path: '/contracts/{contractId}/document',
  tags,
  summary: 'The contract PDF (parties only): the document to sign, or the sealed one once Signed',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams, query: ZDocumentQuery },
  responses: {
    200: { description: 'The PDF; X-Document-Sha256 carries its SHA-256', content: PDF },
    ...errorResponses,
    409: { description: 'The signed version exists only once the contract is Signed' },
  },
});
const documentLinkRoute = createRoute({
  method: 'post',
  path: '/contracts/{contractId}/document-link',
  tags,
  summary:
    'A signed link to the PDF that works without a session for a few minutes (CONTRACT_DOCUMENT_LINK_TTL)',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams, body: jsonBody(ZDocumentLinkBody) },
  responses: {
    200: jsonResponse(envelope(ZDocumentLink), 'The link and when it stops working'),
    ...errorResponses,
    409: { description: 'The signed version exists only once the contract is Signed' },
  },
});
const sharedDocumentRoute = createRoute({
  method: 'get',
  path: '/contracts/{contractId}/document/shared',
  tags,
  summary: 'The PDF behind a signed link (no session); a tampered or expired link is refused (403)',
  security: PUBLIC_OPERATION,
  request: { params: ZContractParams, query: ZSharedDocumentQuery },
  responses: {
    200: { description: 'The PDF', content: PDF },
    ...errorResponses,
    409: { description: 'The signed version exists only once the contract is Signed' },
  },
});
const evidenceRoute = createRoute({
  method: 'get',
  path: '/contracts/{contractId}/evidence',
  tags,
  summary: 'Every event and signature of the contract with IP, user agent, session and hash (parties only)',
  middleware: [requireAuth] as const,
  request: { params: ZContractParams },
  responses: { 200: jsonResponse(envelope(ZEvidence), 'The evidence export'), ...errorResponses },
});
const verifyRoute = createRoute({
  method: 'post',
  path: '/contracts/verify',
  tags,
  summary: 'Whether a PDF is a sealed contract of ours and unaltered (anyone)',
  security: PUBLIC_OPERATION,
  request: {
    body: { required: true, content: { 'multipart/form-data': { schema: ZVerifyBody } } },
  },
  responses: { 200: jsonResponse(envelope(ZVerification), 'The verdict'), ...errorResponses },
});

const signersTags = ['deals and contracts'];
const listSignersRoute = createRoute({
  method: 'get',
  path: '/sponsors/{organizationId}/signers',
  tags: signersTags,
  summary: "The members the organization's admin delegated to sign contracts (its members only)",
  middleware: [requireAuth] as const,
  request: { params: ZOrganizationParams },
  responses: {
    200: jsonResponse(envelope(z.array(ZDelegatedSigner)), 'Delegated signers'),
    ...errorResponses,
  },
});
const putSignerRoute = createRoute({
  method: 'put',
  path: '/sponsors/{organizationId}/signers/{userId}',
  tags: signersTags,
  summary: 'Delegate contract signing to an active member (Sponsor/Partner Admin; idempotent)',
  middleware: [requireAuth] as const,
  request: { params: ZSignerParams },
  responses: { 200: jsonResponse(envelope(ZDelegatedSigner), 'The delegated signer'), ...errorResponses },
});
const deleteSignerRoute = createRoute({
  method: 'delete',
  path: '/sponsors/{organizationId}/signers/{userId}',
  tags: signersTags,
  summary: 'Withdraw a delegation to sign contracts (Sponsor/Partner Admin)',
  middleware: [requireAuth] as const,
  request: { params: ZSignerParams },
  responses: {
    200: jsonResponse(envelope(z.object({ removed: z.boolean() })), 'Whether a delegation was withdrawn'),
    ...errorResponses,
  },
});

export function contractRoutes(deps: TApiDeps) {
  const { db, config } = deps;
  const app = createRouter();
  const actorOf = (c: Context<TAppEnv>) => ({
    actorUserId: c.get('actor')!.userId,
    requestId: c.get('requestId'),
  });

  /** The caller's standing on a contract's deal; strangers get 404 (platform admins read). */
  async function authorityOn(
    c: Context<TAppEnv>,
    deal: { communityId: string; organizationId: string },
  ): Promise<TSigningAuthority> {
    const actor = c.get('actor')!;
    const delegated = await isDelegatedSigner(db, deal.organizationId, actor.userId);
    return signingAuthority(actor, deal, delegated);
  }

  async function loadContract(c: Context<TAppEnv>, contractId: string) {
    const found = await findContractWithDeal(db, contractId);
    if (!found) throw notFound('Contract');
    const authority = await authorityOn(c, found.deal);
    if (authority.party === null && !c.get('actor')!.isPlatformAdmin) throw notFound('Contract');
    return { ...found, authority };
  }

  async function contractView(contractId: string) {
    const found = (await findContractWithDeal(db, contractId))!;
    const { contract, deal } = found;
    const [community, organization, signatures, timeline] = await Promise.all([
      findCommunity(db, deal.communityId),
      findOrganizationById(db, deal.organizationId),
      listSignatures(db, contractId),
      listContractEvents(db, contractId),
    ]);
    return {
      id: contract.id,
      dealId: contract.dealId,
      status: contract.status,
      templateVersion: contract.templateVersion,
      sequential: contract.sequential,
      signingOrder: contract.signingOrder,
      parties: {
        community: { id: deal.communityId, name: community?.name ?? '' },
        organization: { id: deal.organizationId, name: organization?.displayName ?? '' },
      },
      documentSha256: contract.documentSha256,
      signedSha256: contract.sealedSha256,
      deadline: contract.deadline?.toISOString() ?? null,
      signedAt: contract.signedAt?.toISOString() ?? null,
      cancelReason: contract.cancelReason,
      signatures: signatures.map((s) => ({
        side: s.side,
        userId: s.userId,
        fullName: s.fullName,
        signedAt: s.signedAt.toISOString(),
        documentSha256: s.documentSha256,
      })),
      timeline: timeline.map((e) => ({
        type: e.type,
        side: e.actorSide,
        actorUserId: e.actorUserId,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        documentSha256: e.documentSha256,
        // jsonb written only by the contract activities, in the shapes ZContractEventDetail lists.
        detail: e.detail as TContractEventDetail | null,
        at: e.createdAt.toISOString(),
      })),
      createdAt: contract.createdAt.toISOString(),
    };
  }

  app.openapi(createContractRoute, async (c) => {
    const { dealId } = c.req.valid('json');
    const deal = await findDeal(db, dealId);
    if (!deal) throw notFound('Deal');
    const authority = await authorityOn(c, deal);
    if (authority.party === null) throw notFound('Deal');
    const { contractId, created } = await createContract(deps, actorOf(c), deal, authority);
    return c.json({ success: true as const, data: await contractView(contractId) }, created ? 201 : 200);
  });

  app.openapi(getContractRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    await loadContract(c, contractId);
    return ok(c, await contractView(contractId));
  });

  app.openapi(signRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { authority } = await loadContract(c, contractId);
    if (authority.party === null) throw notFound('Contract');
    if (!authority.signer) throw new AppError('FORBIDDEN', authority.reason);
    const session = c.get('session')!;
    const signature = await signContract(deps, contractId, {
      side: authority.party,
      userId: session.userId,
      fullName: body.fullName,
      documentSha256: body.documentSha256,
      ip: clientIp(c, config.TRUST_PROXY),
      userAgent: (c.req.header('user-agent') ?? 'unknown').slice(0, 500),
      sessionId: session.id,
    });
    return ok(c, signature);
  });

  app.openapi(cancelRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { authority } = await loadContract(c, contractId);
    if (authority.party === null) throw notFound('Contract');
    if (!authority.signer) throw new AppError('FORBIDDEN', authority.reason);
    await cancelContract(deps, contractId, {
      side: authority.party,
      userId: c.get('actor')!.userId,
      reason,
      ip: clientIp(c, config.TRUST_PROXY),
      userAgent: (c.req.header('user-agent') ?? 'unknown').slice(0, 500),
    });
    return ok(c, await contractView(contractId));
  });

  /** The caller as a cancellation actor: a signer of a party (strangers 404, other members 403). */
  async function cancellationActor(c: Context<TAppEnv>, contractId: string) {
    const loaded = await loadContract(c, contractId);
    const { authority } = loaded;
    if (authority.party === null) throw notFound('Contract');
    if (!authority.signer) throw new AppError('FORBIDDEN', authority.reason);
    const actor = {
      side: authority.party,
      userId: c.get('actor')!.userId,
      ip: clientIp(c, config.TRUST_PROXY),
      userAgent: (c.req.header('user-agent') ?? 'unknown').slice(0, 500),
    };
    return { contract: loaded.contract, actor };
  }
  const contractStatusNow = async (contractId: string) =>
    (await findContractWithDeal(db, contractId))!.contract.status;

  app.openapi(proposeCancellationRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const { contract, actor } = await cancellationActor(c, contractId);
    const { view, created } = await proposeCancellation(deps, contract, actor, reason);
    const data = cancellationBody(view, await contractStatusNow(contractId));
    return created
      ? c.json({ success: true as const, data }, 201)
      : c.json({ success: true as const, data }, 200);
  });

  app.openapi(getCancellationRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { contract } = await loadContract(c, contractId);
    const latest = await latestCancellation(deps, contractId);
    if (!latest) throw notFound('Cancellation proposal');
    return ok(c, cancellationBody(latest.view, contract.status));
  });

  for (const [route, action] of [
    [confirmCancellationRoute, 'confirm'],
    [declineCancellationRoute, 'decline'],
    [withdrawCancellationRoute, 'withdraw'],
  ] as const) {
    app.openapi(route, async (c) => {
      const { contractId } = c.req.valid('param');
      const { actor } = await cancellationActor(c, contractId);
      const view = await answerCancellation(deps, contractId, { ...actor, action });
      return ok(c, cancellationBody(view, await contractStatusNow(contractId)));
    });
  }

  app.openapi(createDealRoute, async (c) => {
    const { requestId } = c.req.valid('json');
    const request = await findRequest(db, requestId);
    const authority = request ? await authorityOn(c, request) : null;
    if (!request || !authority || (authority.party === null && !c.get('actor')!.isPlatformAdmin))
      throw notFound('Request');
    if (request.status !== 'Accepted' || !request.dealId)
      throw new AppError(
        'CONFLICT',
        `the request is ${request.status}: a deal exists only for an Accepted request`,
        { requestStatus: request.status },
      );
    const deal = (await findDeal(db, request.dealId))!;
    return ok(c, {
      id: deal.id,
      requestId: deal.requestId,
      requestStatus: request.status,
      status: deal.status,
      communityId: deal.communityId,
      organizationId: deal.organizationId,
      eventId: deal.eventId,
      amountMinor: deal.amountMinor,
      currency: deal.currency,
      category: deal.category,
      contractId: await currentContractIdOfDeal(db, deal.id),
    });
  });

  const store = documentStoreFor(config);
  /** The platform certificate's fingerprint, once the worker has one (read, never generated, here). */
  let platformFingerprint: string | null = null;
  async function platformCertificateSha256(): Promise<string | null> {
    if (platformFingerprint) return platformFingerprint;
    try {
      const p12 = await readFile(config.contractSealP12);
      platformFingerprint = p12CertificateSha256(p12, config.CONTRACT_SEAL_P12_PASSPHRASE);
    } catch {
      return null;
    }
    return platformFingerprint;
  }

  const linkSignature = (contractId: string, version: string, expires: number) =>
    deps.secretBox.mac(`contract-document:${contractId}:${version}:${expires}`);

  /** The stored PDF of a version, or 409 when that version does not exist yet. */
  async function documentOf(
    contract: { id: string; status: string; documentKey: string | null; sealedKey: string | null },
    version: 'current' | 'signed',
  ) {
    const key = version === 'signed' ? contract.sealedKey : contract.documentKey;
    if (!key)
      throw new AppError(
        'CONFLICT',
        version === 'signed'
          ? `the contract is ${contract.status}: the signed PDF exists once both parties have signed`
          : 'the document is still being generated; try again in a moment',
      );
    const bytes = await store.get(key);
    if (!bytes) throw new AppError('INTERNAL', `the document ${key} is missing from the document store`);
    return bytes;
  }
  const pdfResponse = (c: Context<TAppEnv>, bytes: Uint8Array, name: string) =>
    c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${name}"`,
      'x-document-sha256': sha256Hex(bytes),
      'cache-control': 'private, no-store',
    });

  app.openapi(documentRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { version } = c.req.valid('query');
    const { contract } = await loadContract(c, contractId);
    const bytes = await documentOf(contract, version);
    return pdfResponse(c, bytes, `contract-${contractId}${version === 'signed' ? '-signed' : ''}.pdf`);
  });

  app.openapi(documentLinkRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { version } = c.req.valid('json');
    const { contract } = await loadContract(c, contractId);
    await documentOf(contract, version);
    const expires = Date.now() + config.CONTRACT_DOCUMENT_LINK_TTL;
    const query = new URLSearchParams({
      version,
      expires: String(expires),
      signature: linkSignature(contractId, version, expires),
    });
    return ok(c, {
      url: `${config.publicBaseUrl}/api/v1/contracts/${contractId}/document/shared?${query}`,
      expiresAt: new Date(expires).toISOString(),
    });
  });

  app.openapi(sharedDocumentRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { version, expires, signature } = c.req.valid('query');
    const expected = Buffer.from(linkSignature(contractId, version, expires));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new AppError('FORBIDDEN', 'this link is not valid (it was altered)');
    if (Date.now() > expires) throw new AppError('FORBIDDEN', 'this link expired: ask for a new one');
    const found = await findContractWithDeal(db, contractId);
    if (!found) throw notFound('Contract');
    const bytes = await documentOf(found.contract, version);
    return pdfResponse(c, bytes, `contract-${contractId}${version === 'signed' ? '-signed' : ''}.pdf`);
  });

  app.openapi(evidenceRoute, async (c) => {
    const { contractId } = c.req.valid('param');
    const { contract } = await loadContract(c, contractId);
    const [signatures, events] = await Promise.all([
      listSignatures(db, contractId),
      listContractEvents(db, contractId),
    ]);
    return ok(c, {
      contractId,
      dealId: contract.dealId,
      status: contract.status,
      templateVersion: contract.templateVersion,
      documentSha256: contract.documentSha256,
      signedSha256: contract.sealedSha256,
      signatures: signatures.map((s) => ({
        side: s.side,
        userId: s.userId,
        fullName: s.fullName,
        signedAt: s.signedAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        sessionId: s.sessionId,
        documentSha256: s.documentSha256,
      })),
      events: events.map((e) => ({
        at: e.createdAt.toISOString(),
        type: e.type,
        side: e.actorSide,
        actorUserId: e.actorUserId,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        ip: e.ip,
        userAgent: e.userAgent,
        sessionId: e.sessionId,
        documentSha256: e.documentSha256,
        detail: e.detail as TContractEventDetail | null,
      })),
      exportedAt: new Date().toISOString(),
    });
  });

  app.openapi(verifyRoute, async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new AppError('VALIDATION', 'send the PDF as the multipart field "file"', [
        { location: 'body', path: 'file', message: 'a file is required' },
      ]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha256 = sha256Hex(bytes);
    const knownId = await findContractIdBySealedSha256(db, sha256);
    const seal = verifySeal(bytes, await platformCertificateSha256());
    return ok(c, {
      sealed: seal.sealed,
      intact: seal.sealed && seal.intact,
      ours: seal.sealed && seal.ours,
      contractId: seal.sealed && seal.intact ? (knownId ?? null) : null,
      sha256,
      reason:
        seal.sealed && seal.intact && seal.ours && !knownId
          ? 'sealed with our certificate and unaltered, but not a contract on record here'
          : seal.reason,
    });
  });

  app.openapi(listSignersRoute, async (c) => {
    const { organizationId } = c.req.valid('param');
    await loadAuthorizedOrganization(db, c.get('actor'), organizationId, 'organization:read_private');
    const signers = await listOrganizationSigners(db, organizationId);
    return ok(
      c,
      signers.map((s) => ({ ...s, role: s.role ?? null, createdAt: s.createdAt.toISOString() })),
    );
  });

  app.openapi(putSignerRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await loadAuthorizedOrganization(db, actor, organizationId, 'organization:manage_members');
    await delegateSigner(deps, actorOf(c), organizationId, userId);
    const signer = (await listOrganizationSigners(db, organizationId)).find((s) => s.userId === userId)!;
    return ok(c, { ...signer, role: signer.role ?? null, createdAt: signer.createdAt.toISOString() });
  });

  app.openapi(deleteSignerRoute, async (c) => {
    const { organizationId, userId } = c.req.valid('param');
    const actor = c.get('actor')!;
    await loadAuthorizedOrganization(db, actor, organizationId, 'organization:manage_members');
    const removed = await withdrawSigner(deps, actorOf(c), organizationId, userId);
    return ok(c, { removed });
  });

  return app;
}
