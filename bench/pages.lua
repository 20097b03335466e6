-- wrk script for bench/loadtest.sh: every connection walks the mixed page list
-- (one path a line in $WRK_PATHS) as the logged-in analyst whose session is
-- $WRK_SESSION, and anything but a 200 counts as an error.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end
wrk.headers["Cookie"] = "sessionid=" .. os.getenv("WRK_SESSION")

local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  n = 0
  bad = 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[((n + offset) % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("bad")
  end
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.1f, "requests_per_s": %.1f, "p50_ms": %.1f, '
      .. '"p90_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "non_200": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, not_ok, socket_errors))
end
