-- Shared by the wrk scripts: one wrk thread per connection (run.sh passes -t = -c), so a thread's Lua
-- state is one connection's, and each connection drives its own learners, in order.
local common = {}

-- Lines of a file (tokens: "<learner> <token>"; codes and ids: one per line).
function common.lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

-- This connection's share of the learners in BENCH_TOKENS: every connections-th one from its number on.
function common.learners(id)
  local all = common.lines(os.getenv("BENCH_TOKENS"))
  local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "64")
  local mine = {}
  for i = id + 1, #all, connections do
    local n, token = all[i]:match("^(%d+) (%S+)$")
    mine[#mine + 1] = { n = tonumber(n), token = token }
  end
  if #mine == 0 then
    local n, token = all[(id % #all) + 1]:match("^(%d+) (%S+)$")
    mine[1] = { n = tonumber(n), token = token }
  end
  return mine
end

-- setup() runs in the main state once per thread: number the threads.
local threads = 0
function common.setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

-- done() prints one tab-separated line for run.sh: requests, seconds, req/s, p50 ms, p99 ms, errors
-- (HTTP status >= 400 and socket errors), status errors.
function common.done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%d\t%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, e.status))
end

return common
