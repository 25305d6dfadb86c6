/**
 * `npm run migrate`: brings DATABASE_URL's schema to the latest migration and makes the coming months' partitions.
 * (`npm start` does the same at start-up unless DB_MIGRATE=off.)
 */
import { loadConfig } from '../config';
import { createDb, migrateToLatest } from '.';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set (npm start runs a private PostgreSQL and sets it for its processes)');
  const db = createDb(config.DATABASE_URL, { max: 1 });
  try {
    const applied = await migrateToLatest(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
