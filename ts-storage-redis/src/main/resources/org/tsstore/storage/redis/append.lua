if (redis.call('GET', KEYS[1]) or '') ~= ARGV[2] then return 0 end
local first = 2
if ARGV[3] ~= '' then
  first = 3
  local length = redis.call('STRLEN', KEYS[2])
  if length ~= tonumber(ARGV[4]) then
    return redis.error_reply('TSSTORE chunk ' .. KEYS[2] .. ' has ' .. length .. ' bytes, expected ' .. ARGV[4])
  end
end
for i = first, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    return redis.error_reply('TSSTORE chunk ' .. KEYS[i] .. ' is missing at commit')
  end
end
if ARGV[3] ~= '' then redis.call('APPEND', KEYS[2], ARGV[3]) end
for i = first, #KEYS do redis.call('PERSIST', KEYS[i]) end
redis.call('SET', KEYS[1], ARGV[1])
return 1
