/**
 * Configuration: the one place Sieve reads its environment.
 *
 * Every variable is declared once below with its type, default and the sentence the README shows
 * (`npm run docs:config` prints the table; a test checks the README carries every variable).
 * `loadConfig()` validates all of them at start-up and fails with a message naming the bad variable.
 */
import { z } from 'zod';
import { ROLES, type Role } from '../domain/actor';
import { REPORT_REASONS, type ReportReason } from '../domain/reports';
import { DEFAULT_SCORERS, SCORER_NAMES } from '../domain/scorers';
import { SECTION_PATTERN, SECTION_RULE } from '../domain/sections';
import { MODERATOR_REJECT_REASONS, type RejectReason } from '../domain/statements';

export { ROLES, type Role };

export interface ApiKey {
  key: string;
  role: Role;
  /** Who acts: written to the audit log. */
  name: string;
  /** The sections this key is limited to; absent = every section. */
  sections?: string[];
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const apiKeys = z.string().transform((raw, ctx): ApiKey[] => {
  const keys: ApiKey[] = [];
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [key, role, name, sectionList, ...rest] = entry.split(':');
    if (!key || !role || rest.length > 0 || !(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: 'custom', message: `entry "${entry.replace(/^[^:]*/, '***')}" must be <key>:<role>:<name>[:<section>|<section>...] with role one of ${ROLES.join(', ')}` });
      return z.NEVER;
    }
    if (key.length < 16) {
      ctx.addIssue({ code: 'custom', message: `a key for "${name ?? role}" is shorter than 16 characters` });
      return z.NEVER;
    }
    const sections = sectionList === undefined ? undefined : sectionList.split('|').map((x) => x.trim());
    const bad = sections?.find((x) => !SECTION_PATTERN.test(x));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `the key "${name || role}" names section "${bad}": a section is ${SECTION_RULE}` });
      return z.NEVER;
    }
    keys.push({ key, role: role as Role, name: name || role, ...(sections ? { sections: [...new Set(sections)] } : {}) });
  }
  return keys;
});

export interface QuotaOverride {
  requestsPerSecond: number;
  commentsPerSecond: number;
}

const quotaOverrides = z.string().transform((raw, ctx): Record<string, QuotaOverride> => {
  const out: Record<string, QuotaOverride> = {};
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, rps, cps, ...rest] = entry.split(':');
    const r = Number(rps);
    const c = Number(cps);
    if (!name || rest.length > 0 || !Number.isInteger(r) || r < 1 || !Number.isInteger(c) || c < 1) {
      ctx.addIssue({ code: 'custom', message: `entry "${entry}" must be <key name>:<requests/s>:<comments/s> with positive whole numbers` });
      return z.NEVER;
    }
    out[name] = { requestsPerSecond: r, commentsPerSecond: c };
  }
  return out;
});

/** REPORT_THRESHOLDS: `<reason>:<n>` per reader-report reason, and `*:<n>` for reports of any reasons together. */
export type ReportThresholds = Partial<Record<ReportReason | '*', number>>;

const reportThresholds = z.string().transform((raw, ctx): ReportThresholds => {
  const out: ReportThresholds = {};
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [reason, n, ...rest] = entry.split(':');
    const count = Number(n);
    if (!reason || rest.length > 0 || !(reason === '*' || (REPORT_REASONS as readonly string[]).includes(reason)) || !Number.isInteger(count) || count < 1) {
      ctx.addIssue({ code: 'custom', message: `entry "${entry}" must be <reason>:<reports> with reason * or one of ${REPORT_REASONS.join(', ')} and a whole number ≥ 1` });
      return z.NEVER;
    }
    out[reason as ReportReason | '*'] = count;
  }
  return out;
});

/** REVIEW_REASON_CODES: a subset of the moderator's reject reasons (src/domain/statements.ts). */
const reviewReasons = list.pipe(z.array(z.enum(MODERATOR_REJECT_REASONS as [RejectReason, ...RejectReason[]], { message: `each must be one of ${MODERATOR_REJECT_REASONS.join(', ')}` })).min(1));

const fraction = (min: number, max: number) => z.coerce.number().min(min).max(max);

interface VarSpec<T extends z.ZodType> {
  schema: T;
  /** Default as the environment would spell it; undefined = optional with no default. */
  default?: string;
  doc: string;
}
const v = <T extends z.ZodType>(schema: T, def: string | undefined, doc: string): VarSpec<T> => ({ schema, default: def, doc });

