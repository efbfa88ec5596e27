/**
 * Where a benchmarked process spent its CPU, from the .cpuprofile that BENCH_CPU_PROF writes (see bench/lib/stack.ts):
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--skip <seconds>] [--top <n>]
 *
 * Prints three tables over the samples after the first `--skip` seconds (default 10: module loading and start-up):
 *  - by component: each sample goes to the innermost frame that belongs to a known component (pg, drizzle, the
 *    Temporal client, gRPC, HTTP/2, zod, hono, node's HTTP server, our own folders), so a native frame such as a
 *    socket write counts for the code that called it, and the components add up to the whole;
 *  - self time by function;
 *  - inclusive time by function (each function once per sample, however deep it recurses).
 * The profiler samples wall time while the thread runs: on a loaded machine a preempted sample lands in whatever was
 * running, so read the shares, not the absolute milliseconds (the bench's /proc figures are the CPU).
 */
import { readFileSync } from 'node:fs';

type TNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type TProfile = { nodes: TNode[]; samples: number[]; timeDeltas: number[] };

const COMPONENTS: [RegExp, string][] = [
  [/node_modules\/(pg|pg-pool|pg-protocol|pg-types|postgres-[a-z]+)\//, 'db: pg'],
  [/node_modules\/drizzle-orm\//, 'db: drizzle'],
  [/node_modules\/@grpc\//, 'temporal: grpc-js'],
  [/node_modules\/(@temporalio\/proto|protobufjs)\//, 'temporal: protobuf'],
  [/node_modules\/@temporalio\//, 'temporal: client'],
  [/^node:internal\/http2\//, 'temporal: node http2'],
  [/node_modules\/(zod|@hono\/zod-validator|@hono\/zod-openapi)\//, 'validation: zod'],
  [/node_modules\/hono\//, 'http: hono'],
  [/node_modules\/@hono\/node-server\//, 'http: node-server'],
  [/^node:(_http_|internal\/http)/, 'http: node'],
  [/\/src\/api\/middleware\//, 'ours: api middleware'],
  [/\/src\/api\//, 'ours: api'],
  [/\/src\/db\//, 'ours: db'],
  [/\/src\/infra\//, 'ours: infra'],
  [/\/src\//, 'ours: other'],
];

function componentOf(url: string): string | null {
  for (const [pattern, name] of COMPONENTS) if (pattern.test(url)) return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return pkg ? pkg[1]! : null;
}

const where = (url: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? url.replace(/^.*\/(src|bench)\//, '$1/') ?? '';

function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const option = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--skip <seconds>] [--top <n>]');
    process.exit(2);
  }
  const skipUs = option('--skip', 10) * 1e6;
  const top = option('--top', 30);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as TProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const label = (n: TNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url) || '(native)'}:${n.callFrame.lineNumber + 1}`;

  const components = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let elapsed = 0;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    elapsed += dt;
    const leaf = byId.get(profile.samples[i]!)!;
    const name = leaf.callFrame.functionName;
    if (elapsed < skipUs || name === '(idle)') continue;
    total += dt;
    add(self, label(leaf), dt);
    let component =
      name === '(garbage collector)' ? 'garbage collector' : name === '(program)' ? '(program)' : null;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      component ??= componentOf(n.callFrame.url);
      const k = label(n);
      if (!seen.has(k)) {
        seen.add(k);
        add(inclusive, k, dt);
      }
    }
    add(components, component ?? 'node (other)', dt);
  }
  const print = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(
        `${(v / 1000).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`,
      );
  };
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled after the first ${skipUs / 1e6} s`);
  print('by component (innermost known frame)', components, 40);
  print('self time by function', self, top);
  print('inclusive time by function', inclusive, top);
}

main();
