-- Starts a new attempt of a job: issues its fencing token and returns the whole checkpoint.
-- The token is '<attempt number>-<nonce>', the nonce random per attempt and every write compares the
-- whole token exactly: a counter alone restarts at 1 when the hash disappears (TTL, eviction, a failover
-- that lost it, delete-on-success then a requeue), and a frozen first attempt would then pass the fence.
-- KEYS[1] checkpoint hash
-- ARGV[1] pipeline  ARGV[2] step names, comma-separated  ARGV[3] now (epoch ms)  ARGV[4] ttl (ms)
-- ARGV[5] '1': also start the first step that is not done yet (what the attempt does next), in the same
--         round trip; the checkpoint returned is the one read before that start
-- ARGV[6] the attempt's nonce (random, from the worker)
-- ARGV[7] when the job was created (epoch ms, as its storage keeps it), '' when unknown. A checkpoint records
--         the creation time of the job that made it: one that names another belongs to an earlier job with the
--         same id (an idempotency key submitted again after job storage deleted that job, before this key was
--         deleted or expired) and is dropped, so the new job does not take the earlier one's steps for its own
-- Returns {checkpoint as HGETALL}, or {checkpoint, started step, its runs}
-- The Java side of these positions is dev.cairn.checkpoint.internal.BeginArgs (ARGV) and BeginReply (the
-- reply): change them together.
local key = KEYS[1]
if ARGV[7] ~= '' then
  local owner = redis.call('HGET', key, 'job_created')
  if owner and owner ~= ARGV[7] then
    redis.call('DEL', key)
  end
  redis.call('HSETNX', key, 'job_created', ARGV[7])
end
local started = redis.call('HEXISTS', key, 'current')
local attempt = redis.call('HINCRBY', key, 'attempts', 1)
redis.call('HSET', key, 'token', attempt .. '-' .. ARGV[6])
-- An attempt that finds steps already started is a resume, whatever stopped the previous one.
if started == 1 then
  redis.call('HINCRBY', key, 'resumed', 1)
end
redis.call('HSETNX', key, 'created_at', ARGV[3])
redis.call('HSET', key, 'pipeline', ARGV[1], 'steps', ARGV[2], 'updated_at', ARGV[3])
redis.call('PEXPIRE', key, ARGV[4])
local before = redis.call('HGETALL', key)
if ARGV[5] == '1' then
  for step in string.gmatch(ARGV[2], '[^,]+') do
    local prefix = 's.' .. step .. '.'
    local status = redis.call('HGET', key, prefix .. 'status')
    if status ~= 'completed' and status ~= 'skipped' then
      local runs = redis.call('HINCRBY', key, prefix .. 'runs', 1)
      redis.call('HSET', key, prefix .. 'status', 'running', 'current', step)
      return {before, step, runs}
    end
  end
end
return {before}
