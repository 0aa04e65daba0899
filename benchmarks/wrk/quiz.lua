-- A quiz attempt, request by request: POST .../quizzes/{key}/attempts (start), PUT /api/me/attempts/{id}/answers
-- (every question answered), POST /api/me/attempts/{id}/submit; then the connection's next learner and quiz.
-- The learners are the seeded ones with 20 extra attempts on every quiz (profiles 3-5).
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local course = os.getenv("BENCH_COURSE") or "understanding-ai"
local quizzes = {
  { key = "origins-quiz", answers = '{"answers":{"q1":{"options":["a"]},"q2":{"options":["a","b"]},"q3":{"boolean":false},"q4":{"number":1956},"q5":{"options":["a"]},"q6":{"options":["b"]},"q7":{"text":"imitation game"},"q8":{"options":["a","b","c"]},"q9":{"boolean":false}}}' },
  { key = "regulation-quiz", answers = '{"answers":{"q1":{"options":["b"]},"q2":{"options":["a","b","d"]},"q3":{"boolean":true},"q4":{"number":7},"q5":{"options":["b"]},"q6":{"text":"AI Office"},"q7":{"options":["a"]},"q8":{"options":["a","b","d"]},"q9":{"boolean":true}}}' },
  { key = "industry-quiz", answers = '{"answers":{"q1":{"options":["b"]},"q2":{"number":67},"q3":{"boolean":false},"q4":{"options":["a","b","c"]},"q5":{"options":["a"]},"q6":{"text":"drift"},"q7":{"options":["a","b"]},"q8":{"boolean":true},"q9":{"options":["c"]}}}' },
  { key = "society-quiz", answers = '{"answers":{"q1":{"options":["a"]},"q2":{"options":["a","b","c"]},"q3":{"boolean":false},"q4":{"options":["a"]},"q5":{"boolean":false},"q6":{"text":"federated learning"},"q7":{"number":22},"q8":{"options":["a"]},"q9":{"options":["a","b"]}}}' },
}
local learners, i, q = nil, 1, 1
local step, attempt = "start", nil

function init()
  learners = common.learners(id)
  q = (id % #quizzes) + 1
end

local function headers(json)
  local h = { ["Authorization"] = "Bearer " .. learners[i].token }
  if json then h["Content-Type"] = "application/json" end
  return h
end

function request()
  if step == "answers" then
    return wrk.format("PUT", "/api/me/attempts/" .. attempt .. "/answers", headers(true), quizzes[q].answers)
  elseif step == "submit" then
    return wrk.format("POST", "/api/me/attempts/" .. attempt .. "/submit", headers(false))
  end
  return wrk.format("POST", "/api/me/courses/" .. course .. "/quizzes/" .. quizzes[q].key .. "/attempts", headers(false))
end

local function next_attempt()
  step, attempt = "start", nil
  i = i % #learners + 1
  if i == 1 then q = q % #quizzes + 1 end
end

function response(status, _, body)
  if status >= 300 then
    next_attempt()
  elseif step == "start" then
    attempt = body:match('"id":"([0-9a-f%-]+)"')
    step = attempt and "answers" or "start"
  elseif step == "answers" then
    step = "submit"
  else
    next_attempt()
  end
end
