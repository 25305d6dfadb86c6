/**
 * The people rules as policy, case by case: statements of reasons, author rules (ban, suspension,
 * pre-moderation, automatic pre-moderation after a rejection streak) and reader-report thresholds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { AuthorStanding } from '../../src/domain/authors';
import { MODERATOR_REJECT_REASONS, REJECT_REASON_CODES } from '../../src/domain/statements';
import { applyAuthorRules, AUTHOR_HOLD_PRIORITY } from '../../src/policy/authors';
import { DEFAULT_POLICY } from '../../src/policy/defaults';
import { decide, loadPolicy } from '../../src/policy/policy';
import { reportedPriority, reportThresholdReached } from '../../src/policy/reports';
import { rejectReasonOf, statementOfReasons } from '../../src/policy/statements';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const config = loadConfig({});
const history = { rejectionRate: config.AUTHOR_HISTORY_REJECTION_RATE, minComments: config.AUTHOR_HISTORY_MIN_COMMENTS, windowDays: config.AUTHOR_HISTORY_WINDOW_DAYS };
const clean = decide({ toxicity: 0.01 }, []);
const held = decide({ insult: 0.9 }, []);
const standing = (s: Partial<AuthorStanding>): AuthorStanding => ({ authorId: 'a1', rule: null, recent: { published: 0, rejected: 0 }, ...s });
const by = { by: 'alice', at: '2026-11-20T09:00:00Z' };

function policyFile(json: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sieve-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('statements of reasons', () => {
  test('every reject reason has a default text; the site overrides any of them in POLICY_FILE', () => {
    for (const code of REJECT_REASON_CODES) expect(DEFAULT_POLICY.statements[code].length).toBeGreaterThan(20);
    const policy = loadPolicy(policyFile({ statements: { spam: 'Removed as spam (comment {comment} in {thread}).' }, appeals: false }));
    expect(statementOfReasons('spam', { automated: false, threadId: 't1', commentId: 'c9' }, policy)).toEqual({
      reason: 'spam', text: 'Removed as spam (comment c9 in t1).', automated: false, appealable: false,
    });
    expect(policy.statements.threat).toBe(DEFAULT_POLICY.statements.threat);
  });

  test('a suspension says until when', () => {
    const s = statementOfReasons('author_suspended', { automated: true, threadId: 't', commentId: 'c', until: '2026-12-06T00:00:00Z' }, DEFAULT_POLICY);
    expect(s.text).toContain('until 2026-12-06T00:00:00Z');
    expect(s).toMatchObject({ automated: true, appealable: true });
  });

  test('a template with an unknown reason or placeholder, or empty, is refused naming the field', () => {
    expect(() => loadPolicy(policyFile({ statements: { rude: 'x' } }))).toThrow(/statements/);
    expect(() => loadPolicy(policyFile({ statements: { spam: 'Removed: {reason}' } }))).toThrow(/statements\.spam: unknown placeholder \{reason\}/);
    expect(() => loadPolicy(policyFile({ statements: { spam: '' } }))).toThrow(/statements\.spam/);
  });

  test("an automated reject is explained by what its reasons stand for, the gravest first", () => {
    expect(rejectReasonOf(decide({ threat: 0.99, insult: 0.99 }, [], { ...DEFAULT_POLICY, labels: { ...DEFAULT_POLICY.labels, threat: { review: 0.1, reject: 0.9 }, insult: { review: 0.1, reject: 0.9 } } }).reasons)).toBe('threat');
    const slur = { term: 'kike', category: 'religious' as const, severity: 4 as const, start: 0, end: 4, text: 'kike', transformations: [] };
    const d = decide({}, [slur]);
    expect(d.verdict).toBe('reject');
    expect(rejectReasonOf(d.reasons, () => 'religious')).toBe('hate_speech');
    expect(rejectReasonOf([{ code: 'author_banned', message: '' }, ...d.reasons])).toBe('author_banned');
    expect(rejectReasonOf([])).toBe('other');
  });

  test('REVIEW_REASON_CODES is a subset of the moderator reasons; an unknown code stops start-up', () => {
    expect(config.REVIEW_REASON_CODES).toEqual(MODERATOR_REJECT_REASONS);
    expect(loadConfig({ REVIEW_REASON_CODES: 'spam,threat' }).REVIEW_REASON_CODES).toEqual(['spam', 'threat']);
    expect(() => loadConfig({ REVIEW_REASON_CODES: 'spam,rude' })).toThrow(/REVIEW_REASON_CODES/);
    expect(() => loadConfig({ REVIEW_REASON_CODES: 'author_banned' })).toThrow(/REVIEW_REASON_CODES/);
  });
});

describe('author rules', () => {
  test('no standing, or no rule and a clean history: the verdict stands', () => {
    expect(applyAuthorRules(clean, null, NOW, history)).toEqual({ decision: clean, rule: null });
    expect(applyAuthorRules(clean, standing({ recent: { published: 10, rejected: 1 } }), NOW, history).rule).toBeNull();
  });

  test('a banned author\'s comment is rejected whatever its score, and the reasons say why', () => {
    const r = applyAuthorRules(clean, standing({ rule: { kind: 'ban', ...by } }), NOW, history);
    expect(r.rule).toBe('ban');
    expect(r.decision.verdict).toBe('reject');
    expect(r.decision.reasons[0]).toMatchObject({ code: 'author_banned' });
  });

  test('a suspension rejects until its end, then passes', () => {
    const until = '2026-12-01T00:00:00Z';
    const s = standing({ rule: { kind: 'suspend', ...by, until } });
    const during = applyAuthorRules(clean, s, NOW, history);
    expect(during).toMatchObject({ rule: 'suspend', until, decision: { verdict: 'reject' } });
    expect(during.decision.reasons[0]!.code).toBe('author_suspended');
    expect(applyAuthorRules(clean, s, Date.parse(until) + 1, history)).toEqual({ decision: clean, rule: null });
  });

  test('pre-moderation holds a comment the policy would publish, below every content band; a held one stays as it was', () => {
    const s = standing({ rule: { kind: 'premoderate', ...by } });
    const r = applyAuthorRules(clean, s, NOW, history);
    expect(r).toMatchObject({ rule: 'premoderate', decision: { verdict: 'review', priority: AUTHOR_HOLD_PRIORITY } });
    expect(r.decision.reasons.map((x) => x.code)).toEqual(['author_premoderated']);
    expect(applyAuthorRules(held, s, NOW, history)).toEqual({ decision: held, rule: null });
  });

  test('automatic pre-moderation after a rejection streak, only with enough decided comments', () => {
    expect(config.AUTHOR_HISTORY_REJECTION_RATE).toBe(0.3);
    const streak = applyAuthorRules(clean, standing({ recent: { published: 2, rejected: 3 } }), NOW, history);
    expect(streak).toMatchObject({ rule: 'history', decision: { verdict: 'review' } });
    expect(streak.decision.reasons[0]!.message).toBe("3 of the author's 5 decided comments in the last 7 days were rejected (60 % ≥ 30 %): held for review");
    // Two rejections out of two: too few to judge.
    expect(applyAuthorRules(clean, standing({ recent: { published: 0, rejected: 2 } }), NOW, history).rule).toBeNull();
    // Off when the rate is 0.
    expect(applyAuthorRules(clean, standing({ recent: { published: 0, rejected: 9 } }), NOW, { ...history, rejectionRate: 0 }).rule).toBeNull();
    // An ended suspension does not shield the author from it.
    const ended = standing({ rule: { kind: 'suspend', ...by, until: '2026-11-01T00:00:00Z' }, recent: { published: 1, rejected: 4 } });
    expect(applyAuthorRules(clean, ended, NOW, history).rule).toBe('history');
  });
});

describe('reader reports', () => {
  const rule = { priorityStep: config.REPORT_PRIORITY_STEP, priorityMax: config.REPORT_PRIORITY_MAX };

  test('a published comment enters the queue at the threshold: per reason, or all reasons together', () => {
    const thresholds = loadConfig({ REPORT_THRESHOLDS: '*:3,threat:1' }).REPORT_THRESHOLDS;
    expect(reportThresholdReached({ spam: 2 }, thresholds)).toBeNull();
    expect(reportThresholdReached({ spam: 2, abuse: 1 }, thresholds)).toBe('*');
    expect(reportThresholdReached({ threat: 1 }, thresholds)).toBe('threat');
    expect(reportThresholdReached({}, thresholds)).toBeNull();
    expect(reportThresholdReached({ spam: 5 }, loadConfig({ REPORT_THRESHOLDS: 'threat:1' }).REPORT_THRESHOLDS)).toBeNull();
  });

  test('reports add to a held comment\'s priority, capped, so reported swearing never outranks a threat', () => {
    expect(reportedPriority(40, { abuse: 1 }, rule)).toBe(45);
    expect(reportedPriority(30, { spam: 50 }, rule)).toBe(30 + config.REPORT_PRIORITY_MAX);
    expect(reportedPriority(30, { spam: 50 }, rule)).toBeLessThan(80);
    expect(reportedPriority(98, { abuse: 3 }, rule)).toBe(100);
  });

  test('a published comment reported as a threat enters in the threat band', () => {
    expect(reportedPriority(0, { threat: 1 }, rule, true)).toBe(85);
    expect(reportedPriority(0, { spam: 3 }, rule, true)).toBe(15);
  });

  test('REPORT_THRESHOLDS is validated', () => {
    expect(() => loadConfig({ REPORT_THRESHOLDS: 'rude:2' })).toThrow(/REPORT_THRESHOLDS/);
    expect(() => loadConfig({ REPORT_THRESHOLDS: 'spam:0' })).toThrow(/REPORT_THRESHOLDS/);
  });
});
