/**
 * `npm run train` — trains Sieve's toxicity heads on frozen USE-lite embeddings and writes them to
 * models/sieve-toxicity/. See models/MODEL_CARD.md for what the figures mean.
 *
 *   npm run train -- [--data-dir ../shared/data] [--out models/sieve-toxicity] [--cache .cache/sieve-embeddings/use-lite]
 *                    [--gate labels|distilled] [--embed-only]
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { initRuntime } from '../src/scoring/model/runtime';
import { loadEncoder, EMBEDDING_DIM } from '../src/scoring/model/encoder';
import { prepareText } from '../src/scoring/model/prepare';
import { loadDatasets } from './training/data';
import { EmbeddingCache } from './training/embeddingCache';

function arg(name: string, def?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const dataDir = arg('data-dir', path.join(process.env.SHARED_DIR ?? '../shared', 'data'))!;
  const cacheDir = arg('cache', '.cache/sieve-embeddings/use-lite')!;
  if (!existsSync(dataDir)) throw new Error(`training data not found at ${dataDir} (pass --data-dir or set SHARED_DIR)`);
  const examples = loadDatasets(dataDir);
  console.log(`loaded ${examples.length} examples from ${dataDir}`);
  const prepared = examples.map((e) => prepareText(e.text));

  const runtime = await initRuntime((process.env.TF_BACKEND as 'auto') ?? 'auto');
  console.log(`backend ${runtime.backend} (${runtime.reason})`);
  const cache = new EmbeddingCache(cacheDir, EMBEDDING_DIM);
  const encoder = await loadEncoder();
  await cache.fill(prepared, encoder, { log: (s) => console.log(s) });
  encoder.dispose();
  if (flag('embed-only')) return;
  const { trainAll } = await import('./training/trainHeads');
  const gate = arg('gate', 'labels');
  if (gate !== 'labels' && gate !== 'distilled') throw new Error(`--gate must be labels or distilled, not ${gate}`);
  await trainAll(examples, prepared, cache, { out: arg('out', 'models/sieve-toxicity')!, dataDir, gate });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
