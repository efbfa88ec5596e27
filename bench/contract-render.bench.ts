/**
 * What generating a contract document costs in process: renderContractPdf + SHA-256, as the worker's generate step
 * calls them, over distinct bench-like documents (the default template, two benefits, short terms; each with its own
 * ids, names and amount). After a warm-up, BENCH_BATCHES batches of N renders; prints CPU per render (process CPU,
 * so the garbage collector's threads count) as the lowest and the median batch, and the median wall time.
 *
 *   npx tsx bench/contract-render.bench.ts [N=200]
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/contract-render.bench.ts   (where it goes)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { renderContractPdf, sha256Hex, type TContractSnapshot } from '../src/documents/contract-pdf.js';
import type { TContractTemplate } from '../src/domain/contract-template.js';

const N = Number(process.argv[2] ?? 200);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 5);
const template = JSON.parse(
  readFileSync(new URL('../src/documents/templates/default.json', import.meta.url), 'utf8'),
) as TContractTemplate;
const id = (prefix: string, i: number) => `${prefix}-1a2b-4c3d-8e9f-${String(i).padStart(12, '0')}`;
const snapshot = (i: number): TContractSnapshot => ({
  contractId: id('7f0c2d4e', i),
  dealId: id('1b2c3d4e', i),
  createdAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + i * 1000).toISOString(),
  templateVersion: 'default@1',
  community: { id: 'cm', legalName: 'Bench Community Foundation', signers: ['Organizer One'] },
  organization: {
    id: 'o',
    legalName: `Sponsor ${i} Private Limited`,
    displayName: `Sponsor ${i}`,
    signers: [`Admin ${i}`],
  },
  event: {
    title: 'Bench Conf 2026',
    startsAt: '2026-03-01T00:00:00.000Z',
    endsAt: '2026-03-03T00:00:00.000Z',
  },
  amountMinor: 25_000_000 + i,
  currency: 'INR',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }, { key: 'booth', detail: '3x3 m' }],
  terms: 'Logo on the website and stage banner.',
});

async function batch(count: number, offset: number) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) sha256Hex(await renderContractPdf(snapshot(offset + i), template));
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000 / count, wall: (performance.now() - started) / count };
}

await batch(50, 1_000_000); // warm-up: JIT, the fonts' metrics
const runs = [];
for (let b = 0; b < BATCHES; b++) runs.push(await batch(N, b * N));
const cpu = runs.map((r) => r.cpu).sort((a, b) => a - b);
const wall = runs.map((r) => r.wall).sort((a, b) => a - b);
const mid = BATCHES >> 1;
console.log(
  `renderContractPdf + SHA-256, ${BATCHES} x ${N} documents: CPU per render ${cpu[0]!.toFixed(2)} ms lowest batch, ` +
    `${cpu[mid]!.toFixed(2)} ms median; wall ${wall[mid]!.toFixed(2)} ms median; document 0 SHA-256 ` +
    `${sha256Hex(await renderContractPdf(snapshot(0), template))}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
