-- A provider's circuit breaker, shared by every worker. Every transition happens here, atomically;
-- Java never reads the state and writes it back. The legal transitions are dev.cairn.breaker.Transition.
-- Time is Redis' own clock (TIME), so workers whose clocks disagree still agree on windows and timeouts.
-- KEYS[1] state hash   KEYS[2] failure timestamps (sorted set, same hash tag)
-- ARGV[1] op: acquire | success | failure | release | reset | force_open | read
-- ARGV[2] failure threshold  ARGV[3] failure window (ms)  ARGV[4] recovery timeout (ms)  ARGV[5] half-open max calls
-- ARGV[6] event channel  ARGV[7] breaker name
-- ARGV[8] the permit's probe round (success/failure/release of a half-open call; '' otherwise)  ARGV[9] unique failure id
-- ARGV[10] the caller's known epoch ('' when none)  ARGV[11] the caller's known version ('' when none)
-- Returns {state, version, retry_at, granted (1/0), failures in window, trial successes, round, transition name or '',
--          epoch, now}
-- The Java side of these positions is dev.cairn.breaker.internal.BreakerArgs (ARGV) and BreakerReply (the reply):
-- change them together.
local key, failures_key = KEYS[1], KEYS[2]
local op = ARGV[1]
local threshold, window, recovery, max_calls = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local channel, name, permit_round, failure_id = ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local known_epoch, known_version = tonumber(ARGV[10]) or 0, tonumber(ARGV[11]) or -1

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function field(f, default)
  local v = redis.call('HGET', key, f)
  if v then return tonumber(v) end
  return default
end

local function int(n)
  return string.format('%d', n)
end

local state = redis.call('HGET', key, 'state') or 'CLOSED'
local epoch = field('epoch', 0)
local transition = ''

local function retry_at()
  if state == 'OPEN' then return field('opened_at', now) + recovery end
  if state == 'HALF_OPEN' then return field('since', now) + recovery end
  return 0
end

local function publish()
  redis.call('PUBLISH', channel, name .. '|' .. state .. '|' .. int(field('version', 0)) .. '|' .. int(retry_at())
    .. '|' .. int(epoch) .. '|' .. int(now))
end

-- The state's identity. Versions count from 0 again when Redis loses the hash (a restart without
-- persistence, a failover that drops recent writes, FLUSHDB, eviction); a worker that knew a later
-- version would take every new state for an old one. So a hash that is missing, or older than what
-- the caller has already seen from Redis, gets a new epoch, later than any the caller knows: workers
-- compare epochs before versions.
if epoch == 0 or known_epoch > epoch or (known_epoch == epoch and known_version > field('version', 0)) then
  epoch = math.max(now, known_epoch + 1, epoch + 1)
  -- why: a round number from before the loss must never match a round after it
  redis.call('HSET', key, 'epoch', int(epoch), 'round', int(epoch), 'issued', 0, 'successes', 0)
  publish() -- why: workers still following the lost state learn the new one now, not at their next refresh
end

local function go(to, name_of_transition)
  redis.call('HSET', key, 'state', to, 'since', now, 'issued', 0, 'successes', 0)
  if to == 'OPEN' then redis.call('HSET', key, 'opened_at', now) end
  if to == 'CLOSED' then redis.call('DEL', failures_key) end
  if to == 'HALF_OPEN' then redis.call('HINCRBY', key, 'round', 1) end
  redis.call('HINCRBY', key, 'version', 1)
  state = to
  transition = name_of_transition
  publish()
end

local function this_round()
  return permit_round ~= '' and permit_round == int(field('round', 0))
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
  if state == 'HALF_OPEN' and this_round() then
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
  elseif state == 'HALF_OPEN' and this_round() then
    go('OPEN', 'RETRIP')
  end
elseif op == 'release' then
  -- a trial call that was never made, or ended without saying anything about the provider: its place
  -- in the round goes back, so the round can still finish without waiting for its timeout
  if state == 'HALF_OPEN' and this_round() and field('issued', 0) > 0 then
    redis.call('HINCRBY', key, 'issued', -1)
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
return {state, field('version', 0), retry_at(), granted, failures, field('successes', 0), field('round', 0), transition,
  epoch, now}
