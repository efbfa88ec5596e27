// The baseline: bare node:http + pg running the same SQL as the API's partner list and create.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Placeholder } from 'drizzle-orm';
import pg from 'pg';
import { createDb } from '../../src/db/client.js';
import { panelParams, panelStatementsFor } from '../../src/db/repositories/event-partners-repository.js';
import { eventWithCommunityQuery } from '../../src/db/repositories/events-repository.js';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 20),
});

// The exact statements the API prepares, taken from its repositories; values bound in the same order.
const { db: sqlOnly } = createDb(process.env.DATABASE_URL!, 1);
const statement = (name: string, query: { sql: string; params: unknown[] }) => ({
  name,
  text: query.sql,
  bind: (values: Record<string, unknown>) =>
    query.params.map((p) => (p instanceof Placeholder ? values[p.name] : p)),
});
const LIST = statement('panel_list', panelStatementsFor(sqlOnly).list.getQuery());
const COUNT = statement('panel_count', panelStatementsFor(sqlOnly).count.getQuery());
const EVENT = statement('event', eventWithCommunityQuery(sqlOnly).getQuery());

async function list(eventId: string) {
  const event = await pool.query({
    name: EVENT.name,
    text: EVENT.text,
    values: EVENT.bind({ eventId }),
    rowMode: 'array',
  });
  if (event.rowCount === 0) return { status: 404, body: { success: false } };
  const values = panelParams(eventId, { page: 1, limit: 50, publicOnly: true });
  const [rows, total] = await Promise.all([
    pool.query({ name: LIST.name, text: LIST.text, values: LIST.bind(values) }),
    pool.query({ name: COUNT.name, text: COUNT.text, values: COUNT.bind(values) }),
  ]);
  return {
    status: 200,
    body: {
      success: true,
      data: rows.rows,
      meta: { page: 1, limit: 50, total: Number(total.rows[0].count) },
    },
  };
}

async function create(eventId: string, body: { name: string; website: string }) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const domain = new URL(body.website).hostname;
    const org = await client.query(
      `insert into organizations (kind, display_name, normalized_domain, website, status) values ('partner', $1, $2, $3, 'Community Added')
       on conflict (normalized_domain) do nothing returning id`,
      [body.name, domain, body.website],
    );
    const link = await client.query(
      `insert into event_partner_links (event_id, organization_id, display_category, kind, tier_keyword, band, name_snapshot, website_snapshot, display_order)
       values ($1, $2, 'Official Partner', 'partner', 'official partner', 9, $3, $4, 0) on conflict do nothing returning *`,
      [eventId, org.rows[0].id, body.name, body.website],
    );
    await client.query(
      `insert into audit_log (actor_type, action, entity_type, entity_id, after) values ('user', 'event_partner.assigned', 'event_partner_link', $1, $2)`,
      [link.rows[0].id, JSON.stringify(link.rows[0])],
    );
    await client.query(
      `insert into webhook_events (id, community_id, type, payload) select $1, community_id, 'event_partner_assigned', $2 from events where id = $3`,
      [randomUUID(), JSON.stringify(link.rows[0]), eventId],
    );
    await client.query('commit');
    return { status: 201, body: { success: true, data: link.rows[0] } };
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

const server = createServer((req, res) => {
  const match = /^\/api\/v1\/events\/([0-9a-f-]{36})\/partners/.exec(req.url ?? '');
  const send = (r: { status: number; body: unknown }) =>
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
  if (!match) return send({ status: 404, body: {} });
  if (req.method === 'GET') return void list(match[1]!).then(send, () => send({ status: 500, body: {} }));
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on(
    'end',
    () =>
      void create(match[1]!, JSON.parse(Buffer.concat(chunks).toString())).then(send, () =>
        send({ status: 500, body: {} }),
      ),
  );
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`READY http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
