/**
 * The n-gram half a Sieve model can have (src/scoring/model/ngram.ts, trained by `npm run train -- --add-ngram`;
 * measured and not committed — the model card's "n-gram blend"): its features hash as the trainer's do, its
 * arithmetic, and the blend a model with one serves.
 */
import * as tf from '@tensorflow/tfjs';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { ngramModelFrom, ngramStrings } from '../../src/scoring/model/ngram';
import { defaultModelDir, loadSieveModel, readSieveMetadata } from '../../src/scoring/model/sieveModel';
import { prepareText } from '../../src/scoring/model/prepare';
import type { LabelModel } from '../../src/scoring/model/labelModel';

/** Written by `python3 scripts/training/finetune.py --encoder x --ngram-fixture tests/model/ngram-features.json`. */
const FIXTURE = JSON.parse(readFileSync(path.join(__dirname, 'ngram-features.json'), 'utf8')) as {
  bits: number; masked: string[]; items: { text: string; buckets: number[] }[];
};
const logit = (p: number) => Math.log(p / (1 - p));

describe('n-gram model', () => {
  it('reads distinct words, neighbouring pairs and the character 3-5-grams of each word with its boundaries', () => {
    expect([...ngramStrings('You, you ODD one!')].sort()).toEqual([
      'b:odd one', 'b:you odd', 'b:you you',
      'c:<od', 'c:<odd', 'c:<odd>', 'c:<on', 'c:<one', 'c:<one>', 'c:<yo', 'c:<you', 'c:<you>',
      'c:dd>', 'c:ne>', 'c:odd', 'c:odd>', 'c:one', 'c:one>', 'c:ou>', 'c:you', 'c:you>',
      'w:odd', 'w:one', 'w:you',
    ]);
    expect(ngramStrings('').size).toBe(0);
    expect(ngramStrings('¿¡ 🙂 !?').size).toBe(0);
  });

  it('reads a masked word (the name of an identity group) as # — no character n-grams of it', () => {
    const grams = [...ngramStrings('Muslims live here', new Set(['muslims']))];
    expect(grams).toEqual(expect.arrayContaining(['w:#', 'b:# live', 'b:live here', 'w:live', 'c:<li']));
    expect(grams.filter((g) => g.includes('mus') || g.includes('lim'))).toEqual([]);
  });

  it('hashes every text to the buckets the trainer (finetune.py) does, identity names masked', () => {
    const masked = new Set(FIXTURE.masked);
    expect(FIXTURE.masked).toEqual(expect.arrayContaining(['jews', 'jewish', 'muslims', 'muslim', 'gay', 'black', 'women']));
    const rows = 2 ** FIXTURE.bits;
    for (const { text, buckets } of FIXTURE.items) {
      const ours = [...ngramStrings(text, masked)].map((g) => crc32(g) & (rows - 1)).sort((a, b) => a - b);
      expect({ text, buckets: ours }).toEqual({ text, buckets });
    }
  });

  it('sums the table rows of the hashed n-grams, divides by √(their number) and adds the bias, per label', () => {
    const bits = 10;
    const rows = 2 ** bits;
    const table = new Float32Array(rows * 2);
    const grams = [...ngramStrings('ok')]; // w:ok, c:<ok, c:ok>, c:<ok>
    expect(grams).toHaveLength(4);
    for (const g of grams) table[(crc32(g) & (rows - 1)) * 2] += 1; // label 0: +1 per n-gram (collisions add)
    const model = ngramModelFrom({ 'ngram/table': tf.tensor2d(table, [rows, 2]), 'ngram/bias': tf.tensor1d([0.5, -1]) }, bits, 2);
    const [a, b] = model.logits('ok');
    expect(a).toBeCloseTo(4 / Math.sqrt(4) + 0.5, 6);
    expect(b).toBeCloseTo(-1, 6);
    expect([...model.logits('')]).toEqual([0.5, -1]); // no n-grams: the bias alone
  });

  it('refuses a table whose shape does not match the metadata', () => {
    const map = () => ({ 'ngram/table': tf.zeros([16, 3]), 'ngram/bias': tf.zeros([3]) });
    expect(() => ngramModelFrom(map(), 5, 3)).toThrow(/2\^5/);
    expect(() => ngramModelFrom(map(), 4, 2)).toThrow(/\[16, 3\]/);
    expect(() => ngramModelFrom({}, 4, 3)).toThrow(/missing/);
  });

  describe('blended into a Sieve model (metadata `ngram`, calibration `ngram` weights)', () => {
    let dir: string;
    let plain: LabelModel;
    let blended: LabelModel;
    const BITS = 8;
    const ROWS = 2 ** BITS;
    const WEIGHTS = [0.5, 0, 1.5, 2];
    const table = new Float32Array(ROWS * 4);
    const bias = new Float32Array([0, 0, 0, -0.25]);
    beforeAll(async () => {
      // The committed model plus an n-gram table written here: +1 on toxicity and +0.5 on threat for every
      // n-gram of "idiot", nothing elsewhere.
      dir = mkdtempSync(path.join(tmpdir(), 'sieve-ngram-'));
      for (const f of readdirSync(defaultModelDir())) copyFileSync(path.join(defaultModelDir(), f), path.join(dir, f));
      for (const g of ngramStrings('idiot')) {
        const r = (crc32(g) & (ROWS - 1)) * 4;
        table[r] = 1;
        table[r + 3] = 0.5;
      }
      const bin = Buffer.concat([Buffer.from(new Float32Array(table).buffer), Buffer.from(bias.buffer)]);
      writeFileSync(path.join(dir, 'ngram.bin'), bin);
      writeFileSync(path.join(dir, 'ngram.json'), JSON.stringify({ weightsManifest: [{ paths: ['ngram.bin'], weights: [
        { name: 'ngram/table', shape: [ROWS, 4], dtype: 'float32' }, { name: 'ngram/bias', shape: [4], dtype: 'float32' },
      ] }] }));
      const meta = readSieveMetadata(dir);
      meta.ngram = { file: 'ngram.json', bits: BITS, masked: ['muslims'] };
      meta.calibration = meta.calibration.map((c, i) => ({ ...c, ngram: WEIGHTS[i] }));
      writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(meta));
      [plain, blended] = await Promise.all([loadSieveModel(), loadSieveModel({ modelDir: dir })]);
    });
    afterAll(() => {
      plain?.dispose();
      blended?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('adds ngram weight × the n-gram logit to each label\'s calibrated logit, on the text it is given', async () => {
      const texts = ['you idiot', 'what a lovely day', 'muslims live here'].map(prepareText);
      const tokens = texts.map((t) => plain.tokenize(t));
      const [p, b] = await Promise.all([plain.predict(tokens, texts), blended.predict(tokens, texts)]);
      // The n-gram logits worked out here from the table (a bucket another text's n-gram shares counts too).
      const n = (t: string) => {
        const grams = [...ngramStrings(t, new Set(['muslims']))];
        return [0, 1, 2, 3].map((l) => grams.reduce((s, g) => s + table[(crc32(g) & (ROWS - 1)) * 4 + l]!, 0) / Math.sqrt(grams.length) + bias[l]!);
      };
      texts.forEach((t, r) => {
        (['toxicity', 'insult', 'identity_attack', 'threat'] as const).forEach((label, i) => {
          expect(logit(b[r]![label]!) - logit(p[r]![label]!)).toBeCloseTo(WEIGHTS[i]! * n(t)[i]!, 4);
        });
      });
      expect(b[0]!.toxicity!).toBeGreaterThan(p[0]!.toxicity!); // "idiot" pushes toxicity up
    });
  });
});
