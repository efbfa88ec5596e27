import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { History, HISTORIES_DIR } from '../helpers/histories.js';

const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.history.pb')).sort();

describe('saved workflow histories replay against the current workflow code', () => {
  it('has histories of every long-lived workflow', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'negotiation-accepted.history.pb',
        // Before and after the steps announced reputation changes in their own transaction (patched), and with every
        // patch recorded as one marker (negotiation-current-patches, contract-current-patches).
        'negotiation-accepted-reputation-in-step.history.pb',
        'negotiation-accepted-current-patches.history.pb',
        // ... and with the acceptance step starting the contract itself (negotiation-current-patches-2).
        'negotiation-accepted-current-patches-2.history.pb',
        // ... and leaving the deadline's timer running when the acceptance closes it (negotiation-current-patches-3).
        'negotiation-accepted-current-patches-3.history.pb',
        // ... and started with the patch level, so it asks no patch (TNegotiationInput.patchLevel).
        'negotiation-accepted-patch-level-3.history.pb',
        'contract-signed-current-patches.history.pb',
        'contract-signed-current-patches-2.history.pb',
        'contract-signed-current-patches-3.history.pb',
        'contract-signed-patch-level-3.history.pb',
        'negotiation-withdrawn-party-disabled.history.pb',
        'verification-claim-approved.history.pb',
        'verification-approved.history.pb',
        'webhook-delivery-retried.history.pb',
        'escrow-released.history.pb',
        // Before and after the escrow drained what came in as its window ended (patched, both must replay).
        'escrow-ended-with-pending-signal.history.pb',
        'escrow-drain-before-complete.history.pb',
        'contract-signed-starts-escrow.history.pb',
        'contract-cancellation-confirmed.history.pb',
        'contract-cancellation-lapsed.history.pb',
      ]),
    );
  });

  it.each(files)('%s', async (file) => {
    const history = History.decode(await readFile(path.join(HISTORIES_DIR, file)));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('stack').workflowBundlePath } },
      history,
      file.replace('.history.pb', ''),
    );
  });
});
