/**
 * Every change of a review item is ONE Lua script, named after what it does: ingest, claim, extend, release,
 * release-expired, decide, redact-text. Redis runs a script to completion before any other command, so two
 * moderators acting on one item at once are serialised: the first wins, the second sees the new state and is
 * refused with a code (`claimed_by_other`, `already_decided`, ...). Nothing is read in TypeScript and written
 * back later.
 *
 * All transition scripts share one key layout (TRANSITION_KEYS, declared up front) and one prelude of helpers,
 * the way BullMQ's commands share `includes/`. Each script ends with `reply(code)`: `{code, HGETALL item}`.
 * The comment hash (KEYS `comment`) is touched only through the comment store's own helpers (COMMENT_LUA).
 *
 * Numbers that become Redis scores or stored timestamps (now, lease expiry, order score) arrive as strings
 * from TypeScript and are written back as those strings: Lua 5.1 prints numbers with 14 significant digits,
 * which would corrupt a 16-digit order score. `tonumber` is used only to compare.
 */
import { DECISION_STATE, FINAL_REVIEW_STATES } from '../../domain/review';
import { defineScript } from '../../redis/scripts';
import { COMMENT_LUA } from '../../store/comments';

/** KEYS[1..11] of every transition script. Scripts that take more keys (ingest: its index sets) read them after. */
export const TRANSITION_KEYS = [
  'item', 'history', 'audit', 'leases', 'comment', 'retention',
  'pending', 'claimed', 'escalated', 'approved', 'rejected',
] as const;
export type TransitionKey = (typeof TRANSITION_KEYS)[number];

/**
 * ARGV shared by every transition: 1 item id, 2 now (ms), 3 now (ISO, for the site-facing record),
 * 4 actor name, 5 actor role, 6 pub/sub channel for live pages. Script-specific ARGV start at 7.
 */
const PRELUDE = `${COMMENT_LUA}
local rcall = redis.call
local K = {}
${TRANSITION_KEYS.map((k, i) => `K.${k} = KEYS[${i + 1}]`).join('\n')}
local N_FIXED_KEYS = ${TRANSITION_KEYS.length}
local STATE_KEY = { pending = K.pending, claimed = K.claimed, escalated = K.escalated, approved = K.approved, rejected = K.rejected }
-- Each decision and the state it leads to, generated from ITEM_ACTIONS (src/domain/review.ts).
local DECIDES = { ${Object.entries(DECISION_STATE).map(([action, to]) => `[${JSON.stringify(action)}] = ${JSON.stringify(to)}`).join(', ')} }
local id, nowMs, nowIso, actor, role, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local now = tonumber(nowMs)

local function field(name) return rcall('HGET', K.item, name) end
local function nonEmpty(s) if s == nil or s == false or s == '' then return nil end return s end

local function reply(code) return { code, rcall('HGETALL', K.item) } end

local FINAL = { ${FINAL_REVIEW_STATES.map((st) => `${st} = true`).join(', ')} }
local function isDecided(state) return FINAL[state] == true end

-- Moves the item between state sets; the item hash and the sets never disagree.
local function setState(from, to, score)
  if from then rcall('ZREM', STATE_KEY[from], id) end
  rcall('ZADD', STATE_KEY[to], score, id)
  rcall('HSET', K.item, 'state', to)
end

local function dropClaim()
  rcall('HDEL', K.item, 'claimedBy', 'claimedRole', 'claimedAt', 'leaseUntil')
  rcall('ZREM', K.leases, id)
end

-- The audit stream, the item's history and the live-page channel always move together: one entry per transition.
local function record(action, by, byRole, from, to, reason, note)
  local fields = { 'itemId', id, 'at', nowMs, 'actor', by, 'role', byRole, 'action', action, 'to', to }
  if nonEmpty(from) then table.insert(fields, 'from'); table.insert(fields, from) end
  if nonEmpty(reason) then table.insert(fields, 'reason'); table.insert(fields, reason) end
  if nonEmpty(note) then table.insert(fields, 'note'); table.insert(fields, note) end
  local auditId = rcall('XADD', K.audit, '*', unpack(fields))
  rcall('RPUSH', K.history, cjson.encode({ auditId = auditId, itemId = id, at = nowMs, actor = by, role = byRole,
    action = action, from = nonEmpty(from), to = to, reason = nonEmpty(reason), note = nonEmpty(note) }))
  rcall('HINCRBY', K.item, 'version', 1)
  rcall('PUBLISH', channel, cjson.encode({ type = 'review.changed', auditId = auditId, itemId = id, action = action,
    from = nonEmpty(from), to = to, actor = by, at = nowMs }))
  return auditId
end

-- What the site sees on the comment record (GET /v1/comments/:id); only if the comment is still stored.
local function writeCommentReview(review) commentSetReview(K.comment, review) end

-- A claim whose lease ran out returns the item to where it came from (pending or escalated). Every script calls
-- this first, so nobody acts on an expired lease even when the sweeper is late. Returns the former holder or nil.
local function expireIfDue()
  if field('state') ~= 'claimed' then return nil end
  local leaseUntil = tonumber(field('leaseUntil'))
  if leaseUntil ~= nil and leaseUntil > now then return nil end
  local holder = field('claimedBy')
  local base = field('baseState') or 'pending'
  setState('claimed', base, field('orderScore'))
  dropClaim()
  record('expire', 'system', 'system', 'claimed', base, nil, 'lease of ' .. tostring(holder) .. ' expired')
  return holder
end
`;

