/**
 * The typed CommDesk Marketplace client for the frontend: openapi-fetch over the types openapi-typescript generates
 * from our OpenAPI document (schema.d.ts; regenerate with `npm run client:generate`). Paths, parameters, bodies and
 * every documented response (success and error) are typed:
 *
 *   const api = createCommDeskClient('https://marketplace.example', token);
 *   const { data, error, response } = await api.GET('/api/v1/requests/{requestId}', {
 *     params: { path: { requestId } },
 *   });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, paths } from './schema.js';
export type TCommDeskClient = Client<paths>;

export function createCommDeskClient(
  baseUrl: string,
  token?: string,
  options: Omit<ClientOptions, 'baseUrl'> = {},
): TCommDeskClient {
  return createClient<paths>({
    ...options,
    baseUrl: baseUrl.replace(/\/$/, ''),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(options.headers ?? {}) },
  });
}
