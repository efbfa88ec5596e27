/**
 * `npm run crash-test [-- crashes [minutes]]`: the crash test of test/smoke/crash.test.ts for longer, for the figure
 * in the README (crashes survived, steps checked, steps lost).
 */
import { runCrashTest } from '../test/helpers/crash-driver.js';

const crashes = Number(process.argv[2] ?? 20);
const minutes = Number(process.argv[3] ?? 20);
const report = await runCrashTest({ crashes, budgetMs: minutes * 60_000, log: (line) => console.log(line) });
console.log(
  `\n${report.crashes} crashes survived, ${report.stepsAcknowledged} steps acknowledged, ${report.stepsChecked} acknowledged-step checks after restarts, ${report.lost.length} lost`,
);
for (const problem of report.lost) console.log(`  LOST: ${problem}`);
process.exit(report.lost.length === 0 ? 0 : 1);
