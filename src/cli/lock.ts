/**
 * One `npm start` per data dir: two would run two Redis servers over the same append-only file.
 * The lock file holds the owner's pid; a lock whose owner is gone (killed hard) is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isAlive } from './processes';

export interface DataDirLock {
  path: string;
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(resolve(dataDir), { recursive: true });
  const path = join(resolve(dataDir), 'sieve-start.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        path,
        release: () => {
          try {
            if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`another \`npm start\` (pid ${owner}) is using DATA_DIR ${resolve(dataDir)}; stop it first, or set another DATA_DIR`);
      }
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new Error(`could not lock DATA_DIR ${resolve(dataDir)} (${path})`);
}
