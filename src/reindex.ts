/** `npm run reindex`: rebuilds the organization directory index from Postgres, showing progress. */
import { loadConfigOrExit } from './config.js';
import { createDb } from './db/client.js';
import { reindexAll } from './search/reindex.js';
import { createSearchIndex } from './search/search-index.js';

const config = loadConfigOrExit();
if (!config.DATABASE_URL) {
  console.error('npm run reindex needs DATABASE_URL (npm start indexes its embedded database itself).');
  process.exit(1);
}
const { db, pool } = createDb(config.DATABASE_URL, 4);
const index = createSearchIndex({ db, meiliUrl: config.MEILI_URL, meiliKey: config.MEILI_KEY });
const started = Date.now();
await reindexAll({
  db,
  index,
  onProgress: ({ done, total }) => process.stdout.write(`\rreindexing (${index.adapter}): ${done}/${total}`),
});
console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await pool.end();
