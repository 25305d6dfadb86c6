/**
 * `npm run bench:ingest` — how fast the spine takes comments in, and how soon they get a verdict.
 *
 * Runs a private redis-server and a private PostgreSQL (temp dirs; a database per part, migrated) and the API as
 * separate processes (as `npm start` does), then drives the API over loopback with autocannon (warm-up runs before
 * parts 1 and 3 are not counted). A comment is committed to PostgreSQL, then queued in Redis, before its 202:
 *   1. single  — POST /v1/comments, one comment per request, as fast as it answers: comments/s accepted (baseline);
 *   2. batch   — POST /v1/threads/:threadId/comments, B comments per request: comments/s accepted, ratio to 1.;
 *      (1 and 2 measure taking comments in: the API, PostgreSQL and Redis, with no worker competing for the cores;)
 *   3. latency — a fresh API over another key prefix (an empty queue) and N workers, once their scorers are
 *                loaded (/readyz), get a fixed offered load
 *                (R comments/s for S seconds, single endpoint); accept-to-verdict latency p50/p99 from the record's
 *                own timestamps (comments.scored_at − accepted_at in PostgreSQL) of every comment sent.
 *                Then Redis memory: INFO used_memory before and after part 3, and MEMORY USAGE of every key under the
 *                part's prefix by kind (BullMQ job hashes, its queue structures, counters), per scored comment.
 * Scorers default to the lexicon only, so this measures the spine rather than the model (`--scorers both`).
 * Part 3 runs the webhook process beside the workers, as `npm start` does. With `--webhooks compare` it runs
 * twice in the same run — webhooks off (no WEBHOOK_URL), then on (every verdict POSTed, signed, to a receiver in
 * a process of its own that checks the signature and answers 204) — each with a fresh API, workers and key prefix, and
 * reports both rows plus how long the deliveries took (accept → webhook received).
 *
 * Flags: --workers N (2) --scorers lexicon|model|both (lexicon) --duration S (10) --connections C (32)
 *        --batch B (50) --rate R (200) --latency-seconds S (20) --warmup S (3) --webhooks off|on|compare (off)
 *        --skip-ingest (parts 1 and 2 not run) --skip-latency (part 3 not run)
 * Everything is bounded in time and stays on 127.0.0.1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import IORedis from 'ioredis';
import { ensurePrivateRedis, type PrivateRedis } from '../src/cli/private-redis';
import { ensurePrivatePostgres, type PrivatePostgres } from '../src/cli/private-postgres';
import { Client } from 'pg';
import { freePort, waitUntil } from '../src/cli/processes';
import { Supervisor } from '../src/cli/supervisor';
import { redisKeys } from '../src/redis/keys';
import { ScoringQueue } from '../src/queue/scoring-queue';
import type { ReceiverReport } from './webhook-receiver';
import { benchLog, int, runBench } from './cli';

const { values: flags } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    scorers: { type: 'string', default: 'lexicon' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    batch: { type: 'string', default: '50' },
    rate: { type: 'string', default: '200' },
    'latency-seconds': { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    webhooks: { type: 'string', default: 'off' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-latency': { type: 'boolean', default: false },
  },
});
if (!['off', 'on', 'compare'].includes(flags.webhooks!)) throw new Error(`--webhooks must be off, on or compare, not ${flags.webhooks}`);
const WEBHOOK_MODES: ('off' | 'on')[] = flags['skip-latency'] ? [] : flags.webhooks === 'compare' ? ['off', 'on'] : [flags.webhooks as 'off' | 'on'];
const WEBHOOK_SECRET = `bench-secret-${randomBytes(8).toString('hex')}`;
const WORKERS = int(flags.workers, 1, 16);
const SCORERS = flags.scorers === 'both' ? 'lexicon,model' : flags.scorers!;
const DURATION = int(flags.duration, 1, 120);
const CONNECTIONS = int(flags.connections, 1, 512);
const BATCH = int(flags.batch, 1, 500);
const RATE = int(flags.rate, 1, 5000);
const LATENCY_SECONDS = int(flags['latency-seconds'], 1, 120);
const WARMUP = int(flags.warmup, 0, 30);
/** Longest we wait for the workers to score what the latency phase sent; what is left is reported as not scored. */
const DRAIN_TIMEOUT_MS = 180_000;

