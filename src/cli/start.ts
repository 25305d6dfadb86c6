/**
 * `npm start`: Sieve on one machine with one command.
 *
 *   1. reads and validates the configuration (a bad variable stops us with its name);
 *   2. REDIS_URL unset → runs (or reuses) a private redis-server with its data under DATA_DIR; DATABASE_URL unset →
 *      likewise a private PostgreSQL (initdb the first time); the schema is migrated (DB_MIGRATE=auto) before any
 *      child starts;
 *   3. API_KEYS empty outside production → one development key per role, kept under DATA_DIR;
 *   4. runs the API, WORKERS scoring worker processes and one webhook process with that REDIS_URL, prints where
 *      the API listens;
 *   5. a worker (or the webhook process) that crashes is restarted after a back-off, loudly (a log line here, a
 *      count in the API's /metrics); one that crash-loops (WORKER_RESTART_LIMIT crashes within
 *      WORKER_RESTART_WINDOW_SECONDS) stops everything and we exit 1. The API dying stops everything too;
 *   6. SIGINT/SIGTERM → forwarded once to every child (workers finish their batch), then Redis and PostgreSQL stop.
 */
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config';
import { ensureDevApiKeys, formatApiKeys, devApiKeysPath } from './dev-keys';
import { lockDataDir, type DataDirLock } from './lock';
import { ensurePrivateRedis, type PrivateRedis } from './private-redis';
import { ensurePrivatePostgres, type PrivatePostgres } from './private-postgres';
import { createDb, migrateToLatest } from '../db';
import { freePort, waitUntil } from './processes';
import { processRestarted } from '../ops/supervision';
import { Supervisor, type FatalExit, type RestartPolicy } from './supervisor';

/** Entries are relative to this file so they work both from dist/ and from the sources under tsx. */
const API_ENTRY = join(__dirname, '..', 'api', 'server');
const WORKER_ENTRY = join(__dirname, '..', '..', 'workers', 'scoring-worker');
const WEBHOOK_ENTRY = join(__dirname, '..', '..', 'workers', 'webhook-worker');
/** The longest wait before restarting a crashed worker, however often it crashed. */
const MAX_RESTART_BACKOFF_MS = 30_000;
/** How long API and workers get to finish after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 30_000;
/** Loading the TensorFlow model can take a while on a slow machine; past this we say so but keep running. */
const WORKER_READY_TIMEOUT_MS = 300_000;

