-- GET /api/certificates/{code}: the public verification JSON, codes of seeded certificates.
local common = dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
setup, done = common.setup, common.done
local codes, i

function init()
  codes = common.lines(os.getenv("BENCH_CODES"))
  i = (id * 7919) % #codes
end

function request()
  i = i % #codes + 1
  return wrk.format("GET", "/api/certificates/" .. codes[i])
end
