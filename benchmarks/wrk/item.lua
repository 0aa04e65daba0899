-- GET /api/me/courses/{slug}/items/{key}: a video lesson of the open first week as its learner sees it (notes
-- rendered, sources signed, captions, resume point, player rules), each connection its learners in turn.
-- BENCH_ITEM names the item: by default the week's second lesson, which is not a public preview.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local learners, i = nil, 0
local path = "/api/me/courses/" .. (os.getenv("BENCH_COURSE") or "understanding-ai") .. "/items/" .. (os.getenv("BENCH_ITEM") or "origins-symbols-and-winters")

function init()
  learners = common.learners(id)
end

function request()
  i = i % #learners + 1
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. learners[i].token, ["Accept-Language"] = "en" })
end
