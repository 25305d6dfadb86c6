/**
 * `cuss` (MIT): English words rated by how sure it is that they are profane — 0 (usually innocent, e.g.
 * "christ"), 1 (maybe), 2 (likely). The package is ESM-only and the project compiles to CommonJS (and jest
 * cannot require ESM), so its data file is read and parsed: it is one object literal of `word: rating` lines.
 */
import { readFileSync } from 'node:fs';

let cached: Map<string, number> | undefined;

export function cussRatings(): Map<string, number> {
  if (cached) return cached;
  const file = require.resolve('cuss');
  const ratings = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:'([^']+)'|"([^"]+)"|([\w-]+)):\s*([0-2]),?\s*$/.exec(line);
    if (m) ratings.set((m[1] ?? m[2] ?? m[3])!, Number(m[4]));
  }
  if (ratings.size < 1000) throw new Error(`cuss: parsed only ${ratings.size} ratings from ${file}; its format changed`);
  cached = ratings;
  return ratings;
}
