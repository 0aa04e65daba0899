-- POST /api/courses/{slug}/runs/{run}/enrollment and DELETE on the same path, in turn for each learner:
-- enrol in the instructor-paced run, withdraw, enrol again (progress kept)... every request writes.
-- A learner moves on when its answer arrives: wrk calls request() once on the first thread before the run
-- to see whether the script pipelines, and a request that is never sent must not turn an enrolment into a
-- withdrawal (that was the "one error in 19,000" of earlier runs: a DELETE answered 404, not enrolled).
-- Only learners who can withdraw are driven: profile 9 (learner n mod 10, see run.sh) has completed the
-- course, and a completed enrolment is final, so its DELETE is refused with 409 every time round.
-- The warm-up (BENCH_PHASE=warmup) and the measured run drive different learners of each connection (the
-- odd and the even places of its share): the warm-up leaves its learners enrolled or not, and one request
-- may still be in flight when it stops. Split by learner number instead, a connection whose share held
-- no even number fell back to its odd learners, a completed one among them (22 errors with 100,000 learners).
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local path = "/api/courses/" .. (os.getenv("BENCH_COURSE") or "understanding-ai") .. "/runs/" .. (os.getenv("BENCH_RUN") or "2027-winter") .. "/enrollment"
local learners, i = nil, 1

function init()
  local drivable = {}
  for _, learner in ipairs(common.learners(id)) do
    if learner.n % 10 ~= 9 then
      learner.enrolled = false
      drivable[#drivable + 1] = learner
    end
  end
  learners = {}
  for k = os.getenv("BENCH_PHASE") == "warmup" and 1 or 2, #drivable, 2 do
    learners[#learners + 1] = drivable[k]
  end
  if #learners == 0 then learners = #drivable > 0 and drivable or common.learners(id) end
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
