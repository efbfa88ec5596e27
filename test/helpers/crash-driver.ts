/**
 * The crash test of "acknowledged means durable": drives acknowledged steps through the real launcher's API,
 * kills the whole process tree with SIGKILL right after an acknowledgement, restarts, and checks that every step
 * ever acknowledged is in Postgres and that each workflow's state (its query) agrees with those rows.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { createDb, type TDb } from '../../src/db/client.js';
import { negotiationPosition } from '../../src/db/repositories/reconcile-repository.js';
import { compareNegotiation, compareVerification } from '../../src/domain/reconcile.js';
import { stepInFlight } from '../../src/reconcile.js';
import {
  negotiationPositionQuery,
  negotiationWorkflowId,
} from '../../src/workflows/negotiation/negotiation.contract.js';
import {
  verificationStateQuery,
  verificationWorkflowId,
} from '../../src/workflows/verification/verification.contract.js';
import { launch, launcherEnv } from './launcher.js';

type TRequestFact = {
  kind: 'request';
  requestId: string;
  status: string;
  revision: number;
  dealId: string | null;
};
type TVerificationFact = { kind: 'verification'; organizationId: string; phase: string; orgStatus: string };
type TFact = TRequestFact | TVerificationFact;

export type TCrashReport = {
  crashes: number;
  stepsAcknowledged: number;
  stepsChecked: number;
  lost: string[];
};

class Api {
  constructor(readonly base: string) {}
  async call(method: string, path: string, token: string | null, body?: unknown) {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as { data?: any; error?: unknown } | null;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json!.data;
  }
}

const proposal = (amountMinor: number) => ({
  amountMinor,
  currency: 'INR',
  category: 'Gold Sponsor',
  benefits: [{ key: 'logo_placement' }],
  terms: 'Logo on all materials.',
});

/** The next acknowledged step of an endless scenario: a negotiation to a deal, then an application approved. */
function* scenario(
  api: () => Api,
  who: () => Record<'organizer' | 'sponsor' | 'admin', string>,
  ids: () => {
    communityId: string;
    organizationId: string;
  },
): Generator<() => Promise<TFact>> {
  for (;;) {
    let request!: TRequestFact;
    const step = async (token: string, action: string, body: unknown) => {
      const data = await api().call('PATCH', `/requests/${request.requestId}/${action}`, token, body);
      request = {
        ...request,
        status: data.status,
        revision: data.currentRevision,
        dealId: data.dealId ?? null,
      };
      return request;
    };
    yield async () => {
      const data = await api().call('POST', '/requests', who().organizer, {
        communityId: ids().communityId,
        organizationId: ids().organizationId,
        proposal: proposal(50_000_000),
      });
      request = { kind: 'request', requestId: data.id, status: 'Pending', revision: 1, dealId: null };
      return request;
    };
    yield () => step(who().sponsor, 'negotiate', { inReplyToRevision: 1, proposal: proposal(40_000_000) });
    yield () => step(who().organizer, 'negotiate', { inReplyToRevision: 2, proposal: proposal(45_000_000) });
    yield () => step(who().sponsor, 'accept', { revision: 3 });

    let organizationId = '';
    yield async () => {
      const slug = `crash-${randomUUID().slice(0, 8)}`;
      const data = await api().call('POST', '/sponsors/apply', null, {
        kind: 'sponsor',
        companyName: `Crash ${slug}`,
        logoUrl: `https://${slug}.io/logo.png`,
        website: `https://www.${slug}.io`,
        officialEmail: `devrel@${slug}.io`,
        applicantName: 'Ana Ruiz',
        industry: 'Cloud',
        budgetRange: { minMinor: 5_000_000, maxMinor: 20_000_000, currency: 'INR' },
        sponsorshipTypes: ['Cash'],
      });
      organizationId = data.id;
      return { kind: 'verification', organizationId, phase: data.verification, orgStatus: data.status };
    };
    yield async () => {
      // The checks run first; the decision is possible once the application waits for review.
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          const data = await api().call('POST', `/sponsors/${organizationId}/verify`, who().admin, {
            decision: 'approve',
            reason: 'crash test',
          });
          return { kind: 'verification', organizationId, phase: data.phase, orgStatus: data.status };
        } catch (err) {
          if (!String(err).includes(': 409') || Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
  }
}

/** Compares one acknowledged fact with Postgres and the workflow; returns what is missing or disagrees. */
async function check(db: pg.Pool, orm: TDb, temporal: Client, fact: TFact): Promise<string[]> {
  const problems: string[] = [];
  if (fact.kind === 'request') {
    const { rows } = await db.query(
      `select status, current_revision, deal_id,
              (select count(*)::int from request_revisions v where v.request_id = r.id) as revisions,
              (select count(*)::int from deals d where d.request_id = r.id) as deals
         from sponsorship_requests r where id = $1`,
      [fact.requestId],
    );
    const row = rows[0];
    if (!row)
      return [`request ${fact.requestId}: row missing (acknowledged ${fact.status} r${fact.revision})`];
    if (row.status !== fact.status || row.current_revision !== fact.revision || row.deal_id !== fact.dealId)
      problems.push(
        `request ${fact.requestId}: Postgres has ${row.status} r${row.current_revision}, acknowledged ${fact.status} r${fact.revision}`,
      );
    if (row.revisions !== fact.revision)
      problems.push(`request ${fact.requestId}: ${row.revisions} revision rows`);
    if (fact.dealId && row.deals !== 1) problems.push(`request ${fact.requestId}: deal row missing`);
    // The workflow's position (its step counter and state) must be exactly Postgres's.
    const position = await temporal.workflow
      .getHandle(negotiationWorkflowId(fact.requestId))
      .query(negotiationPositionQuery);
    const divergence = compareNegotiation(position, await negotiationPosition(orm, fact.requestId));
    if (divergence.kind !== 'in-sync')
      problems.push(`request ${fact.requestId}: workflow and Postgres differ: ${JSON.stringify(divergence)}`);
  } else {
    const { rows } = await db.query(
      `select o.status as org_status, v.status
         from organizations o
         join organization_verifications v on v.organization_id = o.id
        where o.id = $1 order by v.run desc limit 1`,
      [fact.organizationId],
    );
    const row = rows[0];
    if (!row) return [`organization ${fact.organizationId}: row missing`];
    // An application moves on by itself (checks, then review): what was acknowledged is where it was at least.
    if (
      fact.phase === 'awaiting_activation' &&
      (row.status !== 'approved' || row.org_status !== fact.orgStatus)
    )
      problems.push(
        `organization ${fact.organizationId}: Postgres has ${row.status}/${row.org_status}, acknowledged ${fact.phase}/${fact.orgStatus}`,
      );
    const handle = temporal.workflow.getHandle(verificationWorkflowId(fact.organizationId));
    // Right after a restart the workflow may be mid-step (a task or an activity in flight): give it time to settle.
    let differs = '';
    for (const deadline = Date.now() + 20_000; ;) {
      const [state, description] = await Promise.all([
        handle.query(verificationStateQuery),
        handle.describe(),
      ]);
      const { rows: now } = await db.query(
        `select status from organization_verifications where organization_id = $1 order by run desc limit 1`,
        [fact.organizationId],
      );
      const divergence = compareVerification(
        state.phase,
        now[0]?.status ?? null,
        stepInFlight(description.raw),
      );
      // In flight: an activity the crash interrupted is retried after its timeout; nothing is lost.
      if (divergence.kind === 'in-sync' || divergence.kind === 'in-flight') break;
      differs = `workflow in ${state.phase}, Postgres ${now[0]?.status}`;
      if (Date.now() > deadline) {
        problems.push(`organization ${fact.organizationId}: ${differs}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return problems;
}

/**
 * Runs until `crashes` restarts or `budgetMs` are used up. Every iteration: start, check every fact acknowledged
 * so far, drive 1-4 more acknowledged steps, kill everything with SIGKILL at once or a few ms after the last ack.
 */
export async function runCrashTest(opts: {
  crashes: number;
  budgetMs: number;
  log?: (line: string) => void;
}): Promise<TCrashReport> {
  const log = opts.log ?? (() => {});
  const env = await launcherEnv({
    VERIFICATION_AUTO_APPROVE_BELOW: '0',
    APPLY_MAX_PER_IP: '10000',
    APPLY_MAX_PER_EMAIL_DOMAIN: '10000',
    COUNTER_OFFERS_PER_WINDOW: '10000',
    LOG_LEVEL: 'error',
  });
  const report: TCrashReport = { crashes: 0, stepsAcknowledged: 0, stepsChecked: 0, lost: [] };
  const facts = new Map<string, TFact>();
  let api = new Api('');
  const tokens = { organizer: '', sponsor: '', admin: '' };
  const ids = { communityId: '', organizationId: '' };
  const steps = scenario(
    () => api,
    () => tokens,
    () => ids,
  );
  const started = Date.now();
  try {
    for (let iteration = 0; ; iteration++) {
      const stack = await launch(env);
      api = new Api(stack.apiUrl);
      const { db: orm, pool: db } = createDb(
        `postgres://commdesk:commdesk@127.0.0.1:${env.EMBEDDED_PG_PORT}/commdesk`,
        2,
      );
      const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` });
      const temporal = new Client({ connection });
      try {
        for (const fact of facts.values()) {
          const problems = await check(db, orm, temporal, fact);
          report.stepsChecked++;
          report.lost.push(...problems);
        }
        if (iteration >= opts.crashes || Date.now() - started > opts.budgetMs) {
          const code = await stack.interrupt();
          if (code !== 0) report.lost.push(`the final Ctrl-C exited with ${code}`);
          return report;
        }
        if (iteration === 0) {
          for (const [role, email] of [
            ['organizer', 'organizer@commdesk.local'],
            ['sponsor', 'sponsor@commdesk.local'],
            ['admin', 'admin@commdesk.local'],
          ] as const) {
            const login = await api.call('POST', '/auth/login', null, { email, password: 'commdesk-demo' });
            tokens[role] = login.token;
          }
          const me = await api.call('GET', '/auth/me', tokens.organizer);
          ids.communityId = me.communities[0].communityId;
          ids.organizationId = (
            await api.call('GET', '/auth/me', tokens.sponsor)
          ).organizations[0].organizationId;
        }
        const count = randomInt(1, 5);
        for (let i = 0; i < count; i++) {
          let fact: TFact;
          try {
            fact = await steps.next().value!();
          } catch (err) {
            // A step refused because an earlier acknowledged one is gone: the loss is already reported.
            if (report.lost.length === 0) throw err;
            report.lost.push(
              `a step failed after the loss: ${err instanceof Error ? err.message : String(err)}`,
            );
            await stack.interrupt();
            return report;
          }
          facts.set(fact.kind === 'request' ? fact.requestId : fact.organizationId, fact);
          report.stepsAcknowledged++;
        }
      } finally {
        await db.end().catch(() => {});
        await connection.close().catch(() => {});
      }
      const jitter = randomInt(0, 3) === 0 ? 0 : randomInt(1, 25);
      if (jitter) await new Promise((r) => setTimeout(r, jitter));
      await stack.kill();
      report.crashes++;
      log(
        `crash ${report.crashes} (${jitter} ms after the last ack): ${report.stepsAcknowledged} steps acknowledged so far`,
      );
    }
  } finally {
    await rm(env.DATA_DIR!, { recursive: true, force: true });
  }
}
