-- A provider's circuit breaker, shared by every worker. Every transition happens here, atomically;
-- Java never reads the state and writes it back. The legal transitions are dev.cairn.breaker.Transition.
-- KEYS[1] state hash   KEYS[2] failure timestamps (sorted set, same hash tag)
-- ARGV[1] op: acquire | success | failure | reset | force_open | read
-- ARGV[2] now (epoch ms)  ARGV[3] failure threshold  ARGV[4] failure window (ms)  ARGV[5] recovery timeout (ms)
-- ARGV[6] half-open max calls  ARGV[7] event channel  ARGV[8] breaker name
-- ARGV[9] the permit's probe round (success/failure of a half-open call; '' otherwise)  ARGV[10] unique failure id
-- Returns {state, version, retry_at, granted (1/0), failures in window, trial successes, round, transition name or ''}
local key, failures_key = KEYS[1], KEYS[2]
local op, now = ARGV[1], tonumber(ARGV[2])
local threshold, window, recovery, max_calls = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local channel, name, permit_round, failure_id = ARGV[7], ARGV[8], ARGV[9], ARGV[10]

local state = redis.call('HGET', key, 'state') or 'CLOSED'
local transition = ''

local function field(f, default)
  local v = redis.call('HGET', key, f)
  if v then return tonumber(v) end
  return default
end

local function retry_at()
  if state == 'OPEN' then return field('opened_at', now) + recovery end
  if state == 'HALF_OPEN' then return field('since', now) + recovery end
  return 0
end

local function go(to, name_of_transition)
  redis.call('HSET', key, 'state', to, 'since', now, 'issued', 0, 'successes', 0)
  if to == 'OPEN' then redis.call('HSET', key, 'opened_at', now) end
  if to == 'CLOSED' then redis.call('DEL', failures_key) end
  if to == 'HALF_OPEN' then redis.call('HINCRBY', key, 'round', 1) end
  redis.call('HINCRBY', key, 'version', 1)
  state = to
  transition = name_of_transition
  redis.call('PUBLISH', channel, name .. '|' .. to .. '|' .. field('version', 0) .. '|' .. retry_at())
end

local granted = 0
if op == 'acquire' then
  if state == 'OPEN' and now >= field('opened_at', 0) + recovery then
    go('HALF_OPEN', 'PROBE')
  end
  if state == 'CLOSED' then
    granted = 1
  elseif state == 'HALF_OPEN' then
    if now >= field('since', now) + recovery then
      -- the trial calls of this round never reported back (their workers died): start a new round
      redis.call('HSET', key, 'since', now, 'issued', 0, 'successes', 0)
      redis.call('HINCRBY', key, 'round', 1)
    end
    if field('issued', 0) < max_calls then
      redis.call('HINCRBY', key, 'issued', 1)
      granted = 1
    end
  end
elseif op == 'success' then
  if state == 'HALF_OPEN' and permit_round == tostring(field('round', 0)) then
    if redis.call('HINCRBY', key, 'successes', 1) >= max_calls then
      go('CLOSED', 'RECOVER')
    end
  end
elseif op == 'failure' then
  if state == 'CLOSED' then
    redis.call('ZREMRANGEBYSCORE', failures_key, '-inf', now - window)
    redis.call('ZADD', failures_key, now, failure_id)
    redis.call('PEXPIRE', failures_key, window)
    if redis.call('ZCARD', failures_key) >= threshold then
      go('OPEN', 'TRIP')
    end
  elseif state == 'HALF_OPEN' and permit_round == tostring(field('round', 0)) then
    go('OPEN', 'RETRIP')
  end
elseif op == 'reset' then
  if state ~= 'CLOSED' then
    go('CLOSED', 'RESET_FROM_' .. state)
  else
    redis.call('DEL', failures_key)
  end
elseif op == 'force_open' then
  if state ~= 'OPEN' then
    go('OPEN', 'FORCE_OPEN_FROM_' .. state)
  else
    redis.call('HSET', key, 'opened_at', now)
  end
elseif op ~= 'read' then
  return redis.error_reply('ERR unknown breaker op ' .. op)
end

local failures = 0
if state == 'CLOSED' then
  redis.call('ZREMRANGEBYSCORE', failures_key, '-inf', now - window)
  failures = redis.call('ZCARD', failures_key)
end
return {state, field('version', 0), retry_at(), granted, failures, field('successes', 0), field('round', 0), transition}
