-- ScriptGroupCommitTest: counts its calls per key and answers its second argument,
-- or refuses with an error reply that names it when the first argument is 'refuse'.
-- KEYS[1] a counter  ARGV[1] 'ok' or 'refuse'  ARGV[2] what to answer
if ARGV[1] == 'refuse' then
  return redis.error_reply('REFUSED ' .. ARGV[2])
end
redis.call('INCR', KEYS[1])
return ARGV[2]