const API_KEY = `bench_${randomBytes(16).toString('hex')}`;
const PREFIX = 'sievebench';
const RUN = randomBytes(3).toString('hex');
const log = benchLog('bench:ingest');

/** A small mix so the lexicon has something to find in some comments. */
const TEXTS = [
  'Thanks for writing this, the section on local budgets was really clear.',
  'I disagree with the premise, but the data in the second chart is interesting.',
  'This is complete crap and the author is an idiot.',
  'Has anyone checked the numbers against last year\'s report?',
  'What a load of bullshit, unsubscribing.',
  'Great piece. My town went through the same thing in 2019 and it took years to recover.',
];

let counter = 0;
function comment(prefix: string, threadId?: string) {
  const n = counter++;
  return {
    id: `${prefix}-${RUN}-${n}`,
    ...(threadId ? {} : { threadId: `bench-thread-${n % 100}` }),
    author: { id: `user-${n % 500}`, name: 'Bench User' },
    // Distinct texts: the model scorer caches identical texts, and a benchmark of cache hits measures nothing.
    text: `${TEXTS[n % TEXTS.length]!} (${n})`,
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  };
}

interface Phase {
  requestsPerSec: number;
  commentsPerSec: number;
  ok: number;
  /** Comments in the requests answered 2xx. */
  comments: number;
  non2xx: number;
  errors: number;
  p50ms: number;
  p99ms: number;
}

async function drive(base: string, kind: 'single' | 'batch', seconds: number, opts: { rate?: number; idPrefix: string; sent?: string[] }): Promise<Phase> {
  const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };
  const perRequest = kind === 'batch' ? BATCH : 1;
  const result = await autocannon({
    url: base,
    connections: opts.rate ? Math.min(CONNECTIONS, 16) : CONNECTIONS,
    duration: seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    requests: [
      {
        method: 'POST',
        path: kind === 'single' ? '/v1/comments' : `/v1/threads/bench-${RUN}-t/comments`,
        headers,
        setupRequest: (req) => {
          if (kind === 'single') {
            const c = comment(opts.idPrefix);
            opts.sent?.push(c.id);
            return { ...req, body: JSON.stringify(c) };
          }
          const comments = Array.from({ length: BATCH }, () => comment(opts.idPrefix, 'in-path'));
          return { ...req, body: JSON.stringify({ comments }) };
        },
      },
    ],
  });
  return {
    requestsPerSec: result['2xx'] / result.duration,
    commentsPerSec: (result['2xx'] * perRequest) / result.duration,
    ok: result['2xx'],
    comments: result['2xx'] * perRequest,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
  };
}

/** Waits until nothing is waiting, active or delayed; false if that did not happen within DRAIN_TIMEOUT_MS. */
async function drained(queue: ScoringQueue): Promise<boolean> {
  return waitUntil(async () => {
    const c = await queue.counts();
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) === 0;
  }, DRAIN_TIMEOUT_MS, 'not drained', 250).then(() => true, () => false);
}

/** Accept-to-verdict times (ms) of the given comments, from the record's accepted_at and scored_at. */
async function acceptToVerdict(databaseUrl: string, ids: readonly string[], received?: Map<string, number>): Promise<{ ms: number[]; notScored: number; deliveryMs: number[] }> {
  const deliveryMs: number[] = [];
  const ms: number[] = [];
  let notScored = 0;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < ids.length; i += 5000) {
      const { rows } = await client.query<{ id: string; accepted_at: Date; scored_at: Date | null }>(
        'SELECT id, accepted_at, scored_at FROM comments WHERE id = ANY($1)', [ids.slice(i, i + 5000)]);
      for (const r of rows) {
        if (!r.scored_at) notScored++;
        else ms.push(r.scored_at.getTime() - r.accepted_at.getTime());
        const at = received?.get(r.id);
        if (at !== undefined) deliveryMs.push(at - r.accepted_at.getTime());
      }
    }
  } finally {
    await client.end();
  }
  return { ms: ms.sort((a, b) => a - b), notScored, deliveryMs: deliveryMs.sort((a, b) => a - b) };
}

