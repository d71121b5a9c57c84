-- Removes entries by id. ARGV: ids. Returns how many were queued.
local removed = 0
for _, id in ipairs(ARGV) do
  removed = removed + remove_entry(id)
end
return removed
