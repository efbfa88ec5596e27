/**
 * CPU time per component of the benchmarked stack, from /proc (Linux), so a result says where the cores
 * went: on a 2-core machine every process, the load generator included, shares the same CPUs. Only
 * descendants of the benchmark's own process are counted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export type TCpuClasses = Record<string, (cmdline: string) => boolean>;

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

function snapshot(classes: TCpuClasses): Map<string, { cls: string; ms: number }> {
  const seen = new Map<string, { cls: string; ms: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return seen;
  }
  const stats = new Map<string, { ppid: string; ms: number }>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(pid, { ppid: fields[1]!, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // the process ended between the listing and the read
    }
  }
  // Only this run's process tree: on a shared machine another engineer's bench runs the same scripts.
  const self = String(process.pid);
  const ours = (pid: string) => {
    for (let p: string | undefined = pid, depth = 0; p && p !== '0' && depth < 32; depth++) {
      if (p === self) return true;
      p = stats.get(p)?.ppid;
    }
    return false;
  };
  for (const [pid, stat] of stats) {
    if (pid === self || !ours(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const cls = Object.entries(classes).find(([, match]) => match(cmdline))?.[0];
      if (cls) seen.set(pid, { cls, ms: stat.ms });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return seen;
}

/** Starts counting; the returned function gives CPU ms per class since then (processes started later count from 0). */
export function cpuMeter(classes: TCpuClasses) {
  const before = snapshot(classes);
  const self = process.cpuUsage();
  return () => {
    const totals: Record<string, number> = {};
    for (const [pid, now] of snapshot(classes)) {
      totals[now.cls] = (totals[now.cls] ?? 0) + now.ms - (before.get(pid)?.ms ?? 0);
    }
    const usage = process.cpuUsage(self);
    totals['load generator'] = (usage.user + usage.system) / 1000;
    return totals;
  };
}

export function describeCpu(totals: Record<string, number>, seconds: number, units: number, unit: string) {
  const all = Object.values(totals).reduce((a, b) => a + b, 0);
  const lines = Object.entries(totals)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([cls, ms]) =>
        `  ${cls.padEnd(16)} ${(ms / 1000).toFixed(1).padStart(6)} CPU-s  ${(ms / units).toFixed(1).padStart(6)} ms/${unit}`,
    );
  const cores = os.cpus().length;
  return [
    `CPU: ${(all / 1000).toFixed(1)} CPU-s in ${seconds.toFixed(1)} s = ${((all / 1000 / seconds / cores) * 100).toFixed(0)} % of ${cores} cores; ${(all / units).toFixed(1)} ms per ${unit}`,
    ...lines,
  ].join('\n');
}
