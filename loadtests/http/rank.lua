-- wrk: GET the rank of a random existing player (ids 0..MEMBERS-1, 12-digit zero-padded, as redis-benchmark's __rand_int__).
local members = tonumber(os.getenv("LB_MEMBERS") or "1000000")
local board = os.getenv("LB_BOARD") or "bench"
local key = os.getenv("LB_KEY") or ""
wrk.headers["Authorization"] = "Bearer " .. key
math.randomseed(7)

request = function()
  return wrk.format("GET", string.format("/api/v1/boards/%s/players/%012d", board, math.random(0, members - 1)))
end
