/**
 * list-by-state: one page of a state's items in queue order, keeping only items in every filter set.
 *
 * The cursor is the (score, id) of the last item returned; the next page starts strictly after it, so items
 * that change state between pages are never returned twice. Two ways to walk, whichever touches fewer items:
 *  - the smallest filter set (an author's or a thread's items), sorted by their score in the state set;
 *  - the state set itself, skipping non-matching items, at most ARGV 4 entries per call. When that limit is hit
 *    the page may be short; `next` still points past what was scanned, so following it loses nothing.
 *
 * KEYS 1: the state's sorted set; KEYS 2..n: filter sets (review index sets).
 * ARGV 1 cursor score ('' = from the start), 2 cursor id, 3 page size, 4 scan limit.
 * Reply: { ids, scores, nextScore|'' , nextId|'' }.
 */
import { defineScript } from '../../redis/scripts';

export const LIST_BY_STATE = defineScript('list-by-state', ['state'] as const, `
local rcall = redis.call
local stateKey = KEYS[1]
local cursorScore, cursorId = ARGV[1], ARGV[2]
local limit, scanLimit = tonumber(ARGV[3]), tonumber(ARGV[4])
local cs = tonumber(cursorScore)

local function afterCursor(score, member)
  if cs == nil then return true end
  local s = tonumber(score)
  return s > cs or (s == cs and member > cursorId)
end

local function inFilters(member, skip)
  for i = 2, #KEYS do
    if i ~= skip and rcall('SISMEMBER', KEYS[i], member) == 0 then return false end
  end
  return true
end

local ids, scores = {}, {}
local nextScore, nextId = '', ''

local smallest, smallestSize = nil, nil
for i = 2, #KEYS do
  local n = rcall('SCARD', KEYS[i])
  if smallestSize == nil or n < smallestSize then smallest, smallestSize = i, n end
end

if smallest ~= nil and smallestSize <= scanLimit and smallestSize < rcall('ZCARD', stateKey) then
  local found = {}
  for _, member in ipairs(rcall('SMEMBERS', KEYS[smallest])) do
    local score = rcall('ZSCORE', stateKey, member)
    if score and afterCursor(score, member) and inFilters(member, smallest) then
      table.insert(found, { tonumber(score), member, score })
    end
  end
  table.sort(found, function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
  for i = 1, math.min(limit, #found) do
    table.insert(ids, found[i][2]); table.insert(scores, found[i][3])
  end
  if #found > limit then nextScore, nextId = scores[#scores], ids[#ids] end
  return { ids, scores, nextScore, nextId }
end

local min = '-inf'
if cs ~= nil then min = cursorScore end
local offset, scanned, batch = 0, 0, 100
while true do
  local rows = rcall('ZRANGEBYSCORE', stateKey, min, '+inf', 'WITHSCORES', 'LIMIT', offset, batch)
  if #rows == 0 then return { ids, scores, '', '' } end
  offset = offset + #rows / 2
  for i = 1, #rows, 2 do
    local member, score = rows[i], rows[i + 1]
    if afterCursor(score, member) then
      if #ids == limit then
        -- One more match exists past the page: the page is full and there is a next one.
        if inFilters(member, nil) then return { ids, scores, scores[#scores], ids[#ids] } end
      elseif inFilters(member, nil) then
        table.insert(ids, member); table.insert(scores, score)
      end
      scanned = scanned + 1
      if scanned >= scanLimit then return { ids, scores, score, member } end
    end
  end
end
`);
