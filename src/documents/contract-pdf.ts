import { createHash, X509Certificate } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { milestoneAmounts } from '../domain/contract.js';
import { Sheet, startPdf } from './pdf-sheet.js';
import type { TContractTemplate } from '../domain/contract-template.js';
import type { TBenefit } from '../domain/event-partners.js';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Everything the contract states, read from the deal when the contract is generated. */
export type TContractSnapshot = {
  contractId: string;
  dealId: string;
  createdAt: string;
  templateVersion: string;
  community: { id: string; legalName: string; signers: string[] };
  organization: { id: string; legalName: string; displayName: string; signers: string[] };
  event: { title: string; startsAt: string; endsAt: string } | null;
  amountMinor: number;
  currency: string;
  category: string;
  benefits: TBenefit[];
  terms: string;
};

export type TCertificate = {
  contractId: string;
  documentSha256: string;
  parties: { side: string; legalName: string }[];
  signatures: {
    side: string;
    fullName: string;
    userId: string;
    signedAt: string;
    ip: string;
    userAgent: string;
    documentSha256: string;
  }[];
  events: { at: string; type: string; side: string | null; ip: string | null; detail: string }[];
};

/** The certificate of a contract from its rows: both legal names, every signature, every event with its hash. */
export function certificateOf(input: {
  contractId: string;
  documentSha256: string;
  legalNames: { community: string; organization: string };
  signatures: readonly (Omit<TCertificate['signatures'][number], 'signedAt'> & { signedAt: Date })[];
  events: readonly {
    createdAt: Date;
    type: string;
    actorSide: string | null;
    ip: string | null;
    documentSha256: string | null;
  }[];
}): TCertificate {
  return {
    contractId: input.contractId,
    documentSha256: input.documentSha256,
    parties: [
      { side: 'community', legalName: input.legalNames.community },
      { side: 'organization', legalName: input.legalNames.organization },
    ],
    signatures: input.signatures.map((s) => ({
      side: s.side,
      fullName: s.fullName,
      userId: s.userId,
      signedAt: s.signedAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      documentSha256: s.documentSha256,
    })),
    events: input.events.map((e) => ({
      at: e.createdAt.toISOString(),
      type: e.type,
      side: e.actorSide,
      ip: e.ip,
      detail: e.documentSha256 ? `hash ${e.documentSha256}` : '',
    })),
  };
}

const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;

/**
 * The contract PDF, from the deal snapshot and the template. Deterministic for the same input (fixed dates, no
 * producer stamp): a retried activity renders the same bytes, so the recorded SHA-256 stays true.
 */
