import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import proto from '@temporalio/proto';
import type { TTestStack } from './stack.js';

export const HISTORIES_DIR = path.resolve('test/histories');
export const { History } = proto.temporal.api.history.v1;

/**
 * With CAPTURE_HISTORIES=1, saves a workflow's event history (protobuf) under test/histories: the
 * replay test runs every saved history against the current workflow code, so an incompatible change
 * (one that needs `patched()`) fails CI instead of stranding running workflows.
 */
export async function captureHistory(stack: TTestStack, workflowId: string, name: string): Promise<void> {
  if (process.env.CAPTURE_HISTORIES !== '1') return;
  const history = await stack.deps.temporal.workflow.getHandle(workflowId).fetchHistory();
  await writeFile(path.join(HISTORIES_DIR, `${name}.history.pb`), History.encode(history).finish());
}
