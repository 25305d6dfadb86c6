/**
 * The folder tree is the spine, and imports run down it: a module imports only from its own layer or one below
 * (README "Architecture"), and the folders import each other without a circle. Every `import`, `export … from`,
 * `require()` and dynamic `import()` between top-level folders of src/ and workers/ is checked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

/** The documented order, lowest first. `ops` (logger, metrics, process main) sits with the foundations. */
const LAYERS: readonly (readonly string[])[] = [
  ['domain', 'config', 'redis', 'db', 'ops'],
  ['store', 'queue', 'review', 'policy'],
  ['scoring'],
  ['workers', 'api', 'cli', 'ui'],
];
const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/review/store.ts` → `review`; `workers/x.ts` → `workers`; anything else (bench, tests, node_modules) → its own name. */
function folderOf(path: string): string {
  const [top, sub] = relative(ROOT, path).split(/[\\/]/);
  return top === 'src' ? sub! : top!;
}

interface Arrow { from: string; to: string; file: string; spec: string }

function arrows(): Arrow[] {
  const out: Arrow[] = [];
  for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'workers'))]) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: spec } of info.importedFiles) {
      if (!spec.startsWith('.')) continue; // packages
      const from = folderOf(file);
      const to = folderOf(resolve(dirname(file), spec));
      if (from !== to) out.push({ from, to, file: relative(ROOT, file), spec });
    }
  }
  return out;
}

const all = arrows();

test('every top-level folder has a place in the documented order', () => {
  const folders = new Set(all.flatMap((a) => [a.from, a.to]));
  expect([...folders].filter((f) => !layerOf.has(f))).toEqual([]);
  for (const dir of readdirSync(join(ROOT, 'src'))) expect(layerOf.has(dir)).toBe(true);
});

test('no import runs up the layers', () => {
  const upward = all.filter((a) => layerOf.get(a.to)! > layerOf.get(a.from)!).map((a) => `${a.file} imports ${a.spec} (${a.from} → ${a.to})`);
  expect(upward).toEqual([]);
});

test('the folders import each other without a circle', () => {
  const edges = new Map<string, Set<string>>();
  for (const a of all) edges.set(a.from, (edges.get(a.from) ?? new Set()).add(a.to));
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
      return;
    }
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of edges.keys()) visit(node, []);
  expect(cycles).toEqual([]);
});

test('the checker sees arrows (it would catch review importing api, as it once did)', () => {
  expect(all.some((a) => a.from === 'api' && a.to === 'review')).toBe(true);
  expect(all.some((a) => a.from === 'workers' && a.to === 'scoring')).toBe(true);
});
