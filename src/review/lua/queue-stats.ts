/**
 * queue-stats: for each state set, how many items it holds and the oldest comment among them, read-only.
 *
 * A state set is ordered by (100 - priority) * band + comment created-at (ms), so each priority band is in comment
 * order and its first member is that band's oldest comment. The script jumps from band to band (one
 * ZRANGEBYSCORE ... LIMIT 0 1 per non-empty band, at most 101), so its cost does not grow with the queue.
 *
 * KEYS 1..n: state sorted sets. ARGV 1: the band width (the store's ORDER_PRIORITY_STEP).
 * Reply: per key, { count, oldest comment created-at in ms ('' when the set is empty) }.
 */
import { defineScript } from '../../redis/scripts';

export const QUEUE_STATS = defineScript('review-queue-stats', [] as const, `
local rcall = redis.call
local step = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local count = rcall('ZCARD', KEYS[i])
  local oldest = nil
  local from = '-inf'
  while count > 0 do
    local row = rcall('ZRANGEBYSCORE', KEYS[i], from, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    if #row == 0 then break end
    local score = tonumber(row[2])
    local band = math.floor(score / step)
    local created = score - band * step
    if oldest == nil or created < oldest then oldest = created end
    from = string.format('%.0f', (band + 1) * step)
  end
  table.insert(out, { count, oldest and string.format('%.0f', oldest) or '' })
end
return out
`);
