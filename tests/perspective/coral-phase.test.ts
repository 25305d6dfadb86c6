/**
 * Coral's external moderation phase against a real Sieve (Redis, API, a lexicon worker). Requests are made the
 * way coralproject/talk makes them: the ExternalModerationRequest of phases/external.ts, serialised with
 * JSON.stringify(data, null, 2) as services/fetch's generateFetchOptions does, and signed as
 * models/settings generateSignatures does — `sha256=<hex HMAC-SHA256>` per active secret, comma-separated.
 */
import { createHmac } from 'node:crypto';
import { startSieve, type TestSieve } from '../helpers/sieve';

const OLD_SECRET = 'phs_7d1c0ffee0ddba11c0ffee0ddba11';
const NEW_SECRET = 'phs_5eed5eed5eed5eed5eed5eed5eed5e';
/** SYNC_TIMEOUT_MS here, set below Coral's phase timeout as the README says (generous: the test machine is shared). */
const DEADLINE_MS = 8000;
let sieve: TestSieve;

beforeAll(async () => {
  sieve = await startSieve({ CORAL_PHASE_SECRETS: `${OLD_SECRET},${NEW_SECRET}`, SYNC_TIMEOUT_MS: String(DEADLINE_MS) }, { workers: 1 });
}, 60_000);
afterAll(async () => { await sieve.close(); });

/** generateSignatures(signingSecrets, body, now) of coralproject/talk, for the secrets still active. */
function generateSignatures(secrets: string[], data: string): string {
  return secrets.map((secret) => createHmac('sha256', secret).update(data).digest().toString('hex')).map((s) => `sha256=${s}`).join(',');
}

let n = 0;
function phaseRequest(body: string, extra: Record<string, unknown> = {}) {
  n += 1;
  return {
    action: 'NEW',
    comment: { body, parentID: null },
    author: { id: `9b0c6e1e-user-${n}`, role: 'COMMENTER' },
    story: { id: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', url: 'https://news.example/2026/11/29/story' },
    site: { id: 'site-1' },
    tenantID: 'tenant-1',
    tenantDomain: 'news.example',
    ...extra,
  };
}

async function callPhase(data: object, opts: { secrets?: string[]; signature?: string | null; tamper?: (body: string) => string } = {}) {
  const body = JSON.stringify(data, null, 2);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'Coral Moderation/8.0.0' };
  const signature = opts.signature === undefined ? generateSignatures(opts.secrets ?? [OLD_SECRET, NEW_SECRET], body) : opts.signature;
  if (signature !== null) headers['X-Coral-Signature'] = signature;
  const started = Date.now();
  const res = await fetch(`${sieve.api.url}/v1/integrations/coral/phase`, { method: 'POST', headers, body: opts.tamper ? opts.tamper(body) : body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: Date.now() - started };
}

test('a comment the policy would publish: 204, within Coral\'s timeout, and recorded in Sieve', async () => {
  const data = phaseRequest('Thanks for the thoughtful article, I enjoyed reading it.');
  const r = await callPhase(data);
  expect(r.status).toBe(204);
  expect(r.ms).toBeLessThan(DEADLINE_MS);
  const thread = await sieve.request('GET', `/v1/threads/${data.story.id}`, { key: 'moderator-key-0123456789abcdef' });
  expect(thread.status).toBe(200);
  const recorded = thread.body.comments.find((c: { author: { id: string } }) => c.author.id === data.author.id);
  expect(recorded).toMatchObject({ status: 'scored', verdict: 'publish', text: data.comment.body, metadata: { source: 'coral', tenantID: 'tenant-1', storyURL: data.story.url } });
});

test('a comment the policy would hold: SYSTEM_WITHHELD flagged as toxic; it waits in Sieve\'s review queue', async () => {
  const data = phaseRequest('you stupid fucking idiot');
  const r = await callPhase(data);
  expect(r.status).toBe(200);
  expect(r.body).toEqual({ status: 'SYSTEM_WITHHELD', actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }] });
  const items = await sieve.request('GET', `/v1/review/items?thread=${data.story.id}`, { key: 'moderator-key-0123456789abcdef' });
  expect(items.status).toBe(200);
  expect(JSON.stringify(items.body)).toContain(data.author.id);
});

