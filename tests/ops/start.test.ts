/**
 * "Run it" as the README says: `npm start` with no REDIS_URL runs a private Redis with its append-only file under
 * DATA_DIR, the API, a worker and the webhook process; a comment posted gets a verdict; SIGTERM stops everything,
 * leaving no process behind; a start killed hard leaves no API or worker behind, and the next start reuses its
 * Redis; a worker SIGKILLed is restarted and the service keeps scoring; a worker that crash-loops stops it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../helpers/redis';
import { descendants, isAlive, waitFor } from './processes';

const ROOT = resolve(__dirname, '..', '..');
const canRun = (() => {
  try {
    require('node:child_process').execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const describeIfRedis = canRun ? describe : describe.skip;
if (!canRun) console.warn('tests/ops/start: redis-server is not on PATH; skipping the `npm start` tests');

interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `detached`: npm leads a process group of its own, like a command started in a terminal. */
function npmStart(env: NodeJS.ProcessEnv, detached = false): Started {
  let output = '';
  const proc = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached });
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return { proc, output: () => output, exited };
}

function startEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SCORERS: 'lexicon', WORKERS: '1', LOG_LEVEL: 'warn', API_KEYS: '' };
  delete env.REDIS_URL;
  delete env.NODE_ENV; // jest sets NODE_ENV=test; a developer's shell has none
  return env;
}

const upWithin = 150_000; // includes the incremental build `npm start` runs first

