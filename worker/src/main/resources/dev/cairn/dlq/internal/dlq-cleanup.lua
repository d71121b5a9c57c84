-- Removes up to ARGV[2] entries whose last failure is before ARGV[1] (ms). When fewer remain, it also
-- forgets shipped failures that old (KEYS[6]). Returns how many entries were removed.
local cutoff = '(' .. ARGV[1]
local batch = tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff, 'LIMIT', 0, batch)
local removed = 0
for _, id in ipairs(ids) do
  removed = removed + remove_entry(id)
end
if #ids < batch then
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', cutoff)
end
return removed
