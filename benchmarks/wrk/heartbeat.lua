-- POST /api/me/courses/{slug}/lessons/{key}/heartbeats: each learner plays one video; every heartbeat has
-- the learner's next sequence number and the next 10 s of the video (back to the start near its end).
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local course = os.getenv("BENCH_COURSE") or "understanding-ai"
local videos = {
  "origins-thinking-machines", "origins-symbols-and-winters", "origins-learning-machines",
  "regulation-eu-ai-act", "regulation-gdpr", "regulation-global-governance",
  "industry-generative-ai", "industry-measuring-performance", "industry-ai-in-industry",
  "society-fairness-and-privacy", "society-future-of-work", "society-climate-and-energy",
}
local learners, i = nil, 0
-- Sequence numbers grow across runs: a learner's player numbers its heartbeats from a time-based start.
local base = (os.time() % 1000000) * 1000

function init()
  learners = common.learners(id)
  for _, learner in ipairs(learners) do
    learner.sequence = base
    learner.position = (learner.n * 10) % 200
    learner.path = "/api/me/courses/" .. course .. "/lessons/" .. videos[(learner.n % #videos) + 1] .. "/heartbeats"
  end
end

function request()
  i = i % #learners + 1
  local learner = learners[i]
  learner.sequence = learner.sequence + 1
  learner.position = (learner.position + 10) % 220
  local body = string.format('{"sequence":%d,"playbackRate":1,"segments":[{"start":%d,"end":%d}]}',
    learner.sequence, learner.position, learner.position + 10)
  return wrk.format("POST", learner.path, { ["Authorization"] = "Bearer " .. learner.token, ["Content-Type"] = "application/json" }, body)
end
