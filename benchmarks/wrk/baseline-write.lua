-- POST /baseline/enrollments/{id}: one primary-key UPDATE committed through raw Npgsql (benchmarks/Baseline).
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local ids, i

function init()
  ids = common.lines(os.getenv("BENCH_IDS"))
  i = (id * 7919) % #ids
end

function request()
  i = i % #ids + 1
  return wrk.format("POST", "/baseline/enrollments/" .. ids[i])
end
