/**
 * The private Redis of `npm start`, piece by piece: durable settings, password, reuse of a server left running,
 * a stale pid file, and a clean stop.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { ensurePrivateRedis, type PrivateRedis } from '../../src/cli/private-redis';
import { isAlive } from './processes';

const hasRedis = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const describeIfRedis = hasRedis ? describe : describe.skip;
if (!hasRedis) console.warn('tests/ops/private-redis: redis-server is not on PATH; skipping');

describeIfRedis('private Redis for npm start', () => {
  let dataDir: string;
  const started: PrivateRedis[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sieve-private-redis-'));
  });
  afterEach(async () => {
    for (const r of started.splice(0)) await r.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async () => {
    const r = await ensurePrivateRedis(dataDir);
    started.push(r);
    return r;
  };

  it('is durable (AOF fsynced on every write, no eviction), loopback-only and password-protected', async () => {
    const r = await start();
    const client = new IORedis(r.url);
    try {
      await client.set('probe', '1');
      const get = async (name: string) => ((await client.config('GET', name)) as string[])[1];
      expect(await get('appendonly')).toBe('yes');
      expect(await get('appendfsync')).toBe('always');
      expect(await get('maxmemory-policy')).toBe('noeviction');
      expect(await get('bind')).toBe('127.0.0.1');
      expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);
    } finally {
      client.disconnect();
    }
    const noPassword = new IORedis(r.url.replace(/\/\/:[^@]*@/, '//'), { lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    noPassword.on('error', () => undefined);
    try {
      await noPassword.connect().catch(() => undefined);
      await expect(noPassword.get('probe')).rejects.toThrow(/NOAUTH/);
    } finally {
      noPassword.disconnect();
    }
    expect(r.displayUrl).not.toContain(JSON.parse(readFileSync(join(dataDir, 'redis', 'state.json'), 'utf8')).password);
  });

  it('reuses a server an earlier start left running, with its data', async () => {
    const first = await ensurePrivateRedis(dataDir); // not stopped: as if npm start had been killed hard
    const c1 = new IORedis(first.url);
    await c1.set('kept', 'yes');
    c1.disconnect();
    const second = await start();
    expect(second.adopted).toBe(true);
    expect(second.pid).toBe(first.pid);
    const c2 = new IORedis(second.url);
    expect(await c2.get('kept')).toBe('yes');
    c2.disconnect();
  });

  it('ignores a stale pid file that names some other process, and keeps the data across a restart', async () => {
    const first = await start();
    const c1 = new IORedis(first.url);
    await c1.set('kept', 'yes');
    c1.disconnect();
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);

    // Redis died without removing its pid file, and the pid now belongs to another process (this one).
    writeFileSync(join(dataDir, 'redis', 'redis.pid'), `${process.pid}\n`);
    const second = await start();
    expect(second.adopted).toBe(false);
    expect(second.pid).not.toBe(process.pid);
    const c2 = new IORedis(second.url);
    expect(await c2.get('kept')).toBe('yes'); // replayed from the append-only file
    c2.disconnect();
  });
});
