/**
 * `npm run --silent score -- --input FILE|- [--scorers lexicon|model|lexicon,model]`
 *
 * Scores JSON Lines `{"id", "text"}` with the same pipeline the workers use (Redis only for the site's own terms,
 * when REDIS_URL is set) and writes one JSON line per input line, in input order: `{"id", "score", "verdict", "priority", "labels", "slurs", "reasons"}`,
 * or `{"id"|"line", "error": {"code", "message"}}` for a line that cannot be scored. Logs go to stderr.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { loadPolicy } from '../policy/policy';
import { createPipeline } from '../scoring/pipeline';
import { createScorers } from '../scoring/scorers';
import pino from 'pino';
import { createRedis } from '../redis/connection';
import { redisKeys } from '../redis/keys';
import { SiteTermStore } from '../scoring/lexicon/site-terms';
import { createDb } from '../db';
import { runCli } from './run-cli';

type Parsed = { line: number; id?: string | number; text?: string; error?: { code: string; message: string } };

export function parseLine(raw: string, line: number, maxTextLength: number): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { line, error: { code: 'invalid_json', message: `line ${line} is not JSON` } };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { line, error: { code: 'wrong_type', message: 'a line must be a JSON object' } };
  const { id, text } = value as { id?: unknown; text?: unknown };
  const okId = typeof id === 'string' || typeof id === 'number' ? id : undefined;
  if (typeof text !== 'string') return { line, id: okId, error: { code: text === undefined ? 'missing_field' : 'wrong_type', message: 'text must be a string' } };
  if (!text.isWellFormed()) return { line, id: okId, error: { code: 'invalid_unicode', message: 'text contains a lone surrogate' } };
  if ([...text].length > maxTextLength) return { line, id: okId, error: { code: 'text_too_long', message: `text is longer than ${maxTextLength} characters` } };
  return { line, id: okId ?? line, text };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { input: { type: 'string', short: 'i' }, scorers: { type: 'string' }, 'batch-size': { type: 'string' } } });
  if (!values.input) throw new Error('usage: npm run --silent score -- --input FILE|- [--scorers lexicon|model|lexicon,model]');
  const config = loadConfig({ ...process.env, ...(values.scorers ? { SCORERS: values.scorers } : {}) });
  const batchSize = Number(values['batch-size'] ?? config.WORKER_BATCH_SIZE);
  // With REDIS_URL and DATABASE_URL set the lexicon also uses the site's own terms, as the workers do; logs go to stderr.
  const redis = config.REDIS_URL && config.DATABASE_URL ? createRedis(config.REDIS_URL) : undefined;
  const db = redis && config.DATABASE_URL ? createDb(config.DATABASE_URL, { max: 1, applicationName: 'sieve-score' }) : undefined;
  const logger = pino({ level: config.LOG_LEVEL, base: { component: 'score' } }, pino.destination(2));
  const siteTerms = redis && db ? new SiteTermStore(redis, redisKeys(config.REDIS_PREFIX), db) : undefined;
  const pipeline = createPipeline(await createScorers(config.SCORERS, config, { siteTerms, logger }), loadPolicy(config.POLICY_FILE));

  const input = values.input === '-' ? process.stdin : createReadStream(values.input);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending: Parsed[] = [];
  const write = (s: string) => new Promise<void>((r) => (process.stdout.write(s) ? r() : process.stdout.once('drain', () => r())));

  const flush = async () => {
    const batch = pending;
    pending = [];
    const scorable = batch.filter((p) => !p.error && p.text!.trim() !== '');
    const results = await pipeline.scoreBatch(scorable.map((p) => p.text!));
    const byLine = new Map(scorable.map((p, i) => [p.line, results[i]!]));
    let out = '';
    for (const p of batch) {
      const r = byLine.get(p.line);
      if (p.error) out += JSON.stringify({ ...(p.id !== undefined ? { id: p.id } : {}), line: p.line, error: p.error }) + '\n';
      else if (!r) out += JSON.stringify({ id: p.id, score: 0, verdict: 'publish', priority: 0, labels: {}, slurs: [], reasons: [] }) + '\n';
      else out += JSON.stringify({ id: p.id, score: r.score, verdict: r.verdict, priority: r.priority, labels: r.labels, slurs: r.slurs, reasons: r.reasons }) + '\n';
    }
    await write(out);
  };

  let n = 0;
  for await (const raw of lines) {
    n += 1;
    if (raw.trim() === '') continue;
    pending.push(parseLine(raw, n, config.MAX_TEXT_LENGTH));
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  await pipeline.close();
  redis?.disconnect();
  await db?.destroy();
}

if (require.main === module) runCli('score', main);
