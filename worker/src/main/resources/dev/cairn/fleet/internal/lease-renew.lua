-- Renews one worker's lease: its expiry is Redis' own clock plus the TTL, so workers on machines with
-- skewed clocks agree on who has expired.
-- KEYS[1] leases (zset server id -> expiry ms), KEYS[2] info (hash server id -> JSON)
-- ARGV[1] server id, ARGV[2] TTL ms, ARGV[3] info JSON
-- Returns the new expiry (ms).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiry, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return expiry
