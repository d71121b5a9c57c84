-- Shared by every DLQ script (prepended at load time).
-- KEYS[1] entries (hash id -> json), KEYS[2] index (hash id -> type \n signature),
-- KEYS[3] by-time (zset id -> last failure ms), KEYS[4] types (zset type -> count),
-- KEYS[5] signatures (zset signature -> count)
local function decrement(key, member)
  local left = tonumber(redis.call('ZINCRBY', key, -1, member))
  if left <= 0 then redis.call('ZREM', key, member) end
end

-- Removes one entry and its counts; returns 1 when it was queued.
local function remove_entry(id)
  local meta = redis.call('HGET', KEYS[2], id)
  if not meta then
    redis.call('ZREM', KEYS[3], id)
    return redis.call('HDEL', KEYS[1], id)
  end
  local nl = string.find(meta, '\n', 1, true)
  decrement(KEYS[4], string.sub(meta, 1, nl - 1))
  decrement(KEYS[5], string.sub(meta, nl + 1))
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  return 1
end