/** Every environment variable Sieve reads. Keep the docs short: they become the README's table. */
export const CONFIG_VARS = {
  // --- API
  PORT: v(int(0, 65535), '8080', 'TCP port the API listens on.'),
  HOST: v(z.string().min(1), '0.0.0.0', 'Address the API binds to.'),
  API_KEYS: v(apiKeys, '', 'Comma-separated `<key>:<role>:<name>` entries; roles `ingest`, `moderator`, `admin` (admin may do everything). The name is who acts in the audit log. Keys must be 16+ characters. A fourth field limits the key to sections: `<key>:moderator:alice:politics|sport` (without it: every section).'),
  MAX_TEXT_LENGTH: v(int(1), '10000', 'Longest accepted comment text, in characters (code points).'),
  MAX_BATCH_SIZE: v(int(1, 10000), '500', 'Most comments accepted in one `POST /v1/threads/:threadId/comments`.'),
  MAX_BODY_BYTES: v(int(1024), '2097152', 'Largest accepted request body in bytes (larger: 413).'),
  MAX_JSON_DEPTH: v(int(4, 1000), '32', 'Most nested objects/arrays in a JSON body (the body itself is level 1); deeper: 400 `too_deep`.'),
  // --- Redis and queue
  REDIS_URL: v(z.string().url().optional(), undefined, 'Redis to use, e.g. `redis://127.0.0.1:6379`. Unset: `npm start` runs a private `redis-server` with its data in `./data`.'),
  REDIS_PREFIX: v(z.string().regex(/^[A-Za-z0-9_-]+$/), 'sieve', 'Prefix of every Redis key and BullMQ queue Sieve owns.'),
  STORE_TIMEOUT_MS: v(int(50, 60000), '2000', 'Longest an API request waits on Redis: while Redis is unreachable (or slower than this) requests answer 503 `store_unavailable` with `Retry-After` at once (or after this long), and a comment refused so is never stored later.'),
  DATA_DIR: v(z.string().min(1), './data', 'Where `npm start` keeps the private Redis (`redis/`) and PostgreSQL (`postgres/`) data.'),
  // --- PostgreSQL (the durable record)
  DATABASE_URL: v(z.string().url().optional(), undefined, 'PostgreSQL holding the record (comments, verdicts, review items, audit log), e.g. `postgres://sieve:pw@db:5432/sieve`. Unset: `npm start` runs a private `postgres` with its data in `DATA_DIR/postgres`.'),
  DB_MIGRATE: v(z.enum(['auto', 'off']), 'auto', '`auto`: the API brings the schema to the latest migration at start-up (advisory-locked, safe with several processes); `off`: run `npm run migrate` yourself.'),
  DB_POOL_SIZE: v(int(1, 1000), '10', 'Most PostgreSQL connections one process (API or worker) opens.'),
  DB_STATEMENT_TIMEOUT_MS: v(int(50, 600000).optional(), undefined, 'Longest one PostgreSQL statement of an API request may run (server-side `statement_timeout`, waiting for a lock included): past it PostgreSQL cancels it, its transaction rolls back and the request answers 503 `store_unavailable` with `Retry-After` — a comment refused so is never stored later. Unset: `STORE_TIMEOUT_MS`.'),
  RECONCILE_INTERVAL_MS: v(int(0, 24 * 3600 * 1000), '30000', 'How often the reconciler (in the webhook process; one at a time across processes, by a PostgreSQL advisory lock) re-queues stored comments without a verdict and undelivered webhooks that have no job in Redis (after a Redis loss, or a crash between commit and queue); 0 = off.'),
  RECONCILE_AFTER_SECONDS: v(int(0, 7 * 86400), '60', 'A comment without a verdict (or an undelivered webhook) is only looked at by the reconciler once it is this old, so the normal path is never raced.'),
  // --- Workers
  WORKERS: v(int(0, 64), '1', 'Worker processes `npm start` runs beside the API (0 = API only). Each scores on one core: the WASM backend is single-threaded.'),
  WORKER_BATCH_SIZE: v(int(1, 1024), '32', 'B: most comments a worker scores in one pass.'),
  WORKER_BATCH_WAIT_MS: v(int(0, 60000), '20', 'T: how long a worker waits to fill a batch before scoring what it has.'),
  JOB_ATTEMPTS: v(int(1, 100), '4', 'Scoring attempts per comment before it is held for review as unscored.'),
  JOB_BACKOFF_MS: v(int(0), '1000', 'First retry delay; doubles on every further attempt.'),
  STALLED_INTERVAL_MS: v(int(100), '30000', 'How often workers look for jobs whose worker died (they are re-queued).'),
  WORKER_LOCK_MS: v(int(500), '30000', 'How long a job stays locked to a worker without a heartbeat; after that a dead worker\'s jobs count as stalled.'),
  WORKER_HEALTH_PORT: v(int(0, 65535).optional(), undefined, 'If set, each worker serves /healthz, /readyz (scorers loaded, Redis reachable) and /metrics on this port; so does the webhook process.'),
  WORKER_RESTART_LIMIT: v(int(1, 1000), '5', '`npm start` restarts a worker (or the webhook process) that crashes; this many crashes of one within `WORKER_RESTART_WINDOW_SECONDS` is a crash loop, and then it stops everything and exits 1. 1 = never restart.'),
  WORKER_RESTART_WINDOW_SECONDS: v(int(1, 86400), '60', 'The window in which `npm start` counts a worker\'s crashes (see `WORKER_RESTART_LIMIT`).'),
  WORKER_RESTART_BACKOFF_MS: v(int(0, 600000), '1000', 'How long `npm start` waits before restarting a crashed worker; doubles with every further crash in the window, at most 30 s.'),
  // --- Scoring
  SCORERS: v(list.pipe(z.array(z.enum(SCORER_NAMES)).min(1)), DEFAULT_SCORERS.join(','), `Scorers the workers run, comma-separated, any of ${SCORER_NAMES.map((n) => `\`${n}\``).join(', ')}; they run in that order.`),
  POLICY_FILE: v(z.string().optional(), undefined, 'JSON file overriding the default policy (thresholds per model label; per lexicon category the severity that holds or rejects and what a term in context does); see `src/policy/defaults.ts` and the README section Verdicts.'),
  MODEL_PROVIDER: v(z.enum(['sieve', 'google']), 'sieve', '`sieve`: the project-trained model in `models/` (fine-tuned USE-lite + attention head); `google`: `@tensorflow-models/toxicity`.'),
  TOXICITY_MODEL_URL: v(z.string().optional(), undefined, 'Where the Google toxicity model lives (`file://` directory or URL). Default: the TF Hub address the package uses; `npm run models:download` saves it under `models/`.'),
  TF_BACKEND: v(z.enum(['auto', 'tensorflow', 'wasm', 'cpu']), 'auto', 'TensorFlow.js backend: `auto` uses native `tfjs-node` when installed, else WebAssembly.'),
  MODEL_MAX_WINDOWS: v(int(0, 1000), '8', 'Most windows (about 24 words each) of one comment the model\'s encoder reads: the first, the last, the ones holding the lexicon\'s matches, then spread evenly. Bounds the cost of a long comment; 0 = no limit.'),
  LEXICON_FILES: v(list, '', 'Extra lexicon files the lexicon scorer loads, comma-separated: `.csv` (Surge AI format), `.json` (dsojevic format or Sieve entries), `.txt` (one term per line).'),
  SHARED_DIR: v(z.string().min(1), '../shared', 'Development data (training sets, fixtures); only training, evaluation and some tests read it.'),
  // --- Command-line tools
  SIEVE_URL: v(z.string().url().optional(), undefined, 'API address `npm run seed` submits to; default `http://127.0.0.1:<PORT>`.'),
  SIEVE_API_KEY: v(z.string().min(1).optional(), undefined, '`npm run seed`: the ingest key to use; default: an ingest (or admin) key from `API_KEYS`, else the development keys `npm start` made.'),
  // --- Review
  REVIEW_LEASE_SECONDS: v(int(5, 86400), '300', 'How long a moderator\'s claim on a review item lasts before it returns to the queue.'),
  REVIEW_REASON_CODES: v(reviewReasons, MODERATOR_REJECT_REASONS.join(','), `Reason codes a moderator may give when rejecting: any of ${MODERATOR_REJECT_REASONS.map((c) => `\`${c}\``).join(', ')} (src/domain/statements.ts). What the author is told for each is \`statements\` in \`POLICY_FILE\`.`),
  WEBHOOK_URL: v(z.string().url().optional(), undefined, 'Where verdicts and decisions are POSTed (signed); unset = no webhooks.'),
  WEBHOOK_SECRET: v(z.string().min(16).optional(), undefined, 'HMAC-SHA256 key for the `X-Sieve-Signature` header; required with `WEBHOOK_URL`.'),
  TEXT_RETENTION_DAYS: v(int(0), '0', 'Drop comment text this many days after a final decision, keeping the audit trail; 0 = keep forever.'),
  WEBHOOK_ATTEMPTS: v(int(1, 100), '10', 'Delivery attempts per webhook before it is given up (kept as a failed job).'),
  WEBHOOK_BACKOFF_MS: v(int(0), '2000', 'First webhook retry delay; doubles on every further attempt.'),
  WEBHOOK_TIMEOUT_MS: v(int(100, 120000), '10000', 'How long one webhook delivery may take before it counts as failed.'),
  // --- Moderating people (issue #11)
  NEAR_DUPLICATE_SIMILARITY: v(fraction(0.3, 1), '0.7', 'Raid grouping: how alike two comments\' normalised texts must be (estimated Jaccard similarity of their 5-character shingles, MinHash) to count as near-duplicates.'),
  NEAR_DUPLICATE_WINDOW_SECONDS: v(int(0, 30 * 86400), '3600', 'Raid grouping: how far apart in time near-duplicates may be to form one group; 0 = no grouping (workers compute no signatures).'),
  NEAR_DUPLICATE_MIN_LENGTH: v(int(5, 10000), '24', 'Raid grouping: texts shorter than this (normalised, letters and digits) are never grouped ("thanks!", "+1").'),
  REPORT_THRESHOLDS: v(reportThresholds, '*:3', `Reader reports that put a published comment in the review queue (as \`reported\`): comma-separated \`<reason>:<n>\` with reason one of ${REPORT_REASONS.map((r) => `\`${r}\``).join(', ')}, and \`*:<n>\` for reports of any reasons together, e.g. \`*:3,threat:1\`.`),
  REPORT_PRIORITY_STEP: v(int(0, 100), '5', 'Each reader report on a held comment adds this much to its priority (0-100), up to `REPORT_PRIORITY_MAX` in all.'),
  REPORT_PRIORITY_MAX: v(int(0, 100), '15', 'Most that reports may add to a held comment\'s priority: with the defaults, reported swearing (10-34) never reaches the threat band (80-100).'),
  AUTHOR_HISTORY_WINDOW_DAYS: v(int(1, 365), '7', 'Automatic pre-moderation: how far back an author\'s comments count (like Coral\'s recent-history phase).'),
  AUTHOR_HISTORY_REJECTION_RATE: v(fraction(0, 1), '0.3', 'Automatic pre-moderation: at or above this share of rejected comments (rejected / (rejected + published)) in the window, every new comment of the author is held for review; 0 = off.'),
  AUTHOR_HISTORY_MIN_COMMENTS: v(int(1, 10000), '3', 'Automatic pre-moderation: an author needs at least this many decided comments in the window before the rate counts.'),
  // --- Synchronous scoring, Perspective-compatible API, Coral (issue #10)
  SYNC_TIMEOUT_MS: v(int(50, 60000), '2000', 'How long a synchronous scoring request (`/v1alpha1/comments:analyze`, the Coral phase) waits for the workers before answering 504; keep it below your callers\' own timeouts.'),
  CORAL_PHASE_SECRETS: v(list.pipe(z.array(z.string().min(16, 'each secret must be 16+ characters'))), '', 'Comma-separated signing secrets of Coral external moderation phases (several while rotating); empty = `/v1/integrations/coral/phase` is off (404).'),
  CORAL_PHASE_RECORD: v(bool, 'true', 'Record each comment the Coral phase scores (thread = story id) so Sieve\'s history, review queue and calibration see it; `false` = score only, keep nothing.'),
  // --- Quotas and throttles (issue #15)
  QUOTA_REQUESTS_PER_SECOND: v(int(1), '200', 'Default per-API-key quota: requests per second on ingest, review, the Perspective routes and the Coral phase (over it: 429 with `Retry-After`).'),
  QUOTA_COMMENTS_PER_SECOND: v(int(1), '5000', 'Default per-API-key quota: comments per second submitted (a batch counts each comment; one analyze counts one).'),
  QUOTA_KEYS: v(quotaOverrides, '', 'Per-key quotas overriding the defaults: comma-separated `<key name>:<requests/s>:<comments/s>` (the name from `API_KEYS`; `coral` names the Coral phase).'),
  SIGNIN_FREE_FAILURES: v(int(1, 1000), '5', 'Failed sign-ins one IP address may make before it must wait; each further failure doubles the wait.'),
  SIGNIN_BACKOFF_SECONDS: v(int(1, 3600), '1', 'First wait after the free sign-in failures; doubles per further failure, up to `SIGNIN_MAX_BACKOFF_SECONDS`.'),
  SIGNIN_MAX_BACKOFF_SECONDS: v(int(1, 86400), '900', 'Longest wait an IP address is made to take between failed sign-ins.'),
  WEBHOOK_CONCURRENCY: v(int(1, 1000), '8', 'Deliveries one webhook process (`workers/webhook-worker.ts`, its own process, never a scoring worker) makes at once.'),
  // --- Moderator workspace
  SESSION_TTL_SECONDS: v(int(60, 7 * 86400), '43200', 'How long a moderator workspace sign-in (session cookie) lasts; removing the key from `API_KEYS` ends its sessions at once.'),
  SESSION_COOKIE_SECURE: v(z.enum(['auto', 'true', 'false']), 'auto', '`auto`: the session cookie is `Secure` when the request came over TLS (directly or `X-Forwarded-Proto: https`); `true`/`false` force it.'),
  // --- Learning from moderators (issue #13)
  AUDIT_SAMPLE_RATE: v(z.coerce.number().min(0).max(1), '0.01', 'Share of published comments drawn (by a hash of the comment id) into the low-priority `audit` review queue, so the quality figures can measure what the checks miss: 0.01 = 1 in 100; 0 = none.'),
  SHADOW_SAMPLE_RATE: v(z.coerce.number().min(0).max(1), '0', 'Share of comments (by a hash of the comment id) the workers also score with the shadow configuration below, after the live verdict is saved; its scores never act. 0 = no shadow scoring.'),
  SHADOW_SCORERS: v(list.pipe(z.array(z.enum(SCORER_NAMES))), '', `The shadow's scorers, any of ${SCORER_NAMES.map((n) => `\`${n}\``).join(', ')}; empty = the same as \`SCORERS\`.`),
  SHADOW_MODEL_PROVIDER: v(z.enum(['sieve', 'google']).optional(), undefined, 'The shadow\'s model provider (see `MODEL_PROVIDER`); unset = the live one.'),
  SHADOW_MODEL_DIR: v(z.string().min(1).optional(), undefined, 'A directory with another Sieve model (e.g. one retrained with `npm run train -- --extra`) for the shadow to run; unset = `models/sieve-toxicity`.'),
  SHADOW_POLICY_FILE: v(z.string().optional(), undefined, 'A policy file (as `POLICY_FILE`) for the shadow\'s verdicts, e.g. other thresholds; unset = the live policy.'),
  // --- Ops
  LOG_LEVEL: v(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info', 'pino log level.'),
} satisfies Record<string, VarSpec<z.ZodType>>;

