/**
 * The private Redis `npm start` runs when REDIS_URL is not set: a `redis-server` of its own with every file under
 * `<DATA_DIR>/redis` (config, append-only file, log, pid file, password).
 *
 * Why it looks the way it does:
 * - Durability over speed: `appendonly yes` + `appendfsync always`, and `noeviction` so Redis refuses writes
 *   instead of silently dropping queued comments when memory runs out.
 * - Only this user's processes should reach it: bound to 127.0.0.1 and protected by a random password kept in a
 *   0600 file (other local users can reach a loopback port, not a 0700 directory).
 * - It runs in its own process group, so a Ctrl-C in the terminal reaches `npm start` only; `npm start` stops
 *   Redis last, after the workers have finished their batches.
 * - If `npm start` was killed hard, Redis outlives it; the next start finds it through the pid file and adopts it
 *   instead of starting a second server on the same files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { freePort, isAlive, pidExited, portIsFree, sleep, tail, waitUntil } from './processes';

export interface PrivateRedis {
  /** Full URL including the password; give it to child processes only. */
  url: string;
  /** The URL with the password masked, for printing. */
  displayUrl: string;
  /** `<DATA_DIR>/redis`: config, append-only files, log, pid file. */
  dir: string;
  pid: number;
  /** True when a server left running by an earlier start was reused. */
  adopted: boolean;
  /** Resolves when the server process is gone (however it went). */
  exited: Promise<void>;
  /** SHUTDOWN (the AOF is already fsynced on every write), then waits for the process to go. */
  stop(): Promise<void>;
}

interface State {
  port: number;
  password: string;
}

const HOST = '127.0.0.1';

export function privateRedisDir(dataDir: string): string {
  return join(resolve(dataDir), 'redis');
}

/** Starts the private Redis for `dataDir`, or adopts the one an earlier start left running. */
export async function ensurePrivateRedis(dataDir: string, log: (msg: string) => void = () => undefined): Promise<PrivateRedis> {
  const dir = privateRedisDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const statePath = join(dir, 'state.json');
  const pidPath = join(dir, 'redis.pid');
  const previous = readState(statePath);

  const leftoverPid = readPid(pidPath);
  if (previous && leftoverPid && isAlive(leftoverPid) && looksLikeRedisServer(leftoverPid)) {
    const url = urlFor(previous);
    // It may still be loading a large append-only file: give it time to answer.
    await waitUntil(() => answersAsOurs(url, dir), 15_000,
      `${pidPath} names a running redis-server (pid ${leftoverPid}) that does not answer as this data dir's Redis; ` +
        'stop it, or set REDIS_URL to use another Redis');
    log(`reusing the private redis-server (pid ${leftoverPid}) left running by an earlier start`);
    return handle(url, dir, leftoverPid, true, pidExited(leftoverPid));
  }
  // Otherwise the pid file is stale (Redis died without removing it, and the pid may have been reused).

  const state: State = {
    // Keep the port of the last run when it is free: the printed REDIS_URL then stays the same.
    port: previous && (await portIsFree(previous.port)) ? previous.port : await freePort(),
    password: previous?.password ?? randomBytes(24).toString('hex'),
  };
  writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  const confPath = join(dir, 'redis.conf');
  writeFileSync(confPath, redisConf(dir, state), { mode: 0o600 });

  const child = spawn('redis-server', [confPath], { cwd: dir, stdio: 'ignore', detached: true });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.unref();
  const url = urlFor(state);
  try {
    await Promise.race([
      spawnError,
      exited.then(() => {
        throw new Error(`redis-server exited at start; see ${join(dir, 'redis.log')}:\n${tail(join(dir, 'redis.log'))}`);
      }),
      waitUntil(() => answersAsOurs(url, dir), 15_000, 'the private redis-server did not answer within 15 s'),
    ]);
  } catch (err) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw err;
  }
  log(`started a private redis-server (pid ${child.pid}) with its data in ${dir}`);
  return handle(url, dir, child.pid!, false, exited);
}

function handle(url: string, dir: string, pid: number, adopted: boolean, exited: Promise<void>): PrivateRedis {
  return {
    url,
    displayUrl: url.replace(/\/\/:[^@]*@/, '//:***@'),
    dir,
    pid,
    adopted,
    exited,
    async stop() {
      if (!isAlive(pid)) return;
      const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      // SHUTDOWN closes the connection instead of answering: the rejection is expected.
      await client.connect().then(() => client.call('SHUTDOWN'), () => undefined).catch(() => undefined);
      client.disconnect();
      const gone = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!gone && isAlive(pid)) process.kill(pid, 'SIGKILL');
    },
  };
}

function redisConf(dir: string, state: State): string {
  return [
    '# Written by `npm start` at every start; edit DATA_DIR or set REDIS_URL instead of this file.',
    `bind ${HOST}`,
    `port ${state.port}`,
    'protected-mode yes',
    `requirepass ${state.password}`,
    `dir ${dir}`,
    'appendonly yes',
    'appendfsync always',
    'save ""',
    'maxmemory-policy noeviction',
    'daemonize no',
    `pidfile ${join(dir, 'redis.pid')}`,
    `logfile ${join(dir, 'redis.log')}`,
    '',
  ].join('\n');
}

const urlFor = (s: State) => `redis://:${s.password}@${HOST}:${s.port}`;

/** PING with our password, and the server's `dir` is ours: it is this data dir's Redis, not a stranger. */
async function answersAsOurs(url: string, dir: string): Promise<boolean> {
  const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    const [, serverDir] = (await client.config('GET', 'dir')) as [string, string];
    return resolve(serverDir) === dir;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function readState(path: string): State | undefined {
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as Partial<State>;
    return typeof s.port === 'number' && typeof s.password === 'string' ? { port: s.port, password: s.password } : undefined;
  } catch {
    return undefined;
  }
}

/** A stale pid file may name an unrelated process that got the same pid; /proc tells (Linux). */
function looksLikeRedisServer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server');
  } catch {
    return !existsSync('/proc/self'); // no /proc (macOS): trust the pid file
  }
}

function readPid(path: string): number | undefined {
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

