import { z } from 'zod';

/**
 * A contract template is data: the default (src/documents/templates/default.json) and, per community, an override
 * row whose fields replace the default's. Its version is recorded on every contract rendered from it.
 */
export const ZMilestone = z.strictObject({
  label: z.string().min(1).max(200),
  /** Share of the amount in basis points; the shares of a template add up to 10000. */
  shareBps: z.number().int().min(1).max(10_000),
  due: z.string().min(1).max(200),
});

export const ZContractTemplate = z
  .strictObject({
    id: z.string().min(1).max(100),
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    preamble: z.string().min(1).max(4000),
    /** Signing order: parallel unless sequential, then in `signingOrder`. */
    sequential: z.boolean(),
    signingOrder: z.tuple([z.enum(['community', 'organization']), z.enum(['community', 'organization'])]),
    milestones: z.array(ZMilestone).min(1).max(20),
    cancellation: z.string().min(1).max(4000),
    dispute: z.string().min(1).max(4000),
    governingLaw: z.string().min(1).max(4000),
  })
  .refine((t) => t.milestones.reduce((sum, m) => sum + m.shareBps, 0) === 10_000, {
    message: 'milestone shares must add up to 10000 basis points',
    path: ['milestones'],
  })
  .refine((t) => t.signingOrder[0] !== t.signingOrder[1], {
    message: 'signingOrder names each side once',
    path: ['signingOrder'],
  });
export type TContractTemplate = z.infer<typeof ZContractTemplate>;

/** The fields a community may override (everything but the id). */
export type TTemplateOverride = Partial<Omit<TContractTemplate, 'id'>>;

/** The template a community's contracts use: the default with the community's override applied, validated again. */
export function resolveTemplate(
  base: TContractTemplate,
  override: { communityId: string; version: number; fields: TTemplateOverride } | null,
): TContractTemplate & { versionLabel: string } {
  if (!override) return { ...base, versionLabel: `${base.id}@${base.version}` };
  const merged = ZContractTemplate.parse({
    ...base,
    ...override.fields,
    id: `${base.id}+community:${override.communityId}`,
    version: override.version,
  });
  return { ...merged, versionLabel: `${base.id}@${base.version}+community@${override.version}` };
}
