-- A quiz attempt, request by request: POST .../quizzes/{key}/attempts (start), PUT /api/me/attempts/{id}/answers
-- (every question the attempt asks answered), POST /api/me/attempts/{id}/submit; then the connection's next learner and quiz.
-- The learners are the seeded ones with 20 extra attempts on every quiz (profiles 3-5).
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local course = os.getenv("BENCH_COURSE") or "understanding-ai"
-- Each attempt draws its questions from the pool: the answers are those of the questions it asks.
local pools = dofile(os.getenv("BENCH_DIR") .. "/wrk/answers.lua")
local quizzes = { { key = "origins-quiz" }, { key = "regulation-quiz" }, { key = "industry-quiz" }, { key = "society-quiz" } }
local learners, i, q = nil, 1, 1
local step, attempt, answers = "start", nil, nil

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
    return wrk.format("PUT", "/api/me/attempts/" .. attempt .. "/answers", headers(true), answers)
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
    local pool, parts = pools[quizzes[q].key], {}
    for key in body:gmatch('"key":"(q%d+)"') do
      parts[#parts + 1] = '"' .. key .. '":' .. pool[key]
    end
    answers = '{"answers":{' .. table.concat(parts, ",") .. '}}'
    step = attempt and "answers" or "start"
  elseif step == "answers" then
    step = "submit"
  else
    next_attempt()
  end
end