/** A database of its own on the private PostgreSQL for one part of the run (the API migrates it at start). */
async function freshDatabase(postgres: PrivatePostgres, name: string): Promise<string> {
  const admin = new Client({ connectionString: postgres.url.replace(/\/sieve$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return postgres.url.replace(/\/sieve$/, `/${name}`);
}

/** The site's end of the webhooks, in its own process (bench/webhook-receiver.ts). */
async function startReceiver(): Promise<{ url: string; report(): Promise<ReceiverReport>; close(): void }> {
  const child = fork(join(__dirname, `webhook-receiver${__filename.endsWith('.ts') ? '.ts' : '.js'}`), [], {
    env: { ...process.env, WEBHOOK_SECRET }, execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', () => reject(new Error('the webhook receiver exited')));
  });
  return {
    url,
    report: () => new Promise((resolve) => {
      child.once('message', (m: ReceiverReport) => resolve(m));
      child.send({ type: 'report' });
    }),
    close: () => { child.disconnect(); },
  };
}

/**
 * CPU seconds used so far by this process and its descendants, by kind (Linux /proc; empty elsewhere): the API,
 * PostgreSQL, Redis and this process (the load generator). Per comment, this is what the machine's load barely moves.
 */
function cpuByKind(): Map<string, number> {
  const out = new Map<string, number>();
  let procs: { pid: number; ppid: number; comm: string; cpu: number; cmd: string }[];
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const f = stat.slice(close + 2).split(' ');
        return [{ pid: Number(d), ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, close), cpu: (Number(f[11]) + Number(f[12])) / 100, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8') }];
      } catch {
        return [];
      }
    });
  } catch {
    return out;
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  for (const p of procs) {
    if (!mine.has(p.pid)) continue;
    const kind = p.pid === process.pid ? 'load generator' : p.cmd.includes('api/server') ? 'API' : p.comm.startsWith('postgres') ? 'PostgreSQL' : p.comm.startsWith('redis') ? 'Redis' : p.comm;
    out.set(kind, (out.get(kind) ?? 0) + p.cpu);
  }
  return out;
}

/** Runs `phase` and returns its result with the CPU ms per comment each kind of process used meanwhile. */
async function withCpu(phase: () => Promise<Phase>): Promise<Phase & { cpuMsPerComment: Map<string, number> }> {
  const before = cpuByKind();
  const p = await phase();
  const after = cpuByKind();
  const comments = Math.max(1, p.comments);
  return { ...p, cpuMsPerComment: new Map([...after].map(([k, v]) => [k, ((v - (before.get(k) ?? 0)) * 1000) / comments])) };
}

/** Redis memory (INFO used_memory, bytes) and, per kind of key under `prefix`, what MEMORY USAGE says they take. */
async function redisMemory(client: IORedis, prefix: string): Promise<{ used: number; byKind: Map<string, { keys: number; bytes: number }> }> {
  const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
  const byKind = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    const pipe = client.pipeline();
    for (const k of keys) pipe.memory('USAGE', k, 'SAMPLES', '0');
    const sizes = (await pipe.exec()) ?? [];
    keys.forEach((k, i) => {
      // BullMQ: <prefix>:bull:<queue>:<job id> is a job (…:logs its log); <prefix>:bull:<queue>:<events|completed|…> its structures.
      const m = /:bull:([^:]+):(.+)$/.exec(k);
      const kind = !m ? k.slice(prefix.length + 1).replace(/:[^:]+$/, ':*')
        : /^(events|completed|failed|wait|active|delayed|prioritized|meta|id|marker|pc|stalled-check|limiter|paused|repeat|de)$/.test(m[2]!) ? `${m[1]} queue ${m[2]}` : `${m[1]} job`;
      const e = byKind.get(kind) ?? { keys: 0, bytes: 0 };
      e.keys++;
      e.bytes += Number(sizes[i]?.[1] ?? 0);
      byKind.set(kind, e);
    });
  } while (cursor !== '0');
  return { used, byKind };
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sieve-bench-'));
  let redis: PrivateRedis | undefined;
  let postgres: PrivatePostgres | undefined;
  let failed: Error | undefined;
  const supervisors: Supervisor[] = [];
  const newSupervisor = () => {
    const s = new Supervisor({
      onFatal: (exit) => {
        failed = new Error(`${exit.name} exited during the benchmark (${exit.signal ?? `code ${exit.code}`})`);
      },
    });
    supervisors.push(s);
    return s;
  };
  const check = () => {
    if (failed) throw failed;
  };
  const cleanup = async () => {
    for (const s of supervisors) await s.stop('SIGTERM', 20_000);
    await redis?.stop();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  /** The API on a free port over its own key prefix, so each part starts from an empty queue and store. */
  const startApi = async (supervisor: Supervisor, prefix: string, extraEnv: NodeJS.ProcessEnv = {}) => {
    const port = await freePort();
    const databaseUrl = await freshDatabase(postgres!, prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      REDIS_URL: redis!.url,
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      API_KEYS: `${API_KEY}:ingest:bench`,
      SCORERS,
      LOG_LEVEL: 'warn',
      MAX_BATCH_SIZE: String(Math.max(BATCH, 500)),
      // One key drives the whole load here, far past a site's quota: the quotas are lifted so the figures measure
      // the spine (each request still pays the quota's two Redis round trips).
      QUOTA_REQUESTS_PER_SECOND: '1000000',
      QUOTA_COMMENTS_PER_SECOND: '100000000',
      ...extraEnv,
    };
    supervisor.start({ name: 'api', entry: join(__dirname, '..', 'src', 'api', 'server'), env });
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(async () => {
      check();
      return fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    }, 60_000, 'the API did not come up');
    return { base, env };
  };

  const loadBefore = loadavg()[0]!;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  try {
    redis = await ensurePrivateRedis(dataDir);
    postgres = await ensurePrivatePostgres(dataDir);
    log(`${cpus().length} CPUs, node ${process.version}`);
    const f = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
    const table = [
      `Sieve ingest benchmark — ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), node ${process.version}, API + ${WORKERS} worker process(es) + the webhook process, scorers: ${SCORERS}; ` +
        `load average before the run ${loadBefore.toFixed(1)} (other work on the machine skews the absolute figures, less the ratio)`,
    ];
    const phases: Phase[] = [];
    const redisRows: string[] = [];

    if (!flags['skip-ingest']) {
      // Part 1: taking comments in. No workers, so they do not compete with the API for the cores.
      const ingest = newSupervisor();
      const { base: ingestBase } = await startApi(ingest, `${PREFIX}-ingest`);
      log(`warming up ${WARMUP} s`);
      if (WARMUP > 0) await drive(ingestBase, 'single', WARMUP, { idPrefix: 'warm' });
      check();
      log(`single endpoint: ${CONNECTIONS} connections, ${DURATION} s`);
      const single = await withCpu(() => drive(ingestBase, 'single', DURATION, { idPrefix: 'single' }));
      check();
      log(`batch endpoint: ${BATCH} comments per request, ${CONNECTIONS} connections, ${DURATION} s`);
      const batch = await withCpu(() => drive(ingestBase, 'batch', DURATION, { idPrefix: 'batch' }));
      check();
      await ingest.stop('SIGTERM', 20_000);
      phases.push(single, batch);
      table.push(
        '',
        '| taking comments in (API + PostgreSQL + Redis, no workers running) | comments/s accepted | requests/s | request latency p50 / p99 (ms) | vs single |',
        '|---|---:|---:|---:|---:|',
        `| single \`POST /v1/comments\` (${CONNECTIONS} connections, ${DURATION} s) | ${f(single.commentsPerSec)} | ${f(single.requestsPerSec)} | ${f(single.p50ms)} / ${f(single.p99ms)} | 1.00 |`,
        `| batch \`POST /v1/threads/:id/comments\` (${BATCH}/request, ${CONNECTIONS} connections, ${DURATION} s) | ${f(batch.commentsPerSec)} | ${f(batch.requestsPerSec)} | ${f(batch.p50ms)} / ${f(batch.p99ms)} | ${f(batch.commentsPerSec / single.commentsPerSec, 2)} |`,
      );
      const kinds = ['API', 'PostgreSQL', 'Redis', 'load generator'];
      if (batch.cpuMsPerComment.size > 0) {
        const total = (p: typeof single) => [...p.cpuMsPerComment.values()].reduce((a, b) => a + b, 0);
        const row = (name: string, p: typeof single) => `| ${name} | ${kinds.map((k) => f(p.cpuMsPerComment.get(k) ?? 0, 3)).join(' | ')} | ${f(total(p), 3)} | ${f(2000 / total(p))} |`;
        table.push(
          '',
          `| CPU per comment accepted (ms, from /proc) | ${kinds.join(' | ')} | total | comments/s if it had both cores |`,
          `|---|${kinds.map(() => '---:').join('|')}|---:|---:|`,
          row('single', single),
          row('batch', batch),
        );
      }
    }

    // Part 2: accept to verdict, with a fresh API, N workers and the webhook process over another prefix (an
    // empty queue) — once per webhook mode, in the same run.
    const compare = WEBHOOK_MODES.length > 1 || WEBHOOK_MODES[0] === 'on';
    if (WEBHOOK_MODES.length > 0) table.push(
      '',
      `| accept → verdict at a fixed offered load (${WORKERS} workers, ${SCORERS}) |${compare ? ' webhooks |' : ''} offered | achieved | scored | p50 (ms) | p99 (ms) | max (ms) |${compare ? ' webhooks received | accept → webhook p50 / p99 (ms) |' : ''}`,
      `|---|${compare ? '---|' : ''}---:|---:|---:|---:|---:|---:|${compare ? '---:|---:|' : ''}`,
    );
    for (const mode of WEBHOOK_MODES) {
      const prefix = `${PREFIX}-${mode}`;
      if (mode === 'on') receiver = await startReceiver();
      const spine = newSupervisor();
      const hooks = mode === 'on' ? { WEBHOOK_URL: receiver!.url, WEBHOOK_SECRET } : { WEBHOOK_URL: '', WEBHOOK_SECRET: '' };
      const { base, env } = await startApi(spine, prefix, hooks);
      const databaseUrl = env.DATABASE_URL!;
      const readyUrls: string[] = [];
      for (let i = 1; i <= WORKERS; i++) {
        const healthPort = await freePort();
        readyUrls.push(`http://127.0.0.1:${healthPort}/readyz`);
        spine.start({ name: `worker-${i}`, entry: join(__dirname, '..', 'workers', 'scoring-worker'), env: { ...env, WORKER_HEALTH_PORT: String(healthPort) } });
      }
      const hooksPort = await freePort();
      readyUrls.push(`http://127.0.0.1:${hooksPort}/readyz`);
      spine.start({ name: 'webhooks', entry: join(__dirname, '..', 'workers', 'webhook-worker'), env: { ...env, WORKER_HEALTH_PORT: String(hooksPort) } });
      log(`webhooks ${mode}: ${WORKERS} worker(s) loading scorers: ${SCORERS}`);
      await waitUntil(async () => {
        check();
        return (await Promise.all(readyUrls.map((u) => fetch(u).then((r) => r.ok, () => false)))).every(Boolean);
      }, 300_000, 'the workers did not become ready within 300 s', 250);
      const client = new IORedis(redis.url);
      const queue = new ScoringQueue(client, redisKeys(prefix), { JOB_ATTEMPTS: 1, JOB_BACKOFF_MS: 0 });
      if (WARMUP > 0) {
        await drive(base, 'single', WARMUP, { rate: RATE, idPrefix: `warm-${mode}` });
        await drained(queue);
      }

      log(`webhooks ${mode}: latency at ${RATE} comments/s offered for ${LATENCY_SECONDS} s`);
      const memBefore = await redisMemory(client, prefix);
      const sent: string[] = [];
      const steady = await drive(base, 'single', LATENCY_SECONDS, { rate: RATE, idPrefix: `lat-${mode}`, sent });
      // Requests still in flight when the load stops may be accepted a moment later: wait for every accepted
      // comment's verdict (and, with webhooks on, its delivery), not for an empty queue.
      const receivedNow = async () => (mode === 'on' ? new Map((await receiver!.report()).received) : undefined);
      await waitUntil(async () => {
        check();
        const r = await acceptToVerdict(databaseUrl, sent, await receivedNow());
        return r.notScored === 0 && (mode === 'off' || r.deliveryMs.length >= r.ms.length);
      }, DRAIN_TIMEOUT_MS, '', 1000).catch(() => log(`the workers did not catch up within ${DRAIN_TIMEOUT_MS / 1000} s; reporting what was scored`));
      check();
      const { ms, notScored, deliveryMs } = await acceptToVerdict(databaseUrl, sent, await receivedNow());
      const badSignatures = mode === 'on' ? (await receiver!.report()).badSignatures : 0;
      // Redis after the move: what the scored comments left there (BullMQ keeps finished jobs a while: removeOnComplete).
      const memAfter = await redisMemory(client, prefix);
      const scoredHere = Math.max(1, ms.length);
      const kinds = [...memAfter.byKind].map(([kind, e]) => {
        const b = memBefore.byKind.get(kind) ?? { keys: 0, bytes: 0 };
        return { kind, keys: e.keys - b.keys, bytes: e.bytes - b.bytes, total: e.bytes };
      }).filter((k) => k.bytes !== 0).sort((a, b) => b.bytes - a.bytes);
      redisRows.push(`| ${mode === 'on' ? 'webhooks on' : 'webhooks off'}, ${ms.length} comments scored | ${f((memAfter.used - memBefore.used) / scoredHere)} | ${kinds.map((k) => `${k.kind}: ${f(k.bytes / scoredHere)} (${k.keys >= 0 ? '+' : ''}${k.keys} keys)`).join('; ')} |`);
      await queue.close();
      client.disconnect();
      await spine.stop('SIGTERM', 20_000);
      phases.push(steady);
      const hookCols = !compare ? '' : mode === 'on'
        ? ` ${deliveryMs.length} of ${ms.length}${badSignatures ? ` (${badSignatures} bad signatures)` : ''} | ${f(percentile(deliveryMs, 50))} / ${f(percentile(deliveryMs, 99))} |`
        : ' — | — |';
      table.push(`| single endpoint, ${LATENCY_SECONDS} s |${compare ? ` ${mode} |` : ''} ${RATE}/s | ${f(steady.commentsPerSec)}/s | ${ms.length}${notScored ? ` (${notScored} not yet)` : ''} | ${f(percentile(ms, 50))} | ${f(percentile(ms, 99))} | ${f(ms[ms.length - 1] ?? NaN)} |${hookCols}`);
    }

    if (redisRows.length > 0) {
      table.push('', '| Redis memory per scored comment (accept → verdict part) | used_memory delta / comment (B) | by kind of key: MEMORY USAGE delta / comment (B) |', '|---|---:|---|', ...redisRows);
    }
    const problems = phases.reduce((n, p) => n + p.non2xx + p.errors, 0);
    if (problems > 0) table.push('', `WARNING: ${problems} requests failed or got non-2xx answers; the figures count only accepted comments.`);
    process.stdout.write(table.join('\n') + '\n');
  } finally {
    receiver?.close();
    await cleanup();
  }
}

runBench(main, log);
