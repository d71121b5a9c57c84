-- Lists every lease, live or expired, soonest expiry first, for operators (GET /api/workers).
-- KEYS[1] leases, KEYS[2] info; ARGV[1] the most to return
-- Returns {now, id1, expiry1, info1, ...} (info is false when missing).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local all = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local reply = {now}
for i = 1, #all, 2 do
  reply[#reply + 1] = all[i]
  reply[#reply + 1] = all[i + 1]
  reply[#reply + 1] = redis.call('HGET', KEYS[2], all[i])
end
return reply
