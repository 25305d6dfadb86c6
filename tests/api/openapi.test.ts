/** /openapi.json is checked against the routes: every served route is documented, every documented one served. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppMount } from '../../src/api/app';
import { API_ERROR_CODES } from '../../src/api/errors';
import { REVIEW_ERROR_CODES } from '../../src/review/errors';
import { startSieve, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve(); });
afterAll(async () => { await sieve.close(); });

interface RouteLayer { route?: { path: string; methods: Record<string, boolean> } }

function servedOperations(mounts: AppMount[]): string[] {
  const ops: string[] = ['get /openapi.json'];
  for (const m of mounts) {
    for (const layer of (m.router as unknown as { stack: RouteLayer[] }).stack) {
      if (!layer.route) continue;
      // `:name` is a parameter; `\:` is a literal colon (Perspective's `comments:analyze`).
      const path = `${m.prefix}${layer.route.path}`.replace(/(?<!\\):(\w+)/g, '{$1}').replace(/\\:/g, ':');
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') ops.push(`${method} ${path}`);
    }
  }
  return ops.sort();
}

test('the document is OpenAPI 3.1 and matches the served routes exactly', async () => {
  const r = await sieve.request('GET', '/openapi.json');
  expect(r.status).toBe(200);
  expect(r.body.openapi).toBe('3.1.0');
  const documented = Object.entries(r.body.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) => Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m} ${path}`))
    .sort();
  expect(documented).toEqual(servedOperations(sieve.api.app.locals.mounts as AppMount[]));
});

test('every $ref in the document resolves', async () => {
  const doc = (await sieve.request('GET', '/openapi.json')).body;
  const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
  for (const ref of new Set(refs)) {
    const name = ref.slice(1, -1).split('/').pop()!;
    expect(doc.components.schemas).toHaveProperty(name);
  }
});

test('the README names every error code a client can get', () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  expect([...API_ERROR_CODES, ...REVIEW_ERROR_CODES].filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
});
