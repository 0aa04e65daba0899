-- POST /api/courses/{slug}/runs/{run}/enrollment and DELETE on the same path, in turn for each learner:
-- enrol in the instructor-paced run, withdraw, enrol again (progress kept)... every request writes.
-- A learner moves on when its answer arrives: wrk calls request() once on the first thread before the run
-- to see whether the script pipelines, and a request that is never sent must not turn an enrolment into a
-- withdrawal (that was the "one error in 19,000" of earlier runs: a DELETE answered 404, not enrolled).
-- The warm-up (BENCH_PHASE=warmup) and the measured run drive different learners (odd and even numbers):
-- the warm-up leaves its learners enrolled or not, and one request may still be in flight when it stops.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local path = "/api/courses/" .. (os.getenv("BENCH_COURSE") or "understanding-ai") .. "/runs/" .. (os.getenv("BENCH_RUN") or "2027-winter") .. "/enrollment"
local learners, i = nil, 1

function init()
  local parity = os.getenv("BENCH_PHASE") == "warmup" and 1 or 0
  learners = {}
  for _, learner in ipairs(common.learners(id)) do
    if learner.n % 2 == parity then
      learner.enrolled = false
      learners[#learners + 1] = learner
    end
  end
  if #learners == 0 then learners = common.learners(id) end
end

function request()
  local learner = learners[i]
  return wrk.format(learner.enrolled and "DELETE" or "POST", path, { ["Authorization"] = "Bearer " .. learner.token })
end

function response(status)
  local learner = learners[i]
  if status < 300 then learner.enrolled = not learner.enrolled end
  i = i % #learners + 1
end
