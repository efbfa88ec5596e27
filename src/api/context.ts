import type { Client } from '@temporalio/client';
import type { TConfig } from '../config.js';
import type { Actor } from '../domain/access.js';
import type { TDb } from '../db/client.js';
import type { TMemberships, TSessionRequest } from '../db/repositories/identity-repository.js';
import type { TOpeningIds, TOpeningTargets } from '../db/repositories/requests-read-repository.js';
import type { SecretBox } from '../infra/secret-box.js';
import type { TLogger } from '../logger.js';
import type { SearchIndex } from '../search/search-index.js';

export type TApiDeps = {
  config: TConfig;
  db: TDb;
  temporal: Client;
  secretBox: SecretBox;
  searchIndex: SearchIndex;
  logger: TLogger;
};

export type TSession = {
  id: string;
  userId: string;
  expiresAt: Date;
  /** No refresh extends the session past this (sessions from before refresh existed: from their creation). */
  absoluteExpiresAt: Date;
  /** SHA-256 of the token presented (bearer or cookie); the CSRF token is derived from it. */
  tokenHash: string;
  via: 'bearer' | 'cookie';
};

export type TAppEnv = {
  Variables: {
    requestId: string;
    actor: Actor | null;
    session: TSession | null;
    user: { id: string; email: string; name: string; isPlatformAdmin: boolean } | null;
    /** The caller's memberships with each community's and organization's status, loaded with the session. */
    memberships: TMemberships | null;
    /** The request a negotiation step's path names, read with the session (null: not read; found null: none). */
    stepRequest: { id: string; found: TSessionRequest | null } | null;
    /** What a request opening's body names, read with the session (null: not read). */
    opening: { ids: TOpeningIds; targets: TOpeningTargets } | null;
  };
};
