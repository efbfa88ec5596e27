import { createRouter } from '../router.js';
import { createRoute, z } from '@hono/zod-openapi';
import {
  CATEGORY_INFO,
  EVENT_CATEGORIES,
  EVENT_TYPES,
  PARTNERS_AND_SPONSORS_TIER,
} from '../../domain/commdesk-facts.js';
import type { TApiDeps } from '../context.js';
import { envelope, jsonResponse, ok, PUBLIC_OPERATION } from '../http.js';

const ZCategoryInfo = z
  .object({
    label: z.string(),
    kind: z.enum(['sponsor', 'partner']),
    tierKeyword: z.string(),
    band: z.number().int(),
  })
  .openapi('PartnerCategory');

const categoriesRoute = createRoute({
  method: 'get',
  path: '/partner-categories',
  tags: ['meta'],
  summary: 'The 33 display category labels in frontend order, with kind, tier keyword and display band',
  security: PUBLIC_OPERATION,
  responses: { 200: jsonResponse(envelope(z.array(ZCategoryInfo)), 'Categories') },
});

const vocabularyRoute = createRoute({
  method: 'get',
  path: '/vocabulary',
  tags: ['meta'],
  summary:
    'Event types, event categories, tier keywords, currencies and the decision-deadline bound accepted by this API',
  security: PUBLIC_OPERATION,
  responses: {
    200: jsonResponse(
      envelope(
        z.object({
          eventTypes: z.array(z.string()),
          eventCategories: z.array(z.string()),
          tierKeywords: z.array(z.string()),
          currencies: z.array(z.string()).describe('ISO 4217 codes money may be written in'),
          maxDecisionDeadlineDays: z.number().describe('how far ahead a decision deadline may be set'),
        }),
      ),
      'Vocabulary',
    ),
  },
});

export function metaRoutes(deps: Pick<TApiDeps, 'config'>) {
  const app = createRouter();
  app.openapi(categoriesRoute, (c) => ok(c, [...CATEGORY_INFO]));
  app.openapi(vocabularyRoute, (c) =>
    ok(c, {
      eventTypes: [...EVENT_TYPES],
      eventCategories: [...EVENT_CATEGORIES],
      tierKeywords: [...PARTNERS_AND_SPONSORS_TIER],
      currencies: [...deps.config.SUPPORTED_CURRENCIES],
      maxDecisionDeadlineDays: Math.floor(deps.config.MAX_DECISION_DEADLINE / 86_400_000),
    }),
  );
  return app;
}
