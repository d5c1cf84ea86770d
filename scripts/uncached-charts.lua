-- wrk script: a new chart size per request, so that every request misses the rendered-chart cache
-- (scripts/load.sh and benchmarks/compare-in-host.sh load the chart route with it).
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/chart?width=" .. (320 + counter % 1700))
end
