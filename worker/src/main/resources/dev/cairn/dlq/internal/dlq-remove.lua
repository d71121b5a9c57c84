-- Removes one entry. ARGV[1]: the failure time (ms) it must still have, or '' for any; ARGV[2]: the job id.
-- Returns 1 when it was removed.
local id = ARGV[2]
if ARGV[1] ~= '' then
  local at = redis.call('ZSCORE', KEYS[3], id)
  if not at or tonumber(at) ~= tonumber(ARGV[1]) then return 0 end
end
return remove_entry(id)
