-- Applies one checkpoint write of the attempt holding the fencing token, in one round trip.
-- A write carrying an older token (a worker that was declared dead but still runs) is rejected, so
-- it can never overwrite the checkpoint of the newer attempt.
-- KEYS[1] checkpoint hash
-- (Cursor writes, the hot path, go through checkpoint-cursor.lua.)
-- ARGV[1] token  ARGV[2] now (epoch ms)  ARGV[3] ttl (ms)  ARGV[4] op: start | finish | advance
-- start:   ARGV[5] step                                  -> returns the step's runs
-- finish:  ARGV[5] step ARGV[6] status (completed|skipped) ARGV[7] progress ARGV[8] next step ('' = none)
--          ARGV[9] has output (1|0) ARGV[10] output      -> returns 1
-- advance: finish with the same arguments, then start ARGV[8] -> returns the next step's runs
--          (one round trip where finish and start would take two; nothing happens between them)
-- The Java side of these positions is dev.cairn.checkpoint.internal.WriteArgs: change them together.
local key = KEYS[1]
local current = redis.call('HGET', key, 'token')
if not current then
  return redis.error_reply('STALE checkpoint is gone (expired, or the job finished elsewhere)')
end
if current ~= ARGV[1] then
  return redis.error_reply('STALE token ' .. ARGV[1] .. ' superseded by ' .. current)
end
local op = ARGV[4]
local step = 's.' .. ARGV[5] .. '.'
local result = 1
if op == 'start' then
  result = redis.call('HINCRBY', key, step .. 'runs', 1)
  redis.call('HSET', key, step .. 'status', 'running', 'current', ARGV[5], 'updated_at', ARGV[2])
elseif op == 'finish' or op == 'advance' then
  redis.call('HSET', key, step .. 'status', ARGV[6], step .. 'done_at', ARGV[2],
             'progress', ARGV[7], 'current', ARGV[8], 'updated_at', ARGV[2])
  redis.call('HDEL', key, step .. 'cursor')
  if ARGV[9] == '1' then
    redis.call('HSET', key, step .. 'out', ARGV[10])
  end
  if op == 'advance' then
    local nextStep = 's.' .. ARGV[8] .. '.'
    result = redis.call('HINCRBY', key, nextStep .. 'runs', 1)
    redis.call('HSET', key, nextStep .. 'status', 'running')
  end
else
  return redis.error_reply('ERR unknown checkpoint op ' .. op)
end
redis.call('PEXPIRE', key, ARGV[3])
return result
