-- Adds one entry and enforces the cap, atomically.
-- KEYS[6] shipped (zset id -> last failure shipped, ms)
-- ARGV: id, json, failed-at ms, type, signature, max entries, max ledger size
-- Returns {outcome, evicted}: outcome 0 = this failure was already shipped, 1 = added, 2 = replaced an older failure.
local id = ARGV[1]
local at = tonumber(ARGV[3])
local shipped = redis.call('ZSCORE', KEYS[6], id)
if shipped and tonumber(shipped) >= at then
  return {0, 0}
end
redis.call('ZADD', KEYS[6], at, id)
-- why: the ledger remembers evicted and removed failures too, so it is bounded separately; a failure it
-- forgets can only come back through a reconcile, older than everything queued, and is evicted again at once
local ledgerOver = redis.call('ZCARD', KEYS[6]) - tonumber(ARGV[7])
if ledgerOver > 0 then redis.call('ZREMRANGEBYRANK', KEYS[6], 0, ledgerOver - 1) end
local outcome = 1
if redis.call('HEXISTS', KEYS[2], id) == 1 then
  remove_entry(id)
  outcome = 2
end
redis.call('HSET', KEYS[1], id, ARGV[2])
redis.call('HSET', KEYS[2], id, ARGV[4] .. '\n' .. ARGV[5])
redis.call('ZADD', KEYS[3], at, id)
redis.call('ZINCRBY', KEYS[4], 1, ARGV[4])
redis.call('ZINCRBY', KEYS[5], 1, ARGV[5])
local evicted = 0
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[6])
if over > 0 then
  for _, victim in ipairs(redis.call('ZRANGE', KEYS[3], 0, over - 1)) do
    evicted = evicted + remove_entry(victim)
  end
end
return {outcome, evicted}
