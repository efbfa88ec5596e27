import { createHash } from 'node:crypto';
import { PROOF_FILE_MAX_BYTES, type TProof } from '../../domain/fulfillment.js';
import { AppError } from '../../errors.js';
import type { TProofInput } from './fulfillment.types.js';

/**
 * The proof a delivery records, from what was sent: a metric may not be measured in the future; a file (base64) is
 * decoded, held to the size limit and keyed by its content, so the same file sent twice is one stored object and the
 * same proof (an unchanged item). Checked before the deal is loaded, as the route always did.
 */
export function proofToDeliver(
  dealId: string,
  itemId: string,
  input: TProofInput,
): { proof: TProof; bytes?: Uint8Array } {
  if (input.type === 'metric' && Date.parse(input.measuredAt) > Date.now() + 5 * 60_000)
    throw new AppError('BUSINESS_RULE', 'a metric cannot be measured in the future', {
      field: 'measuredAt',
    });
  if (input.type !== 'file') return { proof: input };
  const bytes = new Uint8Array(Buffer.from(input.contentBase64, 'base64'));
  if (bytes.length > PROOF_FILE_MAX_BYTES)
    throw new AppError('BUSINESS_RULE', `the file must be at most ${PROOF_FILE_MAX_BYTES} bytes`, {
      field: 'contentBase64',
    });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    proof: {
      type: 'file',
      documentKey: `fulfillment/${dealId}/${itemId}/proof-${sha256}`,
      sha256,
      fileName: input.fileName,
      contentType: input.contentType,
      sizeBytes: bytes.length,
      ...(input.note ? { note: input.note } : {}),
    },
    bytes,
  };
}
