-- wrk script: a new chart size per request, so that every request misses the rendered-chart cache
-- (scripts/load.sh, benchmarks/compare-in-host.sh and benchmarks/flood.sh load the chart route with it); at the end,
-- the answers by status, 503s with and without Retry-After apart.
counter = 0
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) s200 = 0; s304 = 0; s429 = 0; s503 = 0; s503bare = 0; other = 0 end
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/chart?width=" .. (320 + counter % 1700))
end
response = function(status, headers, body)
  if status == 200 then s200 = s200 + 1
  elseif status == 304 then s304 = s304 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 and headers["Retry-After"] then s503 = s503 + 1
  elseif status == 503 then s503bare = s503bare + 1
  else other = other + 1 end
end
done = function(summary, latency, requests)
  local t = {s200 = 0, s304 = 0, s429 = 0, s503 = 0, s503bare = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("answers %d: 200 %d, 304 %d, 429 %d, 503 with Retry-After %d, 503 without %d, other %d; p50 %.0f ms, p99 %.0f ms\n",
    summary.requests, t.s200, t.s304, t.s429, t.s503, t.s503bare, t.other, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
