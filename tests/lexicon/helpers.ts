import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompiledLexicon } from '../../src/scoring/lexicon/lexicon';
import { loadDefaultLexicon } from '../../src/scoring/lexicon/sources';

let shared: CompiledLexicon | undefined;
/** The default lexicon (seeds + npm lists), compiled once per test file. */
export function defaultLexicon(): CompiledLexicon {
  if (!shared) {
    const data = loadDefaultLexicon();
    shared = new CompiledLexicon(data.entries, data.allow);
  }
  return shared;
}

/** A file under SHARED_DIR (default ../shared), or undefined when this checkout has no shared data. */
export function sharedFile(...parts: string[]): string | undefined {
  const p = join(resolve(process.env.SHARED_DIR ?? join(__dirname, '../../../shared')), ...parts);
  return existsSync(p) ? p : undefined;
}
