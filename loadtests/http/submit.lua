-- wrk: POST one score for a random existing player (ids 0..MEMBERS-1, 12-digit zero-padded, as redis-benchmark's __rand_int__).
local members = tonumber(os.getenv("LB_MEMBERS") or "1000000")
local board = os.getenv("LB_BOARD") or "bench"
local key = os.getenv("LB_KEY") or ""
wrk.method = "POST"
wrk.path = "/api/v1/boards/" .. board .. "/scores"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
math.randomseed(42)

request = function()
  local body = string.format('{"playerId":"%012d","score":%d}', math.random(0, members - 1), math.random(0, 999999999))
  return wrk.format(nil, nil, nil, body)
end
