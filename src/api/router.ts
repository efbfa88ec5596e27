import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import type { TAppEnv } from './context.js';
import { issuesToDetails } from './http.js';

/** Every sub-app shares one validation hook, so a bad input reads the same on every route. */
export function createRouter() {
  return new OpenAPIHono<TAppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const location = result.target === 'json' ? 'body' : result.target;
        const details = issuesToDetails(location, result.error.issues as never);
        const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
        throw new AppError('VALIDATION', `Invalid ${location}: ${summary}`, details);
      }
    },
  });
}
