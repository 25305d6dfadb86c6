/** Configuration: validated at start-up with the bad variable named; the README documents every variable. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARS, ConfigError, loadConfig } from '../../src/config';

test('defaults load', () => {
  const c = loadConfig({});
  expect(c.PORT).toBe(8080);
  expect(c.SCORERS).toEqual(['lexicon', 'model']);
  expect(c.API_KEYS).toEqual([]);
});

test.each([
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ API_KEYS: 'short:ingest:x' }, 'API_KEYS'],
  [{ API_KEYS: 'abcdefghijklmnopqrstu:superuser:x' }, 'API_KEYS'],
  [{ SCORERS: 'lexicon,magic' }, 'SCORERS'],
  [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
  [{ WEBHOOK_URL: 'http://127.0.0.1:9/hook' }, 'WEBHOOK_SECRET'],
])('%j is refused naming %s', (env, variable) => {
  expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
  expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
});

test('API_KEYS parses key, role and name', () => {
  const c = loadConfig({ API_KEYS: 'k1-0123456789abcdef:ingest:blog, k2-0123456789abcdef:moderator:alice' });
  expect(c.API_KEYS).toEqual([{ key: 'k1-0123456789abcdef', role: 'ingest', name: 'blog' }, { key: 'k2-0123456789abcdef', role: 'moderator', name: 'alice' }]);
});

test('the README documents every configuration variable', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const missing = Object.keys(CONFIG_VARS).filter((name) => !readme.includes(`| \`${name}\` |`));
  expect(missing).toEqual([]);
});
