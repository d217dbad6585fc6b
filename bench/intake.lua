-- POST /api/v1/reports for bench/IntakeThroughput.java: one anonymous report of about 1.7 KB per request, each
-- with its own number; at the end one line "accepted REQUESTS MICROSECONDS REFUSED" (refused: any answer but 2xx).
local pad = string.rep(" It went on for a while, in front of others, and it was not the first time.", 20)
local counter = 0

request = function()
  counter = counter + 1
  local body = '{"category":"harassment","anonymous":true,"description":"benchmark report ' .. counter
      .. ': a few sentences about what happened, where and when, as a reporter would write them.' .. pad .. '"}'
  return wrk.format("POST", "/api/v1/reports", {["Content-Type"] = "application/json"}, body)
end

done = function(summary, latency, requests)
  local refused = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("accepted %d %d %d\n", summary.requests, summary.duration, refused))
end
