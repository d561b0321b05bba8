-- wrk: GET the rank of a random existing player (ids 0..MEMBERS-1, 12-digit zero-padded, as redis-benchmark's
-- __rand_int__). Requests are formatted once up front so the client spends its time sending, not formatting.
local members = tonumber(os.getenv("LB_MEMBERS") or "1000000")
local board = os.getenv("LB_BOARD") or "bench"
local key = os.getenv("LB_KEY") or ""
local prepared = 50000
local requests = {}
local next_request = 0

init = function()
  math.randomseed(7)
  local headers = { ["Authorization"] = "Bearer " .. key }
  for i = 1, prepared do
    requests[i] = wrk.format("GET", string.format("/api/v1/boards/%s/players/%012d", board, math.random(0, members - 1)), headers)
  end
end

request = function()
  next_request = next_request % prepared + 1
  return requests[next_request]
end