describeIfRedis('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sieve-start-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs a private Redis (AOF in DATA_DIR), the API and a worker; a comment gets a verdict; SIGTERM stops everything', async () => {
    const port = await freePort();
    const run = npmStart(startEnv(dataDir, port));
    try {
      await waitFor('"Sieve is up"', () => run.output().includes('Sieve is up') || run.proc.exitCode !== null, upWithin);
      expect(run.output()).toContain(`http://127.0.0.1:${port}`);

      // The private Redis keeps its append-only file in DATA_DIR and is running.
      const redisDir = join(dataDir, 'redis');
      expect(existsSync(join(redisDir, 'appendonlydir'))).toBe(true);
      expect(readFileSync(join(redisDir, 'redis.conf'), 'utf8')).toMatch(/appendfsync always/);
      const redisPid = Number(readFileSync(join(redisDir, 'redis.pid'), 'utf8'));
      expect(isAlive(redisPid)).toBe(true);

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      // The container health check script agrees (the Dockerfile and docker-compose.yml run it).
      const check = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/healthcheck.js'), 'api'], { env: { ...process.env, PORT: String(port) } });
      expect(check.status).toBe(0);

      // Development keys were made for each role and printed.
      const keys = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { key: string; role: string }[];
      expect(keys.map((k) => k.role).sort()).toEqual(['admin', 'ingest', 'moderator']);
      const ingestKey = keys.find((k) => k.role === 'ingest')!.key;
      expect(run.output()).toContain(ingestKey);

      const auth = { Authorization: `Bearer ${ingestKey}` };
      const posted = await fetch(`http://127.0.0.1:${port}/v1/comments`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: 'ops-1', threadId: 'ops-thread', author: { id: 'u1' }, text: 'What a thoughtful article, thank you.' }),
      });
      expect(posted.status).toBe(202);
      const scored = await waitFor('a verdict', async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/v1/comments/ops-1`, { headers: auth })).json()) as { status: string; verdict: string | null; unscored: boolean; reasons: unknown[] };
        return body.verdict ? body : undefined;
      }, 30_000);
      // Really scored by the built worker, not held for review because scoring kept failing.
      expect({ status: scored.status, unscored: scored.unscored }).toEqual({ status: 'scored', unscored: false });
      expect(['publish', 'review', 'reject']).toContain(scored.verdict);

      // Everything npm start runs, including the private Redis (its own process group, still our descendant).
      const tree = descendants(run.proc.pid!);
      const pids = tree.map((p) => p.pid);
      expect(pids).toContain(redisPid);
      const workers = tree.filter((p) => p.cmdline.includes('scoring-worker'));
      expect(workers.length).toBe(1);
      // The worker health check docker-compose.yml uses answers for a real worker (npm start gives each one a port).
      const workerEnv = readFileSync(`/proc/${workers[0]!.pid}/environ`, 'utf8').split('\0');
      const healthPort = workerEnv.find((e) => e.startsWith('WORKER_HEALTH_PORT='))?.split('=')[1];
      expect(healthPort).toMatch(/^\d+$/);
      const workerCheck = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/healthcheck.js'), 'worker'], { env: { ...process.env, WORKER_HEALTH_PORT: healthPort } });
      expect(workerCheck.status).toBe(0);
      expect(tree.filter((p) => p.cmdline.includes('api/server')).length).toBe(1);

      // As a service manager would: SIGTERM to the command it started (npm passes it on, then re-raises it).
      run.proc.kill('SIGTERM');
      const exit = await run.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      expect(run.output()).not.toMatch(/did not stop cleanly|exited on its own|crashed|\[sieve start\] failed/);
      await waitFor('every process npm start ran to exit', () => pids.every((pid) => !isAlive(pid)), 20_000);
      expect(existsSync(join(redisDir, 'redis.pid'))).toBe(false);
      expect(existsSync(join(dataDir, 'sieve-start.lock'))).toBe(false);
      // The data stays for the next start.
      expect(existsSync(join(redisDir, 'appendonlydir'))).toBe(true);
    } finally {
      if (run.proc.exitCode === null) run.proc.kill('SIGKILL');
    }
  }, upWithin + 90_000);

  it('a start killed hard leaves no API or worker behind; the next start reuses its Redis and keeps the data and keys', async () => {
    const port = await freePort();
    const first = npmStart(startEnv(dataDir, port));
    let redisPid = 0;
    let postgresPid = 0;
    try {
      await waitFor('"Sieve is up"', () => first.output().includes('Sieve is up') || first.proc.exitCode !== null, upWithin);
      const tree = descendants(first.proc.pid!);
      redisPid = Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8'));
      postgresPid = Number(readFileSync(join(dataDir, 'postgres', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const startPid = tree.find((p) => p.cmdline.includes('cli/start'))!.pid;
      const children = tree.filter((p) => p.cmdline.includes('scoring-worker') || p.cmdline.includes('webhook-worker') || p.cmdline.includes('api/server')).map((p) => p.pid);
      expect(children.length).toBe(3);

      process.kill(startPid, 'SIGKILL');
      await waitFor('the API, the worker and the webhook process to notice and stop', () => children.every((pid) => !isAlive(pid)), 30_000);
      expect(isAlive(redisPid)).toBe(true); // Redis outlives it, with all its data
      expect(isAlive(postgresPid)).toBe(true); // and PostgreSQL
      first.proc.kill('SIGKILL');
      await first.exited;

      const second = npmStart(startEnv(dataDir, port));
      try {
        await waitFor('"Sieve is up" again', () => second.output().includes('Sieve is up') || second.proc.exitCode !== null, upWithin);
        expect(second.output()).toContain(`reusing the private redis-server (pid ${redisPid})`);
        expect(second.output()).toContain(`reusing the private postgres (pid ${postgresPid})`);
        const keys = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { key: string; role: string }[];
        const auth = { Authorization: `Bearer ${keys.find((k) => k.role === 'ingest')!.key}` };
        // The comment from the first test is still there, with its verdict.
        const res = await fetch(`http://127.0.0.1:${port}/v1/comments/ops-1`, { headers: auth });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { verdict: string | null }).verdict).not.toBeNull();

        second.proc.kill('SIGTERM');
        await second.exited;
        expect(second.output()).not.toMatch(/did not stop cleanly|exited on its own|\[sieve start\] failed/);
        await waitFor('the adopted Redis to stop', () => !isAlive(redisPid), 20_000);
        await waitFor('the adopted PostgreSQL to stop', () => !isAlive(postgresPid), 20_000);
      } finally {
        if (second.proc.exitCode === null) second.proc.kill('SIGKILL');
      }
    } finally {
      if (first.proc.exitCode === null) first.proc.kill('SIGKILL');
      if (redisPid && isAlive(redisPid)) process.kill(redisPid, 'SIGKILL');
      if (postgresPid && isAlive(postgresPid)) process.kill(postgresPid, 'SIGINT');
    }
  }, 2 * upWithin + 90_000);
  it('a second start on the same DATA_DIR is refused; Ctrl-C in a terminal (SIGINT to the whole group) stops everything once, cleanly', async () => {
    const port = await freePort();
    const run = npmStart(startEnv(dataDir, port), true);
    try {
      await waitFor('"Sieve is up"', () => run.output().includes('Sieve is up') || run.proc.exitCode !== null, upWithin);
      // PostgreSQL's backends ("postgres: sieve sieve …") come and go with connections: not ours to count.
      const pids = descendants(run.proc.pid!).filter((p) => !p.cmdline.startsWith('postgres:')).map((p) => p.pid);

      // A second start on the same data dir would run a second Redis over the same files: it is refused.
      const second = npmStart(startEnv(dataDir, await freePort()));
      expect((await second.exited).code).toBe(1);
      expect(second.output()).toMatch(/another `npm start` \(pid \d+\) is using DATA_DIR/);
      expect(pids.every(isAlive)).toBe(true);

      process.kill(-run.proc.pid!, 'SIGINT');
      await run.exited;
      await waitFor('every process npm start ran to exit', () => pids.every((pid) => !isAlive(pid)), 20_000);
      // npm passes the terminal's SIGINT on as well: that second copy must not turn into "kill now".
      expect(run.output()).not.toMatch(/killing the API and workers now|did not stop cleanly|exited on its own/);
      expect(run.output()).toMatch(/stopping the private redis-server/);
      expect(run.output()).toMatch(/stopping the private postgres/);
    } finally {
      if (run.proc.exitCode === null) process.kill(-run.proc.pid!, 'SIGKILL');
    }
  }, upWithin + 60_000);

  it('a worker SIGKILLed is restarted, loudly (log line, metric), and the service keeps scoring; the API never went down', async () => {
    const port = await freePort();
    const run = npmStart({ ...startEnv(dataDir, port), WORKER_RESTART_BACKOFF_MS: '300' });
    try {
      await waitFor('"Sieve is up"', () => run.output().includes('Sieve is up') || run.proc.exitCode !== null, upWithin);
      const tree = descendants(run.proc.pid!);
      const api = tree.find((p) => p.cmdline.includes('api/server'))!;
      const worker = tree.find((p) => p.cmdline.includes('scoring-worker'))!;
      // Webhook delivery runs in a process of its own, beside the scoring worker.
      expect(tree.filter((p) => p.cmdline.includes('webhook-worker'))).toHaveLength(1);
      const keys = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { key: string; role: string }[];
      const auth = { Authorization: `Bearer ${keys.find((k) => k.role === 'ingest')!.key}` };
      const post = (id: string) => fetch(`http://127.0.0.1:${port}/v1/comments`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id, threadId: 'ops-crash', author: { id: 'u1' }, text: `Comment ${id} on the article.` }),
      });

      process.kill(worker.pid, 'SIGKILL');
      await waitFor('the restart', () => /worker-1 restarted \(pid \d+\)/.test(run.output()) || run.proc.exitCode !== null, 60_000);
      expect(run.output()).toMatch(new RegExp(`worker-1 \\(pid ${worker.pid}\\) crashed \\(SIGKILL\\); restarting it in 0\\.3 s \\(crash 1 in 60 s; 5 is a crash loop`));
      expect(run.proc.exitCode).toBeNull();
      // The same API process answered throughout, and counts the restart in its metrics.
      expect(isAlive(api.pid)).toBe(true);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/sieve_process_restarts_total\{process="worker-1"\} 1/);

      // A new worker process (not the killed one) scores what comes in next.
      const newWorker = await waitFor('a new worker process', () => descendants(run.proc.pid!).find((p) => p.cmdline.includes('scoring-worker') && p.pid !== worker.pid), 10_000);
      expect(newWorker.pid).not.toBe(worker.pid);
      expect((await post('ops-after-crash')).status).toBe(202);
      const scored = await waitFor('a verdict after the crash', async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/v1/comments/ops-after-crash`, { headers: auth })).json()) as { status: string; verdict: string | null; unscored: boolean };
        return body.verdict ? body : undefined;
      }, 60_000);
      expect({ status: scored.status, unscored: scored.unscored }).toEqual({ status: 'scored', unscored: false });

      run.proc.kill('SIGTERM');
      const exit = await run.exited;
      expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      await waitFor('every process to stop', () => [...tree, newWorker].every((p) => !isAlive(p.pid)), 20_000);
    } finally {
      if (run.proc.exitCode === null) run.proc.kill('SIGKILL');
    }
  }, upWithin + 120_000);

  it('a worker that crash-loops (WORKER_RESTART_LIMIT crashes within the window) stops everything and npm start exits 1, naming it', async () => {
    const port = await freePort();
    const run = npmStart({ ...startEnv(dataDir, port), WORKER_RESTART_LIMIT: '2', WORKER_RESTART_BACKOFF_MS: '200' });
    try {
      await waitFor('"Sieve is up"', () => run.output().includes('Sieve is up') || run.proc.exitCode !== null, upWithin);
      expect(run.output()).toContain('Sieve is up');
      const first = await waitFor('the worker', () => descendants(run.proc.pid!).find((p) => p.cmdline.includes('scoring-worker')), 10_000);
      const tree = descendants(run.proc.pid!);
      process.kill(first.pid, 'SIGKILL');
      await waitFor('the restart', () => /worker-1 restarted \(pid \d+\)/.test(run.output()), 30_000);
      const second = await waitFor('the restarted worker', () => descendants(run.proc.pid!).find((p) => p.cmdline.includes('scoring-worker') && p.pid !== first.pid), 10_000);
      process.kill(second.pid, 'SIGKILL');
      const exit = await run.exited;
      expect(exit.code).toBe(1);
      expect(run.output()).toMatch(new RegExp(`worker-1 \\(pid ${second.pid}\\) crashed 2 times within 60 s \\(last: SIGKILL\\): a crash loop; stopping everything`));
      await waitFor('the API and Redis to stop', () => tree.every((p) => !isAlive(p.pid)), 20_000);
    } finally {
      if (run.proc.exitCode === null) run.proc.kill('SIGKILL');
    }
  }, upWithin + 60_000);

  it('a bad setting stops it before anything starts, naming the variable (exit status 2)', async () => {
    const env: NodeJS.ProcessEnv = { ...startEnv(mkdtempSync(join(tmpdir(), 'sieve-start-bad-')), 8080), WORKERS: 'lots' };
    const run = npmStart(env);
    const exit = await run.exited;
    expect(exit.code).toBe(2);
    expect(run.output()).toMatch(/Invalid configuration: WORKERS/);
    expect(existsSync(join(env.DATA_DIR!, 'redis'))).toBe(false);
    rmSync(env.DATA_DIR!, { recursive: true, force: true });
  }, upWithin);
  // The README's command with nothing set: both scorers, so the trained model must be in models/.
  const modelFiles = join(ROOT, 'models', 'sieve-toxicity', 'metadata.json');
  (existsSync(modelFiles) ? it : it.skip)('with the default scorers (lexicon and model) a comment is scored by both', async () => {
    const port = await freePort();
    const env = startEnv(dataDir, port);
    delete env.SCORERS;
    const run = npmStart(env);
    try {
      await waitFor('"Sieve is up"', () => run.output().includes('Sieve is up') || run.proc.exitCode !== null, upWithin + 120_000);
      expect(run.output()).toMatch(/scorers: lexicon, model/);
      const keys = JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { key: string; role: string }[];
      const auth = { Authorization: `Bearer ${keys.find((k) => k.role === 'ingest')!.key}` };
      const posted = await fetch(`http://127.0.0.1:${port}/v1/comments`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: 'ops-model-1', threadId: 'ops-thread', author: { id: 'u2' }, text: 'You are a complete idiot and everyone hates you.' }),
      });
      expect(posted.status).toBe(202);
      const scored = await waitFor('a verdict', async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/v1/comments/ops-model-1`, { headers: auth })).json()) as { verdict: string | null; unscored: boolean; status: string };
        return body.verdict ? body : undefined;
      }, 60_000);
      expect({ status: scored.status, unscored: scored.unscored }).toEqual({ status: 'scored', unscored: false });
      run.proc.kill('SIGTERM');
      await run.exited;
      expect(run.output()).not.toMatch(/did not stop cleanly|exited on its own|\[sieve start\] failed/);
    } finally {
      if (run.proc.exitCode === null) run.proc.kill('SIGKILL');
    }
  }, upWithin + 240_000);
  if (!existsSync(modelFiles)) console.warn(`tests/ops/start: ${modelFiles} is missing, so \`npm start\` with the default scorers cannot run; skipping that test`);
});
