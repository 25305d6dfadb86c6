/** Bad input gets a precise error and touches nothing: nothing malformed is stored or reaches a worker. */
import { startSieve, comment, KEYS, type TestSieve } from '../helpers/sieve';

let sieve: TestSieve;
beforeAll(async () => { sieve = await startSieve({ MAX_TEXT_LENGTH: '50', MAX_BATCH_SIZE: '3', MAX_BODY_BYTES: '4096' }); });
afterAll(async () => { await sieve.close(); });

const post = (body: unknown, path = '/v1/comments') => sieve.request('POST', path, { key: KEYS.ingest, body });

async function expectNothingStored(ids = ['v1']) {
  for (const id of ids) {
    expect(await sieve.queue.getJob(id)).toBeUndefined();
    expect((await sieve.request('GET', `/v1/comments/${id}`, { key: KEYS.ingest })).status).toBe(404);
  }
}

test.each([
  ['missing text', { id: 'v1', threadId: 't', author: { id: 'a' } }, 400, 'missing_field', 'text'],
  ['missing author id', { id: 'v1', threadId: 't', author: {}, text: 'x' }, 400, 'missing_field', 'author.id'],
  ['text of the wrong type', { ...comment('v1', 'x'), text: 42 }, 400, 'wrong_type', 'text'],
  ['author of the wrong type', { ...comment('v1', 'x'), author: 'bob' }, 400, 'wrong_type', 'author'],
  ['an unknown field', { ...comment('v1', 'x'), colour: 'red' }, 400, 'unknown_field', 'colour'],
  ['an unknown nested field', { ...comment('v1', 'x'), author: { id: 'a', email: 'a@b.c' } }, 400, 'unknown_field', 'author.email'],
  ['empty text', comment('v1', ''), 400, 'text_empty', 'text'],
  ['whitespace-only text', comment('v1', '  \n\t '), 400, 'text_empty', 'text'],
  ['over-long text', comment('v1', 'x'.repeat(51)), 400, 'text_too_long', 'text'],
  ['a bad id', comment('bad:id', 'x'), 400, 'invalid_value', 'id'],
  ['a bad createdAt', { ...comment('v1', 'x'), createdAt: 'yesterday' }, 400, 'invalid_value', 'createdAt'],
  ['metadata that is not an object', { ...comment('v1', 'x'), metadata: [1, 2] }, 400, 'wrong_type', 'metadata'],
  ['a body that is an array', [comment('v1', 'x')], 400, 'wrong_type', undefined],
])('%s → %i %s', async (_what, body, status, code, field) => {
  const r = await post(body);
  expect(r.status).toBe(status);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.field).toBe(field);
  expect(typeof r.body.error.message).toBe('string');
  await expectNothingStored();
});

test('text length counts characters, not UTF-16 units: 50 emoji fit in a 50-character limit', async () => {
  const r = await post(comment('emoji-50', '😀'.repeat(50)));
  expect(r.status).toBe(202);
});

test('invalid Unicode: a lone surrogate in JSON is refused', async () => {
  const raw = '{"id":"v1","threadId":"t","author":{"id":"a"},"text":"bad \\ud800 text"}';
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, rawBody: raw, headers: { 'content-type': 'application/json' } });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatchObject({ code: 'invalid_unicode', field: 'text' });
  await expectNothingStored();
});

test('U+0000 in any string or key is refused (PostgreSQL cannot store it), and nothing is stored', async () => {
  for (const raw of [
    '{"id":"v0","threadId":"t","author":{"id":"a"},"text":"nul \\u0000 here"}',
    '{"id":"v0","threadId":"t","author":{"id":"a","name":"x\\u0000"},"text":"fine"}',
    '{"id":"v0","threadId":"t","author":{"id":"a"},"text":"fine","metadata":{"k\\u0000":1}}',
  ]) {
    const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, rawBody: raw, headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_unicode');
  }
  await expectNothingStored(['v0']);
});

test('invalid Unicode: bytes that are not UTF-8 are refused', async () => {
  const raw = Buffer.concat([Buffer.from('{"id":"v1","threadId":"t","author":{"id":"a"},"text":"bad '), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, rawBody: raw, headers: { 'content-type': 'application/json' } });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_unicode');
  await expectNothingStored();
});

test('malformed JSON → 400 invalid_json', async () => {
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, rawBody: '{"id": ', headers: { 'content-type': 'application/json' } });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('invalid_json');
});

test('an oversized body → 413 body_too_large', async () => {
  const r = await post({ ...comment('v1', 'x'), metadata: { pad: 'p'.repeat(5000) } });
  expect(r.status).toBe(413);
  expect(r.body.error.code).toBe('body_too_large');
  await expectNothingStored();
});

test('a wrong content type → 415', async () => {
  const r = await sieve.request('POST', '/v1/comments', { key: KEYS.ingest, rawBody: 'id=v1&text=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(r.status).toBe(415);
  expect(r.body.error.code).toBe('unsupported_media_type');
});

describe('batches', () => {
  const path = '/v1/threads/tb/comments';
  const comment = (id: string, text: string, extra: Record<string, unknown> = {}) => ({ id, author: { id: 'a' }, text, ...extra });
  test('an oversized batch → 413 batch_too_large, nothing stored', async () => {
    const r = await post({ comments: [1, 2, 3, 4].map((i) => comment(`b${i}`, 'x')) }, path);
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'batch_too_large', field: 'comments' });
    await expectNothingStored(['b1', 'b2', 'b3', 'b4']);
  });
  test('one bad comment refuses the whole batch and names it', async () => {
    const r = await post({ comments: [comment('b1', 'fine'), comment('b2', '')] }, path);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'text_empty', field: 'comments[1].text' });
    await expectNothingStored(['b1', 'b2']);
  });
  test('a comment naming another thread, or the same id twice', async () => {
    const mismatch = await post({ comments: [comment('b1', 'x', { threadId: 'other' })] }, path);
    expect(mismatch.body.error).toMatchObject({ code: 'thread_mismatch', field: 'comments[0].threadId' });
    const twice = await post({ comments: [comment('b1', 'x'), comment('b1', 'x')] }, path);
    expect(twice.body.error).toMatchObject({ code: 'duplicate_in_batch', field: 'comments[1].id' });
  });
  test('an empty batch, or no comments array', async () => {
    expect((await post({ comments: [] }, path)).body.error.code).toBe('invalid_value');
    expect((await post({}, path)).body.error).toMatchObject({ code: 'missing_field', field: 'comments' });
  });
});

test('unknown routes answer 404 in the same error shape', async () => {
  const r = await sieve.request('GET', '/v1/nothing', { key: KEYS.ingest });
  expect(r.status).toBe(404);
  expect(r.body.error.code).toBe('route_not_found');
});