const say = (msg: string) => process.stderr.write(`[sieve start] ${msg}\n`);

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      say(err.message);
      return 2;
    }
    throw err;
  }

  const childEnv: NodeJS.ProcessEnv = { ...env };
  let redis: PrivateRedis | undefined;
  let redisStarting: Promise<unknown> | undefined;
  let postgres: PrivatePostgres | undefined;
  let postgresStarting: Promise<unknown> | undefined;
  let lock: DataDirLock | undefined;
  const supervisor = new Supervisor({
    onFatal: (exit) => void shutdown('child', exit),
    onRestart: (r) => {
      say(`${r.name} (pid ${r.pid}) crashed (${r.signal ?? `code ${r.code}`}); restarting it in ${(r.delayMs / 1000).toFixed(1)} s `
        + `(crash ${r.crashes} in ${config.WORKER_RESTART_WINDOW_SECONDS} s; ${config.WORKER_RESTART_LIMIT} is a crash loop and stops Sieve)`);
      supervisor.send('api', processRestarted(r.name));
    },
    onRestarted: (name, pid) => say(`${name} restarted (pid ${pid})`),
  });
  const restart: RestartPolicy = {
    limit: config.WORKER_RESTART_LIMIT,
    windowMs: config.WORKER_RESTART_WINDOW_SECONDS * 1000,
    backoffMs: config.WORKER_RESTART_BACKOFF_MS,
    maxBackoffMs: MAX_RESTART_BACKOFF_MS,
  };
  let shuttingDown: Promise<number> | undefined;
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));

  async function shutdown(reason: 'signal' | 'child' | 'error', detail?: FatalExit | NodeJS.Signals | Error): Promise<number> {
    if (shuttingDown) return shuttingDown;
    shuttingDown = (async () => {
      let code = 0;
      let signal: NodeJS.Signals = 'SIGTERM';
      if (reason === 'child') {
        const exit = detail as FatalExit;
        const how = exit.signal ?? `code ${exit.code}`;
        say(exit.reason === 'crash_loop'
          ? `${exit.name} (pid ${exit.pid}) crashed ${exit.crashes} times within ${config.WORKER_RESTART_WINDOW_SECONDS} s (last: ${how}): a crash loop; stopping everything`
          : `${exit.name} (pid ${exit.pid}) exited on its own (${how}); stopping everything`);
        code = 1;
      } else if (reason === 'signal') {
        signal = detail as NodeJS.Signals;
        say(`${signal}: stopping the API and workers (workers finish the batch in hand)`);
      } else {
        say(`failed: ${(detail as Error).message}`);
        code = 1;
      }
      const exits = await supervisor.stop(signal, STOP_GRACE_MS);
      for (const e of exits) {
        const clean = e.code === 0 || e.signal === signal;
        if (!clean && reason === 'signal') {
          say(`${e.name} (pid ${e.pid}) did not stop cleanly (${e.signal ?? `code ${e.code}`})`);
          code = 1;
        }
      }
      await redisStarting?.catch(() => undefined);
      await postgresStarting?.catch(() => undefined);
      if (redis) {
        say('stopping the private redis-server');
        await redis.stop();
      }
      if (postgres) {
        say('stopping the private postgres');
        await postgres.stop();
      }
      lock?.release();
      return code;
    })();
    resolveDone(await shuttingDown);
    return shuttingDown;
  }

  // A terminal's Ctrl-C reaches us twice: from the terminal and forwarded by npm. Only a signal that comes
  // later than that (the user pressing again) means "stop waiting".
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === 0) {
      firstSignalAt = Date.now();
      void shutdown('signal', signal);
    } else if (Date.now() - firstSignalAt > 1000) {
      say(`${signal} again: killing the API and workers now`);
      supervisor.kill();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  watchLauncher(() => void shutdown('signal', 'SIGTERM'));

  try {
    if (!config.REDIS_URL) {
      lock = lockDataDir(config.DATA_DIR);
      // A signal may come while Redis starts: shutdown() waits for this, so the server it stops is never missed.
      redisStarting = ensurePrivateRedis(config.DATA_DIR, say).then((r) => (redis = r));
      await redisStarting;
      if (!redis) return await done;
      childEnv.REDIS_URL = redis.url;
      redis.exited.then(() => {
        if (!shuttingDown) void shutdown('error', new Error('the private redis-server exited; see ' + join(redis!.dir, 'redis.log')));
      });
    }

    if (!config.DATABASE_URL) {
      lock ??= lockDataDir(config.DATA_DIR);
      postgresStarting = ensurePrivatePostgres(config.DATA_DIR, say).then((p) => (postgres = p));
      await postgresStarting;
      if (!postgres) return await done;
      childEnv.DATABASE_URL = postgres.url;
      postgres.exited.then(() => {
        if (!shuttingDown) void shutdown('error', new Error('the private postgres exited; see ' + join(postgres!.dir, 'postgres.log')));
      });
    }
    if (config.DB_MIGRATE === 'auto') {
      // Before any child starts, so no worker ever meets an older schema.
      const db = createDb(childEnv.DATABASE_URL!, { max: 1, applicationName: 'sieve-migrate' });
      try {
        const applied = await migrateToLatest(db);
        if (applied.length) say(`database migrated: ${applied.join(', ')}`);
      } finally {
        await db.destroy();
      }
    }

    let apiKeysNote: string[] = [];
    let ingestKey = '<ingest key>';
    if (config.API_KEYS.length === 0) {
      if (env.NODE_ENV === 'production') {
        say('API_KEYS is empty: every API request will be refused (401). Set API_KEYS=<key>:<role>:<name>,...');
      } else {
        const keys = ensureDevApiKeys(config.DATA_DIR);
        childEnv.API_KEYS = formatApiKeys(keys);
        ingestKey = keys.find((k) => k.role === 'ingest')?.key ?? ingestKey;
        apiKeysNote = [
          `API_KEYS is empty, so these development keys are in use (kept in ${devApiKeysPath(config.DATA_DIR)}):`,
          ...keys.map((k) => `  ${k.role.padEnd(9)} ${k.key}`),
        ];
      }
    }

    // A fixed port lets us tell the user where the API is; PORT=0 means "any free one".
    const port = config.PORT === 0 ? await freePort() : config.PORT;
    childEnv.PORT = String(port);

    if (shuttingDown) return await done;
    supervisor.start({ name: 'api', entry: API_ENTRY, env: childEnv });
    // Each worker serves /readyz on a port of its own, so we can tell when its scorers are loaded.
    const workerReadyUrls: string[] = [];
    for (let i = 1; i <= config.WORKERS; i++) {
      const healthPort = await freePort();
      workerReadyUrls.push(`http://127.0.0.1:${healthPort}/readyz`);
      supervisor.start({ name: `worker-${i}`, entry: WORKER_ENTRY, env: { ...childEnv, WORKER_HEALTH_PORT: String(healthPort) }, restart });
    }
    // Webhook delivery and review maintenance, out of the scoring workers (always: maintenance needs it too).
    const webhooksPort = await freePort();
    workerReadyUrls.push(`http://127.0.0.1:${webhooksPort}/readyz`);
    supervisor.start({ name: 'webhooks', entry: WEBHOOK_ENTRY, env: { ...childEnv, WORKER_HEALTH_PORT: String(webhooksPort) }, restart });

    const base = `http://${displayHost(config.HOST)}:${port}`;
    const probe = `http://${probeHost(config.HOST)}:${port}/healthz`;
    const answers = (url: string) => fetch(url).then((r) => r.ok, () => false);
    await Promise.race([
      waitUntil(() => answers(probe), 60_000, `the API did not answer ${probe} within 60 s`),
      done.then(() => undefined),
    ]);
    if (shuttingDown) return await done;
    const workersReady = waitUntil(async () => (await Promise.all(workerReadyUrls.map(answers))).every(Boolean), WORKER_READY_TIMEOUT_MS, '');
    const slow = setTimeout(() => say(`API is up at ${base}; waiting for ${config.WORKERS} worker(s) to load their scorers (${config.SCORERS.join(', ')})`), 2000);
    await Promise.race([
      workersReady.catch(() => say(`the workers are not ready after ${WORKER_READY_TIMEOUT_MS / 1000} s; comments are queued until they are`)),
      done.then(() => undefined),
    ]);
    clearTimeout(slow);
    if (!shuttingDown) {
      say(
        [
          `Sieve is up: API ${base}, ${config.WORKERS} worker process${config.WORKERS === 1 ? '' : 'es'} (scorers: ${config.SCORERS.join(', ')}), webhook process (${config.WEBHOOK_URL ? 'delivering' : 'WEBHOOK_URL unset: maintenance only'})`,
          `Redis: ${redis ? `private, ${redis.displayUrl}, data in ${redis.dir}` : 'REDIS_URL from the environment'}`,
          `PostgreSQL: ${postgres ? `private, ${postgres.displayUrl}, data in ${postgres.dir}` : 'DATABASE_URL from the environment'}`,
          ...apiKeysNote,
          `Try: curl -s -X POST ${base}/v1/comments -H 'Authorization: Bearer ${ingestKey}' \\`,
          `       -H 'Content-Type: application/json' -d '{"id":"c1","threadId":"t1","author":{"id":"u1"},"text":"hello","createdAt":"2026-01-01T00:00:00Z"}'`,
          'Stop with Ctrl-C.',
        ].join('\n'),
      );
    }
  } catch (err) {
    void shutdown('error', err as Error);
  }
  return done;
}

/**
 * Under `npm start`, npm is our launcher: if it is killed, nobody is left to stop us, so we stop as if sent
 * SIGTERM. (Run directly with node, we keep running when our parent goes, as `nohup` users expect.)
 */
function watchLauncher(onGone: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== launcher) {
      clearInterval(timer);
      say('npm, which launched us, is gone');
      onGone();
    }
  }, 500);
  timer.unref();
}

const displayHost = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host);
const probeHost = (host: string) => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host);

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      say(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
