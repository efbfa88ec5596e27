import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import type { TAppEnv } from './context.js';
import { issuesToDetails, onlyBusinessRules } from './http.js';

/** Every sub-app shares one validation hook, so a bad input reads the same on every route. */
export function createRouter() {
  return new OpenAPIHono<TAppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const location = result.target === 'json' ? 'body' : result.target;
        const details = issuesToDetails(location, result.error.issues as never);
        const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
        // The document admits the input and a rule it cannot state refuses it: 422, documented where it can happen.
        if (onlyBusinessRules(result.error.issues as never))
          throw new AppError('BUSINESS_RULE', `Refused ${location}: ${summary}`, details);
        throw new AppError('VALIDATION', `Invalid ${location}: ${summary}`, details);
      }
    },
  });
}
