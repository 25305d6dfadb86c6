/**
 * `npm run seed`: submits the commissioned thread (seeds/thread.json) through the running API, waits for the
 * verdicts and prints them. The API is SIEVE_URL (default http://127.0.0.1:$PORT); the key is SIEVE_API_KEY, or
 * the first ingest/admin key of API_KEYS, or the development key `npm start` wrote under DATA_DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type ApiKey } from '../config';
import { devApiKeysPath } from './dev-keys';
import { runCli } from './run-cli';

interface SeedFile {
  threadId: string;
  comments: { id: string; text: string; author: { id: string; name?: string }; parentId?: string; createdAt?: string }[];
  expected: Record<string, { verdict: string; why: string }>;
}


export function loadSeed(path = resolveSeedPath()): SeedFile {
  return JSON.parse(readFileSync(path, 'utf8')) as SeedFile;
}

function resolveSeedPath(): string {
  // src/cli/ when run with tsx, dist/src/cli/ when compiled.
  const found = ['../..', '../../..'].map((up) => join(__dirname, up, 'seeds', 'thread.json')).find((p) => existsSync(p));
  if (!found) throw new Error('seeds/thread.json not found');
  return found;
}

function ingestKey(given: string | undefined, apiKeys: readonly ApiKey[], dataDir: string): string {
  if (given) return given;
  let keys = apiKeys;
  if (keys.length === 0) {
    try { keys = JSON.parse(readFileSync(devApiKeysPath(dataDir), 'utf8')) as ApiKey[]; } catch { /* none */ }
  }
  const k = keys.find((x) => x.role === 'ingest') ?? keys.find((x) => x.role === 'admin');
  if (!k) throw new Error('no API key: set SIEVE_API_KEY, or API_KEYS with an ingest key, or run `npm start` first');
  return k.key;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const base = (config.SIEVE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '');
  const headers = { authorization: `Bearer ${ingestKey(config.SIEVE_API_KEY, config.API_KEYS, config.DATA_DIR)}`, 'content-type': 'application/json' };
  const seed = loadSeed();
  const res = await fetch(`${base}/v1/threads/${seed.threadId}/comments`, { method: 'POST', headers, body: JSON.stringify({ comments: seed.comments }) });
  const body = (await res.json()) as { accepted?: number; duplicates?: number; error?: unknown };
  if (res.status !== 202) throw new Error(`the API answered ${res.status}: ${JSON.stringify(body)}`);
  process.stdout.write(`submitted ${seed.comments.length} comments to ${base} (${body.accepted} new, ${body.duplicates} already there); waiting for verdicts...\n`);

  const deadline = Date.now() + 120_000;
  for (;;) {
    const t = (await (await fetch(`${base}/v1/threads/${seed.threadId}`, { headers })).json()) as { comments: { id: string; status: string; verdict: string | null; reasons: { message: string }[] }[] };
    if (t.comments.every((c) => c.status !== 'queued')) {
      for (const c of t.comments) {
        process.stdout.write(`${c.id}  ${String(c.verdict).padEnd(7)}  ${c.reasons.map((r) => r.message).join('; ') || '—'}\n`);
      }
      return;
    }
    if (Date.now() > deadline) throw new Error('no verdicts after 2 minutes: is a worker running?');
    await new Promise((r) => setTimeout(r, 250));
  }
}

if (require.main === module) runCli('seed', main);
