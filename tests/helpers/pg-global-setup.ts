/** jest globalSetup: one private PostgreSQL for the whole run, with a migrated template database (see postgres.ts). */
import { clusterUrl, createDatabaseIfMissing } from '../../src/cli/private-postgres';
import { createDb, migrateToLatest } from '../../src/db';
import { startPrivatePostgres, TEMPLATE_DB } from './postgres';

export default async function globalSetup(): Promise<void> {
  const pg = await startPrivatePostgres({ migrate: false });
  await createDatabaseIfMissing(pg.port, pg.password, TEMPLATE_DB);
  const db = createDb(clusterUrl(pg.port, pg.password, TEMPLATE_DB), { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  process.env.SIEVE_TEST_PG_PORT = String(pg.port);
  process.env.SIEVE_TEST_PG_PASSWORD = pg.password;
  (globalThis as { __SIEVE_PG__?: unknown }).__SIEVE_PG__ = pg;
}
