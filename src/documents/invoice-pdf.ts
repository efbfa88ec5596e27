import { startPdf as start, type Sheet } from './pdf-sheet.js';
import { formatMoney, type TInvoiceDocument, type TParty, type TReceiptDocument } from '../domain/invoice.js';
import { formatBps } from '../domain/fees.js';

function party(s: Sheet, title: string, p: TParty) {
  s.text(title, { bold: true, size: 9, gap: 1 });
  s.text(p.legalName && p.legalName !== p.name ? `${p.legalName} (${p.name})` : p.name, { gap: 1 });
  if (p.address) s.text(p.address, { size: 9, gap: 1 });
  if (p.website) s.text(p.website, { size: 9, gap: 1 });
  s.text(`Tax id: ${p.taxId ?? 'none on record'}`, { size: 9, gap: 8 });
}

const day = (iso: string) => iso.slice(0, 10);

/** The invoice PDF from its issued JSON. */
export async function renderInvoicePdf(inv: TInvoiceDocument): Promise<Uint8Array> {
  const m = (minor: number) => formatMoney(minor, inv.currency);
  const { doc, sheet: s } = await start(`Invoice ${inv.number}`, new Date(inv.issuedAt));
  s.text(`Invoice ${inv.number}`, { size: 18, bold: true, gap: 6 });
  s.text(`Issued ${day(inv.issuedAt)} - due ${day(inv.dueAt)} - payment ${inv.paymentId}`, {
    size: 9,
    gap: 2,
  });
  s.text(`Deal ${inv.dealId}${inv.contractId ? ` - contract ${inv.contractId}` : ''}`, { size: 9, gap: 12 });
  party(s, 'Issued by', inv.issuer);
  party(s, 'Seller (community)', inv.seller);
  party(s, 'Bill to (sponsor)', inv.buyer);
  if (inv.event)
    s.text(`Event: ${inv.event.title}, ${day(inv.event.startsAt)} to ${day(inv.event.endsAt)}`, { gap: 10 });
  s.row('Description', `Amount (${inv.currency})`, { bold: true });
  s.rule();
  for (const line of inv.lines)
    s.row(`${line.description} (1 x ${m(line.unitAmountMinor)})`, m(line.amountMinor));
  s.rule();
  s.row('Subtotal', m(inv.subtotalMinor));
  s.row(`Tax (${formatBps(inv.tax.rateBps)})`, m(inv.tax.amountMinor));
  s.row('Total due', m(inv.amountDueMinor), { bold: true, size: 12 });
  s.text('', { gap: 6 });
  s.text('Platform fee', { bold: true, size: 11 });
  s.row(
    `Platform fee (${formatBps(inv.platformFee.bps)}), included in the subtotal`,
    m(inv.platformFee.amountMinor),
  );
  s.row('Paid to the community after the fee', m(inv.platformFee.netToCommunityMinor));
  s.text(inv.platformFee.note, { size: 9, gap: 8 });
  s.text('Tax', { bold: true, size: 11 });
  s.text(inv.tax.note, { size: 9, gap: 8 });
  s.text(
    `Payment is held in escrow by ${inv.issuer.name} and released to the community milestone by milestone. Pay by ${day(inv.dueAt)} on the payment page of this deal.`,
    { size: 9 },
  );
  return doc.save();
}

/** The receipt PDF from its issued JSON. */
export async function renderReceiptPdf(r: TReceiptDocument): Promise<Uint8Array> {
  const m = (minor: number) => formatMoney(minor, r.currency);
  const { doc, sheet: s } = await start(`Receipt ${r.number}`, new Date(r.issuedAt));
  s.text(`Receipt ${r.number}`, { size: 18, bold: true, gap: 6 });
  s.text(`For invoice ${r.invoiceNumber} - paid ${r.paidAt.slice(0, 16).replace('T', ' ')} UTC`, {
    size: 9,
    gap: 2,
  });
  s.text(`Payment ${r.paymentId} - deal ${r.dealId}`, { size: 9, gap: 12 });
  party(s, 'Issued by', r.issuer);
  party(s, 'Seller (community)', r.seller);
  party(s, 'Received from (sponsor)', r.buyer);
  s.row('Description', `Amount (${r.currency})`, { bold: true });
  s.rule();
  for (const line of r.lines) s.row(line.description, m(line.amountMinor));
  s.rule();
  s.row('Tax', m(r.taxMinor));
  s.row('Amount paid', m(r.amountPaidMinor), { bold: true, size: 12 });
  s.text('', { gap: 6 });
  s.row(`Platform fee (${formatBps(r.platformFee.bps)}), included`, m(r.platformFee.amountMinor));
  s.row('Paid to the community after the fee', m(r.platformFee.netToCommunityMinor));
  if (r.processorFeeMinor !== null)
    s.row('Payment processor fee (borne by the platform)', m(r.processorFeeMinor));
  s.text(`Paid by ${r.paymentMethod}${r.processorReference ? ` (reference ${r.processorReference})` : ''}.`, {
    size: 9,
    gap: 4,
  });
  s.text(r.note, { size: 9 });
  return doc.save();
}
