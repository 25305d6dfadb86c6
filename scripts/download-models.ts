/**
 * `npm run models:download` — on a machine with network access, saves Google's toxicity model (graph,
 * weight shards) and the sentencepiece vocabulary into models/downloaded/toxicity/ (gitignored), so
 * workers can run `MODEL_PROVIDER=google TOXICITY_MODEL_URL=file://<abs path>/models/downloaded/toxicity`
 * offline. The Dockerfile can run it at build time.
 *
 *   npm run models:download -- [--out models/downloaded/toxicity] [--url <model.json URL or TF Hub address>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TFHUB_TOXICITY_URL, USE_VOCAB_URL } from '../src/scoring/model/googleModel';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

/** TF Hub serves the TF.js files when asked with ?tfjs-format=file (what tfjs's `fromTFHub` does). */
function modelJsonUrl(url: string): string {
  if (url.endsWith('.json')) return url;
  return `${url.replace(/\/$/, '')}/model.json?tfjs-format=file`;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res;
}

async function main(): Promise<void> {
  const out = path.resolve(arg('out', 'models/downloaded/toxicity'));
  const src = modelJsonUrl(arg('url', TFHUB_TOXICITY_URL));
  mkdirSync(out, { recursive: true });
  const modelJson = (await (await fetchOk(src)).json()) as { weightsManifest: { paths: string[] }[] };
  const base = new URL('.', src.split('?')[0]);
  const query = src.includes('?') ? `?${src.split('?')[1]}` : '';
  for (const p of modelJson.weightsManifest.flatMap((g) => g.paths)) {
    const buf = Buffer.from(await (await fetchOk(new URL(p, base).toString() + query)).arrayBuffer());
    writeFileSync(path.join(out, p), buf);
    console.log(`saved ${p} (${buf.byteLength} bytes)`);
  }
  writeFileSync(path.join(out, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(path.join(out, 'vocab.json'), Buffer.from(await (await fetchOk(USE_VOCAB_URL)).arrayBuffer()));
  console.log(`saved model.json and vocab.json in ${out}\nuse: MODEL_PROVIDER=google TOXICITY_MODEL_URL=file://${out}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
