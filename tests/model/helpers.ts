import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** ../shared (or $SHARED_DIR); tests that need it skip with a message when it is absent (a fresh clone). */
export const SHARED_DIR = path.resolve(process.env.SHARED_DIR ?? path.join(__dirname, '../../../shared'));
export const TOPOLOGY_FIXTURE = path.join(SHARED_DIR, 'fixtures/toxicity-topology');
export const hasTopologyFixture = existsSync(path.join(TOPOLOGY_FIXTURE, 'model.json'));

export const item = (text: string, normalized?: string) => ({ text, normalized, slurs: [], labels: {} });
