import { describe, expect, it } from 'vitest';
import { runCrashTest } from '../helpers/crash-driver.js';

/**
 * Acknowledged means durable: SIGKILL of the whole process tree right after acknowledgements loses nothing, and
 * every workflow agrees with Postgres after the restart. `npm run crash-test` runs the same for longer.
 */
describe('crash of npm start', () => {
  it('keeps every acknowledged step across SIGKILLs of the whole stack', async () => {
    const report = await runCrashTest({ crashes: 4, budgetMs: 240_000 });
    console.log(
      `crash test: ${report.crashes} crashes survived, ${report.stepsAcknowledged} steps acknowledged, ${report.stepsChecked} checks, ${report.lost.length} lost`,
    );
    expect(report.lost).toEqual([]);
    expect(report.crashes).toBeGreaterThanOrEqual(2);
    expect(report.stepsChecked).toBeGreaterThan(report.crashes);
  }, 600_000);
});
