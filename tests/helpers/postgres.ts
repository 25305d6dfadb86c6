/**
 * PostgreSQL for tests: never the machine's :5432.
 *
 *  - One private cluster per `jest` run (tests/helpers/pg-global-setup.ts: temp dir, random port, fsync and
 *    synchronous commit off), holding `sieve_template`, a database migrated to the latest schema.
 *  - `testDatabase()`: a fresh database for one suite (or one startSieve), `CREATE DATABASE … TEMPLATE
 *    sieve_template` — a file copy, tens of milliseconds, no migrations to run.
 *  - `startPrivatePostgres()`: a cluster of its own, for tests that stop and restart PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chownSync } from 'node:fs';
import { Client } from 'pg';
import {
  clusterOwner, clusterUrl, createDatabaseIfMissing, initCluster, startCluster, stopCluster,
} from '../../src/cli/private-postgres';
import { createDb, migrateToLatest, type Db } from '../../src/db';
import { freePort } from './redis';

export const TEMPLATE_DB = 'sieve_template';

export interface PrivatePostgres {
  port: number;
  password: string;
  dir: string;
  /** URL of a database on this cluster (default `sieve`). */
  url(database?: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A cluster of its own (temp dir, random port, durability off unless `durable`), with database `sieve` migrated. */
export async function startPrivatePostgres(opts: { durable?: boolean; migrate?: boolean } = {}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-pg-'));
  const owner = clusterOwner();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const pgdata = join(dir, 'pgdata');
  initCluster(pgdata, password);
  let running: { pid: number; exited: Promise<void> } | undefined;
  const start = async () => {
    const { child, exited } = await startCluster(pgdata, port, password, join(dir, 'postgres.log'), { fast: !opts.durable });
    running = { pid: child.pid!, exited };
  };
  const stop = async () => {
    if (running) await stopCluster(running.pid, running.exited);
    running = undefined;
  };
  await start();
  await createDatabaseIfMissing(port, password, 'sieve');
  if (opts.migrate !== false) {
    const db = createDb(clusterUrl(port, password, 'sieve'), { max: 1 });
    await migrateToLatest(db);
    await db.destroy();
  }
  return {
    port, password, dir, start, stop,
    url: (database = 'sieve') => clusterUrl(port, password, database),
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function sharedCluster(): { port: number; password: string } {
  const port = Number(process.env.SIEVE_TEST_PG_PORT);
  const password = process.env.SIEVE_TEST_PG_PASSWORD;
  if (!port || !password) throw new Error('no test PostgreSQL: jest.config.js globalSetup (tests/helpers/pg-global-setup.ts) starts it');
  return { port, password };
}

/** A fresh, migrated database on the run's shared cluster. */
export async function testDatabase(): Promise<TestDatabase> {
  const { port, password } = sharedCluster();
  const name = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await createDatabaseIfMissing(port, password, name, TEMPLATE_DB);
      break;
    } catch (err) {
      // Two CREATE DATABASE … TEMPLATE at the same instant may see each other on the template: try again.
      if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
  return {
    name,
    url: clusterUrl(port, password, name),
    drop: async () => {
      const c = new Client({ connectionString: clusterUrl(port, password, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A fresh database and a Kysely handle on it; `close()` destroys the pool and drops the database. */
export async function freshDb(): Promise<{ db: Db; database: TestDatabase; close(): Promise<void> }> {
  const database = await testDatabase();
  const db = createDb(database.url, { max: 20 });
  return { db, database, close: async () => { await db.destroy(); await database.drop(); } };
}