const script = <S extends string>(name: string, body: S) => defineScript(name, TRANSITION_KEYS, `${PRELUDE}\n${body}`);

/**
 * ingest: a flagged comment becomes a pending review item (idempotent: an existing item is left alone).
 * ARGV 7: item fields as a JSON object of strings (must include orderScore). ARGV 8: why (verdict, for the audit).
 * KEYS after the fixed ones: the index sets the item joins (label/slur/thread/author), for list filters.
 * Replies: ok | exists.
 */
export const INGEST = script('ingest', `
if rcall('EXISTS', K.item) == 1 then return reply('exists') end
local fields = cjson.decode(ARGV[7])
for name, value in pairs(fields) do rcall('HSET', K.item, name, value) end
rcall('HSET', K.item, 'id', id, 'state', 'pending', 'baseState', 'pending', 'createdAt', nowMs, 'version', '0')
setState(nil, 'pending', fields['orderScore'])
for i = N_FIXED_KEYS + 1, #KEYS do rcall('SADD', KEYS[i], id) end
writeCommentReview({ state = 'pending' })
record('create', actor, role, nil, 'pending', ARGV[8], nil)
return reply('ok')
`);

/**
 * claim: take a lease on a pending item (admins also on escalated ones). Claiming what you already hold renews
 * the lease, so a double click is not an error. ARGV 7: lease expiry (ms).
 * Replies: ok | not_found | already_decided | claimed_by_other | escalated_admin_only.
 */
export const CLAIM = script('claim', `
if rcall('EXISTS', K.item) == 0 then return reply('not_found') end
if isDecided(field('state')) then return reply('already_decided') end
expireIfDue()
local state = field('state')
if state == 'claimed' then
  if field('claimedBy') ~= actor then return reply('claimed_by_other') end
  rcall('HSET', K.item, 'leaseUntil', ARGV[7])
  rcall('ZADD', K.leases, ARGV[7], id)
  record('extend', actor, role, 'claimed', 'claimed', nil, nil)
  return reply('ok')
end
if state == 'escalated' and role ~= 'admin' then return reply('escalated_admin_only') end
setState(state, 'claimed', field('orderScore'))
rcall('HSET', K.item, 'claimedBy', actor, 'claimedRole', role, 'claimedAt', nowMs, 'leaseUntil', ARGV[7])
rcall('ZADD', K.leases, ARGV[7], id)
record('claim', actor, role, state, 'claimed', nil, nil)
return reply('ok')
`);

/**
 * extend: the holder of a live claim pushes its expiry. ARGV 7: new lease expiry (ms).
 * Replies: ok | not_found | already_decided | lease_expired | not_claimed | claimed_by_other.
 */
export const EXTEND = script('extend', `
if rcall('EXISTS', K.item) == 0 then return reply('not_found') end
if isDecided(field('state')) then return reply('already_decided') end
if expireIfDue() == actor then return reply('lease_expired') end
if field('state') ~= 'claimed' then return reply('not_claimed') end
if field('claimedBy') ~= actor then return reply('claimed_by_other') end
rcall('HSET', K.item, 'leaseUntil', ARGV[7])
rcall('ZADD', K.leases, ARGV[7], id)
record('extend', actor, role, 'claimed', 'claimed', nil, nil)
return reply('ok')
`);

/**
 * release: the holder (or an admin) hands the item back to where it came from. ARGV 7: optional note.
 * Releasing a claim that already expired is a success: the item is back in the queue either way.
 * Replies: ok | not_found | already_decided | not_claimed | claimed_by_other.
 */
