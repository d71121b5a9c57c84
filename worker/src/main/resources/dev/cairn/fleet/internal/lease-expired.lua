-- Lists leases whose expiry has passed on Redis' clock, oldest first.
-- KEYS[1] leases, KEYS[2] info; ARGV[1] the most to return
-- Returns {now, id1, expiry1, info1, id2, expiry2, info2, ...} (info is false when missing).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local reply = {now}
for i = 1, #expired, 2 do
  reply[#reply + 1] = expired[i]
  reply[#reply + 1] = expired[i + 1]
  reply[#reply + 1] = redis.call('HGET', KEYS[2], expired[i])
end
return reply