export async function renderContractPdf(
  snapshot: TContractSnapshot,
  template: TContractTemplate,
): Promise<Uint8Array> {
  const { doc, sheet: w } = await startPdf(
    `${template.title} ${snapshot.contractId}`,
    new Date(snapshot.createdAt),
  );
  w.text(template.title, { size: 18, bold: true, gap: 8 });
  w.text(`Contract ${snapshot.contractId} - deal ${snapshot.dealId} - template ${snapshot.templateVersion}`, {
    size: 8,
    gap: 12,
  });
  w.text(template.preamble, { gap: 10 });
  w.text('1. Parties', { size: 12, bold: true });
  w.text(`Community: ${snapshot.community.legalName}`);
  w.text(`Authorized signers: ${snapshot.community.signers.join(', ') || 'none on record'}`);
  w.text(`Organization: ${snapshot.organization.legalName} (${snapshot.organization.displayName})`);
  w.text(`Authorized signers: ${snapshot.organization.signers.join(', ') || 'none on record'}`, { gap: 10 });
  w.text('2. Event', { size: 12, bold: true });
  w.text(
    snapshot.event
      ? `${snapshot.event.title}, ${snapshot.event.startsAt.slice(0, 10)} to ${snapshot.event.endsAt.slice(0, 10)}`
      : 'Not tied to a single event.',
    { gap: 10 },
  );
  w.text('3. Sponsorship', { size: 12, bold: true });
  w.text(`Category: ${snapshot.category}`);
  w.text(`Amount: ${money(snapshot.amountMinor, snapshot.currency)}`, { gap: 10 });
  w.text('4. Deliverables and benefits', { size: 12, bold: true });
  const due = snapshot.event ? `due by ${snapshot.event.startsAt.slice(0, 10)}` : 'due as agreed';
  for (const b of snapshot.benefits)
    w.text(`- ${b.label ?? b.key.replace(/_/g, ' ')}${b.detail ? `: ${b.detail}` : ''} (${due})`);
  w.text(`Terms agreed: ${snapshot.terms}`, { gap: 10 });
  w.text('5. Payment milestones', { size: 12, bold: true });
  const amounts = milestoneAmounts(snapshot.amountMinor, template.milestones);
  template.milestones.forEach((m, i) =>
    w.text(
      `- ${m.label}: ${money(amounts[i]!, snapshot.currency)} (${(m.shareBps / 100).toFixed(2)}%), ${m.due}`,
    ),
  );
  w.text('', { gap: 6 });
  w.text('6. Cancellation', { size: 12, bold: true });
  w.text(template.cancellation, { gap: 10 });
  w.text('7. Disputes', { size: 12, bold: true });
  w.text(template.dispute, { gap: 10 });
  w.text('8. Governing terms', { size: 12, bold: true });
  w.text(template.governingLaw, { gap: 10 });
  w.text('9. Signatures', { size: 12, bold: true });
  w.text(
    template.sequential
      ? `The parties sign electronically in this order: ${template.signingOrder.join(', then ')}.`
      : 'The parties sign electronically, in any order.',
  );
  w.text(
    'Each signature records the SHA-256 of this document as the signer saw it; the certificate page appended on completion lists them.',
  );
  return doc.save();
}

/** The document with its certificate page (parties, signers, times, IPs, hash, audit trail) appended. */
export async function appendCertificate(document: Uint8Array, cert: TCertificate): Promise<Uint8Array> {
  const doc = await PDFDocument.load(document, { updateMetadata: false });
  const w = await Sheet.on(doc);
  w.text('Certificate of completion', { size: 16, bold: true, gap: 8 });
  w.text(`Contract ${cert.contractId}`);
  w.text(`SHA-256 of the signed document: ${cert.documentSha256}`, { size: 9, gap: 10 });
  w.text('Parties', { size: 12, bold: true });
  for (const p of cert.parties) w.text(`${p.side}: ${p.legalName}`);
  w.text('', { gap: 6 });
  w.text('Signatures', { size: 12, bold: true });
  for (const s of cert.signatures)
    w.text(
      `${s.side}: ${s.fullName} (user ${s.userId}) signed at ${s.signedAt} from ${s.ip}, ${s.userAgent}; hash signed ${s.documentSha256}`,
      { size: 9, gap: 6 },
    );
  w.text('Audit trail', { size: 12, bold: true });
  for (const e of cert.events)
    w.text(
      `${e.at} ${e.type}${e.side ? ` (${e.side})` : ''}${e.ip ? ` from ${e.ip}` : ''}${e.detail ? `: ${e.detail}` : ''}`,
      {
        size: 8,
        gap: 2,
      },
    );
  w.text('', { gap: 8 });
  w.text('This file is sealed with the CommDesk Marketplace certificate: any change to it breaks the seal.', {
    size: 9,
  });
  return doc.save({ useObjectStreams: false });
}

/** Seals a PDF with a PAdES (ETSI.CAdES.detached) signature from the platform's P12. */
export async function sealPdf(
  document: Uint8Array,
  p12: Uint8Array,
  passphrase: string,
  signingTime: Date,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(document, { updateMetadata: false });
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Sealed by CommDesk Marketplace on completion of all signatures',
    contactInfo: 'CommDesk Marketplace',
    name: 'CommDesk Marketplace',
    location: 'CommDesk Marketplace',
    signingTime,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    signatureLength: 8192,
  });
  const prepared = await doc.save({ useObjectStreams: false });
  const signed = await new SignPdf().sign(
    Buffer.from(prepared),
    new P12Signer(Buffer.from(p12), { passphrase }),
    signingTime,
  );
  return new Uint8Array(signed);
}

