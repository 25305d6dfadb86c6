/**
 * `npm run bench:sync` — latency of synchronous scoring (`POST /v1alpha1/comments:analyze`) through the workers.
 *
 * Runs a private redis-server (temp dir), the API and N scoring workers as processes (as `npm start` does), waits
 * until the workers' scorers are loaded (/readyz), warms up, then offers a fixed open-loop load — requests are
 * sent on schedule whether or not earlier ones have been answered — at each rate for S seconds, and reports
 * p50 / p99 / max of the request latency measured from each request's scheduled send time to its answer.
 * Every text is distinct (the model caches identical texts) and asks for TOXICITY (with the model), INSULT,
 * IDENTITY_ATTACK and PROFANITY. Everything — this load generator, the API, the workers, Redis — shares the machine.
 *
 * Flags: --workers N (1) --scorers lexicon|model|both (both) --rates 20,50 --duration S (20) --warmup S (5)
 *        --timeout-ms T (2000: SYNC_TIMEOUT_MS)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { ensurePrivateRedis, type PrivateRedis } from '../src/cli/private-redis';
import { freePort, waitUntil } from '../src/cli/processes';
import { Supervisor } from '../src/cli/supervisor';
import { benchLog, int, runBench } from './cli';

const { values: flags } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    scorers: { type: 'string', default: 'both' },
    rates: { type: 'string', default: '20,50' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'timeout-ms': { type: 'string', default: '2000' },
  },
});
const WORKERS = int(flags.workers, 1, 16);
const SCORERS = flags.scorers === 'both' ? 'lexicon,model' : flags.scorers!;
const RATES = flags.rates!.split(',').map((r) => int(r, 1, 1000));
const DURATION = int(flags.duration, 1, 300);
const WARMUP = int(flags.warmup, 0, 60);
const TIMEOUT_MS = int(flags['timeout-ms'], 50, 60000);
/** TOXICITY needs the model; with the lexicon alone it is refused (attribute_not_served), so it is not asked for. */
const ATTRIBUTES = ['TOXICITY', 'INSULT', 'IDENTITY_ATTACK', 'PROFANITY'].filter((a) => a !== 'TOXICITY' || SCORERS.includes('model'));
const API_KEY = `bench_${randomBytes(16).toString('hex')}`;
const log = benchLog('bench:sync');

const TEXTS = [
  'Thanks for writing this, the section on local budgets was really clear.',
  'I disagree with the premise, but the data in the second chart is interesting.',
  'This is complete crap and the author is an idiot.',
  'Has anyone checked the numbers against last year\'s report?',
  'What a load of bullshit, unsubscribing.',
  'Great piece. My town went through the same thing in 2019 and it took years to recover.',
  'People like you should be banned from commenting, you ignorant fool.',
  'Could the council publish the full contract? The summary leaves a lot out.',
];
let counter = 0;
const nextText = () => {
  const n = counter++;
  return `${TEXTS[n % TEXTS.length]!} (${n})`;
};

interface Run { rate: number; sent: number; ok: number; statuses: Record<string, number>; ms: number[] }

async function drive(base: string, rate: number, seconds: number): Promise<Run> {
  const url = `${base}/v1alpha1/comments:analyze?key=${API_KEY}`;
  const total = rate * seconds;
  const ms: number[] = [];
  const statuses: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ comment: { text: nextText() }, languages: ['en'], requestedAttributes: Object.fromEntries(ATTRIBUTES.map((a) => [a, {}])) });
    inFlight.push(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
      async (res) => {
        await res.arrayBuffer();
        ms.push(performance.now() - due);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      },
      () => { statuses.error = (statuses.error ?? 0) + 1; },
    ));
  }
  await Promise.all(inFlight);
  return { rate, sent: total, ok: statuses['200'] ?? 0, statuses, ms: ms.sort((a, b) => a - b) };
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sieve-bench-sync-'));
  let redis: PrivateRedis | undefined;
  let failed: Error | undefined;
  const supervisor = new Supervisor({
    onFatal: (exit) => { failed = new Error(`${exit.name} exited during the benchmark (${exit.signal ?? `code ${exit.code}`})`); },
  });
  const check = () => { if (failed) throw failed; };
  const cleanup = async () => {
    await supervisor.stop('SIGTERM', 20_000);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  const loadBefore = loadavg();
  try {
    redis = await ensurePrivateRedis(dataDir);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env, NODE_ENV: 'production', REDIS_URL: redis.url, REDIS_PREFIX: 'sievebench-sync', PORT: String(port), HOST: '127.0.0.1',
      API_KEYS: `${API_KEY}:ingest:bench`, SCORERS, LOG_LEVEL: 'error', SYNC_TIMEOUT_MS: String(TIMEOUT_MS),
    };
    supervisor.start({ name: 'api', entry: join(__dirname, '..', 'src', 'api', 'server'), env });
    const base = `http://127.0.0.1:${port}`;
    const readyUrls: string[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      const healthPort = await freePort();
      readyUrls.push(`http://127.0.0.1:${healthPort}/readyz`);
      supervisor.start({ name: `worker-${i}`, entry: join(__dirname, '..', 'workers', 'scoring-worker'), env: { ...env, WORKER_HEALTH_PORT: String(healthPort) } });
    }
    log(`${WORKERS} worker(s) loading scorers: ${SCORERS}`);
    await waitUntil(async () => {
      check();
      const api = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      return api && (await Promise.all(readyUrls.map((u) => fetch(u).then((r) => r.ok, () => false)))).every(Boolean);
    }, 300_000, 'the API and workers did not become ready within 300 s', 250);
    if (WARMUP > 0) {
      log(`warming up: ${WARMUP} s at 10 requests/s`);
      await drive(base, 10, WARMUP);
    }
    const runs: Run[] = [];
    for (const rate of RATES) {
      check();
      log(`${rate} requests/s for ${DURATION} s`);
      runs.push(await drive(base, rate, DURATION));
    }
    check();
    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
    const lines = [
      `Sieve synchronous scoring benchmark — ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), node ${process.version}; API + ${WORKERS} worker process(es), scorers: ${SCORERS}; ` +
        `SYNC_TIMEOUT_MS ${TIMEOUT_MS}; load average before the run ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min; the machine is shared, other work skews these figures)`,
      '',
      `| offered load (open loop, ${DURATION} s, distinct texts, ${ATTRIBUTES.length} attributes) | answered 200 | other answers | p50 (ms) | p99 (ms) | max (ms) |`,
      '|---|---:|---|---:|---:|---:|',
      ...runs.map((r) => `| ${r.rate} requests/s | ${r.ok} of ${r.sent} | ${Object.entries(r.statuses).filter(([s]) => s !== '200').map(([s, n]) => `${n}× ${s}`).join(', ') || '—'} | ${f(percentile(r.ms, 50))} | ${f(percentile(r.ms, 99))} | ${f(r.ms[r.ms.length - 1] ?? NaN)} |`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await cleanup();
  }
}

runBench(main, log);
