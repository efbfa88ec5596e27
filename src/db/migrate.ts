import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { createDb } from './client.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export async function runMigrations(databaseUrl: string): Promise<void> {
  const { db, pool } = createDb(databaseUrl, 1);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await pool.end();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { loadConfigOrExit } = await import('../config.js');
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) {
    console.error(
      'DATABASE_URL is required for `npm run migrate` (npm start migrates its embedded database itself).',
    );
    process.exit(1);
  }
  await runMigrations(config.DATABASE_URL);
  console.log('migrations applied');
}
