/**
 * docker-compose.yml, as Compose resolves it (`docker-compose config`): Redis keeps an append-only file on a volume,
 * every service has a health check and a restart policy, the worker can be scaled, and Sieve's settings pass through.
 * No engine is needed; without the docker-compose CLI the test skips.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_VARS } from '../../src/config';

const ROOT = resolve(__dirname, '..', '..');

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const composeBin = which('docker-compose');
const describeIfCompose = composeBin ? describe : describe.skip;
if (!composeBin) console.warn('tests/ops/compose: docker-compose is not installed (apt-get install docker-compose); skipping');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  /** `source:target[:mode]` (Compose v1 prints this) or the long form (Compose v2). */
  volumes?: (string | { type: string; source: string; target: string })[];
  ports?: unknown[];
  container_name?: string;
  stop_grace_period?: string;
}

/** The resolved file as JSON: Compose prints YAML; the Python that runs docker-compose has PyYAML. */
function resolvedCompose(): { services: Record<string, Service>; volumes?: Record<string, unknown> } {
  const env: NodeJS.ProcessEnv = { ...process.env, API_KEYS: '' };
  for (const name of Object.keys(CONFIG_VARS)) delete env[name];
  const yaml = execFileSync(composeBin!, ['config'], { cwd: ROOT, env, encoding: 'utf8' });
  const shebang = readFileSync(composeBin!, 'utf8').split('\n')[0]!;
  const python = shebang.startsWith('#!') && !shebang.includes(' ') ? shebang.slice(2) : 'python3';
  const json = execFileSync(python, ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml, encoding: 'utf8' });
  return JSON.parse(json);
}

describeIfCompose('docker-compose.yml', () => {
  let services: Record<string, Service>;
  let volumes: Record<string, unknown>;
  beforeAll(() => {
    const c = resolvedCompose();
    services = c.services;
    volumes = c.volumes ?? {};
  });

  it('validates (docker-compose config -q) and sets no top-level project name', () => {
    expect(() => execFileSync(composeBin!, ['config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).not.toMatch(/^name:/m);
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'webhooks', 'worker']);
  });

  it('Redis: append-only file fsynced on every write, no eviction, on a named volume, with a health check', () => {
    const redis = services.redis!;
    const cmd = redis.command!.join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--appendfsync always/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    const mounts = redis.volumes!.map((v) => (typeof v === 'string' ? { source: v.split(':')[0]!, target: v.split(':')[1]! } : v));
    const data = mounts.find((v) => v.target === '/data');
    // A named volume (declared at the top level), not a path on the host.
    expect(volumes).toHaveProperty(data!.source);
    expect(redis.healthcheck?.test.join(' ')).toMatch(/redis-cli ping/);
  });

  it('PostgreSQL: postgres:15, data on a named volume, pg_isready health check, fast shutdown', () => {
    const pg = services.postgres!;
    expect(pg.image).toMatch(/^postgres:15/);
    const mounts = pg.volumes!.map((v) => (typeof v === 'string' ? { source: v.split(':')[0]!, target: v.split(':')[1]! } : v));
    const data = mounts.find((v) => v.target === '/var/lib/postgresql/data');
    expect(volumes).toHaveProperty(data!.source);
    expect(pg.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  });

  it('every service has a health check and a restart policy; API and worker wait for a healthy Redis and PostgreSQL', () => {
    for (const [name, s] of Object.entries(services)) {
      expect([name, s.healthcheck?.test.length ?? 0]).not.toEqual([name, 0]);
      expect([name, s.restart]).toEqual([name, expect.stringMatching(/^(always|unless-stopped|on-failure)/)]);
    }
    for (const name of ['api', 'worker', 'webhooks']) {
      expect(services[name]!.depends_on?.redis?.condition).toBe('service_healthy');
      expect(services[name]!.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(services[name]!.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(services[name]!.environment?.DATABASE_URL).toMatch(/^postgres:\/\/sieve:[^@]+@postgres:5432\/sieve$/);
    }
    expect(services.api!.healthcheck!.test.join(' ')).toMatch(/healthcheck\.js api/);
    // The worker is healthy when its scorers are loaded: it serves /readyz on WORKER_HEALTH_PORT.
    expect(services.worker!.healthcheck!.test.join(' ')).toMatch(/healthcheck\.js worker/);
    expect(services.worker!.environment?.WORKER_HEALTH_PORT).toMatch(/^\d+$/);
    expect(services.webhooks!.healthcheck!.test.join(' ')).toMatch(/healthcheck\.js webhooks/);
    expect(services.webhooks!.environment?.WORKER_HEALTH_PORT).toMatch(/^\d+$/);
  });

  it('webhooks are delivered by a service of their own, never by a scoring worker', () => {
    expect(services.webhooks!.command!.join(' ')).toMatch(/dist\/workers\/webhook-worker\.js/);
    expect(services.worker!.command!.join(' ')).not.toMatch(/webhook/);
    expect(services.webhooks!.environment).toHaveProperty('WEBHOOK_URL');
    expect(services.webhooks!.environment).toHaveProperty('WEBHOOK_CONCURRENCY');
  });

  it('the worker scales (`--scale worker=N`): no fixed name, no published port, time to finish a batch on stop', () => {
    const worker = services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toEqual([]);
    expect(worker.command!.join(' ')).toMatch(/dist\/workers\/scoring-worker\.js/);
    expect(worker.stop_grace_period).toBeDefined();
  });

  it("passes Sieve's settings through from the environment (unset ones keep Sieve's defaults)", () => {
    // Set by compose itself, or meaningless inside a container.
    // The WORKER_RESTART_* variables are `npm start`'s supervision; compose restarts containers itself.
    const ownedByCompose = new Set(['PORT', 'HOST', 'REDIS_URL', 'DATA_DIR', 'WORKERS', 'SHARED_DIR', 'WORKER_HEALTH_PORT',
      'WORKER_RESTART_LIMIT', 'WORKER_RESTART_WINDOW_SECONDS', 'WORKER_RESTART_BACKOFF_MS']);
    const expected = Object.keys(CONFIG_VARS).filter((v) => !ownedByCompose.has(v));
    for (const name of ['api', 'worker', 'webhooks']) {
      const env = services[name]!.environment ?? {};
      const missing = expected.filter((v) => !(v in env));
      if (missing.length > 0) {
        throw new Error(`docker-compose.yml does not pass ${missing.join(', ')} to "${name}": add ${missing.length > 1 ? 'them' : 'it'} under x-sieve-env (or to ownedByCompose in this test if compose sets ${missing.length > 1 ? 'them' : 'it'} itself)`);
      }
    }
  });
});
