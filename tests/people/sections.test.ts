/**
 * Sections: a comment may carry its thread's section, and an API key may be limited to sections (API_KEYS'
 * fourth field). Against a real Sieve (private Redis): a limited key is refused outside its sections — on
 * submission with 403 `section_forbidden`, on reads as if the comment did not exist.
 */
import { loadConfig } from '../../src/config';
import { API_KEYS_ENV, KEYS, startSieve, type TestSieve } from '../helpers/sieve';

const DESK = 'politics-desk-key-0123456789';
let sieve: TestSieve;
beforeAll(async () => {
  sieve = await startSieve({ API_KEYS: `${API_KEYS_ENV},${DESK}:ingest:politics-desk:politics|world` });
});
afterAll(async () => { await sieve.close(); });

const comment = (id: string, section?: string) => ({ id, threadId: 't-sections', author: { id: 'a1' }, text: 'A perfectly civil remark.', ...(section ? { section } : {}) });

test('API_KEYS: a fourth field limits a key to sections; three fields still mean every section', () => {
  const keys = loadConfig({ API_KEYS: `${KEYS.moderator}:moderator:alice:politics|sport,${KEYS.admin}:admin:root` }).API_KEYS;
  expect(keys).toEqual([
    { key: KEYS.moderator, role: 'moderator', name: 'alice', sections: ['politics', 'sport'] },
    { key: KEYS.admin, role: 'admin', name: 'root' },
  ]);
  expect(() => loadConfig({ API_KEYS: `${KEYS.moderator}:moderator:alice:Politics!` })).toThrow(/API_KEYS: the key "alice" names section "Politics!"/);
  expect(() => loadConfig({ API_KEYS: `${KEYS.moderator}:moderator:alice:politics:extra` })).toThrow(/API_KEYS/);
});

test('a comment carries its section; the record shows it', async () => {
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('s-1', 'sport') });
  expect(r.status).toBe(202);
  expect((await sieve.request('GET', '/v1/comments/s-1', { key: KEYS.ingest })).body.section).toBe('sport');
  const bad = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, body: comment('s-2', 'No Spaces') });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid_value', field: 'section' });
});

test('a section-limited key submits only comments of its sections', async () => {
  expect((await sieve.request('POST', '/v1/comments', { key: DESK, body: comment('s-3', 'politics') })).status).toBe(202);
  const outside = await sieve.request('POST', '/v1/comments', { key: DESK, body: comment('s-4', 'sport') });
  expect(outside.status).toBe(403);
  expect(outside.body.error).toMatchObject({ code: 'section_forbidden', field: 'section', sections: ['politics', 'world'] });
  const none = await sieve.request('POST', '/v1/comments', { key: DESK, body: comment('s-5') });
  expect(none.status).toBe(403);
  const batch = await sieve.request('POST', '/v1/threads/t-sections/comments', { key: DESK, body: { comments: [comment('s-6', 'world'), comment('s-7', 'sport')] } });
  expect(batch.status).toBe(403);
  expect(batch.body.error).toMatchObject({ code: 'section_forbidden', field: 'comments[1].section' });
  // Nothing of the refused batch was stored.
  expect((await sieve.request('GET', '/v1/comments/s-6', { key: KEYS.ingest })).status).toBe(404);
});

test('a section-limited key reads nothing outside its sections', async () => {
  expect((await sieve.request('GET', '/v1/comments/s-3', { key: DESK })).status).toBe(200);
  expect((await sieve.request('GET', '/v1/comments/s-1', { key: DESK })).status).toBe(404);
  const thread = await sieve.request('GET', '/v1/threads/t-sections', { key: DESK });
  expect(thread.body.comments.map((c: { id: string }) => c.id)).toEqual(['s-3']);
  const all = await sieve.request('GET', '/v1/threads/t-sections', { key: KEYS.ingest });
  expect(all.body.comments.map((c: { id: string }) => c.id).sort()).toEqual(['s-1', 's-3']);
});
