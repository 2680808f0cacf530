local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do redis.call('UNLINK', KEYS[i]) end
return 1