type Vars = typeof CONFIG_VARS;
export type Config = { [K in keyof Vars]: z.output<Vars[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARS) as [string, VarSpec<z.ZodType>][]) {
    const raw = env[name] !== undefined && env[name] !== '' ? env[name] : spec.default;
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfigError(name, parsed.error.issues.map((i) => i.message).join('; '));
    }
    out[name] = parsed.data;
  }
  const config = out as Config;
  if (config.WEBHOOK_URL && !config.WEBHOOK_SECRET) {
    throw new ConfigError('WEBHOOK_SECRET', 'required when WEBHOOK_URL is set');
  }
  const names = new Set([...config.API_KEYS.map((k) => k.name), 'coral']);
  const unknown = Object.keys(config.QUOTA_KEYS).filter((n) => !names.has(n));
  if (unknown.length > 0) {
    throw new ConfigError('QUOTA_KEYS', `no key named ${unknown.map((n) => `"${n}"`).join(', ')} in API_KEYS`);
  }
  return config;
}

/** The README's configuration table (Markdown), generated from CONFIG_VARS. */
export function configMarkdownTable(): string {
  const rows = Object.entries(CONFIG_VARS).map(([name, spec]) =>
    `| \`${name}\` | ${spec.default === undefined ? '—' : spec.default === '' ? '(empty)' : `\`${spec.default}\``} | ${spec.doc} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
