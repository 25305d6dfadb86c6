/**
 * PostgreSQL: the durable record (comments, verdicts, review items, the audit log, webhook deliveries, site terms).
 *
 * Why `pg` + Kysely: `pg` is the PostgreSQL driver nearly every Node project uses (pool, COPY-capable, typed
 * errors with SQLSTATE codes); Kysely adds typed SQL (a query that names a missing column does not compile) and a
 * migrator (TypeScript migration modules, run in order under a PostgreSQL advisory lock so two processes starting
 * at once never migrate twice) without an ORM's hidden queries: what runs is the SQL you read.
 */
import { Kysely, Migrator, PostgresDialect, sql, type Migration, type Transaction } from 'kysely';
import { Pool, types, type PoolConfig } from 'pg';
import type { Database } from './schema';
import * as m0001 from './migrations/0001_record';
import * as m0002 from './migrations/0002_learning';
import * as m0005 from './migrations/0005_search';
import * as m0006 from './migrations/0006_people';
import * as m0007 from './migrations/0007_outbox';

export type { Database } from './schema';
export type Db = Kysely<Database>;
export type DbTx = Transaction<Database>;
/** A database handle or an open transaction: store methods that can join a caller's transaction take this. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

// bigint (int8) columns arrive as strings by default; ids and positions stay strings (exact), counts are cast.
types.setTypeParser(types.builtins.INT8, (v) => v);

export interface DbOptions {
  /** Server-side statement_timeout (ms): a statement past it is cancelled and its transaction rolled back. */
  statementTimeoutMs?: number;
  /** How long getting a connection from the pool may take (ms). */
  connectTimeoutMs?: number;
  max?: number;
  applicationName?: string;
}

export function createDb(url: string, opts: DbOptions = {}): Db {
  const config: PoolConfig = {
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'sieve',
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs, query_timeout: opts.statementTimeoutMs + 1000 } : {}),
  };
  const pool = new Pool(config);
  // An idle client losing its server (restart, failover) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // A client checked out (inside a transaction, between statements) whose server goes away emits 'error' on the
  // client, where the pool has no listener: without this the process would crash. The statement in hand fails.
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Every migration, in order. New migrations are added here (a static list: no directory scanning in dist/). */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_record': m0001,
  '0002_learning': m0002,
  '0005_search': m0005,
  '0006_people': m0006,
  '0007_outbox': m0007,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Runs every pending migration (advisory-locked), then makes this and the next months' partitions. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  await ensurePartitions(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export const PARTITIONED_TABLES = ['comments', 'audit_log'] as const;

/** Monthly partitions of every partitioned table from last month to `monthsAhead` months ahead (idempotent). */
export async function ensurePartitions(db: Kysely<any>, now = new Date(), monthsAhead = 3): Promise<void> {
  for (const table of PARTITIONED_TABLES) {
    for (let i = -1; i <= monthsAhead; i++) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
      await sql`SELECT sieve_ensure_month_partition(${table}, ${month.toISOString()}::timestamptz)`.execute(db);
    }
  }
}

const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '57014']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGES = /Client has encountered a connection error|Client was closed and is not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection terminated|timeout exceeded when trying to connect|Query read timeout|the database system is (starting up|shutting down|in recovery)/;

/** Whether an error means "PostgreSQL is not there right now" (the API answers 503 `store_unavailable`). */
export function isDatabaseUnavailable(err: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors are made by Node's core, which under a VM context (jest)
  // is another realm with another Error.
  if (typeof err !== 'object' || err === null || typeof (err as { message?: unknown }).message !== 'string') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || SOCKET_CODES.has(code))) return true;
  // Connecting to a name with several addresses (localhost: ::1 and 127.0.0.1) fails as an AggregateError whose
  // own message is empty: look at what it aggregates.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some((e) => isDatabaseUnavailable(e))) return true;
  return UNAVAILABLE_MESSAGES.test((err as Error).message);
}

/** SQLSTATE of a unique violation, for callers that race on a key. */
export const UNIQUE_VIOLATION = '23505';
