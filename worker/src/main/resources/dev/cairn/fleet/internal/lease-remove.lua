-- Removes one worker's lease: unconditionally (ARGV[2] empty: the worker stops), or only when it still
-- has the expiry the caller saw (ARGV[2] = that expiry: the dead worker's jobs were handed back, and a
-- worker that woke up and renewed in the meantime keeps its lease).
-- KEYS[1] leases, KEYS[2] info; ARGV[1] server id, ARGV[2] expected expiry or ''
-- Returns 1 when removed, 0 when not.
if ARGV[2] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
  if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
end
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