export type TSealVerification =
  | { sealed: false; reason: string }
  | { sealed: true; intact: boolean; ours: boolean; signerCertificateSha256: string; reason: string };

/**
 * Checks the last signature of a PDF the way a reader does: the signed byte ranges must cover the whole file except
 * the signature itself, their SHA-256 must equal the signed messageDigest, and the signature over the signed
 * attributes must verify with the signing certificate. `ours` when that certificate is the platform's.
 */
export function verifySeal(pdf: Uint8Array, platformCertificateSha256: string | null): TSealVerification {
  const buffer = Buffer.from(pdf);
  const text = buffer.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return { sealed: false, reason: 'the file carries no digital signature' };
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text.slice(at, at + 200));
  if (!match) return { sealed: false, reason: 'the signature byte range is unreadable' };
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || c + d !== buffer.length || b >= c)
    return {
      sealed: true,
      intact: false,
      ours: false,
      signerCertificateSha256: '',
      reason: 'the signature does not cover the whole file (bytes were added or removed)',
    };
  const contentsHex = text.slice(b + 1, c - 1).replace(/0+$/, '');
  let p7: forge.pkcs7.PkcsSignedData;
  try {
    const der = forge.util.hexToBytes(contentsHex.length % 2 ? `${contentsHex}0` : contentsHex);
    p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(der)) as forge.pkcs7.PkcsSignedData;
  } catch {
    return {
      sealed: true,
      intact: false,
      ours: false,
      signerCertificateSha256: '',
      reason: 'the signature cannot be parsed',
    };
  }
  const cert = p7.certificates[0];
  const signer = (
    p7 as unknown as { rawCapture: { authenticatedAttributes?: forge.asn1.Asn1[]; signature: string } }
  ).rawCapture;
  if (!cert || !signer?.authenticatedAttributes)
    return {
      sealed: true,
      intact: false,
      ours: false,
      signerCertificateSha256: '',
      reason: 'no signer in the signature',
    };
  const certDer = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const certSha = createHash('sha256').update(Buffer.from(certDer, 'binary')).digest('hex');
  const ours = platformCertificateSha256 !== null && certSha === platformCertificateSha256;
  const signedContent = Buffer.concat([buffer.subarray(a, a + b), buffer.subarray(c, c + d)]);
  const digest = createHash('sha256').update(signedContent).digest('binary');
  const messageDigestOid = forge.pki.oids.messageDigest!;
  let signedDigest: string | null = null;
  for (const attr of signer.authenticatedAttributes) {
    const [oid, values] = attr.value as forge.asn1.Asn1[];
    if (forge.asn1.derToOid(oid!.value as string) === messageDigestOid)
      signedDigest = ((values!.value as forge.asn1.Asn1[])[0]!.value as string) ?? null;
  }
  // The signature is over the DER of the signed attributes as a SET (tag 0x31), not the [0] IMPLICIT form.
  const attrsDer = forge.asn1
    .toDer(
      forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.SET,
        true,
        signer.authenticatedAttributes,
      ),
    )
    .getBytes();
  const md = forge.md.sha256.create();
  md.update(attrsDer);
  let signatureValid = false;
  try {
    signatureValid = (cert.publicKey as forge.pki.rsa.PublicKey).verify(
      md.digest().bytes(),
      signer.signature,
    );
  } catch {
    signatureValid = false;
  }
  const intact = signedDigest === digest && signatureValid;
  return {
    sealed: true,
    intact,
    ours,
    signerCertificateSha256: certSha,
    reason: !intact
      ? 'the file was altered after it was sealed'
      : ours
        ? 'sealed by CommDesk Marketplace and unaltered'
        : 'signed and unaltered, but not by the CommDesk Marketplace certificate',
  };
}

/** SHA-256 of the DER of the first certificate in a P12 (how `verifySeal` recognises the platform's seal). */
export function p12CertificateSha256(p12: Uint8Array, passphrase: string): string {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  const bags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) throw new Error('the P12 holds no certificate');
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  // Node parses it too: a certificate Node cannot read is not one a PDF reader will accept.
  new X509Certificate(der);
  return createHash('sha256').update(der).digest('hex');
}
