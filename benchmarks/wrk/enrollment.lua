-- POST /api/courses/{slug}/runs/{run}/enrollment and DELETE on the same path, in turn for each learner:
-- enrol in the instructor-paced run, withdraw, enrol again (progress kept)... every request writes.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local path = "/api/courses/" .. (os.getenv("BENCH_COURSE") or "understanding-ai") .. "/runs/" .. (os.getenv("BENCH_RUN") or "2027-winter") .. "/enrollment"
local learners, i = nil, 0

function init()
  learners = common.learners(id)
  for _, learner in ipairs(learners) do learner.enrolled = false end
end

function request()
  i = i % #learners + 1
  local learner = learners[i]
  local method = learner.enrolled and "DELETE" or "POST"
  learner.enrolled = not learner.enrolled
  return wrk.format(method, path, { ["Authorization"] = "Bearer " .. learner.token })
end
