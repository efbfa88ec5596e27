import { startPdf } from './pdf-sheet.js';
import { formatMoney } from '../domain/ops-view.js';
import type { TProofView, TSponsorReport } from '../domain/fulfillment.js';

function proofLine(proof: TProofView | null): string {
  if (!proof) return 'no proof';
  switch (proof.type) {
    case 'link':
      return `link ${proof.url}`;
    case 'file':
      return `file ${proof.fileName} (${proof.contentType}, ${proof.sizeBytes} bytes, SHA-256 ${proof.sha256})`;
    case 'metric':
      return `metric ${proof.name} = ${proof.value}${proof.unit ? ` ${proof.unit}` : ''} at ${proof.measuredAt}`;
  }
}

/**
 * The sponsor report as a PDF (the same content as the JSON): parties, event, totals, then every benefit with its
 * owner, due date, status and proof. Dated by the report, so a retried activity renders the same bytes.
 */
export async function renderSponsorReportPdf(report: TSponsorReport): Promise<Uint8Array> {
  const { doc, sheet } = await startPdf(`Sponsor report ${report.dealId}`, new Date(report.generatedAt));
  const write = sheet.text.bind(sheet);

  write('Sponsor report', { size: 18, bold: true, gap: 8 });
  write(`Deal ${report.dealId} - contract ${report.contractId} - generated ${report.generatedAt}`, {
    size: 8,
    gap: 12,
  });
  write(`Community: ${report.community.name}`);
  write(`Organization: ${report.organization.name}`);
  write(
    report.event
      ? `Event: ${report.event.title}, ${report.event.startsAt.slice(0, 10)} to ${report.event.endsAt.slice(0, 10)}`
      : 'Event: not tied to a single event',
  );
  write(`Sponsorship: ${report.category}, ${formatMoney(report.amountMinor, report.currency)}`, { gap: 10 });
  const s = report.summary;
  write('Summary', { size: 12, bold: true });
  write(`${s.done} of ${s.total} benefits verified or waived (${s.percent}%)`);
  write(
    Object.entries(s.byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(', '),
    { gap: 10 },
  );
  write('Benefits', { size: 12, bold: true });
  for (const item of report.items) {
    write(`${item.title} - ${item.status}${item.late ? ' (delivered late)' : ''}`, { bold: true, gap: 1 });
    write(`Owner: ${item.owner.name}; due ${item.dueAt}`, { gap: 1 });
    write(`Proof: ${proofLine(item.proof)}`, { gap: 1 });
    const times = [
      item.deliveredAt && `delivered ${item.deliveredAt}`,
      item.verifiedAt && `verified ${item.verifiedAt}`,
      item.missedAt && `missed ${item.missedAt}`,
      item.waivedAt && `waived ${item.waivedAt}`,
    ].filter(Boolean);
    if (times.length) write(times.join('; '), { gap: 1 });
    if (item.disputeReason) write(`Disputed: ${item.disputeReason}`, { gap: 1 });
    sheet.space(6);
  }
  return doc.save({ useObjectStreams: false });
}
