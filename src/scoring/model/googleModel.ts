/**
 * Google's provider: the real `@tensorflow-models/toxicity` graph (USE-lite encoder + 7 heads) and its
 * sentencepiece tokenizer, with weights from a configurable place:
 *   - a `file://` URL or plain path to a directory holding model.json, its shards and vocab.json
 *     (what `npm run models:download` writes, or ../shared/fixtures/toxicity-topology in tests);
 *   - an http(s) URL of a model.json (vocab.json is fetched from the same directory);
 *   - unset: the TF Hub address the package itself uses, and the package's vocabulary URL.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { isLabel, type LabelScores } from '../../domain/labels';
import { runSparse } from './encoder';
import { loadGraphModelFromDir } from './graphFromDisk';
import type { LabelModel } from './labelModel';

/** What `@tensorflow-models/toxicity@1.2.2` loads (see its dist/index.js). */
export const TFHUB_TOXICITY_URL = 'https://tfhub.dev/tensorflow/tfjs-model/toxicity/1/default/1';
export const USE_VOCAB_URL = 'https://storage.googleapis.com/tfjs-models/savedmodel/universal_sentence_encoder/vocab.json';

/** Resolves a TOXICITY_MODEL_URL to a local directory, or null when it is remote. */
export function localModelDir(location: string): string | null {
  if (location.startsWith('file://')) return fileURLToPath(location);
  if (/^https?:\/\//.test(location)) return null;
  return path.resolve(location);
}

export async function loadGoogleModel(location?: string): Promise<LabelModel> {
  const dir = location ? localModelDir(location) : null;
  let model: tf.GraphModel;
  let vocab: [string, number][];
  if (dir) {
    [model, vocab] = await Promise.all([
      loadGraphModelFromDir(dir),
      readFile(path.join(dir, 'vocab.json'), 'utf8').then((s) => JSON.parse(s) as [string, number][]),
    ]);
  } else {
    const url = location ?? TFHUB_TOXICITY_URL;
    const fromTFHub = !url.endsWith('.json');
    const vocabUrl = fromTFHub ? USE_VOCAB_URL : new URL('vocab.json', url).toString();
    [model, vocab] = await Promise.all([
      tf.loadGraphModel(url, { fromTFHub }),
      fetch(vocabUrl).then((r) => {
        if (!r.ok) throw new Error(`vocabulary ${vocabUrl}: HTTP ${r.status}`);
        return r.json() as Promise<[string, number][]>;
      }),
    ]);
  }
  return googleLabelModel(model, new Tokenizer(vocab));
}

/** The head names as the graph spells them, e.g. "identity_attack/Sigmoid" → "identity_attack". */
export function headLabels(model: tf.GraphModel): string[] {
  return model.outputs.map((o) => o.name.split('/')[0]!);
}

export function googleLabelModel(model: tf.GraphModel, tokenizer: Tokenizer): LabelModel {
  const heads = headLabels(model);
  const unknown = heads.filter((h) => !isLabel(h));
  if (unknown.length) throw new Error(`toxicity model has heads Sieve does not know: ${unknown.join(', ')}`);
  return {
    name: 'model:google',
    prepare: (text) => text.replace(/\s+/g, ' ').trim(),
    tokenize: (text) => tokenizer.encode(text),
    async predict(tokens) {
      const outs = (await runSparse(model, tokens as number[][], { indices: 'Placeholder_1', values: 'Placeholder' })) as tf.Tensor[];
      try {
        const data = outs.map((t) => t.dataSync());
        // Each head is a [n, 2] softmax: column 1 is the probability the label applies.
        return tokens.map((_, i) => {
          const s: LabelScores = {};
          heads.forEach((h, k) => { s[h as keyof LabelScores] = data[k]![i * 2 + 1]!; });
          return s;
        });
      } finally {
        tf.dispose(outs);
      }
    },
    dispose: () => model.dispose(),
  };
}
