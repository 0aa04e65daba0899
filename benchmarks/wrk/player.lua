-- GET /learn/{slug}/items/{key}: the web app's player page of a video lesson of the open first week, for a
-- learner signed in with the application cookie (BENCH_TOKENS lines are "<learner> <cookie>"): the whole
-- server-rendered page (outline, notes, video, captions, transcript), each connection its learners in turn.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local learners, i = nil, 0
local path = "/learn/" .. (os.getenv("BENCH_COURSE") or "understanding-ai") .. "/items/" .. (os.getenv("BENCH_ITEM") or "origins-symbols-and-winters")

function init()
  learners = common.learners(id)
end

function request()
  i = i % #learners + 1
  return wrk.format("GET", path, { ["Cookie"] = learners[i].token, ["Accept-Language"] = "en" })
end
