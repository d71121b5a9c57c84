-- Removes up to ARGV[2] entries whose last failure is before ARGV[1] (ms), in bulk: one HMGET of the
-- index, one ZINCRBY per distinct type and signature, variadic HDEL/ZREM. When fewer remain, it also
-- forgets shipped failures that old (KEYS[6]). Returns how many entries were removed.
local cutoff = '(' .. ARGV[1]
local batch = tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', cutoff, 'LIMIT', 0, batch)
if #ids > 0 then
  local metas = redis.call('HMGET', KEYS[2], unpack(ids))
  local types, signatures = {}, {}
  for _, meta in ipairs(metas) do
    if meta then
      local nl = string.find(meta, '\n', 1, true)
      local t, s = string.sub(meta, 1, nl - 1), string.sub(meta, nl + 1)
      types[t] = (types[t] or 0) + 1
      signatures[s] = (signatures[s] or 0) + 1
    end
  end
  for t, n in pairs(types) do
    if tonumber(redis.call('ZINCRBY', KEYS[4], -n, t)) <= 0 then redis.call('ZREM', KEYS[4], t) end
  end
  for s, n in pairs(signatures) do
    if tonumber(redis.call('ZINCRBY', KEYS[5], -n, s)) <= 0 then redis.call('ZREM', KEYS[5], s) end
  end
  redis.call('HDEL', KEYS[1], unpack(ids))
  redis.call('HDEL', KEYS[2], unpack(ids))
  redis.call('ZREM', KEYS[3], unpack(ids))
end
if #ids < batch then
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', cutoff)
end
return #ids
