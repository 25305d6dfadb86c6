/**
 * The Dockerfile, checked without a Docker engine: the build context (.dockerignore) holds every file the build
 * compiles, the commands the image and docker-compose.yml run exist, and the image runs as a non-root user with a
 * health check.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** .dockerignore patterns are anchored at the context root; `*` stays within one path segment. */
function dockerIgnored(): (path: string) => boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!') || p.includes('**'))) throw new Error('extend this matcher for ! and ** patterns');
  const regexes = patterns.map((p) => {
    const body = p.replace(/^\//, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    return new RegExp(`^${body}(/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

describe('Dockerfile', () => {
  it('its build context holds every project file `npm run build` compiles', () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const listed = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => relative(ROOT, f))
      .filter((f) => !f.startsWith('..') && !f.startsWith('node_modules/'));
    expect(listed.length).toBeGreaterThan(10);
    const ignored = dockerIgnored();
    expect(listed.filter(ignored)).toEqual([]);
    // The files the image needs at run time besides dist/.
    for (const f of ['package.json', 'package-lock.json', 'models', 'tsconfig.json', 'tsconfig.build.json']) expect([f, ignored(f)]).toEqual([f, false]);
  }, 60_000);

  it('runs what exists: the API, the worker and the health check are built from these sources', () => {
    const commands = [
      ...dockerfile.matchAll(/"(dist\/[^"]+\.js)"/g),
      ...readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').matchAll(/"(dist\/[^"]+\.js)"/g),
    ].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['dist/src/api/server.js', 'dist/workers/scoring-worker.js', 'dist/src/cli/healthcheck.js']));
    for (const js of new Set(commands)) {
      const source = js.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect([js, existsSync(join(ROOT, source))]).toEqual([js, true]);
    }
  });

  it('builds on node:20-bookworm-slim in two stages, installs production dependencies without failing on the optional native TensorFlow, runs as non-root with a health check', () => {
    expect(dockerfile.match(/^FROM node:20-bookworm-slim AS \w+$/gm)?.length).toBe(2);
    expect(dockerfile).toMatch(/npm ci [^\n]*--omit=dev/);
    expect(dockerfile).toMatch(/--omit=dev --omit=optional/); // the fallback when the optional install breaks npm ci
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });
});
