-- wrk script: GET <prefix><random line of the paths file>, or <prefix> alone when no file.
-- Usage: wrk ... -s bench/verify.lua http://127.0.0.1:PORT -- /api/v1/verify/ numbers.txt
-- At the end prints one line "BENCH_JSON {...}" with exact figures (latency in microseconds).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1] or "/"
  paths = {}
  if args[2] then
    for line in io.lines(args[2]) do
      if #line > 0 then paths[#paths + 1] = prefix .. line end
    end
  end
  if #paths == 0 then paths[1] = prefix end
  math.randomseed(os.time() * 97 + (thread_id or 0))
  count = #paths
end

function request()
  return wrk.format("GET", paths[math.random(count)])
end

function done(summary, latency, requests)
  local s = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, s.connect, s.read, s.write, s.status, s.timeout))
end
