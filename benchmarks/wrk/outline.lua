-- GET /api/me/courses/{slug}: the outline with my state per module and item, each connection its learners in turn.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local learners, i = nil, 0
local path = "/api/me/courses/" .. (os.getenv("BENCH_COURSE") or "understanding-ai")

function init()
  learners = common.learners(id)
end

function request()
  i = i % #learners + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. learners[i].token })
end
