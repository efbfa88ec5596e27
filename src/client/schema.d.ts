/**
 * Generated from the CommDesk Marketplace OpenAPI document by openapi-typescript: do not edit.
 * Regenerate with `npm run client:generate`; `npm run client:check` (and the test suite) fail when it is stale.
 */
export interface paths {
  '/api/v1/auth/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Use a single-use activation or invitation link: set a password, join the organization, log in */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ActivateBody'];
        };
      };
      responses: {
        /** @description Activated and logged in */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                expiresAt: string;
                organizationId: string | null;
                token: string;
                user: components['schemas']['User'];
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No such link (a well-formed token that was never issued) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The link was already used */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The link expired or was replaced by a newer one */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange email and password for a session: a bearer token, or an HttpOnly cookie for browsers */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['LoginBody'];
        };
      };
      responses: {
        /** @description Logged in, with the memberships and roles of /auth/me (a cookie session also gets Set-Cookie) */
        200: {
          headers: {
            /** @description Cookie sessions only: commdesk_session (HttpOnly) and commdesk_csrf, SameSite per SESSION_COOKIE_SAMESITE, Secure except on plain-http localhost (logout: both expired) */
            'Set-Cookie'?: string;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['LoginResult'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many failed attempts for this account or address */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke the current session */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Session revoked */
        200: {
          headers: {
            /** @description Cookie sessions only: commdesk_session (HttpOnly) and commdesk_csrf, SameSite per SESSION_COOKIE_SAMESITE, Secure except on plain-http localhost (logout: both expired) */
            'Set-Cookie'?: string;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {boolean} */
                loggedOut: true;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted; a cookie session also needs X-CSRF-Token and an allowed Origin on unsafe methods */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller, with community and organization memberships */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The caller */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Me'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rotate the session token and extend the session (never past its absolute lifetime)
     * @description The token sent (bearer or cookie) is replaced; it keeps working for SESSION_REFRESH_GRACE so requests already in flight succeed. A cookie session gets new cookies and a new csrfToken (and needs X-CSRF-Token).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The session, refreshed */
        200: {
          headers: {
            /** @description Cookie sessions only: commdesk_session (HttpOnly) and commdesk_csrf, SameSite per SESSION_COOKIE_SAMESITE, Secure except on plain-http localhost (logout: both expired) */
            'Set-Cookie'?: string;
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['LoginResult'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/communities/{communityId}/payout-account': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The community's payout account and its latest payouts as Stripe last reported them (community partner managers, platform admins) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          communityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Payout account and its latest payouts */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['PayoutAccountWithPayouts'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create the community's Stripe Express connected account (once) and get an onboarding link (community Organizer or platform admin)
     * @description Idempotent: a community has one payout account; calling again returns it (200) with a fresh onboarding link. Releases to the community wait (AwaitingPayoutAccount) until Stripe reports payouts enabled (account.updated).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          communityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The existing account; a fresh onboarding link */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['PayoutAccountOnboarding'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Account created; onboarding link */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['PayoutAccountOnboarding'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Another request is creating the account right now */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/communities/{communityId}/reputation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A community's reputation with its per-signal breakdown (approved/active communities for everyone; others for their members and admins) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          communityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Reputation */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['CommunityReputation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The deal's current contract, started (and generated) when it has none */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** Format: uuid */
            dealId: string;
          };
        };
      };
      responses: {
        /** @description The deal already had a live contract */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Contract'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description A new contract was started (status Draft until generated) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Contract'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A new contract is started only by someone who may sign it */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The deal is not Accepted (Contracted or Cancelled) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A contract: status, parties, document hashes, signatures, deadline and timeline (parties only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Contract */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Contract'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a contract before both parties have signed (either party, reason required) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Cancelled */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Contract'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already signed by both, or closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/cancellation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The contract's latest cancellation proposal, open or closed (parties only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The latest proposal */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No such contract for the caller, or no cancellation was ever proposed */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /**
     * Propose to cancel a signed contract (a signer of either side, reason required)
     * @description The other side's signer confirms or declines before the deadline (CONTRACT_CANCELLATION_WINDOW), else the proposal lapses; the proposer may withdraw it. Confirmed, the contract becomes Cancelled, benefits not yet verified are waived, and the sponsor may refund what the escrow still holds. Repeating the proposal answers 200 with the open one.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Why the proposer wants to cancel the signed contract (shown to the other side) */
            reason: string;
          };
        };
      };
      responses: {
        /** @description The caller's side's proposal, already made */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Proposed */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The caller may not sign for their side */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The contract is not Signed, or the other side has an open proposal */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/cancellation/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Confirm the other side's proposal: the signed contract is Cancelled
     * @description Only a signer of the side that did not propose. Repeating it answers 200 with the closed proposal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The proposal after the answer */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a signer, or the wrong side for this answer (WRONG_SIDE) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No open proposal (closed, lapsed, or never made) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/cancellation/decline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Decline the other side's proposal: the contract stays Signed
     * @description Only a signer of the side that did not propose. Repeating it answers 200 with the closed proposal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The proposal after the answer */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a signer, or the wrong side for this answer (WRONG_SIDE) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No open proposal (closed, lapsed, or never made) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/cancellation/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Withdraw your side’s proposal: the contract stays Signed
     * @description Only a signer of the side that proposed. Repeating it answers 200 with the withdrawn proposal.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The proposal after the answer */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractCancellation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a signer, or the wrong side for this answer (WRONG_SIDE) */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No open proposal (closed, lapsed, or never made) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/document': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The contract PDF (parties only): the document to sign, or the sealed one once Signed */
    get: {
      parameters: {
        query?: {
          /** @description current: the document to sign; signed: the sealed PDF with its certificate page (once Signed) */
          version?: 'current' | 'signed';
        };
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The PDF; X-Document-Sha256 carries its SHA-256 */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The signed version exists only once the contract is Signed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/document-link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A signed link to the PDF that works without a session for a few minutes (CONTRACT_DOCUMENT_LINK_TTL) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * @default current
             * @enum {string}
             */
            version?: 'current' | 'signed';
          };
        };
      };
      responses: {
        /** @description The link and when it stops working */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractDocumentLink'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The signed version exists only once the contract is Signed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/document/shared': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The PDF behind a signed link (no session); a tampered or expired link is refused (403) */
    get: {
      parameters: {
        query: {
          /** @description Epoch milliseconds after which the link is refused */
          expires: number;
          signature: string;
          version: 'current' | 'signed';
        };
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The PDF */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The signed version exists only once the contract is Signed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/evidence': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every event and signature of the contract with IP, user agent, session and hash (parties only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The evidence export */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractEvidence'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/{contractId}/sign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign the exact document (its SHA-256) for the caller's side
     * @description The community signs through its Organizer or Partnerships/Sponsorship Lead, the organization through its Sponsor/Partner Admin or a delegated signer. A second signature for a side answers 200 with the recorded one. Records name typed, time, IP, user agent, session and the hash signed.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          contractId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {boolean} */
            consent: true;
            /**
             * @description SHA-256 of the document the signer read (documentSha256 of the contract)
             * @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
             */
            documentSha256: string;
            /** @description The signer types their full name */
            fullName: string;
          };
        };
      };
      responses: {
        /** @description The signature for the caller's side */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractSignature'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description DOCUMENT_CHANGED (the hash is not the current document), OUT_OF_ORDER (sequential signing), or the contract is not awaiting signatures */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/contracts/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Whether a PDF is a sealed contract of ours and unaltered (anyone) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'multipart/form-data': {
            /**
             * Format: binary
             * @description The PDF to check
             */
            file: string;
          };
        };
      };
      responses: {
        /** @description The verdict */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ContractVerification'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The deal of an accepted request (created at acceptance) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** Format: uuid */
            requestId: string;
          };
        };
      };
      responses: {
        /** @description The deal */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealSummary'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request is not Accepted (its status is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A deal (its parties and platform admins only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deal */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Deal'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The deal's contracted benefits: owner, due date, status, proof, completion and timeline (parties only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Benefits */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealBenefits'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /**
     * Start the deal's benefit fulfillment if a signed contract has none (e.g. signed before it existed)
     * @description Signing starts it on its own; this repairs a deal whose fulfillment never started or whose run failed. Either party. 200 with the existing one, 201 when it was started.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The deal already had its fulfillment */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealBenefits'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Fulfillment was started */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealBenefits'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The contract is not signed (its status is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Assign an item's owner or due date (community fulfillment managers), or report Planned/InProgress
     * @description Owner and due date: the community's Organizer, Co-Organizer or Partnerships/Sponsorship/Industry Relations Lead. Status Planned/InProgress: they or the item's owner. The fields sent are applied together.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: date-time
             * @description In the future; not for a Missed item
             */
            dueAt?: string;
            /**
             * Format: uuid
             * @description An Active member of the community
             */
            ownerUserId?: string;
            /** @enum {string} */
            status?: 'Planned' | 'InProgress';
          };
        };
      };
      responses: {
        /** @description The item after the change (or as it was, for a repeat) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['BenefitItem'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The owner is not an Active member of the community, or the due date is not ahead */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}/dispute': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Dispute a Delivered item with a reason (organization reviewers) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description The item after the change (or as it was, for a repeat) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['BenefitItem'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}/proof': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Mark an item Delivered with proof: a link, a file (base64, kept in the document store) or a metric
     * @description The item's owner or a community fulfillment manager. A Missed item may be delivered late; a Disputed one again. Sending the same proof again answers the item unchanged.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            contentBase64?: string;
            /** @enum {string} */
            contentType?:
              'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp' | 'text/plain' | 'text/csv';
            fileName?: string;
            /** Format: date-time */
            measuredAt?: string;
            name?: string;
            note?: string;
            /** @enum {string} */
            type: 'link' | 'file' | 'metric';
            unit?: string;
            /** Format: uri */
            url?: string;
            value?: number;
          } & (
            | {
                /** @constant */
                type: 'link';
              }
            | {
                /** @constant */
                type: 'file';
              }
            | {
                /** @constant */
                type: 'metric';
              }
          );
        };
      };
      responses: {
        /** @description The item after the change (or as it was, for a repeat) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['BenefitItem'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A metric measured in the future, or a file over the size limit */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}/proof-file': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The file of an item's current proof, as uploaded (parties only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The bytes with their content type; X-Document-Sha256 carries the SHA-256 recorded with the proof */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/pdf': string;
            'image/jpeg': string;
            'image/png': string;
            'image/webp': string;
            'text/csv': string;
            'text/plain': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Verify a Delivered item (organization reviewers) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The item after the change (or as it was, for a repeat) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['BenefitItem'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/benefits/{itemId}/waive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Agree to waive an item for the caller's side; it is Waived once both sides agreed */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
          itemId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description The item after the change (or as it was, for a repeat) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['BenefitItem'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The item's status does not allow it (e.g. verifying an item not Delivered), or fulfillment is closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The sponsor report: every benefit with proof and status (final after the event, a preview before) */
    get: {
      parameters: {
        query?: {
          /** @description pdf: the stored PDF of the final report */
          format?: 'json' | 'pdf';
        };
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description JSON, or with format=pdf the final report as PDF (X-Document-Sha256 carries its SHA-256) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['SponsorReport'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
            'application/pdf': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description format=pdf before the final report was produced */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deals/{dealId}/reviews': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A deal's reviews (its parties and platform admins) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Reviews */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealReview'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Review the other side of a completed deal (1-5 with a comment): once per side, by the side's negotiators, within REVIEW_WINDOW after the event ends */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          dealId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['DealReviewInput'];
        };
      };
      responses: {
        /** @description The same review, already recorded (a retried submission) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealReview'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Recorded; the reviewed side’s reputation is recomputed */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DealReview'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description This side already reviewed the deal (differently) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The deal is not completed, its event has not ended, or the review window closed */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/disputes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Disputes of every payment (platform admins): the open ones, nearest resolution deadline first */
    get: {
      parameters: {
        query?: {
          limit?: number;
          page?: number;
          /** @description open: not resolved yet (the longest waiting first); resolved: newest first; all when left out */
          status?: 'open' | 'resolved';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Disputes */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DisputeQueueItem'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a platform admin */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/disputes/{disputeId}/answer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Answer a dispute (the other party, before its answer deadline) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          disputeId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            statement: string;
          };
        };
      };
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/disputes/{disputeId}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve a dispute (platform admins): release, refund, or split (splitMinor to the community) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          disputeId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            outcome: 'release' | 'refund' | 'split';
            splitMinor?: number;
          };
        };
      };
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Events the caller may see (public ones without a session) */
    get: {
      parameters: {
        query?: {
          category?:
            | 'Technology'
            | 'Artificial Intelligence'
            | 'Machine Learning'
            | 'Web Development'
            | 'Mobile Development'
            | 'Cloud Computing'
            | 'Cybersecurity'
            | 'Data Science'
            | 'Open Source'
            | 'DevOps'
            | 'Startup'
            | 'Entrepreneurship'
            | 'Business'
            | 'Product Management'
            | 'Education'
            | 'Career Development'
            | 'Leadership'
            | 'Design / UI-UX'
            | 'Marketing'
            | 'Finance'
            | 'Health'
            | 'Social Impact'
            | 'Community'
            | 'Entertainment'
            | 'Music'
            | 'Art'
            | 'Sports';
          communityId?: string;
          from?: string;
          limit?: number;
          page?: number;
          phase?: 'Upcoming' | 'Live' | 'Completed';
          search?: string;
          sort?: 'startsAt' | '-startsAt' | 'title';
          status?: 'draft' | 'published' | 'archived';
          to?: string;
          type?:
            | 'Workshop'
            | 'Hands-on Workshop'
            | 'Seminar'
            | 'Conference'
            | 'Webinar'
            | 'Meetup'
            | 'Hackathon'
            | 'Code Lab'
            | 'Bootcamp'
            | 'Panel Discussion'
            | 'Tech Talk'
            | 'AMA Session'
            | 'Networking Event'
            | 'Startup Pitch'
            | 'Product Launch'
            | 'Demo Day'
            | 'Training Session'
            | 'Certification Program'
            | 'Competition'
            | 'Challenge'
            | 'Community Meetup'
            | 'Open Source Sprint'
            | 'Volunteer Event'
            | 'Charity Event'
            | 'Festival'
            | 'Concert'
            | 'Sports Event'
            | 'Trade Show';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Events */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Event'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events/{eventId}/partners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the event's partners panel, ordered by display band then display order */
    get: {
      parameters: {
        query?: {
          category?:
            | 'Title Sponsor'
            | 'Presenting Sponsor'
            | 'Co-Presenting Sponsor'
            | 'Diamond Sponsor'
            | 'Platinum Sponsor'
            | 'Premier Sponsor'
            | 'Elite Sponsor'
            | 'Gold Sponsor'
            | 'Silver Sponsor'
            | 'Bronze Sponsor'
            | 'Knowledge Sponsor'
            | 'Education Sponsor'
            | 'Learning Sponsor'
            | 'Media Sponsor'
            | 'Press Sponsor'
            | 'Broadcast Sponsor'
            | 'Support Sponsor'
            | 'Associate Sponsor'
            | 'Contributor Sponsor'
            | 'Community Sponsor'
            | 'Ecosystem Sponsor'
            | 'Official Partner'
            | 'Community Partner'
            | 'Ecosystem Partner'
            | 'Knowledge Partner'
            | 'Media Partner'
            | 'Support Partner'
            | 'Associate Partner'
            | 'Strategic Partner'
            | 'Innovation Partner'
            | 'Technology Partner'
            | 'Outreach Partner'
            | 'Venue Partner';
          kind?: 'sponsor' | 'partner';
          limit?: number;
          page?: number;
          search?: string;
        };
        header?: never;
        path: {
          eventId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Assignments */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['EventPartner'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Assign an organization to the event */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          eventId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateEventPartner'];
        };
      };
      responses: {
        /** @description Assigned */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['EventPartner'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The organization is already assigned to this event */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The website has no registrable domain, logoUrl and imageUrl differ, or the organization is Disabled or Rejected */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events/{eventId}/partners/{linkId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove an assignment from the event */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          eventId: string;
          linkId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {boolean} */
                deleted: true;
                id: string;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change an assignment (category, benefits, visibility, order, display snapshots) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          eventId: string;
          linkId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateEventPartner'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['EventPartner'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/events/{eventId}/sponsors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the event's sponsors panel (sponsor-kind assignments only), ordered by display band then display order */
    get: {
      parameters: {
        query?: {
          category?:
            | 'Title Sponsor'
            | 'Presenting Sponsor'
            | 'Co-Presenting Sponsor'
            | 'Diamond Sponsor'
            | 'Platinum Sponsor'
            | 'Premier Sponsor'
            | 'Elite Sponsor'
            | 'Gold Sponsor'
            | 'Silver Sponsor'
            | 'Bronze Sponsor'
            | 'Knowledge Sponsor'
            | 'Education Sponsor'
            | 'Learning Sponsor'
            | 'Media Sponsor'
            | 'Press Sponsor'
            | 'Broadcast Sponsor'
            | 'Support Sponsor'
            | 'Associate Sponsor'
            | 'Contributor Sponsor'
            | 'Community Sponsor'
            | 'Ecosystem Sponsor'
            | 'Official Partner'
            | 'Community Partner'
            | 'Ecosystem Partner'
            | 'Knowledge Partner'
            | 'Media Partner'
            | 'Support Partner'
            | 'Associate Partner'
            | 'Strategic Partner'
            | 'Innovation Partner'
            | 'Technology Partner'
            | 'Outreach Partner'
            | 'Venue Partner';
          kind?: 'sponsor';
          limit?: number;
          page?: number;
          search?: string;
        };
        header?: never;
        path: {
          eventId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Assignments */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['EventPartner'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Assign an organization to the event (sponsor-kind assignments only) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          eventId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateEventSponsor'];
        };
      };
      responses: {
        /** @description Assigned */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['EventPartner'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The organization is already assigned to this event */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The website has no registrable domain, logoUrl and imageUrl differ, or the organization is Disabled or Rejected */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Database, Temporal and search status */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Everything answers */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Health'];
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Something is down */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Health'];
              message: string;
              /** @enum {boolean} */
              success: false;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/meta/partner-categories': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The 33 display category labels in frontend order, with kind, tier keyword and display band */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Categories */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['PartnerCategory'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/meta/vocabulary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Event types, event categories, tier keywords, currencies and the decision-deadline bound accepted by this API */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Vocabulary */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @description ISO 4217 codes money may be written in */
                currencies: string[];
                eventCategories: string[];
                eventTypes: string[];
                /** @description how far ahead a decision deadline may be set */
                maxDecisionDeadlineDays: number;
                tierKeywords: string[];
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/negotiations/message': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A threaded message (never changes the terms) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['NegotiationMessage'];
        };
      };
      responses: {
        /** @description Posted */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                messageId: string;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Negotiation closed */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Message limit of the organization (stricter for new or low-trust organizations) */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/opportunities': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Browse open opportunities (verified organizations) or your community’s own */
    get: {
      parameters: {
        query?: {
          /** @description ISO 4217 code. Money is written only in the platform’s supported currencies (GET /api/v1/meta/vocabulary: currencies); another code gets 422. */
          budgetCurrency?: components['schemas']['Currency'];
          budgetMax?: number | null;
          budgetMin?: number | null;
          category?:
            | 'Title Sponsor'
            | 'Presenting Sponsor'
            | 'Co-Presenting Sponsor'
            | 'Diamond Sponsor'
            | 'Platinum Sponsor'
            | 'Premier Sponsor'
            | 'Elite Sponsor'
            | 'Gold Sponsor'
            | 'Silver Sponsor'
            | 'Bronze Sponsor'
            | 'Knowledge Sponsor'
            | 'Education Sponsor'
            | 'Learning Sponsor'
            | 'Media Sponsor'
            | 'Press Sponsor'
            | 'Broadcast Sponsor'
            | 'Support Sponsor'
            | 'Associate Sponsor'
            | 'Contributor Sponsor'
            | 'Community Sponsor'
            | 'Ecosystem Sponsor'
            | 'Official Partner'
            | 'Community Partner'
            | 'Ecosystem Partner'
            | 'Knowledge Partner'
            | 'Media Partner'
            | 'Support Partner'
            | 'Associate Partner'
            | 'Strategic Partner'
            | 'Innovation Partner'
            | 'Technology Partner'
            | 'Outreach Partner'
            | 'Venue Partner';
          communityId?: string;
          eventType?:
            | 'Workshop'
            | 'Hands-on Workshop'
            | 'Seminar'
            | 'Conference'
            | 'Webinar'
            | 'Meetup'
            | 'Hackathon'
            | 'Code Lab'
            | 'Bootcamp'
            | 'Panel Discussion'
            | 'Tech Talk'
            | 'AMA Session'
            | 'Networking Event'
            | 'Startup Pitch'
            | 'Product Launch'
            | 'Demo Day'
            | 'Training Session'
            | 'Certification Program'
            | 'Competition'
            | 'Challenge'
            | 'Community Meetup'
            | 'Open Source Sprint'
            | 'Volunteer Event'
            | 'Charity Event'
            | 'Festival'
            | 'Concert'
            | 'Sports Event'
            | 'Trade Show';
          from?: string;
          limit?: number;
          /** @description whose fit to rank by (defaults to the caller’s organization) */
          organizationId?: string;
          page?: number;
          region?: string;
          search?: string;
          sort?: 'deadline' | 'fit';
          status?: 'Draft' | 'Open' | 'Closed' | 'Filled';
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Opportunities */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: (components['schemas']['Opportunity'] & {
                /** @description how many of the organization's preferences the event matches (0-3) */
                fit: number;
              })[];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Publish (or draft) a sponsorship opportunity for an event */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateOpportunity'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Opportunity'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refuses the request (the message and details name it), e.g. a currency the platform does not handle (see SupportedCurrency), a budget range whose maxMinor is below its minMinor, a deadline out of bounds */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/opportunities/{opportunityId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One opportunity */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          opportunityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Opportunity */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Opportunity'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Edit while Draft or Open (or close it) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          opportunityId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateOpportunity'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Opportunity'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not editable (Closed or Filled), a budget range whose maxMinor is below its minMinor, a decision deadline in the past or too far ahead, or a currency the platform does not handle */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/opportunities/{opportunityId}/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply with a first proposal (opens a request and its negotiation) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          opportunityId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['OpportunityApplication'];
        };
      };
      responses: {
        /** @description Applied */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                currentRevision: number;
                requestId: string;
                /** @enum {string} */
                status: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already applied */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not open or past its deadline, an organization or community not eligible, or a currency the platform does not handle */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Application limit (stricter for new or low-trust organizations) */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/opportunities/{opportunityId}/matches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Organizations ranked for an opportunity, each with its score and reasons (the opportunity's community negotiators) */
    get: {
      parameters: {
        query?: {
          /** @description how many of the best matches */
          limit?: number;
        };
        header?: never;
        path: {
          opportunityId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Best matches first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OrganizationMatch'][];
              meta: {
                /** @description the SearchIndex adapter the candidates came from */
                adapter?: string;
                /** @description how many candidates were scored */
                candidates: number;
                limit: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ops/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The payments ops queue (platform admins): failed transfers and reversals, stuck money, disputes, chargebacks
     * @description Tasks the escrow opened for a person (each also emailed to every platform admin), the oldest first. Filter by status (open/done) and kind.
     */
    get: {
      parameters: {
        query?: {
          kind?:
            | 'reversal_failed'
            | 'transfer_failed'
            | 'stuck_money'
            | 'dispute_open'
            | 'dispute_answer_missed'
            | 'dispute_overdue'
            | 'chargeback_open'
            | 'chargeback_lost'
            | 'payment_mismatch'
            | 'refund_failed'
            | 'payout_stuck'
            | 'payout_failed';
          limit?: number;
          page?: number;
          /** @description open or done; all when left out */
          status?: 'open' | 'done';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ops tasks, oldest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OpsTask'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a platform admin */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ops/tasks/{taskId}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close an ops task with its resolution (platform admins; audited; a repeat answers the closed task)
     * @description Closing a task also clears the payment's alert when nothing else on it calls for ops. A task already closed keeps its first resolution and is returned as it is.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          taskId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description what ops did about it, kept with the task */
            resolution: string;
          };
        };
      };
      responses: {
        /** @description The closed task */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OpsTask'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not a platform admin */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No such task */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The deal's payment into escrow, with the client secret for the sponsor's payment page
     * @description A signed contract starts its escrow on its own; this returns it (200), or starts it when it has none (201). The invoice is issued before the PaymentIntent is created; the client secret is shown to the sponsor's members only.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** Format: uuid */
            dealId: string;
          };
        };
      };
      responses: {
        /** @description The existing payment */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description The payment was started */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The deal has no signed contract */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database or the workflow service (Temporal) is unreachable: Retry-After says when to repeat */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A payment: status, amounts (gross, platform fee, processor fee, net), milestones, disputes, ledger, balances, links, Stripe ids, timeline (parties and platform admins) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Payment */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/invoice': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The payment's invoice, PDF or JSON (parties of the deal and platform admins) */
    get: {
      parameters: {
        query?: {
          /** @description pdf: the document to read or print; json: the same document as issued (machine-readable) */
          format?: 'pdf' | 'json';
        };
        header?: never;
        path: {
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The invoice as issued: the PDF (format=pdf) or its JSON (format=json); X-Document-Sha256 carries the SHA-256 recorded when it was issued */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['InvoiceDocument'];
            'application/pdf': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No invoice yet: it is issued when the escrow starts, before the sponsor pays */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/milestones/{milestoneId}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a requested release (sponsor admins and managers); above the threshold two different people approve */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          milestoneId: string;
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/milestones/{milestoneId}/dispute': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Dispute a milestone (either party, within the window after the event's end) */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          milestoneId: string;
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/milestones/{milestoneId}/release-request': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask for the release of a funded milestone (or part of it) with a note and proof (community signers)
     * @description Opens the sponsor's review window (ESCROW_REVIEW_WINDOW, 14 days by default): approved or disputed in it, or released automatically when it ends.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          milestoneId: string;
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            amountMinor?: number;
            note: string;
            /** Format: uri */
            proofUrl?: string;
          };
        };
      };
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/receipt': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The payment's receipt, PDF or JSON (parties of the deal and platform admins) */
    get: {
      parameters: {
        query?: {
          /** @description pdf: the document to read or print; json: the same document as issued (machine-readable) */
          format?: 'pdf' | 'json';
        };
        header?: never;
        path: {
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The receipt as issued: the PDF (format=pdf) or its JSON (format=json); X-Document-Sha256 carries the SHA-256 recorded when it was issued */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ReceiptDocument'];
            'application/pdf': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No receipt yet: it is issued once the payment has succeeded */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/payments/{paymentId}/refund': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refund the payment: what is in escrow is refunded, what was transferred is reversed first
     * @description Platform admins; or the sponsor, before any release, when the contract was cancelled. A reversal Stripe refuses keeps its milestone released and opens an ops task.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description Your key for this action (printable ASCII, at most 200 characters). Repeating the request with the same key (a retry after a timeout or a 503) returns the first attempt's outcome instead of acting twice; the key is scoped to you, the action and its milestone or dispute. */
          'idempotency-key'?: string;
        };
        path: {
          paymentId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description The payment after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Payment'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The payment's or milestone's state does not allow it (the state is named) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (an amount out of range, a deadline passed) */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The step is not confirmed (database or Stripe did not answer in time), or the workflow service (Temporal) is unreachable: Retry-After says when; check the payment, then repeat (with the same Idempotency-Key) */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's programs: its organizations' (in full) and those inviting its communities (their part) */
    get: {
      parameters: {
        query?: {
          limit?: number;
          page?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Programs, newest first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Create a long-term program and its renewal Schedule (the organization's admins) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateProgram'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted: the caller is not an admin of the organization, sets platformFeeBps without being a platform admin, or leaves out organizationId while administering no organization */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No such organization (organizationId) or community (communityIds) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A rule across fields (end after start, one currency), an organization not Verified or Active, an unsupported currency, or organizationId left out while the caller administers several organizations (or is a platform admin): name it */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A program (an invited community sees only its part) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Program */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** End a program: its Schedule is deleted; its cycles, renewals and requests stay */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ended */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a program; its Schedule follows (period and start date only before the first cycle) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PatchProgram'];
        };
      };
      responses: {
        /** @description Changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The program has ended, or changed since the revision you read */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A rule across fields (end after start, one currency), or an ineligible party */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/programs/{programId}/cycles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The cycles with their renewals (an invited community sees only its own renewals) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Cycles */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ProgramCycle'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}/participation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** An invited community accepts or declines (its Organizer or Partnerships Lead) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ProgramParticipation'];
        };
      };
      responses: {
        /** @description Recorded */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ProgramParticipant'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The program has ended, or changed since the revision you read */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}/pause': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Pause the program's Schedule (the reason becomes its note); a cycle not yet opened is skipped */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['PauseProgram'];
        };
      };
      responses: {
        /** @description Paused */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The program has ended, or changed since the revision you read */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The program's report across cycles and events (its organization); format=csv for a spreadsheet */
    get: {
      parameters: {
        query?: {
          format?: 'json' | 'csv';
        };
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description JSON, or with format=csv one row per period */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ProgramReport'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
            'text/csv': string;
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}/resume': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resume the program's Schedule */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Resumed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['Program'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The program has ended, or changed since the revision you read */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/programs/{programId}/trigger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a cycle now: fires the Schedule; the due period opens once (a period that already ran opens nothing) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          programId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': Record<string, never>;
        };
      };
      responses: {
        /** @description Fired */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['ProgramTrigger'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The program has ended, or changed since the revision you read */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's inbox: incoming requests, applications, negotiations, deals */
    get: {
      parameters: {
        query?: {
          /** @description ISO 4217 code. Money is written only in the platform’s supported currencies (GET /api/v1/meta/vocabulary: currencies); another code gets 422. */
          budgetCurrency?: components['schemas']['Currency'];
          budgetMax?: number | null;
          budgetMin?: number | null;
          communityId?: string;
          direction?: 'incoming' | 'outgoing';
          eventType?:
            | 'Workshop'
            | 'Hands-on Workshop'
            | 'Seminar'
            | 'Conference'
            | 'Webinar'
            | 'Meetup'
            | 'Hackathon'
            | 'Code Lab'
            | 'Bootcamp'
            | 'Panel Discussion'
            | 'Tech Talk'
            | 'AMA Session'
            | 'Networking Event'
            | 'Startup Pitch'
            | 'Product Launch'
            | 'Demo Day'
            | 'Training Session'
            | 'Certification Program'
            | 'Competition'
            | 'Challenge'
            | 'Community Meetup'
            | 'Open Source Sprint'
            | 'Volunteer Event'
            | 'Charity Event'
            | 'Festival'
            | 'Concert'
            | 'Sports Event'
            | 'Trade Show';
          limit?: number;
          organizationId?: string;
          page?: number;
          region?: string;
          status?: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Inbox */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['InboxItem'][];
              meta: {
                limit: number;
                page: number;
                total: number;
                totalPages: number;
                /** @description unread requests among all that match */
                unread: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** A community asks an organization to sponsor (first proposal included) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateRequest'];
        };
      };
      responses: {
        /** @description Opened */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestState'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description An open request exists */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refused it (the message says which): the organization is not Verified or Active, the proposal currency is not one this platform handles, or the deadline is not in the future */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Daily limit */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/requests/{requestId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A request with its revisions (and diffs), messages and timeline */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          requestId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Request */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestDetail'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/requests/{requestId}/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Accept the other side's current revision (creates the deal) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          requestId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            revision: number;
          };
        };
      };
      responses: {
        /** @description The request after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestState'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Stale revision, wrong party or wrong state, or a party is not in good standing (disabled) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Counter-offer limit */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/requests/{requestId}/negotiate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Counter-offer: a new revision answering the current one */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          requestId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CounterOffer'];
        };
      };
      responses: {
        /** @description The request after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestState'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Stale revision, wrong party or wrong state, or a party is not in good standing (disabled) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refuses the request (the message and details name it), e.g. a currency the platform does not handle (see SupportedCurrency), a budget range whose maxMinor is below its minMinor, a deadline out of bounds */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Counter-offer limit */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/requests/{requestId}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Reject the other side's current revision */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          requestId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
            revision: number;
          };
        };
      };
      responses: {
        /** @description The request after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestState'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Stale revision, wrong party or wrong state, or a party is not in good standing (disabled) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Counter-offer limit */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/requests/{requestId}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Withdraw (the side that opened the request, before an outcome) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          requestId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason?: string;
          };
        };
      };
      responses: {
        /** @description The request after the step */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RequestState'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Stale revision, wrong party or wrong state, or a party is not in good standing (disabled) */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Counter-offer limit */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/sponsors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The organization directory: typo-tolerant search, filters, facets, sorting */
    get: {
      parameters: {
        query?: {
          /** @description ISO 4217 code. Money is written only in the platform’s supported currencies (GET /api/v1/meta/vocabulary: currencies); another code gets 422. */
          budgetCurrency?: components['schemas']['Currency'];
          budgetMax?: number | null;
          budgetMin?: number | null;
          eventTypes?: string;
          industry?: string;
          kind?: 'sponsor' | 'partner';
          limit?: number;
          page?: number;
          q?: string;
          regions?: string;
          sort?: 'relevance' | 'reputation' | 'name' | 'newest';
          sponsorshipTypes?: string;
          status?: string;
          technologies?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Directory page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DirectoryEntry'][];
              meta: {
                adapter: string;
                facets: {
                  [key: string]: {
                    [key: string]: number;
                  };
                };
                limit: number;
                page: number;
                total: number;
                totalPages: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description budgetMin or budgetMax without budgetCurrency */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An organization profile (contacts only for its members) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Profile */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['SponsorProfile'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Edit the profile: identity fields need an org admin; a website change re-runs verification */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SponsorProfilePatch'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['SponsorProfile'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Domain taken or verification running */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A business rule refuses the request (the message and details name it), e.g. a currency the platform does not handle (see SupportedCurrency), a budget range whose maxMinor is below its minMinor, a deadline out of bounds */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/activation/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a new activation link to the applicant's email (the previous link stops working) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
          };
        };
      };
      responses: {
        /** @description If the email matches a pending activation, a new link is on its way */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {boolean} */
                accepted: true;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many resend requests from this address */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Disable an organization (platform admin): it leaves the directory and cannot act; its open requests are withdrawn */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Disabled */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                id: string;
                /** @enum {string} */
                status:
                  | 'Pending Verification'
                  | 'Verified'
                  | 'Community Added'
                  | 'Active'
                  | 'Rejected'
                  | 'Disabled';
                /** @description open requests withdrawn because of this (each with a timeline entry) */
                withdrawnRequestIds: string[];
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-enable a disabled organization (platform admin) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Enabled */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                id: string;
                /** @enum {string} */
                status:
                  | 'Pending Verification'
                  | 'Verified'
                  | 'Community Added'
                  | 'Active'
                  | 'Rejected'
                  | 'Disabled';
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/matches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Open opportunities ranked for an organization, each with its score and reasons (the organization's members) */
    get: {
      parameters: {
        query?: {
          /** @description how many of the best matches */
          limit?: number;
        };
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Best matches first */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OpportunityMatch'][];
              meta: {
                /** @description the SearchIndex adapter the candidates came from */
                adapter?: string;
                /** @description how many candidates were scored */
                candidates: number;
                limit: number;
              };
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The organization is not Verified or Active */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The organization's members and invitations */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Members */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OrganizationMember'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /** Invite someone by email with a role; they activate through a single-use link */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['OrganizationInvite'];
        };
      };
      responses: {
        /** @description Invited (the same answer for new and existing addresses) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OrganizationInvitation'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already a member */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Role not valid for this kind of organization */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/members/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a member or revoke an invitation (the last admin cannot leave); `userId` may be an invitationId */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
          userId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Removed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {boolean} */
                removed: true;
                userId: string;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Would leave no admin */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a member's role (the last admin cannot be demoted); `userId` may be a pending invitation's invitationId */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
          userId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            role:
              | 'Sponsor Admin'
              | 'Sponsor Manager'
              | 'DevRel Manager'
              | 'Hiring Manager'
              | 'Partner Admin'
              | 'Partnership Manager';
          };
        };
      };
      responses: {
        /** @description Changed */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['OrganizationMember'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Would leave no admin */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/signers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The members the organization's admin delegated to sign contracts (its members only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Delegated signers */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DelegatedSigner'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/signers/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Delegate contract signing to an active member (Sponsor/Partner Admin; idempotent) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
          userId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The delegated signer */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DelegatedSigner'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    post?: never;
    /** Withdraw a delegation to sign contracts (Sponsor/Partner Admin) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
          userId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Whether a delegation was withdrawn */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                removed: boolean;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/{organizationId}/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A platform admin's verification decision (approve, reject, request_info) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          organizationId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['VerificationDecision'];
        };
      };
      responses: {
        /** @description Decision recorded */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {string} */
                phase:
                  | 'awaiting_confirmation'
                  | 'checking'
                  | 'pending_review'
                  | 'info_requested'
                  | 'awaiting_activation'
                  | 'active'
                  | 'rejected'
                  | 'expired';
                /** @enum {string} */
                status:
                  | 'Pending Verification'
                  | 'Verified'
                  | 'Community Added'
                  | 'Active'
                  | 'Rejected'
                  | 'Disabled';
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No decision is possible now */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply as a sponsor or partner (public, rate-limited); starts verification */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SponsorApplication'];
        };
      };
      responses: {
        /** @description Application received */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                claimed: boolean;
                displayName: string;
                id: string;
                /** @enum {string} */
                kind: 'sponsor' | 'partner';
                /** @enum {string} */
                status:
                  | 'Pending Verification'
                  | 'Verified'
                  | 'Community Added'
                  | 'Active'
                  | 'Rejected'
                  | 'Disabled';
                /**
                 * @description awaiting_confirmation for a claim of a listed organization: nothing changes until the link emailed to officialEmail is opened and an admin approves
                 * @enum {string}
                 */
                verification: 'awaiting_confirmation' | 'checking';
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The domain belongs to an existing organization */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description A claim of a listed organization from an email address outside its domain, a website without a registrable domain, a budget range whose maxMinor is below its minMinor, or a currency the platform does not handle */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Too many applications */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/claims/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm a claim with the single-use link emailed to the claimant's address at the domain */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['ConfirmClaimBody'];
        };
      };
      responses: {
        /** @description Confirmed; the claim goes to review */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                organizationId: string;
                phase: string;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description No such link (a well-formed token that was never issued) */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Already confirmed, or the claim is no longer waiting */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The link expired */
        410: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sponsors/dashboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's organizations: status and what is waiting on them */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Dashboard */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['DashboardEntry'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stripe/webhook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Stripe webhook endpoint: events signed with STRIPE_WEBHOOK_SECRET are stored once by id and delivered (payment and charge events to their escrow, account.updated to the payout account)
     * @description Called by Stripe, not by clients. The Stripe-Signature header is verified on the raw body; a missing, forged or expired signature is a 400 and nothing is stored. A repeated event id answers 200 with `duplicate: true` and changes nothing. An event whose escrow workflow does not exist is recorded (`delivery: no_workflow`) and answered 200. A 503 means the workflow service did not answer: Stripe delivers the event again and it is delivered then.
     */
    post: {
      parameters: {
        query?: never;
        header: {
          /** @description Stripe-Signature: t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<raw body>" with the signing secret> */
          'stripe-signature': string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['StripeEvent'];
        };
      };
      responses: {
        /** @description Stored (or stored before) and delivered as recorded */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['StripeWebhookResult'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Missing or invalid Stripe-Signature, or not a Stripe event */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The community's subscriptions (active and disabled), with their last delivery status and test time */
    get: {
      parameters: {
        query: {
          communityId: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Subscriptions */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookSubscription'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    /**
     * Subscribe a URL to event types of a community; the signing secret is returned once
     * @description The URL must be https, and every address its host name resolves to must be public: loopback, private, link-local (cloud metadata), carrier-grade NAT, unique-local, multicast and reserved addresses are refused with a 400 that names the reason (deliveries check again at every attempt and never follow redirects).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['CreateWebhookSubscription'];
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['CreatedWebhookSubscription'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{subscriptionId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One subscription */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Subscription */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookSubscription'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a subscription; pending deliveries to it are cancelled */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deleted */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: {
                /** @enum {boolean} */
                deleted: true;
                id: string;
              };
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Change the name, URL, event types or description, or disable / enable the subscription
     * @description A new URL is checked as at registration (400 naming the reason). Disabling cancels pending deliveries; a disabled subscription gets no new ones until it is enabled again.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['UpdateWebhookSubscription'];
        };
      };
      responses: {
        /** @description Updated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookSubscription'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/webhooks/{subscriptionId}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deliveries of a subscription, newest first */
    get: {
      parameters: {
        query?: {
          limit?: number;
          page?: number;
        };
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Deliveries */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookDelivery'][];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{subscriptionId}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Roll the signing secret: the new one is returned once; the previous one also signs during the overlap */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: {
        content: {
          'application/json': components['schemas']['RotateWebhookSecret'];
        };
      };
      responses: {
        /** @description Rotated */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['RotatedWebhookSecret'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The request body is larger than 1 MiB */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{subscriptionId}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a signed `ping` event to this subscription through the delivery workflow (see its delivery log) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          subscriptionId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ping queued: its delivery */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookDelivery'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The subscription is disabled */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/deliveries/{deliveryId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One delivery with every attempt (status, latency, error) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deliveryId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Delivery */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookDelivery'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/deliveries/{deliveryId}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Deliver a finished (dead-lettered, delivered or cancelled) delivery again, same delivery id */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          deliveryId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Replay started */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              data: components['schemas']['WebhookDelivery'];
              message?: string;
              /** @enum {boolean} */
              success: true;
            };
          };
        };
        /** @description Invalid input (details list each field path) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Authentication required */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not permitted */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Not found */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description Still in progress */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
        /** @description The database is unavailable; retry after the Retry-After seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Error'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ActivateBody: {
      password?: string;
      token: string;
    };
    BenefitItem: {
      benefitKey: string;
      deliveredAt: string | null;
      detail: string | null;
      disputeReason: string | null;
      dueAt: string;
      /** Format: uuid */
      id: string;
      missedAt: string | null;
      owner: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      position: number;
      proof: components['schemas']['BenefitProof'];
      /** @enum {string} */
      status: 'Planned' | 'InProgress' | 'Delivered' | 'Verified' | 'Disputed' | 'Missed' | 'Waived';
      title: string;
      updatedAt: string;
      verifiedAt: string | null;
      waivedAt: string | null;
      waivedBy: ('community' | 'organization')[];
    };
    BenefitProof:
      | {
          note?: string;
          /** @enum {string} */
          type: 'link';
          url: string;
        }
      | {
          /** @enum {string} */
          contentType:
            'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp' | 'text/plain' | 'text/csv';
          fileName: string;
          note?: string;
          sha256: string;
          sizeBytes: number;
          /** @enum {string} */
          type: 'file';
        }
      | {
          measuredAt: string;
          name: string;
          note?: string;
          /** @enum {string} */
          type: 'metric';
          unit?: string;
          value: number;
        }
      | null;
    BenefitView: {
      detail?: string;
      /** @enum {string} */
      key:
        | 'logo_placement'
        | 'keynote_slot'
        | 'workshop_slot'
        | 'booth'
        | 'social_promotion'
        | 'newsletter_mention'
        | 'hiring_access'
        | 'custom';
      label?: string;
    };
    CommunityReputation: {
      /** Format: uuid */
      communityId: string;
      name: string;
      reputation: components['schemas']['Reputation'];
    };
    ConfirmClaimBody: {
      token: string;
    };
    ConnectedPayout: {
      amountMinor: number;
      /**
       * Format: date-time
       * @description when Stripe expects the money in the bank account
       */
      arrivalDate: string | null;
      /**
       * Format: date-time
       * @description when Stripe created the payout
       */
      createdAt: string;
      /** @description lower-case ISO 4217 code, as Stripe gives it */
      currency: string;
      failureCode: string | null;
      failureMessage: string | null;
      /** @enum {string} */
      status: 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';
      stripePayoutId: string;
      /**
       * Format: date-time
       * @description when Stripe last reported a change
       */
      updatedAt: string;
    };
    Contract: {
      cancelReason: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      deadline: string | null;
      /** Format: uuid */
      dealId: string;
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      documentSha256: string | null;
      /** Format: uuid */
      id: string;
      parties: {
        community: {
          /** Format: uuid */
          id: string;
          name: string;
        };
        organization: {
          /** Format: uuid */
          id: string;
          name: string;
        };
      };
      sequential: boolean;
      signatures: components['schemas']['ContractSignature'][];
      /** Format: date-time */
      signedAt: string | null;
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      signedSha256: string | null;
      signingOrder: ('community' | 'organization')[];
      /** @enum {string} */
      status: 'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed';
      templateVersion: string | null;
      timeline: {
        /** Format: uuid */
        actorUserId: string | null;
        /** Format: date-time */
        at: string;
        detail: components['schemas']['ContractEventDetail'];
        /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
        documentSha256: string | null;
        /** @enum {string|null} */
        fromStatus:
          'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed' | null;
        /** @enum {string|null} */
        side: 'community' | 'organization' | null;
        /** @enum {string|null} */
        toStatus:
          'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed' | null;
        /** @enum {string} */
        type:
          | 'created'
          | 'generated'
          | 'signed'
          | 'reminder'
          | 'sealed'
          | 'expired'
          | 'completed'
          | 'cancelled'
          | 'cancellation_proposed'
          | 'cancellation_declined'
          | 'cancellation_withdrawn'
          | 'cancellation_lapsed'
          | 'disputed'
          | 'dispute_settled';
      }[];
    };
    ContractCancellation: {
      /**
       * @description The side whose answer closed the proposal; null while open or lapsed
       * @enum {string|null}
       */
      closedBy: 'community' | 'organization' | null;
      /** Format: uuid */
      contractId: string;
      /** @enum {string} */
      contractStatus:
        'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed';
      /**
       * Format: date-time
       * @description Until when the other side may confirm or decline; then it lapses
       */
      deadline: string;
      /** @description One proposal; a new one after a closed proposal gets a new id */
      proposalId: string;
      /** @enum {string} */
      proposedBy: 'community' | 'organization';
      reason: string;
      /** @enum {string} */
      status: 'Proposed' | 'Confirmed' | 'Declined' | 'Withdrawn' | 'Lapsed';
    };
    ContractDocumentLink: {
      /** Format: date-time */
      expiresAt: string;
      url: string;
    };
    ContractEventDetail: {
      /** Format: date-time */
      deadline?: string | null;
      /** @description What the step did to the deal */
      deal?: string;
      /** Format: uuid */
      dealId?: string;
      fullName?: string;
      /** @description The cancellation proposal the entry belongs to */
      proposalId?: string;
      reason?: string;
      reminder?: number;
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      signedDocumentSha256?: string;
      templateVersion?: string;
      waitingOn?: ('community' | 'organization')[];
    } | null;
    ContractEvidence: {
      /** Format: uuid */
      contractId: string;
      /** Format: uuid */
      dealId: string;
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      documentSha256: string | null;
      events: {
        /** Format: uuid */
        actorUserId: string | null;
        /** Format: date-time */
        at: string;
        detail: components['schemas']['ContractEventDetail'];
        /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
        documentSha256: string | null;
        /** @enum {string|null} */
        fromStatus:
          'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed' | null;
        ip: string | null;
        sessionId: string | null;
        /** @enum {string|null} */
        side: 'community' | 'organization' | null;
        /** @enum {string|null} */
        toStatus:
          'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed' | null;
        /** @enum {string} */
        type:
          | 'created'
          | 'generated'
          | 'signed'
          | 'reminder'
          | 'sealed'
          | 'expired'
          | 'completed'
          | 'cancelled'
          | 'cancellation_proposed'
          | 'cancellation_declined'
          | 'cancellation_withdrawn'
          | 'cancellation_lapsed'
          | 'disputed'
          | 'dispute_settled';
        userAgent: string | null;
      }[];
      /** Format: date-time */
      exportedAt: string;
      signatures: {
        /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
        documentSha256: string;
        fullName: string;
        ip: string;
        sessionId: string;
        /** @enum {string} */
        side: 'community' | 'organization';
        /** Format: date-time */
        signedAt: string;
        userAgent: string;
        /** Format: uuid */
        userId: string;
      }[];
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      signedSha256: string | null;
      /** @enum {string} */
      status: 'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed';
      templateVersion: string | null;
    };
    ContractSignature: {
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      documentSha256: string;
      fullName: string;
      /** @enum {string} */
      side: 'community' | 'organization';
      /** Format: date-time */
      signedAt: string;
      /** Format: uuid */
      userId: string;
    };
    ContractVerification: {
      /**
       * Format: uuid
       * @description The contract whose sealed PDF this exactly is, if any
       */
      contractId: string | null;
      /** @description Not one byte changed since it was signed */
      intact: boolean;
      /** @description Sealed with the CommDesk Marketplace certificate */
      ours: boolean;
      reason: string;
      /** @description The file carries a digital signature */
      sealed: boolean;
      /** @example e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */
      sha256: string;
    };
    CounterOffer: {
      inReplyToRevision: number;
      proposal: components['schemas']['Proposal'];
    };
    CreatedWebhookSubscription: components['schemas']['WebhookSubscription'] & {
      /** @description The signing secret. Shown once: store it now. */
      secret: string;
    };
    CreateEventPartner: {
      benefits?: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category?:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      displayOrder?: number;
      /** Format: uri */
      imageUrl?: string;
      /** Format: uri */
      logoUrl?: string;
      name?: string;
      /** Format: uuid */
      organizationId?: string;
      /** @enum {string} */
      visibility?: 'public' | 'community';
      /** Format: uri */
      website?: string;
    } & (unknown | unknown);
    CreateEventSponsor: {
      benefits?: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor';
      displayOrder?: number;
      /** Format: uri */
      imageUrl?: string;
      /** Format: uri */
      logoUrl?: string;
      name?: string;
      /** Format: uuid */
      organizationId?: string;
      /** @enum {string} */
      visibility?: 'public' | 'community';
      /** Format: uri */
      website?: string;
    } & (unknown | unknown);
    CreateOpportunity: {
      benefits?: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      budgetRange: {
        currency: components['schemas']['SupportedCurrency'];
        /** @description at least minMinor: a lower one is a 422 (one field against another, which no schema states) */
        maxMinor: number;
        minMinor: number;
      };
      /** Format: date-time */
      decisionDeadline: string;
      description?: string;
      /** @enum {string} */
      desiredCategory:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      /** Format: uuid */
      eventId: string;
      slots?: number;
      /**
       * @default Draft
       * @enum {string}
       */
      status: 'Draft' | 'Open';
      timeline?: string;
      title: string;
    };
    CreateProgram:
      | {
          budgetPerPeriod: {
            amountMinor: number;
            currency: components['schemas']['SupportedCurrency'];
          };
          /**
           * @default none
           * @enum {string}
           */
          carryOver: 'none' | 'next-period';
          /** @default [] */
          categories: (
            | 'Technology'
            | 'Artificial Intelligence'
            | 'Machine Learning'
            | 'Web Development'
            | 'Mobile Development'
            | 'Cloud Computing'
            | 'Cybersecurity'
            | 'Data Science'
            | 'Open Source'
            | 'DevOps'
            | 'Startup'
            | 'Entrepreneurship'
            | 'Business'
            | 'Product Management'
            | 'Education'
            | 'Career Development'
            | 'Leadership'
            | 'Design / UI-UX'
            | 'Marketing'
            | 'Finance'
            | 'Health'
            | 'Social Impact'
            | 'Community'
            | 'Entertainment'
            | 'Music'
            | 'Art'
            | 'Sports'
          )[];
          communities?: components['schemas']['ProgramMatchedCommunities'];
          /** @description communities invited to take part (required unless communities is matched) */
          communityIds?: string[];
          contractTemplate?: components['schemas']['ProgramContractTemplate'];
          /**
           * @description YYYY-MM-DD: no period starts on or after it. After startDate (the one sent or the program’s): an end on or before it is a 422
           * @example 2028-01-01
           */
          endDate?: string;
          /** @default [] */
          eventTypes: (
            | 'Workshop'
            | 'Hands-on Workshop'
            | 'Seminar'
            | 'Conference'
            | 'Webinar'
            | 'Meetup'
            | 'Hackathon'
            | 'Code Lab'
            | 'Bootcamp'
            | 'Panel Discussion'
            | 'Tech Talk'
            | 'AMA Session'
            | 'Networking Event'
            | 'Startup Pitch'
            | 'Product Launch'
            | 'Demo Day'
            | 'Training Session'
            | 'Certification Program'
            | 'Competition'
            | 'Challenge'
            | 'Community Meetup'
            | 'Open Source Sprint'
            | 'Volunteer Event'
            | 'Charity Event'
            | 'Festival'
            | 'Concert'
            | 'Sports Event'
            | 'Trade Show'
          )[];
          name: string;
          /**
           * Format: uuid
           * @description the organization the program is for; may be left out when the caller administers exactly one organization (leaving it out answers 403 when the caller administers none, 422 when several or a platform admin)
           */
          organizationId?: string;
          perCommunityCapMinor?: number;
          /** @enum {string} */
          period: 'monthly' | 'quarterly' | 'annual';
          /** @description platform admins only: the platform fee of this program's deals in basis points, instead of PLATFORM_FEE_BPS; fixed on each payment when its escrow opens */
          platformFeeBps?: number;
          proposalTemplate: components['schemas']['ProgramProposalTemplate'];
          /** @default [] */
          regions: string[];
          /**
           * @description YYYY-MM-DD in 2000-2099, day 1 to 28: every period starts on that day of the month (the renewal Schedule is written for those years)
           * @example 2027-01-01
           */
          startDate: string;
          /** @default [] */
          technologies: string[];
        }
      | unknown
      | unknown;
    CreateRequest: {
      /** Format: uuid */
      communityId: string;
      /** Format: date-time */
      deadline?: string;
      /** Format: uuid */
      eventId?: string;
      /** Format: uuid */
      opportunityId?: string;
      /** Format: uuid */
      organizationId: string;
      proposal: components['schemas']['Proposal'];
    };
    CreateWebhookSubscription: {
      /** Format: uuid */
      communityId: string;
      description?: string;
      eventTypes: (
        | 'event_partner_assigned'
        | 'event_partner_updated'
        | 'event_partner_removed'
        | 'sponsor_application_submitted'
        | 'request_negotiation_started'
        | 'deal_accepted'
        | 'contract_signed'
        | 'payment_released'
      )[];
      /** @description What the dashboard lists it by; default: the URL's host */
      name?: string;
      /** Format: uri */
      url: string;
    };
    /**
     * @description ISO 4217 code. Money is written only in the platform’s supported currencies (GET /api/v1/meta/vocabulary: currencies); another code gets 422.
     * @enum {string}
     */
    Currency:
      | 'AED'
      | 'AFN'
      | 'ALL'
      | 'AMD'
      | 'ANG'
      | 'AOA'
      | 'ARS'
      | 'AUD'
      | 'AWG'
      | 'AZN'
      | 'BAM'
      | 'BBD'
      | 'BDT'
      | 'BGN'
      | 'BHD'
      | 'BIF'
      | 'BMD'
      | 'BND'
      | 'BOB'
      | 'BOV'
      | 'BRL'
      | 'BSD'
      | 'BTN'
      | 'BWP'
      | 'BYN'
      | 'BZD'
      | 'CAD'
      | 'CDF'
      | 'CHE'
      | 'CHF'
      | 'CHW'
      | 'CLF'
      | 'CLP'
      | 'CNY'
      | 'COP'
      | 'COU'
      | 'CRC'
      | 'CUC'
      | 'CUP'
      | 'CVE'
      | 'CZK'
      | 'DJF'
      | 'DKK'
      | 'DOP'
      | 'DZD'
      | 'EGP'
      | 'ERN'
      | 'ETB'
      | 'EUR'
      | 'FJD'
      | 'FKP'
      | 'GBP'
      | 'GEL'
      | 'GHS'
      | 'GIP'
      | 'GMD'
      | 'GNF'
      | 'GTQ'
      | 'GYD'
      | 'HKD'
      | 'HNL'
      | 'HTG'
      | 'HUF'
      | 'IDR'
      | 'ILS'
      | 'INR'
      | 'IQD'
      | 'IRR'
      | 'ISK'
      | 'JMD'
      | 'JOD'
      | 'JPY'
      | 'KES'
      | 'KGS'
      | 'KHR'
      | 'KMF'
      | 'KPW'
      | 'KRW'
      | 'KWD'
      | 'KYD'
      | 'KZT'
      | 'LAK'
      | 'LBP'
      | 'LKR'
      | 'LRD'
      | 'LSL'
      | 'LYD'
      | 'MAD'
      | 'MDL'
      | 'MGA'
      | 'MKD'
      | 'MMK'
      | 'MNT'
      | 'MOP'
      | 'MRU'
      | 'MUR'
      | 'MVR'
      | 'MWK'
      | 'MXN'
      | 'MXV'
      | 'MYR'
      | 'MZN'
      | 'NAD'
      | 'NGN'
      | 'NIO'
      | 'NOK'
      | 'NPR'
      | 'NZD'
      | 'OMR'
      | 'PAB'
      | 'PEN'
      | 'PGK'
      | 'PHP'
      | 'PKR'
      | 'PLN'
      | 'PYG'
      | 'QAR'
      | 'RON'
      | 'RSD'
      | 'RUB'
      | 'RWF'
      | 'SAR'
      | 'SBD'
      | 'SCR'
      | 'SDG'
      | 'SEK'
      | 'SGD'
      | 'SHP'
      | 'SLE'
      | 'SOS'
      | 'SRD'
      | 'SSP'
      | 'STN'
      | 'SVC'
      | 'SYP'
      | 'SZL'
      | 'THB'
      | 'TJS'
      | 'TMT'
      | 'TND'
      | 'TOP'
      | 'TRY'
      | 'TTD'
      | 'TWD'
      | 'TZS'
      | 'UAH'
      | 'UGX'
      | 'USD'
      | 'USN'
      | 'UYI'
      | 'UYU'
      | 'UYW'
      | 'UZS'
      | 'VED'
      | 'VES'
      | 'VND'
      | 'VUV'
      | 'WST'
      | 'XAF'
      | 'XAG'
      | 'XAU'
      | 'XBA'
      | 'XBB'
      | 'XBC'
      | 'XBD'
      | 'XCD'
      | 'XDR'
      | 'XOF'
      | 'XPD'
      | 'XPF'
      | 'XPT'
      | 'XSU'
      | 'XTS'
      | 'XUA'
      | 'XXX'
      | 'YER'
      | 'ZAR'
      | 'ZMW'
      | 'ZWG';
    DashboardEntry: {
      organization: {
        displayName: string;
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        kind: 'sponsor' | 'partner';
        /** @enum {string} */
        status: 'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
      };
      /** @description its running long-term programs and their next renewal dates */
      programs: components['schemas']['DashboardProgram'][];
      /** @enum {string} */
      role:
        | 'Sponsor Admin'
        | 'Sponsor Manager'
        | 'DevRel Manager'
        | 'Hiring Manager'
        | 'Partner Admin'
        | 'Partnership Manager';
      verification: {
        /** Format: date-time */
        decidedAt: string | null;
        /** @enum {string} */
        status:
          | 'awaiting_confirmation'
          | 'checking'
          | 'pending_review'
          | 'info_requested'
          | 'approved'
          | 'rejected'
          | 'expired';
      } | null;
      waitingOnYou: {
        message: string;
        /** @enum {string} */
        type:
          | 'info_requested'
          | 'verification_pending'
          | 'disabled'
          | 'pending_invitations'
          | 'profile_incomplete';
      }[];
    };
    DashboardProgram: {
      /** Format: uuid */
      id: string;
      name: string;
      /** @description the next period and when its renewal notice goes out; null when the program ends first */
      nextRenewal: {
        /** Format: date-time */
        noticeAt: string;
        period: string;
        /** Format: date-time */
        startsAt: string;
      } | null;
      /** @enum {string} */
      period: 'monthly' | 'quarterly' | 'annual';
      /** @enum {string} */
      status: 'Active' | 'Paused' | 'Ended';
    };
    Deal: {
      acceptedRevision: number;
      amountMinor: number;
      benefits: components['schemas']['BenefitView'][];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      /** Format: uuid */
      communityId: string;
      /** Format: uuid */
      contractId: string | null;
      /** Format: date-time */
      createdAt: string;
      currency: components['schemas']['Currency'];
      /** Format: uuid */
      eventId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      organizationId: string;
      /** Format: uuid */
      requestId: string;
      /** @enum {string} */
      status: 'Accepted' | 'Contracted' | 'Cancelled';
      terms: string;
      /** @enum {string} */
      tierKeyword:
        | 'title'
        | 'presenting'
        | 'co-presenting'
        | 'diamond'
        | 'platinum'
        | 'premier'
        | 'elite'
        | 'gold'
        | 'silver'
        | 'bronze'
        | 'knowledge'
        | 'education'
        | 'learning'
        | 'media'
        | 'press'
        | 'broadcast'
        | 'support'
        | 'associate'
        | 'contributor'
        | 'community'
        | 'ecosystem'
        | 'partner'
        | 'official partner';
      /** Format: date-time */
      updatedAt: string;
    };
    DealBenefits: {
      alarm: {
        checkedAt: string;
        percent: number | null;
        raised: boolean;
      } | null;
      completedAt: string | null;
      completion: {
        /** @description Verified or Waived */
        done: number;
        percent: number;
        total: number;
      };
      /** Format: uuid */
      contractId: string;
      /** Format: uuid */
      dealId: string;
      /** @description The event's end: the alarm and the report count from it */
      endAt: string;
      items: components['schemas']['BenefitItem'][];
      reportProducedAt: string | null;
      /** @enum {string} */
      status: 'Fulfilling' | 'Completed';
      timeline: {
        /** @enum {string|null} */
        actorSide: 'community' | 'organization' | null;
        /** Format: uuid */
        actorUserId: string | null;
        at: string;
        /** @enum {string|null} */
        fromStatus:
          'Planned' | 'InProgress' | 'Delivered' | 'Verified' | 'Disputed' | 'Missed' | 'Waived' | null;
        /** Format: uuid */
        itemId: string | null;
        reason: string | null;
        /** @enum {string|null} */
        toStatus:
          'Planned' | 'InProgress' | 'Delivered' | 'Verified' | 'Disputed' | 'Missed' | 'Waived' | null;
        /** @description a step (started, reminder, missed, alarm, report, completed, waived) or the actions of one item change joined with + (edit+deliver) */
        type: string;
      }[];
    };
    DealReview: {
      comment: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      dealId: string;
      /** Format: uuid */
      id: string;
      rating: number;
      /** @enum {string} */
      reviewerSide: 'community' | 'organization';
      subject: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        type: 'organization' | 'community';
      };
    };
    DealReviewInput: {
      comment: string;
      /** @description 1 (poor) to 5 (excellent) */
      rating: number;
    };
    DealSummary: {
      amountMinor: number;
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      /** Format: uuid */
      communityId: string;
      /** Format: uuid */
      contractId: string | null;
      currency: components['schemas']['Currency'];
      /** Format: uuid */
      eventId: string | null;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      organizationId: string;
      /** Format: uuid */
      requestId: string;
      /** @enum {string} */
      requestStatus: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
      /** @enum {string} */
      status: 'Accepted' | 'Contracted' | 'Cancelled';
    };
    DelegatedSigner: {
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      delegatedBy: string | null;
      name: string;
      /**
       * @description The member's role in the organization (null once they left it)
       * @enum {string|null}
       */
      role:
        | 'Sponsor Admin'
        | 'Sponsor Manager'
        | 'DevRel Manager'
        | 'Hiring Manager'
        | 'Partner Admin'
        | 'Partnership Manager'
        | null;
      /** Format: uuid */
      userId: string;
    };
    DirectoryEntry: {
      budgetRange: {
        currency: components['schemas']['Currency'];
        maxMinor: number;
        minMinor: number;
      } | null;
      displayName: string;
      id: string;
      industry: string | null;
      /** @enum {string} */
      kind: 'sponsor' | 'partner';
      logoUrl: string | null;
      preferredEventTypes: string[];
      reputationScore: number;
      shortDescription: string | null;
      sponsorshipTypes: string[];
      supportedRegions: string[];
      technologies: string[];
      /** @enum {string} */
      verificationStatus:
        'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
      website: string;
    };
    DisputeQueueItem: {
      answer: string | null;
      /** Format: date-time */
      answerBy: string;
      answerMissed: boolean;
      /** Format: uuid */
      communityId: string;
      /** @description ISO 4217 code */
      currency: string;
      /** Format: date-time */
      filedAt: string;
      /** @enum {string} */
      filedBy: 'community' | 'organization';
      /** Format: uuid */
      id: string;
      milestoneAmountMinor: number;
      /** Format: uuid */
      milestoneId: string;
      milestoneLabel: string;
      /** Format: uuid */
      organizationId: string;
      /** Format: uuid */
      paymentId: string;
      /** @enum {string} */
      paymentStatus:
        | 'Initiated'
        | 'AwaitingPayment'
        | 'InEscrow'
        | 'AwaitingPayoutAccount'
        | 'Disputed'
        | 'Frozen'
        | 'RefundPending'
        | 'Released'
        | 'Refunded'
        | 'Settled'
        | 'Failed';
      reason: string;
      resolution: {
        /** Format: date-time */
        at: string;
        /** @enum {string} */
        outcome: 'release' | 'refund' | 'split';
        splitMinor: number | null;
      } | null;
      /** Format: date-time */
      resolveBy: string;
    };
    Error: {
      error: {
        /** @enum {string} */
        code:
          | 'VALIDATION'
          | 'BAD_JSON'
          | 'UNAUTHENTICATED'
          | 'FORBIDDEN'
          | 'NOT_FOUND'
          | 'CONFLICT'
          | 'STALE_REVISION'
          | 'DOCUMENT_CHANGED'
          | 'OUT_OF_ORDER'
          | 'GONE'
          | 'PAYLOAD_TOO_LARGE'
          | 'UNSUPPORTED_MEDIA_TYPE'
          | 'BUSINESS_RULE'
          | 'RATE_LIMITED'
          | 'UNAVAILABLE'
          | 'INTERNAL'
          | 'METHOD_NOT_ALLOWED'
          | 'HTTP_ERROR';
        /** @description the refused fields (400, 422, and 404 of a referenced id), or the facts of a conflict, limit or outage */
        details?: components['schemas']['FieldIssue'][] | components['schemas']['ErrorFacts'];
      };
      message: string;
      /** @enum {boolean} */
      success: false;
    };
    ErrorFacts: {
      /** @description what an unavailable dependency answered */
      cause?: string;
      /** @enum {string|null} */
      contractStatus?:
        'Draft' | 'PendingSignature' | 'Signed' | 'Completed' | 'Cancelled' | 'Expired' | 'Disputed' | null;
      domain?: string;
      existing?: {
        entries: {
          /** @enum {string} */
          account:
            | 'sponsor_funding'
            | 'escrow'
            | 'community_payable'
            | 'community_paid_out'
            | 'platform_fee_revenue'
            | 'processor_fees'
            | 'refunds'
            | 'tax_payable';
          amountMinor: number;
          currency: string;
        }[];
        /** @enum {string} */
        kind: 'funding' | 'processor_fee' | 'release' | 'transfer' | 'refund' | 'reversal';
        paymentId: string;
      };
      existingLinkId?: string;
      existingOrganizationId?: string;
      existingRequestId?: string;
      existingReviewId?: string;
      field?: string;
      key?: string;
      limit?: number;
      proposalId?: string;
      reasons?: string[];
      /** @enum {string} */
      requestStatus?: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
      retryAfterSeconds?: number;
      /** @description the rule refused by (NOT_YOUR_TURN, PARTY_INELIGIBLE, ...) */
      rule?: string | null;
      /** @enum {string} */
      trust?: 'restricted' | 'standard';
    };
    Event: {
      /** @enum {string} */
      category:
        | 'Technology'
        | 'Artificial Intelligence'
        | 'Machine Learning'
        | 'Web Development'
        | 'Mobile Development'
        | 'Cloud Computing'
        | 'Cybersecurity'
        | 'Data Science'
        | 'Open Source'
        | 'DevOps'
        | 'Startup'
        | 'Entrepreneurship'
        | 'Business'
        | 'Product Management'
        | 'Education'
        | 'Career Development'
        | 'Leadership'
        | 'Design / UI-UX'
        | 'Marketing'
        | 'Finance'
        | 'Health'
        | 'Social Impact'
        | 'Community'
        | 'Entertainment'
        | 'Music'
        | 'Art'
        | 'Sports';
      city: string | null;
      communityId: string;
      communityName: string;
      country: string | null;
      endsAt: string;
      expectedParticipants: number | null;
      id: string;
      isPublic: boolean;
      /** @enum {string} */
      phase: 'Upcoming' | 'Live' | 'Completed';
      region: string | null;
      startsAt: string;
      /** @enum {string} */
      status: 'draft' | 'published' | 'archived';
      timezone: string;
      title: string;
      /** @enum {string} */
      type:
        | 'Workshop'
        | 'Hands-on Workshop'
        | 'Seminar'
        | 'Conference'
        | 'Webinar'
        | 'Meetup'
        | 'Hackathon'
        | 'Code Lab'
        | 'Bootcamp'
        | 'Panel Discussion'
        | 'Tech Talk'
        | 'AMA Session'
        | 'Networking Event'
        | 'Startup Pitch'
        | 'Product Launch'
        | 'Demo Day'
        | 'Training Session'
        | 'Certification Program'
        | 'Competition'
        | 'Challenge'
        | 'Community Meetup'
        | 'Open Source Sprint'
        | 'Volunteer Event'
        | 'Charity Event'
        | 'Festival'
        | 'Concert'
        | 'Sports Event'
        | 'Trade Show';
    };
    EventPartner: {
      band: number;
      benefits: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      createdAt: string;
      displayOrder: number;
      eventId: string;
      id: string;
      /** @description legacy alias of logoUrl */
      imageUrl: string | null;
      /** @enum {string} */
      kind: 'sponsor' | 'partner';
      logoUrl: string | null;
      name: string;
      organizationId: string;
      tierKeyword: string;
      updatedAt: string;
      /** @enum {string} */
      visibility: 'public' | 'community';
      website: string | null;
    };
    FieldIssue: {
      /** @description body, query, param or header */
      location?: string;
      message: string;
      /** @description the field, as a dot path (empty for the whole input) */
      path: string;
    };
    Health: {
      database: {
        detail?: string;
        latencyMs: number;
        /** @enum {string} */
        status: 'ok' | 'down';
      };
      search: {
        adapter: string;
        detail?: string;
        latencyMs: number;
        /** @enum {string} */
        status: 'ok' | 'down';
      };
      /** @enum {string} */
      status: 'ok' | 'degraded';
      temporal: {
        detail?: string;
        latencyMs: number;
        /** @enum {string} */
        status: 'ok' | 'down';
      };
    };
    InboxItem: {
      community: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      current: {
        amountMinor: number;
        /** @enum {string} */
        category:
          | 'Title Sponsor'
          | 'Presenting Sponsor'
          | 'Co-Presenting Sponsor'
          | 'Diamond Sponsor'
          | 'Platinum Sponsor'
          | 'Premier Sponsor'
          | 'Elite Sponsor'
          | 'Gold Sponsor'
          | 'Silver Sponsor'
          | 'Bronze Sponsor'
          | 'Knowledge Sponsor'
          | 'Education Sponsor'
          | 'Learning Sponsor'
          | 'Media Sponsor'
          | 'Press Sponsor'
          | 'Broadcast Sponsor'
          | 'Support Sponsor'
          | 'Associate Sponsor'
          | 'Contributor Sponsor'
          | 'Community Sponsor'
          | 'Ecosystem Sponsor'
          | 'Official Partner'
          | 'Community Partner'
          | 'Ecosystem Partner'
          | 'Knowledge Partner'
          | 'Media Partner'
          | 'Support Partner'
          | 'Associate Partner'
          | 'Strategic Partner'
          | 'Innovation Partner'
          | 'Technology Partner'
          | 'Outreach Partner'
          | 'Venue Partner';
        currency: components['schemas']['Currency'];
      };
      currentRevision: number;
      /** Format: date-time */
      deadline: string;
      /** Format: uuid */
      dealId: string | null;
      /** @enum {string} */
      direction: 'incoming' | 'outgoing';
      event: {
        /** Format: uuid */
        id: string;
        region: string | null;
        title: string | null;
        /** @enum {string|null} */
        type:
          | 'Workshop'
          | 'Hands-on Workshop'
          | 'Seminar'
          | 'Conference'
          | 'Webinar'
          | 'Meetup'
          | 'Hackathon'
          | 'Code Lab'
          | 'Bootcamp'
          | 'Panel Discussion'
          | 'Tech Talk'
          | 'AMA Session'
          | 'Networking Event'
          | 'Startup Pitch'
          | 'Product Launch'
          | 'Demo Day'
          | 'Training Session'
          | 'Certification Program'
          | 'Competition'
          | 'Challenge'
          | 'Community Meetup'
          | 'Open Source Sprint'
          | 'Volunteer Event'
          | 'Charity Event'
          | 'Festival'
          | 'Concert'
          | 'Sports Event'
          | 'Trade Show'
          | null;
      } | null;
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      initiator: 'community' | 'organization';
      /** Format: date-time */
      lastActivityAt: string;
      /** Format: uuid */
      opportunityId: string | null;
      organization: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      /**
       * Format: uuid
       * @description the long-term program whose renewal this is (null for any other request)
       */
      programId: string | null;
      /** @enum {string} */
      status: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
      unread: boolean;
    };
    InvoiceDocument: {
      amountDueMinor: number;
      buyer: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      /** Format: uuid */
      contractId: string | null;
      /** @description ISO 4217 code */
      currency: string;
      /** Format: uuid */
      dealId: string;
      /** Format: date-time */
      dueAt: string;
      event: {
        /** Format: date-time */
        endsAt: string;
        /** Format: date-time */
        startsAt: string;
        title: string;
      } | null;
      /** Format: date-time */
      issuedAt: string;
      issuer: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      lines: {
        amountMinor: number;
        description: string;
        /** Format: uuid */
        milestoneId: string;
        /** @description this milestone's share of the platform fee (inside amountMinor) */
        platformFeeMinor: number;
        /** @enum {number} */
        quantity: 1;
        unitAmountMinor: number;
      }[];
      /** @description gap-free per platform: INV-<year>-<number> */
      number: string;
      /** Format: uuid */
      paymentId: string;
      platformFee: {
        amountMinor: number;
        bps: number;
        netToCommunityMinor: number;
        note: string;
      };
      seller: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      subtotalMinor: number;
      tax: {
        amountMinor: number;
        buyerTaxId: string | null;
        note: string;
        rateBps: number;
        sellerTaxId: string | null;
      };
      totalMinor: number;
      /** @enum {string} */
      type: 'invoice';
    };
    LoginBody: {
      email: string;
      password: string;
      /**
       * @description `bearer`: the token is returned in the body, for servers and scripts. `cookie`: for browsers; the token is set as an HttpOnly cookie and never returned, and unsafe requests must send X-CSRF-Token (csrfToken).
       * @enum {string}
       */
      session?: 'bearer' | 'cookie';
    };
    LoginResult: {
      /** @description No refresh extends the session past this */
      absoluteExpiresAt: string;
      communities: {
        communityId: string;
        communityName: string;
        /** @enum {string} */
        communityStatus: 'pending' | 'under_review' | 'approved' | 'active' | 'rejected' | 'suspended';
        /** @enum {string} */
        role:
          | 'Organizer'
          | 'Co-Organizer'
          | 'Partnerships Lead'
          | 'Sponsorship Lead'
          | 'Industry Relations Lead'
          | 'Community Lead'
          | 'Events Lead'
          | 'Hackathon Lead'
          | 'Mentor'
          | 'Volunteer'
          | 'Member';
        /** @enum {string} */
        status: 'On Boarding' | 'Active' | 'Inactive' | 'Suspended' | 'Banned';
      }[];
      /** @description Cookie sessions only: send it as X-CSRF-Token on POST, PUT, PATCH and DELETE */
      csrfToken?: string;
      /** @description When the session ends unless refreshed */
      expiresAt: string;
      organizations: {
        /** @enum {string} */
        kind: 'sponsor' | 'partner';
        organizationId: string;
        organizationName: string;
        /** @enum {string} */
        organizationStatus:
          'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
        /** @enum {string} */
        role:
          | 'Sponsor Admin'
          | 'Sponsor Manager'
          | 'DevRel Manager'
          | 'Hiring Manager'
          | 'Partner Admin'
          | 'Partnership Manager';
        /** @enum {string} */
        status: 'invited' | 'active' | 'removed';
      }[];
      /** @enum {string} */
      sessionKind: 'bearer' | 'cookie';
      /** @description The bearer token (bearer sessions only; a cookie session keeps it in the HttpOnly cookie) */
      token?: string;
      user: components['schemas']['User'];
    };
    MatchReason: {
      /** @description weight x value; the contributions sum to the score */
      contribution: number;
      detail: string;
      /** @enum {string} */
      signal:
        | 'event_type'
        | 'sponsorship_type'
        | 'budget'
        | 'audience'
        | 'region'
        | 'technology'
        | 'past_outcomes'
        | 'reputation'
        | 'recency';
      value: number;
      /** @description points this signal is worth (the weights sum to 100) */
      weight: number;
    };
    Me: {
      communities: {
        communityId: string;
        communityName: string;
        /** @enum {string} */
        communityStatus: 'pending' | 'under_review' | 'approved' | 'active' | 'rejected' | 'suspended';
        /** @enum {string} */
        role:
          | 'Organizer'
          | 'Co-Organizer'
          | 'Partnerships Lead'
          | 'Sponsorship Lead'
          | 'Industry Relations Lead'
          | 'Community Lead'
          | 'Events Lead'
          | 'Hackathon Lead'
          | 'Mentor'
          | 'Volunteer'
          | 'Member';
        /** @enum {string} */
        status: 'On Boarding' | 'Active' | 'Inactive' | 'Suspended' | 'Banned';
      }[];
      organizations: {
        /** @enum {string} */
        kind: 'sponsor' | 'partner';
        organizationId: string;
        organizationName: string;
        /** @enum {string} */
        organizationStatus:
          'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
        /** @enum {string} */
        role:
          | 'Sponsor Admin'
          | 'Sponsor Manager'
          | 'DevRel Manager'
          | 'Hiring Manager'
          | 'Partner Admin'
          | 'Partnership Manager';
        /** @enum {string} */
        status: 'invited' | 'active' | 'removed';
      }[];
      session: {
        absoluteExpiresAt: string;
        /** @description Cookie sessions: the X-CSRF-Token value (a reloaded page gets it here); null for bearer */
        csrfToken: string | null;
        expiresAt: string;
        /** @enum {string} */
        kind: 'bearer' | 'cookie';
      };
      user: components['schemas']['User'];
    };
    NegotiationMessage: {
      /** @default [] */
      attachments: {
        name?: string;
        /** Format: uri */
        url: string;
      }[];
      body: string;
      /** Format: uuid */
      parentMessageId?: string;
      /** Format: uuid */
      requestId: string;
    };
    Opportunity: {
      benefits: components['schemas']['BenefitView'][];
      budgetRange: {
        currency: components['schemas']['Currency'];
        maxMinor: number;
        minMinor: number;
      };
      /** Format: uuid */
      communityId: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      decisionDeadline: string;
      description: string | null;
      /** @enum {string} */
      desiredCategory:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      /** @description the event as it was when the opportunity was published */
      event: {
        /** @enum {string} */
        category:
          | 'Technology'
          | 'Artificial Intelligence'
          | 'Machine Learning'
          | 'Web Development'
          | 'Mobile Development'
          | 'Cloud Computing'
          | 'Cybersecurity'
          | 'Data Science'
          | 'Open Source'
          | 'DevOps'
          | 'Startup'
          | 'Entrepreneurship'
          | 'Business'
          | 'Product Management'
          | 'Education'
          | 'Career Development'
          | 'Leadership'
          | 'Design / UI-UX'
          | 'Marketing'
          | 'Finance'
          | 'Health'
          | 'Social Impact'
          | 'Community'
          | 'Entertainment'
          | 'Music'
          | 'Art'
          | 'Sports';
        city: string | null;
        country: string | null;
        /** Format: date-time */
        endsAt: string;
        expectedParticipants: number | null;
        /** @enum {string} */
        phase: 'Upcoming' | 'Live' | 'Completed';
        region: string | null;
        /** Format: date-time */
        startsAt: string;
        title: string;
        /** @enum {string} */
        type:
          | 'Workshop'
          | 'Hands-on Workshop'
          | 'Seminar'
          | 'Conference'
          | 'Webinar'
          | 'Meetup'
          | 'Hackathon'
          | 'Code Lab'
          | 'Bootcamp'
          | 'Panel Discussion'
          | 'Tech Talk'
          | 'AMA Session'
          | 'Networking Event'
          | 'Startup Pitch'
          | 'Product Launch'
          | 'Demo Day'
          | 'Training Session'
          | 'Certification Program'
          | 'Competition'
          | 'Challenge'
          | 'Community Meetup'
          | 'Open Source Sprint'
          | 'Volunteer Event'
          | 'Charity Event'
          | 'Festival'
          | 'Concert'
          | 'Sports Event'
          | 'Trade Show';
      };
      /** Format: uuid */
      eventId: string;
      /** Format: uuid */
      id: string;
      slots: number;
      /** @enum {string} */
      status: 'Draft' | 'Open' | 'Closed' | 'Filled';
      timeline: string | null;
      title: string;
      /** Format: date-time */
      updatedAt: string;
    };
    OpportunityApplication: {
      /** Format: uuid */
      organizationId?: string;
      proposal: components['schemas']['Proposal'];
    };
    OpportunityMatch: {
      opportunity: {
        budgetRange: {
          currency: components['schemas']['Currency'];
          maxMinor: number;
          minMinor: number;
        };
        community: {
          /** Format: uuid */
          id: string;
          name: string;
        };
        /** Format: date-time */
        decisionDeadline: string;
        /** @enum {string} */
        desiredCategory:
          | 'Title Sponsor'
          | 'Presenting Sponsor'
          | 'Co-Presenting Sponsor'
          | 'Diamond Sponsor'
          | 'Platinum Sponsor'
          | 'Premier Sponsor'
          | 'Elite Sponsor'
          | 'Gold Sponsor'
          | 'Silver Sponsor'
          | 'Bronze Sponsor'
          | 'Knowledge Sponsor'
          | 'Education Sponsor'
          | 'Learning Sponsor'
          | 'Media Sponsor'
          | 'Press Sponsor'
          | 'Broadcast Sponsor'
          | 'Support Sponsor'
          | 'Associate Sponsor'
          | 'Contributor Sponsor'
          | 'Community Sponsor'
          | 'Ecosystem Sponsor'
          | 'Official Partner'
          | 'Community Partner'
          | 'Ecosystem Partner'
          | 'Knowledge Partner'
          | 'Media Partner'
          | 'Support Partner'
          | 'Associate Partner'
          | 'Strategic Partner'
          | 'Innovation Partner'
          | 'Technology Partner'
          | 'Outreach Partner'
          | 'Venue Partner';
        event: {
          /** @enum {string} */
          category:
            | 'Technology'
            | 'Artificial Intelligence'
            | 'Machine Learning'
            | 'Web Development'
            | 'Mobile Development'
            | 'Cloud Computing'
            | 'Cybersecurity'
            | 'Data Science'
            | 'Open Source'
            | 'DevOps'
            | 'Startup'
            | 'Entrepreneurship'
            | 'Business'
            | 'Product Management'
            | 'Education'
            | 'Career Development'
            | 'Leadership'
            | 'Design / UI-UX'
            | 'Marketing'
            | 'Finance'
            | 'Health'
            | 'Social Impact'
            | 'Community'
            | 'Entertainment'
            | 'Music'
            | 'Art'
            | 'Sports';
          expectedParticipants: number | null;
          region: string | null;
          /** @enum {string} */
          type:
            | 'Workshop'
            | 'Hands-on Workshop'
            | 'Seminar'
            | 'Conference'
            | 'Webinar'
            | 'Meetup'
            | 'Hackathon'
            | 'Code Lab'
            | 'Bootcamp'
            | 'Panel Discussion'
            | 'Tech Talk'
            | 'AMA Session'
            | 'Networking Event'
            | 'Startup Pitch'
            | 'Product Launch'
            | 'Demo Day'
            | 'Training Session'
            | 'Certification Program'
            | 'Competition'
            | 'Challenge'
            | 'Community Meetup'
            | 'Open Source Sprint'
            | 'Volunteer Event'
            | 'Charity Event'
            | 'Festival'
            | 'Concert'
            | 'Sports Event'
            | 'Trade Show';
        };
        /** Format: uuid */
        id: string;
        title: string;
      };
      reasons: components['schemas']['MatchReason'][];
      score: number;
    };
    OpsTask: {
      /** Format: date-time */
      closedAt: string | null;
      /**
       * Format: uuid
       * @description the platform admin who closed it
       */
      closedBy: string | null;
      /** Format: date-time */
      createdAt: string;
      detail: string;
      /**
       * Format: date-time
       * @description a deadline outside our control: Stripe's evidence due date of a chargeback
       */
      dueAt: string | null;
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      kind:
        | 'reversal_failed'
        | 'transfer_failed'
        | 'stuck_money'
        | 'dispute_open'
        | 'dispute_answer_missed'
        | 'dispute_overdue'
        | 'chargeback_open'
        | 'chargeback_lost'
        | 'payment_mismatch'
        | 'refund_failed'
        | 'payout_stuck'
        | 'payout_failed';
      /**
       * Format: uuid
       * @description the payment it is about; null for a community payout's task
       */
      paymentId: string | null;
      /**
       * Format: uuid
       * @description the connected-account payout it is about (payout_stuck, payout_failed); null for a payment's task
       */
      payoutId: string | null;
      resolution: string | null;
      /** @enum {string} */
      status: 'open' | 'done';
    };
    OrganizationInvitation: {
      email: string;
      expiresAt: string;
      invitationId: string;
      /** @enum {string} */
      role:
        | 'Sponsor Admin'
        | 'Sponsor Manager'
        | 'DevRel Manager'
        | 'Hiring Manager'
        | 'Partner Admin'
        | 'Partnership Manager';
      /** @enum {string} */
      status: 'invited';
    };
    OrganizationInvite: {
      email: string;
      name?: string;
      /** @enum {string} */
      role:
        | 'Sponsor Admin'
        | 'Sponsor Manager'
        | 'DevRel Manager'
        | 'Hiring Manager'
        | 'Partner Admin'
        | 'Partnership Manager';
    };
    OrganizationMatch: {
      organization: {
        budgetRange: {
          currency: components['schemas']['Currency'];
          maxMinor: number;
          minMinor: number;
        } | null;
        displayName: string;
        /** Format: uuid */
        id: string;
        industry: string | null;
        /** @enum {string} */
        kind: 'sponsor' | 'partner';
        logoUrl: string | null;
        preferredEventTypes: string[];
        shortDescription: string | null;
        sponsorshipTypes: string[];
        supportedRegions: string[];
        technologies: string[];
        /** @enum {string} */
        verificationStatus:
          'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
        website: string;
      };
      reasons: components['schemas']['MatchReason'][];
      score: number;
    };
    OrganizationMember: {
      email: string;
      /** @description set while the invitation is pending: use it in place of the user id to change or revoke it */
      invitationId: string | null;
      /** @description null until the invitation is accepted */
      name: string | null;
      /** @enum {string} */
      role:
        | 'Sponsor Admin'
        | 'Sponsor Manager'
        | 'DevRel Manager'
        | 'Hiring Manager'
        | 'Partner Admin'
        | 'Partnership Manager';
      since: string;
      /** @enum {string} */
      status: 'invited' | 'active';
      /** @description null until the invitation is accepted */
      userId: string | null;
    };
    PartnerCategory: {
      band: number;
      /** @enum {string} */
      kind: 'sponsor' | 'partner';
      label: string;
      tierKeyword: string;
    };
    PatchProgram: {
      budgetPerPeriod?: {
        amountMinor: number;
        currency: components['schemas']['SupportedCurrency'];
      };
      /**
       * @default none
       * @enum {string}
       */
      carryOver: 'none' | 'next-period';
      categories?: (
        | 'Technology'
        | 'Artificial Intelligence'
        | 'Machine Learning'
        | 'Web Development'
        | 'Mobile Development'
        | 'Cloud Computing'
        | 'Cybersecurity'
        | 'Data Science'
        | 'Open Source'
        | 'DevOps'
        | 'Startup'
        | 'Entrepreneurship'
        | 'Business'
        | 'Product Management'
        | 'Education'
        | 'Career Development'
        | 'Leadership'
        | 'Design / UI-UX'
        | 'Marketing'
        | 'Finance'
        | 'Health'
        | 'Social Impact'
        | 'Community'
        | 'Entertainment'
        | 'Music'
        | 'Art'
        | 'Sports'
      )[];
      /** @description communities matched (see CreateProgram); null stops inviting matched communities (invitations stay) */
      communities?: {
        /** @description invite matched communities until this many are invited or taking part (explicit ones count) */
        limit: number;
        /** @enum {string} */
        mode: 'matched';
      } | null;
      contractTemplate?: components['schemas']['ProgramContractTemplate'] & (Record<string, never> | null);
      /**
       * @description YYYY-MM-DD: no period starts on or after it. After startDate (the one sent or the program’s): an end on or before it is a 422
       * @example 2028-01-01
       */
      endDate?: string | null;
      eventTypes?: (
        | 'Workshop'
        | 'Hands-on Workshop'
        | 'Seminar'
        | 'Conference'
        | 'Webinar'
        | 'Meetup'
        | 'Hackathon'
        | 'Code Lab'
        | 'Bootcamp'
        | 'Panel Discussion'
        | 'Tech Talk'
        | 'AMA Session'
        | 'Networking Event'
        | 'Startup Pitch'
        | 'Product Launch'
        | 'Demo Day'
        | 'Training Session'
        | 'Certification Program'
        | 'Competition'
        | 'Challenge'
        | 'Community Meetup'
        | 'Open Source Sprint'
        | 'Volunteer Event'
        | 'Charity Event'
        | 'Festival'
        | 'Concert'
        | 'Sports Event'
        | 'Trade Show'
      )[];
      /** @description more communities to invite */
      inviteCommunityIds?: string[];
      name?: string;
      perCommunityCapMinor?: number | null;
      /** @enum {string} */
      period?: 'monthly' | 'quarterly' | 'annual';
      /** @description platform admins only: the platform fee of its deals in basis points; null returns to PLATFORM_FEE_BPS (payments already opened keep theirs) */
      platformFeeBps?: number | null;
      proposalTemplate?: components['schemas']['ProgramProposalTemplate'];
      regions?: string[];
      /** @description the revision you read: 409 when it changed since */
      revision?: number;
      /**
       * @description YYYY-MM-DD in 2000-2099, day 1 to 28: every period starts on that day of the month (the renewal Schedule is written for those years)
       * @example 2027-01-01
       */
      startDate?: string;
      technologies?: string[];
    };
    PauseProgram: {
      reason: string;
    };
    Payment: {
      alert: string | null;
      amounts: {
        grossMinor: number;
        netToCommunityMinor: number;
        platformFeeBps: number;
        platformFeeMinor: number;
        processorFeeMinor: number;
        /** @description the invoice's tax, charged on top of the gross (owed to the tax authority, never in escrow) */
        taxMinor: number;
        /** @description the part of the tax given back to the sponsor with refunds Stripe completed (the tax on the refunded part of the gross); it is no longer owed */
        taxRefundedMinor: number;
        /** @description what the sponsor is charged: gross plus tax */
        totalMinor: number;
      };
      balances: {
        /** @enum {string} */
        account:
          | 'sponsor_funding'
          | 'escrow'
          | 'community_payable'
          | 'community_paid_out'
          | 'platform_fee_revenue'
          | 'processor_fees'
          | 'refunds'
          | 'tax_payable';
        balanceMinor: number;
        /** @description ISO 4217 code */
        currency: string;
      }[];
      /** @description the PaymentIntent's client secret for the sponsor's payment page (the sponsor's members only) */
      clientSecret: string | null;
      /** Format: uuid */
      contractId: string;
      /** Format: date-time */
      createdAt: string;
      /** @description ISO 4217 code */
      currency: string;
      /** Format: uuid */
      dealId: string;
      disputes: {
        answer: string | null;
        /** Format: date-time */
        answerBy: string;
        answerMissed: boolean;
        /** Format: date-time */
        filedAt: string;
        /** @enum {string} */
        filedBy: 'community' | 'organization';
        /** Format: uuid */
        id: string;
        /** Format: uuid */
        milestoneId: string;
        reason: string;
        resolution: {
          /** Format: date-time */
          at: string;
          /** @enum {string} */
          outcome: 'release' | 'refund' | 'split';
          splitMinor: number | null;
        } | null;
        /** Format: date-time */
        resolveBy: string;
      }[];
      failureReason: string | null;
      frozen: boolean;
      frozenReason: string | null;
      /** Format: uuid */
      id: string;
      ledger: {
        /** @enum {string} */
        account:
          | 'sponsor_funding'
          | 'escrow'
          | 'community_payable'
          | 'community_paid_out'
          | 'platform_fee_revenue'
          | 'processor_fees'
          | 'refunds'
          | 'tax_payable';
        /** @description positive debit, negative credit */
        amountMinor: number;
        /** Format: date-time */
        createdAt: string;
        /** @description ISO 4217 code */
        currency: string;
        /** @enum {string} */
        kind: 'funding' | 'processor_fee' | 'release' | 'transfer' | 'refund' | 'reversal';
        /** Format: uuid */
        transactionId: string;
      }[];
      links: {
        invoice: string | null;
        receipt: string | null;
      };
      milestones: {
        amountMinor: number;
        condition: {
          /** Format: date-time */
          at: string | null;
          /** @enum {string} */
          type: 'date' | 'request';
        };
        /** Format: uuid */
        disputeId: string | null;
        /** @description still in escrow */
        heldMinor: number;
        /** Format: uuid */
        id: string;
        label: string;
        netToCommunityMinor: number;
        platformFeeMinor: number;
        position: number;
        refundedMinor: number;
        releasedMinor: number;
        /** @description release decided, transfer pending */
        releasingMinor: number;
        request: {
          amountMinor: number;
          approvals: string[];
          note: string;
          proofUrl: string | null;
          /** Format: date-time */
          requestedAt: string;
          /**
           * Format: uuid
           * @description null when the milestone date asked for it
           */
          requestedBy: string | null;
          /**
           * Format: date-time
           * @description released automatically then unless approved or disputed
           */
          reviewUntil: string;
        } | null;
        /** Format: date-time */
        since: string;
        /** @enum {string} */
        status:
          | 'Pending'
          | 'Funded'
          | 'ReleaseRequested'
          | 'AwaitingSecondApproval'
          | 'Releasing'
          | 'AwaitingPayoutAccount'
          | 'Disputed'
          | 'Released'
          | 'Refunding'
          | 'Refunded';
        /** @description why it waits, in words both sides read */
        waitingFor: string | null;
      }[];
      /** Format: date-time */
      paymentDeadline: string | null;
      payoutAccount: {
        connected: boolean;
        payoutsEnabled: boolean;
      };
      /** @enum {string} */
      phase: 'Initiated' | 'AwaitingPayment' | 'InEscrow' | 'Failed' | 'Completed';
      /** @description refunds sent to Stripe with Stripe's status: a pending one is in the ledger only once Stripe confirms it */
      refunds: {
        amountMinor: number;
        failureReason: string | null;
        /** Format: date-time */
        since: string;
        /** @enum {string} */
        status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
        stripeId: string | null;
        /** @description pending at Stripe past ESCROW_STUCK_AFTER: ops were alerted */
        stuck: boolean;
      }[];
      /** @enum {string} */
      status:
        | 'Initiated'
        | 'AwaitingPayment'
        | 'InEscrow'
        | 'AwaitingPayoutAccount'
        | 'Disputed'
        | 'Frozen'
        | 'RefundPending'
        | 'Released'
        | 'Refunded'
        | 'Settled'
        | 'Failed';
      stripe: {
        chargeId: string | null;
        paymentIntentId: string | null;
      };
      timeline: {
        /** @enum {string|null} */
        actorSide: 'community' | 'organization' | 'platform_admin' | 'system' | 'stripe' | null;
        /** Format: uuid */
        actorUserId: string | null;
        /** Format: date-time */
        at: string;
        detail: components['schemas']['PaymentEventDetail'];
        /** @enum {string|null} */
        fromStatus:
          | 'Initiated'
          | 'AwaitingPayment'
          | 'InEscrow'
          | 'AwaitingPayoutAccount'
          | 'Disputed'
          | 'Frozen'
          | 'RefundPending'
          | 'Released'
          | 'Refunded'
          | 'Settled'
          | 'Failed'
          | null;
        /** Format: uuid */
        milestoneId: string | null;
        /** @enum {string|null} */
        toStatus:
          | 'Initiated'
          | 'AwaitingPayment'
          | 'InEscrow'
          | 'AwaitingPayoutAccount'
          | 'Disputed'
          | 'Frozen'
          | 'RefundPending'
          | 'Released'
          | 'Refunded'
          | 'Settled'
          | 'Failed'
          | null;
        /** @enum {string} */
        type:
          | 'created'
          | 'reminder'
          | 'invoiced'
          | 'paid'
          | 'payment_failed'
          | 'expire'
          | 'request_release'
          | 'date_due'
          | 'approve'
          | 'auto_release'
          | 'dispute'
          | 'answer'
          | 'answer_missed'
          | 'resolve'
          | 'awaiting_payout'
          | 'payout_ready'
          | 'transferred'
          | 'transfer_failed'
          | 'refund'
          | 'freeze'
          | 'unfreeze'
          | 'chargeback_lost'
          | 'payment_mismatch'
          | 'stuck_alert'
          | 'dispute_overdue'
          | 'transfer_unanswered'
          | 'refund_settled'
          | 'refund_stuck';
      }[];
      /** @enum {string} */
      waitingOn: 'community' | 'organization' | 'platform_admin' | 'nobody';
    };
    PaymentEventDetail: {
      action?: {
        amountMinor?: number | null;
        chargeId?: string | null;
        deadlineAt?: number;
        /** Format: uuid */
        disputeId?: string;
        /** @description milestones whose transfer reversal Stripe refused */
        keep?: string[];
        /** Format: uuid */
        milestoneId?: string;
        note?: string;
        /** @enum {string} */
        outcome?: 'release' | 'refund' | 'split';
        processorFeeMinor?: number;
        proofUrl?: string | null;
        reason?: string;
        splitMinor?: number | null;
        statement?: string;
        /** @enum {string} */
        type:
          | 'invoiced'
          | 'paid'
          | 'payment_failed'
          | 'expire'
          | 'request_release'
          | 'date_due'
          | 'approve'
          | 'auto_release'
          | 'dispute'
          | 'answer'
          | 'answer_missed'
          | 'resolve'
          | 'awaiting_payout'
          | 'payout_ready'
          | 'transferred'
          | 'transfer_failed'
          | 'refund'
          | 'freeze'
          | 'unfreeze'
          | 'chargeback_lost'
          | 'payment_mismatch'
          | 'stuck_alert'
          | 'dispute_overdue'
          | 'transfer_unanswered'
          | 'refund_settled'
          | 'refund_stuck';
      };
      /** Format: uuid */
      contractId?: string;
      /** Format: date-time */
      deadline?: string;
      feeBps?: number;
      invoiceNumber?: string;
      milestones?: number;
      paymentIntentId?: string;
      reason?: string;
      refund?: {
        amountMinor: number;
        stripeId: string | null;
      };
      reminder?: number;
      reversals?: {
        failure: string | null;
        /** Format: uuid */
        milestoneId: string;
      }[];
      transfer?: {
        amountMinor: number;
        destination: string;
        feeMinor: number;
        netMinor: number;
        stripeId: string | null;
      };
    } | null;
    PayoutAccount: {
      chargesEnabled: boolean;
      /** Format: uuid */
      communityId: string;
      country: string | null;
      /** Format: date-time */
      createdAt: string;
      defaultCurrency: string | null;
      detailsSubmitted: boolean;
      /** @description transfers to the community can be paid out: releases are not held */
      payoutsEnabled: boolean;
      requirements: components['schemas']['PayoutRequirements'];
      /** Format: date-time */
      stateAsOf: string | null;
      stripeAccountId: string;
      /** Format: date-time */
      updatedAt: string;
    };
    PayoutAccountOnboarding: {
      account: components['schemas']['PayoutAccount'];
      /** Format: date-time */
      onboardingExpiresAt: string;
      /**
       * Format: uri
       * @description Stripe's hosted onboarding for the account (single use, expires in minutes)
       */
      onboardingUrl: string;
    };
    PayoutAccountWithPayouts: components['schemas']['PayoutAccount'] & {
      /** @description the account's latest 20 payouts to the community's bank, newest first */
      payouts: components['schemas']['ConnectedPayout'][];
    };
    PayoutRequirements: {
      /** Format: date-time */
      currentDeadline: string | null;
      /** @description fields Stripe needs now */
      currentlyDue: string[];
      /** @description why Stripe disabled the account, if it did */
      disabledReason: string | null;
      eventuallyDue: string[];
      /** @description fields whose deadline passed: payouts stop until they are given */
      pastDue: string[];
    };
    Program: components['schemas']['ProgramOrganizationView'] | components['schemas']['ProgramCommunityView'];
    ProgramCommunityView: {
      categories: string[];
      currency: components['schemas']['Currency'];
      endDate: string | null;
      eventTypes: string[];
      /** Format: uuid */
      id: string;
      name: string;
      nextRenewal: components['schemas']['ProgramNextRenewal'];
      /** Format: uuid */
      organizationId: string;
      organizationName: string;
      participation: {
        /** Format: uuid */
        communityId: string;
        communityName: string;
        /** Format: date-time */
        decidedAt: string | null;
        /** @enum {string} */
        status: 'Invited' | 'Accepted' | 'Declined';
      }[];
      /** @enum {string} */
      period: 'monthly' | 'quarterly' | 'annual';
      proposal: {
        benefits: {
          detail?: string;
          /** @enum {string} */
          key:
            | 'logo_placement'
            | 'keynote_slot'
            | 'workshop_slot'
            | 'booth'
            | 'social_promotion'
            | 'newsletter_mention'
            | 'hiring_access'
            | 'custom';
          label?: string;
        }[];
        /** @enum {string} */
        category:
          | 'Title Sponsor'
          | 'Presenting Sponsor'
          | 'Co-Presenting Sponsor'
          | 'Diamond Sponsor'
          | 'Platinum Sponsor'
          | 'Premier Sponsor'
          | 'Elite Sponsor'
          | 'Gold Sponsor'
          | 'Silver Sponsor'
          | 'Bronze Sponsor'
          | 'Knowledge Sponsor'
          | 'Education Sponsor'
          | 'Learning Sponsor'
          | 'Media Sponsor'
          | 'Press Sponsor'
          | 'Broadcast Sponsor'
          | 'Support Sponsor'
          | 'Associate Sponsor'
          | 'Contributor Sponsor'
          | 'Community Sponsor'
          | 'Ecosystem Sponsor'
          | 'Official Partner'
          | 'Community Partner'
          | 'Ecosystem Partner'
          | 'Knowledge Partner'
          | 'Media Partner'
          | 'Support Partner'
          | 'Associate Partner'
          | 'Strategic Partner'
          | 'Innovation Partner'
          | 'Technology Partner'
          | 'Outreach Partner'
          | 'Venue Partner';
        terms: string;
      };
      regions: string[];
      startDate: string;
      /** @enum {string} */
      status: 'Active' | 'Paused' | 'Ended';
      technologies: string[];
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      view: 'community';
    };
    ProgramContractTemplate: {
      /** @description with proposalTemplate.terms at most 20,000 characters together (a proposal carries both): more is a 422 */
      terms: string;
    };
    ProgramCycle: {
      /** @description null for an invited community */
      budgetMinor: number | null;
      carryInMinor: number | null;
      /** Format: date-time */
      closedAt: string | null;
      currency: components['schemas']['Currency'];
      /** Format: uuid */
      id: string;
      note: string | null;
      /** Format: date-time */
      noticeSentAt: string | null;
      period: string;
      /** Format: date-time */
      periodEndAt: string;
      /** Format: date-time */
      periodStartAt: string;
      /** @description an invited community sees only its own */
      renewals: components['schemas']['ProgramRenewal'][];
      report: components['schemas']['ProgramCycleReport'];
      /** @enum {string} */
      status: 'Noticed' | 'Opening' | 'Waiting' | 'Completed' | 'Skipped';
      workflowId: string;
    };
    /** @description once closed; null for an invited community */
    ProgramCycleReport: {
      accepted: number;
      acceptedMinor: number;
      allocatedMinor: number;
      availableMinor: number;
      budgetMinor: number;
      carryInMinor: number;
      carryOutMinor: number;
      communitiesReached: number;
      expired: number;
      opened: number;
      rejected: number;
      renewalRate: number | null;
      skipped: number;
      withdrawn: number;
    } | null;
    /** @description communities matched to the program's targeting (event types, regions, technologies, categories, budget) by their open opportunities: invited within seconds of the create (or of a PATCH turning matching on or raising the limit), then each firing of the Schedule invites the best-fitting ones not invited yet; they accept like any invited community */
    ProgramMatchedCommunities: {
      /** @description invite matched communities until this many are invited or taking part (explicit ones count) */
      limit: number;
      /** @enum {string} */
      mode: 'matched';
    };
    ProgramNextRenewal: {
      /** Format: date-time */
      noticeAt: string;
      period: string;
      /** Format: date-time */
      startsAt: string;
    } | null;
    ProgramOrganizationView: {
      budgetPerPeriod: {
        amountMinor: number;
        currency: components['schemas']['Currency'];
      };
      /** @enum {string} */
      carryOver: 'none' | 'next-period';
      categories: string[];
      /** @description communities matched up to limit; null = only the communities invited explicitly */
      communities: {
        limit: number;
        /** @enum {string} */
        mode: 'matched';
      } | null;
      contractTemplate: {
        terms: string;
      } | null;
      /** Format: date-time */
      createdAt: string;
      currency: components['schemas']['Currency'];
      endDate: string | null;
      eventTypes: string[];
      /** Format: uuid */
      id: string;
      name: string;
      nextRenewal: components['schemas']['ProgramNextRenewal'];
      /** Format: uuid */
      organizationId: string;
      organizationName: string;
      participants: {
        /** Format: uuid */
        communityId: string;
        communityName: string;
        /** Format: date-time */
        decidedAt: string | null;
        /** @enum {string} */
        status: 'Invited' | 'Accepted' | 'Declined';
      }[];
      pausedReason: string | null;
      perCommunityCapMinor: number | null;
      /** @enum {string} */
      period: 'monthly' | 'quarterly' | 'annual';
      /** @description the program's platform fee override in basis points; null = the platform's PLATFORM_FEE_BPS */
      platformFeeBps: number | null;
      proposalTemplate: {
        amountMinor: number;
        benefits: {
          detail?: string;
          /** @enum {string} */
          key:
            | 'logo_placement'
            | 'keynote_slot'
            | 'workshop_slot'
            | 'booth'
            | 'social_promotion'
            | 'newsletter_mention'
            | 'hiring_access'
            | 'custom';
          label?: string;
        }[];
        /** @enum {string} */
        category:
          | 'Title Sponsor'
          | 'Presenting Sponsor'
          | 'Co-Presenting Sponsor'
          | 'Diamond Sponsor'
          | 'Platinum Sponsor'
          | 'Premier Sponsor'
          | 'Elite Sponsor'
          | 'Gold Sponsor'
          | 'Silver Sponsor'
          | 'Bronze Sponsor'
          | 'Knowledge Sponsor'
          | 'Education Sponsor'
          | 'Learning Sponsor'
          | 'Media Sponsor'
          | 'Press Sponsor'
          | 'Broadcast Sponsor'
          | 'Support Sponsor'
          | 'Associate Sponsor'
          | 'Contributor Sponsor'
          | 'Community Sponsor'
          | 'Ecosystem Sponsor'
          | 'Official Partner'
          | 'Community Partner'
          | 'Ecosystem Partner'
          | 'Knowledge Partner'
          | 'Media Partner'
          | 'Support Partner'
          | 'Associate Partner'
          | 'Strategic Partner'
          | 'Innovation Partner'
          | 'Technology Partner'
          | 'Outreach Partner'
          | 'Venue Partner';
        message?: string;
        terms: string;
      };
      regions: string[];
      revision: number;
      /** @description the program's Temporal Schedule */
      scheduleId: string;
      startDate: string;
      /** @enum {string} */
      status: 'Active' | 'Paused' | 'Ended';
      technologies: string[];
      /** Format: date-time */
      updatedAt: string;
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      view: 'organization';
    };
    ProgramParticipant: {
      /** Format: uuid */
      communityId: string;
      /** Format: date-time */
      decidedAt: string | null;
      /** Format: uuid */
      programId: string;
      /** @enum {string} */
      status: 'Invited' | 'Accepted' | 'Declined';
    };
    ProgramParticipation: {
      /**
       * Format: uuid
       * @description required when you manage more than one invited community
       */
      communityId?: string;
      /** @enum {string} */
      decision: 'accept' | 'decline';
    };
    ProgramProposalTemplate: {
      /** @description what each community is offered at most (lowered by the cap and the allocation) */
      amountMinor: number;
      /** @default [] */
      benefits: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      currency?: components['schemas']['Currency'] & unknown;
      message?: string;
      /** @default  */
      terms: string;
    };
    ProgramRenewal: {
      acceptedMinor: number | null;
      allocatedMinor: number;
      /** Format: uuid */
      communityId: string;
      communityName: string;
      /** Format: uuid */
      dealId: string | null;
      reason: string | null;
      /** Format: uuid */
      requestId: string | null;
      /** @enum {string} */
      status: 'Planned' | 'Skipped' | 'Open' | 'Accepted' | 'Rejected' | 'Expired' | 'Withdrawn';
    };
    ProgramReport: {
      currency: components['schemas']['Currency'];
      periods: components['schemas']['ProgramReportRow'][];
      /** Format: uuid */
      programId: string;
      totals: {
        acceptedMinor: number;
        budgetMinor: number;
        deals: number;
        events: number;
        fulfillmentRate: number | null;
        heldMinor: number;
        participants: number;
        releasedMinor: number;
        renewalRate: number | null;
        spendMinor: number;
      };
    };
    ProgramReportRow: {
      acceptedMinor: number;
      allocatedMinor: number;
      budgetMinor: number;
      carryInMinor: number;
      carryOutMinor: number;
      communitiesReached: number;
      deals: number;
      events: number;
      /** @description benefit items Verified or Waived among all of its deals */
      fulfillmentRate: number | null;
      /** @description of spendMinor, what escrow still holds */
      heldMinor: number;
      /** @description the deals' events' expected participants */
      participants: number;
      period: string;
      /** @description of spendMinor, what left escrow for the communities (with the platform fee) */
      releasedMinor: number;
      renewalRate: number | null;
      /** @description money, from the escrow's ledger: what the sponsor paid for the deals its renewals produced, less refunds (heldMinor + releasedMinor); 0 until a deal is paid */
      spendMinor: number;
      /** @enum {string} */
      status: 'Noticed' | 'Opening' | 'Waiting' | 'Completed' | 'Skipped';
    };
    ProgramTrigger: {
      /** @description that period already has its cycle: the firing starts nothing new */
      alreadyRan: boolean;
      cycleWorkflowId: string | null;
      /** @description the period this firing prepares; null when none is due */
      period: string | null;
    };
    Proposal: {
      amountMinor: number;
      /** @default [] */
      benefits: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      currency: components['schemas']['SupportedCurrency'] & unknown;
      message?: string;
      /** @default  */
      terms: string;
    };
    /** @description what changed from the previous revision (null for the first) */
    ProposalDiff: {
      amountMinor?: {
        from: number;
        to: number;
      };
      benefitsAdded: components['schemas']['BenefitView'][];
      benefitsChanged: {
        from: components['schemas']['BenefitView'];
        key: string;
        to: components['schemas']['BenefitView'];
      }[];
      benefitsRemoved: components['schemas']['BenefitView'][];
      category?: {
        from: string;
        to: string;
      };
      currency?: {
        from: string;
        to: string;
      };
      termsChanged: boolean;
    } | null;
    ReceiptDocument: {
      amountPaidMinor: number;
      buyer: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      /** @description ISO 4217 code */
      currency: string;
      /** Format: uuid */
      dealId: string;
      invoiceNumber: string;
      /** Format: date-time */
      issuedAt: string;
      issuer: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      lines: {
        amountMinor: number;
        description: string;
        /** Format: uuid */
        milestoneId: string;
        /** @description this milestone's share of the platform fee (inside amountMinor) */
        platformFeeMinor: number;
        /** @enum {number} */
        quantity: 1;
        unitAmountMinor: number;
      }[];
      note: string;
      /** @description gap-free per platform: RCP-<year>-<number> */
      number: string;
      /** Format: date-time */
      paidAt: string;
      /** Format: uuid */
      paymentId: string;
      paymentMethod: string;
      platformFee: {
        amountMinor: number;
        bps: number;
        netToCommunityMinor: number;
      };
      processorFeeMinor: number | null;
      processorReference: string | null;
      seller: {
        address: string | null;
        /**
         * Format: uuid
         * @description null for the platform
         */
        id: string | null;
        /** @enum {string} */
        kind: 'platform' | 'community' | 'organization';
        legalName: string | null;
        name: string;
        taxId: string | null;
        website: string | null;
      };
      taxMinor: number;
      /** @enum {string} */
      type: 'receipt';
    };
    /** @description the score with its per-signal breakdown (trust.reputationScore is it rounded) */
    Reputation: {
      /** @description 0-1: how much of the score is the subject’s own record rather than the platform prior */
      confidence: number;
      /** @description 0-100; see docs/reputation-and-matching.md for the formula */
      score: number;
      signals: {
        /** @description false: not measured yet (detail says why); weight 0 */
        available: boolean;
        /** @description points of the score: 100 * weight * shrunkValue */
        contribution: number;
        dataPoints: number;
        detail: string;
        /** @description the platform prior the value is shrunk toward */
        prior: number | null;
        /** @description (n*value + k*prior)/(n + k): what the score uses */
        shrunkValue: number | null;
        /** @enum {string} */
        signal: 'deal_success' | 'response_speed' | 'fulfillment_quality' | 'reviews' | 'dispute_frequency';
        /** @description the subject’s own observed value, 0-1 (null without data) */
        value: number | null;
        /** @description renormalised weight; the available signals’ weights sum to 1 */
        weight: number;
      }[];
    };
    RequestDetail: {
      /** Format: uuid */
      communityId: string;
      /** @enum {string} */
      currentAuthor: 'community' | 'organization';
      currentRevision: number;
      /** Format: date-time */
      deadline: string;
      /** Format: uuid */
      dealId: string | null;
      /** Format: uuid */
      eventId: string | null;
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      initiator: 'community' | 'organization';
      messages: components['schemas']['ThreadMessage'][];
      /** Format: uuid */
      opportunityId: string | null;
      /** Format: uuid */
      organizationId: string;
      /**
       * Format: uuid
       * @description the long-term program whose renewal this is (null for any other request)
       */
      programId: string | null;
      revisions: components['schemas']['Revision'][];
      /** @enum {string} */
      status: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
      timeline: components['schemas']['TimelineEntry'][];
    };
    RequestState: {
      /** @enum {string} */
      currentAuthor: 'community' | 'organization';
      currentRevision: number;
      /** Format: date-time */
      deadline: string;
      /** Format: uuid */
      dealId: string | null;
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      status: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired';
    };
    Revision: {
      amountMinor: number;
      /** @enum {string} */
      authorSide: 'community' | 'organization';
      benefits: components['schemas']['BenefitView'][];
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      /** Format: date-time */
      createdAt: string;
      currency: components['schemas']['Currency'];
      diff: components['schemas']['ProposalDiff'];
      message: string | null;
      number: number;
      terms: string;
      /** @enum {string} */
      tierKeyword:
        | 'title'
        | 'presenting'
        | 'co-presenting'
        | 'diamond'
        | 'platinum'
        | 'premier'
        | 'elite'
        | 'gold'
        | 'silver'
        | 'bronze'
        | 'knowledge'
        | 'education'
        | 'learning'
        | 'media'
        | 'press'
        | 'broadcast'
        | 'support'
        | 'associate'
        | 'contributor'
        | 'community'
        | 'ecosystem'
        | 'partner'
        | 'official partner';
    };
    RotatedWebhookSecret: components['schemas']['WebhookSubscription'] & {
      /** @description The new signing secret. Shown once: store it now. */
      secret: string;
    };
    RotateWebhookSecret: {
      /** @description How long the previous secret keeps signing beside the new one; default WEBHOOK_SECRET_OVERLAP */
      overlapSeconds?: number;
    };
    SponsorApplication: {
      applicantName: string;
      budgetRange: {
        currency: components['schemas']['SupportedCurrency'];
        /** @description at least minMinor: a lower one is a 422 (one field against another, which no schema states) */
        maxMinor: number;
        minMinor: number;
      };
      companyName: string;
      industry: string;
      /** @enum {string} */
      kind: 'sponsor' | 'partner';
      legalName?: string;
      /** Format: uri */
      logoUrl: string;
      officialEmail: string;
      shortDescription?: string;
      sponsorshipTypes: string[];
      /** Format: uri */
      website: string;
    };
    SponsorProfile: {
      capability: {
        availableSponsorshipTypes: string[];
        budgetRange: {
          currency: components['schemas']['Currency'];
          maxMinor: number;
          minMinor: number;
        } | null;
        developerTools: string[];
        preferredEventTypes: string[];
        supportedCommunityTypes: string[];
        supportedRegions: string[];
        technologies: string[];
      };
      /** @description null unless the caller may see contacts */
      contacts: {
        [key: string]: string | null;
      } | null;
      createdAt: string;
      id: string;
      identity: {
        displayName: string;
        industry: string | null;
        legalName: string | null;
        logoUrl: string | null;
        longDescription: string | null;
        normalizedDomain: string;
        shortDescription: string | null;
        website: string;
      };
      /** @enum {string} */
      kind: 'sponsor' | 'partner';
      reputation: components['schemas']['Reputation'];
      trust: {
        communitiesSupportedCount: number;
        developersReachedCount: number;
        eventsSponsoredCount: number;
        reputationScore: number;
        /** @enum {string} */
        verificationStatus:
          'Pending Verification' | 'Verified' | 'Community Added' | 'Active' | 'Rejected' | 'Disabled';
      };
      updatedAt: string;
      /** @description only for the organization’s members and platform admins */
      verification: {
        /** @description platform admins only: what a claim of a Community Added organization proposes (applied only on approval) */
        claim: {
          applicantEmail: string | null;
          applicantName: string | null;
          confirmedAt: string | null;
          proposed: {
            availableSponsorshipTypes: string[];
            budgetRange: {
              currency: components['schemas']['Currency'];
              maxMinor: number;
              minMinor: number;
            };
            displayName: string;
            industry: string;
            /** @enum {string} */
            kind: 'sponsor' | 'partner';
            legalName: string | null;
            logoUrl: string;
            shortDescription: string | null;
            website: string;
          };
        } | null;
        riskScore: number | null;
        signals: {
          name: string;
          reason: string;
          weight: number;
        }[];
        /** @enum {string} */
        status:
          | 'awaiting_confirmation'
          | 'checking'
          | 'pending_review'
          | 'info_requested'
          | 'approved'
          | 'rejected'
          | 'expired';
      } | null;
    };
    SponsorProfilePatch: {
      availableSponsorshipTypes?: string[];
      budgetRange?: {
        currency: components['schemas']['SupportedCurrency'];
        /** @description at least minMinor: a lower one is a 422 (one field against another, which no schema states) */
        maxMinor: number;
        minMinor: number;
      } | null;
      contacts?: {
        billingEmail?: string | null;
        businessEmail?: string | null;
        devRelEmail?: string | null;
        hiringEmail?: string | null;
        primaryEmail?: string | null;
      };
      developerTools?: string[];
      displayName?: string;
      industry?: string | null;
      legalName?: string | null;
      /** Format: uri */
      logoUrl?: string | null;
      longDescription?: string | null;
      preferredEventTypes?: (
        | 'Workshop'
        | 'Hands-on Workshop'
        | 'Seminar'
        | 'Conference'
        | 'Webinar'
        | 'Meetup'
        | 'Hackathon'
        | 'Code Lab'
        | 'Bootcamp'
        | 'Panel Discussion'
        | 'Tech Talk'
        | 'AMA Session'
        | 'Networking Event'
        | 'Startup Pitch'
        | 'Product Launch'
        | 'Demo Day'
        | 'Training Session'
        | 'Certification Program'
        | 'Competition'
        | 'Challenge'
        | 'Community Meetup'
        | 'Open Source Sprint'
        | 'Volunteer Event'
        | 'Charity Event'
        | 'Festival'
        | 'Concert'
        | 'Sports Event'
        | 'Trade Show'
      )[];
      shortDescription?: string | null;
      supportedCommunityTypes?: string[];
      supportedRegions?: string[];
      technologies?: string[];
      /** Format: uri */
      website?: string;
    };
    SponsorReport: {
      amountMinor: number;
      /** @enum {string} */
      category:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      community: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      /** Format: uuid */
      contractId: string;
      currency: components['schemas']['Currency'];
      /** Format: uuid */
      dealId: string;
      event: {
        endsAt: string;
        /** Format: uuid */
        id: string;
        startsAt: string;
        title: string;
      } | null;
      generatedAt: string;
      items: {
        benefitKey: string;
        deliveredAt: string | null;
        detail: string | null;
        disputeReason: string | null;
        dueAt: string;
        /** Format: uuid */
        id: string;
        late: boolean;
        missedAt: string | null;
        owner: {
          /** Format: uuid */
          id: string;
          name: string;
        };
        proof: components['schemas']['BenefitProof'];
        /** @enum {string} */
        status: 'Planned' | 'InProgress' | 'Delivered' | 'Verified' | 'Disputed' | 'Missed' | 'Waived';
        title: string;
        verifiedAt: string | null;
        waivedAt: string | null;
      }[];
      /**
       * @description preview until the report is produced after the event
       * @enum {string}
       */
      kind: 'final' | 'preview';
      organization: {
        /** Format: uuid */
        id: string;
        name: string;
      };
      /** @description SHA-256 of the stored PDF (final report only) */
      pdfSha256: string | null;
      summary: {
        byStatus: {
          Delivered: number;
          Disputed: number;
          InProgress: number;
          Missed: number;
          Planned: number;
          Verified: number;
          Waived: number;
        };
        /** @description Verified or Waived */
        done: number;
        percent: number;
        total: number;
      };
    };
    StripeEvent: {
      /** @description the connected account (Connect events) */
      account?: string;
      /** @description Stripe's creation time (Unix seconds) */
      created: number;
      data: {
        object: {
          id?: string;
          metadata?: {
            [key: string]: string;
          } | null;
          object?: string;
        } & {
          [key: string]: unknown;
        };
      } & {
        [key: string]: unknown;
      };
      id: string;
      livemode: boolean;
      /** @enum {string} */
      object: 'event';
      type: string;
    } & {
      [key: string]: unknown;
    };
    StripeWebhookResult: {
      /** @enum {string} */
      delivery: 'signalled' | 'no_workflow' | 'applied' | 'ignored';
      duplicate: boolean;
      eventId: string;
      note: string | null;
    };
    /**
     * @description A currency the platform handles (SUPPORTED_CURRENCIES; GET /api/v1/meta/vocabulary lists them too). Another ISO 4217 code is a 422 (BUSINESS_RULE), anything else a 400.
     * @enum {string}
     */
    SupportedCurrency: 'INR' | 'USD' | 'EUR' | 'GBP';
    ThreadMessage: {
      attachments: {
        name?: string;
        url: string;
      }[];
      /** @enum {string} */
      authorSide: 'community' | 'organization';
      /** Format: uuid */
      authorUserId: string | null;
      body: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      parentMessageId: string | null;
    };
    TimelineEntry: {
      /** @enum {string|null} */
      actorSide: 'community' | 'organization' | null;
      /** Format: uuid */
      actorUserId: string | null;
      /** Format: date-time */
      at: string;
      detail: {
        cause?: string;
        detail?: string;
        outcome?: string;
        reason?: string;
      } | null;
      /** @enum {string|null} */
      fromStatus: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired' | null;
      revision: number | null;
      seq: number;
      /** @enum {string|null} */
      toStatus: 'Pending' | 'Negotiation' | 'Accepted' | 'Rejected' | 'Withdrawn' | 'Expired' | null;
      /**
       * @description opened, counter (a counter-offer), the outcome (accepted, rejected, withdrawn, expired), or a repair by the reconciler (reconciled, needs_attention)
       * @enum {string}
       */
      type:
        | 'opened'
        | 'counter'
        | 'accepted'
        | 'rejected'
        | 'withdrawn'
        | 'expired'
        | 'reconciled'
        | 'needs_attention';
    };
    UpdateEventPartner: {
      benefits?: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      /** @enum {string} */
      category?:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      displayOrder?: number;
      /** Format: uri */
      imageUrl?: string | null;
      /** Format: uri */
      logoUrl?: string | null;
      name?: string;
      /** @enum {string} */
      visibility?: 'public' | 'community';
      /** Format: uri */
      website?: string;
    };
    UpdateOpportunity: {
      benefits?: {
        detail?: string;
        /** @enum {string} */
        key:
          | 'logo_placement'
          | 'keynote_slot'
          | 'workshop_slot'
          | 'booth'
          | 'social_promotion'
          | 'newsletter_mention'
          | 'hiring_access'
          | 'custom';
        label?: string;
      }[];
      budgetRange?: {
        currency: components['schemas']['SupportedCurrency'];
        /** @description at least minMinor: a lower one is a 422 (one field against another, which no schema states) */
        maxMinor: number;
        minMinor: number;
      };
      /** Format: date-time */
      decisionDeadline?: string;
      description?: string;
      /** @enum {string} */
      desiredCategory?:
        | 'Title Sponsor'
        | 'Presenting Sponsor'
        | 'Co-Presenting Sponsor'
        | 'Diamond Sponsor'
        | 'Platinum Sponsor'
        | 'Premier Sponsor'
        | 'Elite Sponsor'
        | 'Gold Sponsor'
        | 'Silver Sponsor'
        | 'Bronze Sponsor'
        | 'Knowledge Sponsor'
        | 'Education Sponsor'
        | 'Learning Sponsor'
        | 'Media Sponsor'
        | 'Press Sponsor'
        | 'Broadcast Sponsor'
        | 'Support Sponsor'
        | 'Associate Sponsor'
        | 'Contributor Sponsor'
        | 'Community Sponsor'
        | 'Ecosystem Sponsor'
        | 'Official Partner'
        | 'Community Partner'
        | 'Ecosystem Partner'
        | 'Knowledge Partner'
        | 'Media Partner'
        | 'Support Partner'
        | 'Associate Partner'
        | 'Strategic Partner'
        | 'Innovation Partner'
        | 'Technology Partner'
        | 'Outreach Partner'
        | 'Venue Partner';
      slots?: number;
      /** @enum {string} */
      status?: 'Draft' | 'Open' | 'Closed';
      timeline?: string;
      title?: string;
    };
    UpdateWebhookSubscription: {
      description?: string | null;
      eventTypes?: (
        | 'event_partner_assigned'
        | 'event_partner_updated'
        | 'event_partner_removed'
        | 'sponsor_application_submitted'
        | 'request_negotiation_started'
        | 'deal_accepted'
        | 'contract_signed'
        | 'payment_released'
      )[];
      name?: string;
      /**
       * @description `disabled`: no new deliveries, pending ones are cancelled; `active` enables it again
       * @enum {string}
       */
      status?: 'active' | 'disabled';
      /** Format: uri */
      url?: string;
    };
    User: {
      email: string;
      id: string;
      isPlatformAdmin: boolean;
      name: string;
    };
    VerificationDecision: {
      /** @enum {string} */
      decision: 'approve' | 'reject' | 'request_info';
      reason: string;
    };
    WebhookDelivery: {
      attemptCount: number;
      attempts?: {
        at: string;
        attemptNumber: number;
        error: string | null;
        latencyMs: number;
        outcome: string;
        /** @description The headers sent, signature left out; null after the log retention */
        requestHeaders: {
          [key: string]: string;
        } | null;
        /** @description The receiver's answer; null when none came (refused, timed out) or after the log retention */
        response: {
          /** @description The start of the body (4 KiB) */
          body: string;
          bodyTruncated: boolean;
          headers: {
            [key: string]: string;
          };
          status: number;
        } | null;
        run: number;
        statusCode: number | null;
      }[];
      createdAt: string;
      deadLetteredAt: string | null;
      deliveredAt: string | null;
      eventId: string;
      /** @enum {string} */
      eventType:
        | 'event_partner_assigned'
        | 'event_partner_updated'
        | 'event_partner_removed'
        | 'sponsor_application_submitted'
        | 'request_negotiation_started'
        | 'deal_accepted'
        | 'contract_signed'
        | 'payment_released'
        | 'ping';
      id: string;
      lastError: string | null;
      lastStatusCode: number | null;
      /** @description The payload (detail only); null after the log retention */
      request?: {
        /** @description The exact bytes sent and signed */
        body: string;
      } | null;
      run: number;
      /** @enum {string} */
      status: 'pending' | 'delivering' | 'delivered' | 'dead_lettered' | 'cancelled';
      subscriptionId: string;
    };
    WebhookSubscription: {
      communityId: string;
      createdAt: string;
      description: string | null;
      eventTypes: string[];
      id: string;
      lastDeliveryAt: string | null;
      /**
       * @description How the latest finished delivery ended
       * @enum {string|null}
       */
      lastDeliveryStatus: 'delivered' | 'dead_lettered' | 'cancelled' | null;
      /** @description When the latest test ping was sent */
      lastTestAt: string | null;
      name: string;
      /** @description While in the future, deliveries carry a second signature made with the previous secret */
      previousSecretExpiresAt: string | null;
      secretRotatedAt: string | null;
      /** @enum {string} */
      status: 'active' | 'disabled';
      updatedAt: string;
      url: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
