/**
 * On-disk embedding cache for training: embedding ~48k tweets with USE-lite on single-threaded WASM takes
 * tens of minutes, so every vector is appended to `.cache/` as soon as it exists and a re-run (or a crashed
 * run) only embeds what is missing. Keyed by a hash of the prepared text, so changing the label mapping or
 * the split never re-embeds.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SentenceEncoder } from '../../src/scoring/model/encoder';

export const textKey = (prepared: string): string => createHash('sha1').update(prepared).digest('hex');

export class EmbeddingCache {
  private readonly index = new Map<string, number>();
  private vectors: Float32Array;
  private readonly keysFile: string;
  private readonly vecFile: string;

  constructor(dir: string, readonly dim: number) {
    mkdirSync(dir, { recursive: true });
    this.keysFile = path.join(dir, 'keys.txt');
    this.vecFile = path.join(dir, 'vectors.f32');
    const keys = existsSync(this.keysFile) ? readFileSync(this.keysFile, 'utf8').split('\n').filter(Boolean) : [];
    const buf = existsSync(this.vecFile) ? readFileSync(this.vecFile) : Buffer.alloc(0);
    const n = Math.min(keys.length, Math.floor(buf.byteLength / (4 * dim)));
    this.vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + n * dim * 4));
    keys.slice(0, n).forEach((k, i) => this.index.set(k, i));
  }

  get size(): number { return this.index.size; }
  has(key: string): boolean { return this.index.has(key); }

  get(key: string): Float32Array | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Embeds every prepared text not cached yet, appending in chunks; reports progress. */
  async fill(prepared: readonly string[], encoder: SentenceEncoder, opts: { batch?: number; log?: (s: string) => void } = {}): Promise<void> {
    const missing = [...new Set(prepared)].filter((s) => !this.index.has(textKey(s)));
    const batch = opts.batch ?? 1;
    const chunk = 256;
    const started = Date.now();
    for (let c = 0; c < missing.length; c += chunk) {
      const texts = missing.slice(c, c + chunk);
      const vecs = new Float32Array(texts.length * this.dim);
      for (let i = 0; i < texts.length; i += batch) {
        vecs.set(await encoder.embed(texts.slice(i, i + batch)), i * this.dim);
      }
      this.append(texts.map(textKey), vecs);
      const done = Math.min(c + chunk, missing.length);
      const rate = done / ((Date.now() - started) / 1000);
      opts.log?.(`embedded ${done}/${missing.length} (${rate.toFixed(1)}/s, ~${Math.round((missing.length - done) / rate)} s left)`);
    }
  }

  private append(keys: string[], vecs: Float32Array): void {
    appendFileSync(this.vecFile, Buffer.from(vecs.buffer, vecs.byteOffset, vecs.byteLength));
    appendFileSync(this.keysFile, keys.join('\n') + '\n');
    const merged = new Float32Array(this.vectors.length + vecs.length);
    merged.set(this.vectors);
    merged.set(vecs, this.vectors.length);
    const base = this.index.size;
    keys.forEach((k, i) => this.index.set(k, base + i));
    this.vectors = merged;
  }
}
