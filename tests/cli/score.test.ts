/** The score CLI: JSON Lines in, one line out per input line in input order, errors per line, no Redis. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const run = (input: string, args: string[] = ['--scorers', 'lexicon']) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/score.ts', '--input', '-', ...args], {
    cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', REDIS_URL: '' }, timeout: 60_000,
  });

test('scores every line in input order, and malformed lines get an error line while the rest still score', () => {
  const lines = [
    JSON.stringify({ id: 'civil', text: 'Thanks for the thoughtful article.' }),
    'this is not json',
    JSON.stringify({ id: 'slur', text: 'go away you f a g g o t' }),
    JSON.stringify({ id: 'no-text' }),
    JSON.stringify({ id: 7, text: 'numbers are fine as ids' }),
    JSON.stringify([1, 2]),
  ];
  const r = run(lines.join('\n') + '\n');
  expect(r.status).toBe(0);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(out).toHaveLength(6);
  expect(out[0]).toMatchObject({ id: 'civil', verdict: 'publish', score: 0, slurs: [], reasons: [] });
  expect(Object.keys(out[0])).toEqual(expect.arrayContaining(['id', 'score', 'verdict', 'labels', 'slurs', 'reasons']));
  expect(out[1]).toEqual({ line: 2, error: { code: 'invalid_json', message: 'line 2 is not JSON' } });
  expect(out[2].id).toBe('slur');
  expect(out[2].verdict).not.toBe('publish');
  expect(out[2].slurs[0]).toMatchObject({ term: 'faggot', category: 'sexual_orientation_gender' });
  expect(out[3]).toMatchObject({ id: 'no-text', line: 4, error: { code: 'missing_field' } });
  expect(out[4]).toMatchObject({ id: 7, verdict: 'publish' });
  expect(out[5]).toMatchObject({ line: 6, error: { code: 'wrong_type' } });
});

test('a bad flag is a clear error', () => {
  const r = run('', ['--scorers', 'magic']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('SCORERS');
});
