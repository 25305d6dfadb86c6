/**
 * The private PostgreSQL `npm start` runs when DATABASE_URL is not set: `initdb` once, then a `postgres` of its
 * own with every file under `<DATA_DIR>/postgres` (cluster in `pgdata/`, its log, `state.json` with port and
 * password), as it does for Redis (private-redis.ts). The test helper (tests/helpers/postgres.ts) uses the same
 * cluster functions with durability turned off.
 *
 * - Binaries: `postgres`/`initdb` on PATH, else Debian's /usr/lib/postgresql/<ver>/bin (the `postgresql`
 *   package does not put them on PATH), else Homebrew's opt/postgresql@<ver>/bin.
 * - PostgreSQL refuses to run as root. Started by root, the cluster is owned by and run as the `postgres` user
 *   (Debian's package makes it), through Node's own spawn uid/gid — that user must be able to reach DATA_DIR
 *   (we add search permission to DATA_DIR itself; its parents must allow it already).
 * - Bound to 127.0.0.1, password (SCRAM) from a 0600 file, unix socket in the cluster dir only.
 * - Own process group, stopped last with a fast shutdown (SIGINT: in-flight transactions roll back, committed
 *   ones are on disk). Left running by a hard-killed start, it is adopted through `postmaster.pid`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, statSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, delimiter } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort, isAlive, pidExited, portIsFree, tail, waitUntil } from './processes';

const HOST = '127.0.0.1';
export const DB_USER = 'sieve';
export const DB_NAME = 'sieve';

/** Where `name` (postgres, initdb) is: PATH first, then the places Debian and Homebrew install it. */
export function findPgBinary(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const versioned = (root: string, pattern: RegExp, sub: (v: string) => string) => {
    try {
      return readdirSync(root).filter((d) => pattern.test(d))
        .sort((a, b) => Number(b.replace(/\D+/g, '')) - Number(a.replace(/\D+/g, '')))
        .map((d) => join(root, sub(d), name)).find((p) => existsSync(p));
    } catch {
      return undefined;
    }
  };
  const found = versioned('/usr/lib/postgresql', /^\d+$/, (v) => join(v, 'bin'))
    ?? versioned('/opt/homebrew/opt', /^postgresql(@\d+)?$/, (v) => join(v, 'bin'))
    ?? versioned('/usr/local/opt', /^postgresql(@\d+)?$/, (v) => join(v, 'bin'));
  if (!found) {
    throw new Error(`\`${name}\` not found on PATH nor in /usr/lib/postgresql/*/bin: install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15) or set DATABASE_URL`);
  }
  return found;
}

/** uid/gid to run PostgreSQL as: ourselves, unless we are root (then the `postgres` user). */
export function clusterOwner(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and PostgreSQL refuses root: create a `postgres` user (Debian\'s postgresql package does) or run as another user');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface ClusterOptions {
  /** Speed over durability (tests only): fsync, synchronous_commit, full_page_writes off. */
  fast?: boolean;
}

/** initdb into `pgdata` (once), with `password` for DB_USER. */
export function initCluster(pgdata: string, password: string): void {
  const owner = clusterOwner();
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  const pwfile = join(pgdata, '..', '.pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(pgdata, owner.uid, owner.gid);
    chownSync(pwfile, owner.uid, owner.gid);
  }
  const res = spawnSync(findPgBinary('initdb'),
    ['-D', pgdata, '-U', DB_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-instructions'],
    { encoding: 'utf8', ...(owner ?? {}) });
  if (res.status !== 0) throw new Error(`initdb failed: ${res.error?.message ?? ''}${res.stderr ?? ''}`);
}

/** Starts `postgres` on the cluster (detached: its own process group). Resolves when it accepts connections. */
export async function startCluster(pgdata: string, port: number, password: string, logPath: string, opts: ClusterOptions = {}): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const owner = clusterOwner();
  const settings = [
    `listen_addresses=${HOST}`, `port=${port}`, `unix_socket_directories=${pgdata}`, 'max_connections=200',
    `logging_collector=off`,
    ...(opts.fast ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'shared_buffers=32MB'] : []),
  ];
  const log = openSync(logPath, 'a');
  if (owner) chownSync(logPath, owner.uid, owner.gid);
  const child = spawn(findPgBinary('postgres'), ['-D', pgdata, ...settings.flatMap((s) => ['-c', s])],
    { stdio: ['ignore', log, log], detached: true, ...(owner ?? {}) });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.unref();
  const url = clusterUrl(port, password, 'postgres');
  try {
    await Promise.race([
      spawnError,
      exited.then(() => { throw new Error(`postgres exited at start; see ${logPath}:\n${tail(logPath)}`); }),
      waitUntil(() => answers(url), 30_000, 'the private postgres did not accept connections within 30 s'),
    ]);
  } catch (err) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw err;
  }
  return { child, exited };
}