test('a comment the policy would reject: REJECTED with the same action; Coral asking again gets the same answer', async () => {
  const data = phaseRequest('go back to africa you filthy nigger');
  const first = await callPhase(data);
  expect(first.status).toBe(200);
  expect(first.body).toEqual({ status: 'REJECTED', actions: [{ actionType: 'FLAG', reason: 'COMMENT_DETECTED_TOXIC' }] });
  const again = await callPhase(data);
  expect(again.body).toEqual(first.body);
  const thread = await sieve.request('GET', `/v1/threads/${data.story.id}`, { key: 'moderator-key-0123456789abcdef' });
  expect(thread.body.comments.filter((c: { author: { id: string } }) => c.author.id === data.author.id)).toHaveLength(1);
});

test('a rotated secret: a call signed only with the new one (or only the old one) is accepted', async () => {
  expect((await callPhase(phaseRequest('Nice weather today.'), { secrets: [NEW_SECRET] })).status).toBe(204);
  expect((await callPhase(phaseRequest('Nice weather again.'), { secrets: [OLD_SECRET] })).status).toBe(204);
});

test('unsigned, wrongly signed or altered calls are refused and nothing is recorded', async () => {
  const before = (await sieve.request('GET', '/v1/threads/a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', { key: 'moderator-key-0123456789abcdef' })).body.count;
  const unsigned = await callPhase(phaseRequest('unsigned text'), { signature: null });
  expect(unsigned).toMatchObject({ status: 401, body: { error: { code: 'signature_missing' } } });
  const wrong = await callPhase(phaseRequest('wrong secret text'), { secrets: ['phs_not_the_secret_0000000000000'] });
  expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
  const garbage = await callPhase(phaseRequest('garbage signature'), { signature: 'sha256=zz,v1=abc' });
  expect(garbage).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
  const altered = await callPhase(phaseRequest('I said something nice'), { tamper: (b) => b.replace('something nice', 'something else') });
  expect(altered).toMatchObject({ status: 401, body: { error: { code: 'signature_invalid' } } });
  const after = (await sieve.request('GET', '/v1/threads/a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', { key: 'moderator-key-0123456789abcdef' })).body.count;
  expect(after).toBe(before);
});

test('a signed body that is not a Coral request is a 400 with the field', async () => {
  const r = await callPhase({ action: 'NEW', comment: { body: 'x' } });
  expect(r).toMatchObject({ status: 400, body: { error: { code: 'invalid_value' } } });
  expect(r.body.error.field).toBeDefined();
});

test('with no secret configured the phase is off (404), whatever is sent', async () => {
  const off = await startSieve({}, { redis: sieve.redis });
  try {
    const res = await fetch(`${off.api.url}/v1/integrations/coral/phase`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(phaseRequest('hi')) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('integration_not_configured');
  } finally {
    await off.close();
  }
});

test('CORAL_PHASE_RECORD=false: scored through the workers, nothing recorded', async () => {
  const noRecord = await startSieve({ CORAL_PHASE_SECRETS: OLD_SECRET, CORAL_PHASE_RECORD: 'false', REDIS_PREFIX: 'norecord' }, { redis: sieve.redis, workers: 1 });
  try {
    const data = phaseRequest('go back to africa you filthy nigger', { story: { id: 'story-no-record', url: 'https://news.example/x' } });
    const body = JSON.stringify(data, null, 2);
    const res = await fetch(`${noRecord.api.url}/v1/integrations/coral/phase`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Coral-Signature': generateSignatures([OLD_SECRET], body) }, body,
    });
    // The body beside the status: a failure says which error it was.
    expect([res.status, await res.json()]).toMatchObject([200, { status: 'REJECTED' }]);
    const thread = await noRecord.request('GET', '/v1/threads/story-no-record', { key: 'moderator-key-0123456789abcdef' });
    expect(thread.status).toBe(404);
  } finally {
    await noRecord.close();
  }
});
