import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { runMigrations } from '../../src/db/migrate.js';
import { ensureDatabase } from '../../src/infra/embedded-postgres.js';

describe('migrations', () => {
  it('build the whole schema on an empty database, and a second run is a no-op', async () => {
    const { adminUrl } = inject('stack');
    const name = `m_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await ensureDatabase(adminUrl, name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    await runMigrations(url.toString());
    await runMigrations(url.toString());

    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          'audit_log',
          'communities',
          'community_members',
          'email_outbox',
          'event_partner_links',
          'events',
          'organization_members',
          'organizations',
          'rate_limit_counters',
          'sessions',
          'users',
          'webhook_deliveries',
          'webhook_delivery_attempts',
          'webhook_events',
          'webhook_subscriptions',
        ]),
      );
      const unique = await client.query<{ indexname: string }>(
        "select indexname from pg_indexes where tablename in ('organizations', 'event_partner_links') and indexdef like 'CREATE UNIQUE%'",
      );
      expect(unique.rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining(['organizations_normalized_domain_uq', 'event_partner_links_event_org_uq']),
      );
      const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
      expect(applied.rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database ${admin.escapeIdentifier(name)} with (force)`);
      await admin.end();
    }
  });
});
