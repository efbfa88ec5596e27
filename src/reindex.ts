/** `npm run reindex`: rebuilds the organization directory index from Postgres, showing progress. */
import { loadConfigOrExit } from './config.js';
import { createDb } from './db/client.js';
import { rebuildDirectory } from './search/reindex.js';

const config = loadConfigOrExit();
if (!config.DATABASE_URL) {
  console.error('npm run reindex needs DATABASE_URL (npm start indexes its embedded database itself).');
  process.exit(1);
}
const { db, pool } = createDb(config.DATABASE_URL, 4);
const started = Date.now();
const result = await rebuildDirectory(db, config, ({ done, total }) =>
  process.stdout.write(`\rreindexing: ${done}/${total}`),
);
console.log(
  `\n${result.done} organizations indexed (${result.adapter}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
await pool.end();