export const clusterUrl = (port: number, password: string, database = DB_NAME) =>
  `postgres://${DB_USER}:${encodeURIComponent(password)}@${HOST}:${port}/${database}`;

async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** CREATE DATABASE `name` unless it exists (connecting to the maintenance database `postgres`). */
export async function createDatabaseIfMissing(port: number, password: string, name: string, template?: string): Promise<void> {
  const c = new Client({ connectionString: clusterUrl(port, password, 'postgres') });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await c.end();
  }
}

/** Fast shutdown: SIGINT, wait for the process to go (SIGKILL after `graceMs`). */
export async function stopCluster(pid: number, exited: Promise<void>, graceMs = 30_000): Promise<void> {
  if (!isAlive(pid)) return;
  try { process.kill(pid, 'SIGINT'); } catch { return; }
  let timer: NodeJS.Timeout | undefined;
  const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), graceMs); })]);
  clearTimeout(timer);
  if (!gone && isAlive(pid)) process.kill(pid, 'SIGKILL');
}

export interface PrivatePostgres {
  /** Full URL including the password; give it to child processes only. */
  url: string;
  displayUrl: string;
  /** `<DATA_DIR>/postgres`. */
  dir: string;
  pid: number;
  adopted: boolean;
  exited: Promise<void>;
  stop(): Promise<void>;
}

interface State { port: number; password: string }

export function privatePostgresDir(dataDir: string): string {
  return join(resolve(dataDir), 'postgres');
}

/** Starts the private PostgreSQL for `dataDir` (initdb the first time), or adopts one an earlier start left running. */
export async function ensurePrivatePostgres(dataDir: string, log: (msg: string) => void = () => undefined): Promise<PrivatePostgres> {
  const dir = privatePostgresDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner = clusterOwner();
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    // The `postgres` user must pass through DATA_DIR to reach its own 0700 directory: search (x) only, no listing.
    const parent = resolve(dataDir);
    chmodSync(parent, statSync(parent).mode | 0o001);
  }
  const statePath = join(dir, 'state.json');
  const pgdata = join(dir, 'pgdata');
  const logPath = join(dir, 'postgres.log');
  const previous = readState(statePath);

  const leftover = readPostmasterPid(pgdata);
  if (previous && leftover && isAlive(leftover) && looksLikePostgres(leftover)) {
    const url = clusterUrl(previous.port, previous.password);
    await waitUntil(() => answers(url), 30_000,
      `${pgdata}/postmaster.pid names a running postgres (pid ${leftover}) that does not answer; stop it, or set DATABASE_URL`);
    log(`reusing the private postgres (pid ${leftover}) left running by an earlier start`);
    return handle(url, dir, leftover, true, pidExited(leftover));
  }

  const state: State = { port: previous?.port ?? await freePort(), password: previous?.password ?? randomBytes(24).toString('hex') };
  if (!previous || !(await portIsFree(state.port))) state.port = await freePort();
  writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    log(`initialising a PostgreSQL cluster in ${pgdata}`);
    initCluster(pgdata, state.password);
  }
  const { child, exited } = await startCluster(pgdata, state.port, state.password, logPath);
  await createDatabaseIfMissing(state.port, state.password, DB_NAME);
  log(`started a private postgres (pid ${child.pid}) with its data in ${pgdata}`);
  return handle(clusterUrl(state.port, state.password), dir, child.pid!, false, exited);
}

function handle(url: string, dir: string, pid: number, adopted: boolean, exited: Promise<void>): PrivatePostgres {
  return {
    url, dir, pid, adopted, exited,
    displayUrl: url.replace(/:[^:@/]*@/, ':***@'),
    stop: () => stopCluster(pid, exited),
  };
}

function readState(path: string): State | undefined {
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Partial<State>;
    return typeof s.port === 'number' && typeof s.password === 'string' ? { port: s.port, password: s.password } : undefined;
  } catch {
    return undefined;
  }
}

function readPostmasterPid(pgdata: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(pgdata, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function looksLikePostgres(pid: number): boolean {
  try {
    return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return !existsSync('/proc/self');
  }
}

