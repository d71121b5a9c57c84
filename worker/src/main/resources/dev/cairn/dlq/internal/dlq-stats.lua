-- The queue at a glance in one round trip, O(log n) in the entries.
-- ARGV: recent-since ms, max types, max signatures
return {
  redis.call('ZCARD', KEYS[3]),
  redis.call('ZCOUNT', KEYS[3], ARGV[1], '+inf'),
  redis.call('ZREVRANGE', KEYS[4], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES'),
  redis.call('ZREVRANGE', KEYS[5], 0, tonumber(ARGV[3]) - 1, 'WITHSCORES'),
  redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES'),
  redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')
}