export const RELEASE = script('release', `
if rcall('EXISTS', K.item) == 0 then return reply('not_found') end
if isDecided(field('state')) then return reply('already_decided') end
if expireIfDue() == actor then return reply('ok') end
if field('state') ~= 'claimed' then return reply('not_claimed') end
if field('claimedBy') ~= actor and role ~= 'admin' then return reply('claimed_by_other') end
local base = field('baseState') or 'pending'
setState('claimed', base, field('orderScore'))
dropClaim()
record('release', actor, role, 'claimed', base, nil, ARGV[7])
return reply('ok')
`);

/** release-expired: returns one item whose claim lease ran out to its queue (the sweeper's and lazy reads' per-item step; it re-checks the lease atomically, so a concurrent extend wins). Replies: ok | not_due | not_found. */
export const RELEASE_EXPIRED = script('release-expired', `
if rcall('EXISTS', K.item) == 0 then rcall('ZREM', K.leases, id) return reply('not_found') end
if expireIfDue() then return reply('ok') end
if field('state') ~= 'claimed' then rcall('ZREM', K.leases, id) end
return reply('not_due')
`);

/**
 * decide: one of the decisions (DECIDES: approve, reject, escalate). The actor must hold a live claim, unless
 * ARGV 10 = '1' (bulk decisions take unclaimed items directly, atomically per item). Escalated items are for
 * admins only. ARGV 7 action, 8 reason code, 9 note, 10 auto-claim.
 * Replies: ok | not_found | already_decided | lease_expired | not_claimed | claimed_by_other |
 *          escalated_admin_only | already_escalated | invalid_action.
 */
export const DECIDE = script('decide', `
local action, reason, note, autoClaim = ARGV[7], ARGV[8], ARGV[9], ARGV[10] == '1'
local to = DECIDES[action]
if to == nil then return reply('invalid_action') end
if rcall('EXISTS', K.item) == 0 then return reply('not_found') end
if isDecided(field('state')) then return reply('already_decided') end
local formerHolder = expireIfDue()
local from = field('state')
if from == 'claimed' then
  if field('claimedBy') ~= actor then return reply('claimed_by_other') end
elseif not autoClaim then
  if formerHolder == actor then return reply('lease_expired') end
  return reply('not_claimed')
end
local base = field('baseState') or 'pending'
if base == 'escalated' and role ~= 'admin' then return reply('escalated_admin_only') end

if to == 'escalated' then
  if base == 'escalated' then return reply('already_escalated') end
  setState(from, 'escalated', field('orderScore'))
  dropClaim()
  rcall('HSET', K.item, 'baseState', 'escalated', 'escalatedBy', actor, 'escalatedAt', nowMs)
  if nonEmpty(reason) then rcall('HSET', K.item, 'escalationReason', reason) end
  if nonEmpty(note) then rcall('HSET', K.item, 'escalationNote', note) end
  writeCommentReview({ state = 'escalated', decidedBy = actor, decidedAt = nowIso, action = action, reason = nonEmpty(reason) })
  record(action, actor, role, from, 'escalated', reason, note)
  return reply('ok')
end

-- Decided sets list the newest decision first: score = -decidedAt.
setState(from, to, '-' .. nowMs)
dropClaim()
rcall('HSET', K.item, 'decidedBy', actor, 'decidedRole', role, 'decidedAt', nowMs, 'action', action)
if nonEmpty(reason) then rcall('HSET', K.item, 'reason', reason) end
if nonEmpty(note) then rcall('HSET', K.item, 'note', note) end
rcall('ZADD', K.retention, nowMs, id)
writeCommentReview({ state = to, decidedBy = actor, decidedAt = nowIso, action = action, reason = nonEmpty(reason) })
record(action, actor, role, from, to, reason, note)
return reply('ok')
`);

/**
 * redact-text: retention drops the comment's text (and the matched fragments in its result) once the decision is
 * older than the cutoff; the item, its history and the audit log stay. The new JSON is built in TypeScript and
 * only written if the stored JSON is still what it was read as (else 'changed'; the next sweep retries).
 * ARGV 7 cutoff (ms), 8 expected data, 9 new data, 10 expected result ('' = none), 11 new result ('' = keep).
 * Replies: ok | not_due | changed.
 */
export const REDACT_TEXT = script('redact-text', `
local decidedAt = rcall('ZSCORE', K.retention, id)
if not decidedAt or tonumber(decidedAt) > tonumber(ARGV[7]) then return reply('not_due') end
if not commentRedact(K.comment, ARGV[8], ARGV[9], ARGV[10], ARGV[11]) then return reply('changed') end
rcall('ZREM', K.retention, id)
if rcall('EXISTS', K.item) == 1 then
  rcall('HSET', K.item, 'textRedacted', '1')
  local state = field('state')
  record('redact_text', 'system', 'system', state, state, nil, nil)
end
return reply('ok')
`);
