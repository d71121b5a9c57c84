-- Saves a cursor inside a running step: the hot path (once per page, per section), so it is a script
-- of its own with every field name computed by the caller.
-- KEYS[1] checkpoint hash
-- ARGV[1] token  ARGV[2] cursor field  ARGV[3] cursor  ARGV[4] progress  ARGV[5] now (epoch ms)  ARGV[6] ttl (ms)
-- The Java side of these positions is dev.cairn.checkpoint.internal.CursorArgs: change them together.
local current = redis.call('HGET', KEYS[1], 'token')
if current ~= ARGV[1] then
  if not current then
    return redis.error_reply('STALE checkpoint is gone (expired, or the job finished elsewhere)')
  end
  return redis.error_reply('STALE token ' .. ARGV[1] .. ' superseded by ' .. current)
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3], 'progress', ARGV[4], 'updated_at', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
