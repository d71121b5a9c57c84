-- Does nothing: the health probe runs it to learn whether Redis runs Cairn's scripts at all (an ACL user
-- without EVALSHA, a server stuck in another script), which a PING cannot tell.
-- KEYS[1] a key of Cairn's prefix, so a Redis Cluster can route the call; it is not read
return 1
