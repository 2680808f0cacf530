local n = tonumber(ARGV[2])
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[3] then return 0 end
for i = 2, n + 1 do redis.call('SET', KEYS[i], ARGV[i + 2]) end
redis.call('SET', KEYS[1], ARGV[1])
for i = n + 2, #KEYS do redis.call('UNLINK', KEYS[i]) end
return 1
