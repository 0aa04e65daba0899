#!/usr/bin/env bash
# Benchmarks the hot paths against the physical limit of "one request, one query" on this machine.
#
#   benchmarks/run.sh                      # 1,000 learners, then the 3,000-learner quiz start
#   BENCH_LARGE=1 benchmarks/run.sh        # the same with 100,000 learners too, side by side
#
# Starts a throwaway PostgreSQL cluster, the API and the baseline host (Release) on loopback for each data
# set, seeds learners through the real schema, signs learners in, drives each scenario with wrk (with two
# data sets, each scenario on both in turn, so that the two are measured minutes apart at most), prints the table
# and writes it to docs/benchmarks.md (between the results markers) and benchmarks/results/. Needs the
# .NET SDK, PostgreSQL's server binaries, curl and wrk (apt-get install wrk). Everything it starts is
# stopped on exit; nothing outside a temporary directory, bin/obj and those two outputs is touched.
set -euo pipefail

# The whole script is one block, read before it runs: editing the file during a run changes nothing.
{
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/benchmarks
LEARNERS=${BENCH_LEARNERS:-1000}
LARGE_LEARNERS=${BENCH_LARGE_LEARNERS:-100000}
LARGE=${BENCH_LARGE:-0}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-15}
QUIZ_WARMUP=${BENCH_QUIZ_WARMUP:-60}     # the quiz's warm-up: its path reaches its final tier later (ADR 45)
STORM=${BENCH_STORM:-3000}            # learners of the synchronised quiz start, with the first data set only
STORM_WARMUP=${BENCH_STORM_WARMUP:-600} # other learners who start the quiz first, in three rounds, not measured
TOKENS=${BENCH_TOKENS:-448}
PLAYER_LEARNERS=${BENCH_PLAYER_LEARNERS:-192} # the player's learners (signed in with the cookie)
QUIZ_LEARNERS=${BENCH_QUIZ_LEARNERS:-300} # the quiz's learners: 300 have attempts enough for its warm-up and run
SYNC_COMMIT=${BENCH_SYNCHRONOUS_COMMIT:-off}
# The first data set's ports; the second set's are the next PostgreSQL port and these plus 10.
FIRST_PG_PORT=${BENCH_PG_PORT:-55433}
FIRST_API_PORT=${BENCH_API_PORT:-5180}
FIRST_BASE_PORT=${BENCH_BASELINE_PORT:-5181}
COURSE=understanding-ai
PASSWORD=${MOOC_BENCH_PASSWORD:-bench-learner-passphrase}
export MOOC_BENCH_PASSWORD=$PASSWORD

for tool in dotnet curl wrk; do
  command -v "$tool" >/dev/null || { echo "benchmarks/run.sh needs $tool (wrk: apt-get install -y wrk)" >&2; exit 2; }
done
PG_BIN=${BENCH_PG_BIN:-$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")")}
[ -x "$PG_BIN/pg_ctl" ] || { echo "PostgreSQL server binaries not found; set BENCH_PG_BIN" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mooc-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
CLUSTERS=()

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}

stop_hosts() {
  for pid in "$@"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "$@"; do
    wait "$pid" 2>/dev/null || true
  done
}

cleanup() {
  stop_hosts "${PIDS[@]}"
  for cluster in "${CLUSTERS[@]}"; do stop_cluster "$cluster"; done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n== %s\n' "$*" >&2; }

seconds_since() { echo $(( $(date +%s) - $1 )); }

say "Publishing (Release, ReadyToRun)"
started=$(date +%s)
# Both hosts as the Dockerfile deploys the API: published, precompiled for this machine (ADR 39).
publish() { dotnet publish "$1" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -v q -nologo -o "$2" >/dev/null; }
publish "$ROOT/src/HiParis.Mooc.Api" "$WORK/api"
publish "$BENCH/Baseline" "$WORK/baseline"
dotnet build -c Release -v q -nologo "$BENCH/QuizStorm" >/dev/null
API_DLL=$WORK/api/HiParis.Mooc.Api.dll
BASE_DLL=$WORK/baseline/Baseline.dll
STORM_DLL=$BENCH/QuizStorm/bin/Release/net10.0/QuizStorm.dll
BUILD_SECONDS=$(seconds_since "$started")

# Each data set (named by its number of learners) has its own cluster, API, baseline host and directory
# (SET). use_set points the helpers below at one of them: $1 learners, $2 its place (0 or 1).
declare -A SET_PLACE=() SET_CLUSTER=() SET_API=() SET_BASE=()
use_set() {
  LEARNERS_NOW=$1
  [ -n "${SET_PLACE[$1]:-}" ] || SET_PLACE[$1]=$2
  local place=${SET_PLACE[$1]}
  PG_PORT=$((FIRST_PG_PORT + place)); API_PORT=$((FIRST_API_PORT + 10 * place)); BASE_PORT=$((FIRST_BASE_PORT + 10 * place))
  SET=$WORK/set-$1
  mkdir -p "$SET"
  CLUSTER=${SET_CLUSTER[$1]:-}
  CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=mooc;Username=postgres"
  # The API as it runs in production, with the rate limits raised: they are policy, not speed.
  API_ENV=(
    ConnectionStrings__Mooc="$CONNECTION" ASPNETCORE_ENVIRONMENT=Production
    Mooc__DataDirectory="$SET/data" Mooc__PublicBaseUrl="http://127.0.0.1:$API_PORT"
    Database__MigrateOnStartup=false Courses__ImportOnStartup=false
    RateLimits__AccountPerMinute=1000000 RateLimits__PerAccountPerMinute=1000000 RateLimits__HeartbeatsPerMinute=1000000 RateLimits__VerificationPerMinute=1000000
    Identity__AccessTokenMinutes=240 Logging__LogLevel__Default=Warning
  )
  export API_PORT
}
psql_mooc() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mooc -v ON_ERROR_STOP=1 -Atq "$@"; }
api_env() { env "${API_ENV[@]}" "$@"; }

wait_for() {
  local url=$1 pid=$2
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "a host stopped while starting; see $WORK/*.log" >&2; return 1; }
    sleep 0.5
  done
  echo "$url did not answer" >&2
  return 1
}

start_cluster() {
  local home=$WORK/pg-$1
  mkdir -p "$home"
  [ "$(id -u)" = 0 ] && chown postgres "$home"
  CLUSTER=$home/data
  SET_CLUSTER[$1]=$CLUSTER
  CLUSTERS+=("$CLUSTER")
  as_postgres "$PG_BIN/initdb" -D "$CLUSTER" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A small server shared with the API and wrk; synchronous_commit off by default (BENCH_SYNCHRONOUS_COMMIT=on to change).
  as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER" -l "$home/postgres.log" -w -o \
    "-p $PG_PORT -k $home -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=$SYNC_COMMIT" start >/dev/null
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atqc "CREATE DATABASE mooc" >/dev/null
}

login() {
  local token
  token=$(curl -fs -X POST "http://127.0.0.1:$API_PORT/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"learner$1@bench.hiparis.local\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
  if [ -n "$token" ]; then printf '%s %s\n' "$1" "$token"; fi
}
export -f login

# The same sign-in with the application cookie the web app uses: "<learner> <name=value;…>".
login_cookie() {
  local cookie
  cookie=$(curl -fs -o /dev/null -D - -X POST "http://127.0.0.1:$API_PORT/api/auth/login?useCookies=true" -H 'Content-Type: application/json' \
    -d "{\"email\":\"learner$1@bench.hiparis.local\",\"password\":\"$PASSWORD\"}" \
    | awk 'tolower($1) == "set-cookie:" { split($2, pair, ";"); printf "%s%s", sep, pair[1]; sep = ";" }')
  if [ -n "$cookie" ]; then printf '%s %s\n' "$1" "$cookie"; fi
}
export -f login_cookie
export PASSWORD

# Which learners each scenario drives, spread over the whole population: $1 learners, $2 wanted,
# $3 the profiles (learner mod 10) allowed.
pick_learners() {
  awk -v total="$1" -v want="$2" -v profiles="$3" 'BEGIN {
    split(profiles, p, ","); for (k in p) ok[p[k]] = 1
    for (n = 1; n <= total; n++) if (n % 10 in ok) pool[++size] = n
    if (want > size) want = size
    for (k = 0; k < want; k++) print pool[int(k * size / want) + 1]
  }'
}

proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# CPU time of the cluster's processes: the postmaster's own and its children's. A child that ended (an
# autovacuum worker, a backend) is counted in the postmaster's time of reaped children (fields 16 and 17):
# summing only the live ones would drop its time and could make a difference negative. A child that ends
# while the files are read would be missed or counted twice, so the reading is done again until the list of
# children is the same before and after it.
pg_ticks() {
  local postmaster before after total
  postmaster=$(head -n 1 "$CLUSTER/postmaster.pid")
  for _ in 1 2 3 4 5; do
    before=$(pgrep -P "$postmaster" | sort | tr '\n' ' ')
    # shellcheck disable=SC2046 # one path per child
    total=$(cd /proc && awk 'FNR == 1 { total += (FILENAME == "'"$postmaster"'/stat" ? $14 + $15 + $16 + $17 : $14 + $15) }
      END { printf "%d\n", total }' "$postmaster/stat" $(for pid in $before; do echo "$pid/stat"; done) 2>/dev/null)
    after=$(pgrep -P "$postmaster" | sort | tr '\n' ' ')
    [ "$before" = "$after" ] && break
  done
  echo "$total"
}

# CPU time of every process now, one "<pid> <ticks> <name>" a line (the name is in parentheses in
# /proc/<pid>/stat and may hold spaces; user and system time are the 12th and 13th fields after it).
cpu_snapshot() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk '{
    lp = index($0, "("); rp = 0
    for (k = length($0); k > lp; k--) if (substr($0, k, 1) == ")") { rp = k; break }
    split(substr($0, rp + 2), f, " ")
    printf "%s %d %s\n", $1, f[12] + f[13], substr($0, lp + 1, rp - lp - 1)
  }'
}

# What the processes outside the benchmark took between two snapshots ($1, $2), the hosts ($3: pids)
# and the cluster left out: "<ticks> <name of the largest>" (wrk starts and ends between the two).
other_ticks() {
  local postmaster ours
  postmaster=$(head -n 1 "$CLUSTER/postmaster.pid")
  ours="$3 $postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
  awk -v ours="$ours" '
    BEGIN { n = split(ours, p, " "); for (k = 1; k <= n; k++) skip[p[k]] = 1 }
    FNR == NR { before[$1] = $2; next }
    !($1 in skip) && $2 > before[$1] {
      delta = $2 - before[$1]; total += delta
      name = $3; for (k = 4; k <= NF; k++) name = name " " $k
      by[name] += delta
    }
    END {
      for (name in by) if (by[name] > most) { most = by[name]; top = name }
      gsub(/[ \t]/, "_", top)
      printf "%d %s\n", total, top == "" ? "-" : top
    }' "$1" "$2"
}

# A warm-up run of $1 seconds, then the measured one: its RESULT line plus the CPU time per request of the host
# ($5, its pid), of PostgreSQL and of wrk itself, in microseconds; then the share of the machine that
# other processes took meanwhile (a quiet machine leaves it near 0 %), and the largest of them.
run_wrk() {
  local warmup=$1; shift
  local script=$1 port=$2 path=$3 pid=$4
  local command=(env BENCH_DIR="$BENCH" BENCH_CONNECTIONS="$CONNECTIONS" BENCH_COURSE=$COURSE "${@:5}"
    wrk -t "$CONNECTIONS" -c "$CONNECTIONS" --timeout 10s -s "$BENCH/wrk/$script.lua" "http://127.0.0.1:$port$path")
  env BENCH_PHASE=warmup "${command[@]}" -d "${warmup}s" >/dev/null
  local host0 pg0 host1 pg1 TIMEFORMAT='%U %S'
  cpu_snapshot > "$WORK/cpu0"
  host0=$(proc_ticks "$pid"); pg0=$(pg_ticks)
  { time "${command[@]}" -d "${DURATION}s" >"$WORK/wrk.out"; } 2>"$WORK/wrk.time"
  host1=$(proc_ticks "$pid"); pg1=$(pg_ticks)
  cpu_snapshot > "$WORK/cpu1"
  # The other data set's hosts and cluster, idle meanwhile, count as other processes.
  local other; other=$(other_ticks "$WORK/cpu0" "$WORK/cpu1" "${SET_API[$LEARNERS_NOW]} ${SET_BASE[$LEARNERS_NOW]}")
  awk -F'\t' -v host=$((host1 - host0)) -v pg=$((pg1 - pg0)) -v hz="$(getconf CLK_TCK)" -v wrk="$(tail -n 1 "$WORK/wrk.time")" \
    -v other="${other% *}" -v top="${other#* }" -v cores="$(nproc)" '
    $1 == "RESULT" && $2 > 0 {
      split(wrk, t, " ")
      printf "%s\t%.0f\t%.0f\t%.0f\t%.1f\t%s\n", $0, host * 1e6 / hz / $2, pg * 1e6 / hz / $2, (t[1] + t[2]) * 1e6 / $2,
        other * 100 / hz / (cores * $3), top
    }' "$WORK/wrk.out"
}

RESULTS=$WORK/results.tsv
: > "$RESULTS"
TIMINGS=$WORK/timings.txt
: > "$TIMINGS"

label_of() { printf "%'d" "$1" 2>/dev/null || echo "$1"; }

# A data set ready to measure: its cluster, schema, course and learners, its two hosts, its signed-in learners.
prepare_set() {
  local learners=$1 label; label=$(label_of "$learners")
  use_set "$learners" "$2"
  say "$label learners: PostgreSQL, schema, course, seed"
  start_cluster "$learners"
  api_env dotnet "$API_DLL" db migrate >"$SET/migrate.log" 2>&1
  # The scenarios measure what an attempt costs, not the policy: the benchmark's copy of the course lets a
  # learner's attempts follow each other (no delay_minutes); the seeded quiz learners have 20 extra attempts.
  rm -rf "$WORK/courses" && cp -r "$ROOT/courses" "$WORK/courses"
  sed -i -E 's/^(\s+)delay_minutes: .*/\1delay_minutes: 0/' "$WORK"/courses/*/*/*.yaml
  api_env dotnet "$API_DLL" courses import "$WORK/courses" >"$SET/import.log" 2>&1
  local seeded; seeded=$(date +%s)
  api_env dotnet "$API_DLL" dev seed --learners "$learners" >"$SET/seed.log"
  tail -n 1 "$SET/seed.log" >&2
  # The load and its vacuum leave dirty pages and WAL that a running service never has all at once.
  psql_mooc -c "CHECKPOINT"
  echo "$label learners: seeding $(seconds_since "$seeded") s" >> "$TIMINGS"

  say "$label learners: API and baseline host"
  env "${API_ENV[@]}" ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" dotnet "$API_DLL" >"$SET/api.log" 2>&1 &
  SET_API[$learners]=$!; PIDS+=("$!")
  env ConnectionStrings__Mooc="$CONNECTION" ASPNETCORE_URLS="http://127.0.0.1:$BASE_PORT" Logging__LogLevel__Default=Warning \
    dotnet "$BASE_DLL" >"$SET/baseline.log" 2>&1 &
  SET_BASE[$learners]=$!; PIDS+=("$!")
  wait_for "http://127.0.0.1:$API_PORT/health/ready" "${SET_API[$learners]}"
  local first_id; first_id=$(psql_mooc -c "SELECT id FROM users LIMIT 1")
  wait_for "http://127.0.0.1:$BASE_PORT/baseline/$first_id" "${SET_BASE[$learners]}"

  say "$label learners: signing in $TOKENS + $QUIZ_LEARNERS + $PLAYER_LEARNERS learners"
  local signin; signin=$(date +%s)
  pick_learners "$learners" "$TOKENS" "0,1,2,3,4,5,6,7,8,9" | xargs -P 4 -I{} bash -c 'login {}' > "$SET/tokens.txt"
  pick_learners "$learners" "$QUIZ_LEARNERS" "3,4,5" | xargs -P 4 -I{} bash -c 'login {}' > "$SET/quiz-tokens.txt"
  pick_learners "$learners" "$PLAYER_LEARNERS" "0,1,2,6,7,8,9" | xargs -P 4 -I{} bash -c 'login_cookie {}' > "$SET/cookies.txt"
  local player_status
  player_status=$(curl -s -o "$SET/player.html" -w '%{http_code}' -H "Cookie: $(head -n 1 "$SET/cookies.txt" | cut -d' ' -f2)" \
    "http://127.0.0.1:$API_PORT/learn/$COURSE/items/origins-symbols-and-winters")
  # Without rendered videos in the run's media root the page shows the lesson's transcript where the video goes.
  grep -q 'data-player' "$SET/player.html" || say "warning: the player page answered $player_status without the player"
  pick_learners "$learners" "$TOKENS" "0,1,2,6,7,8" | while read -r n; do grep "^$n " "$SET/tokens.txt" || true; done > "$SET/video-tokens.txt"
  psql_mooc -c "SELECT id FROM users WHERE normalized_email LIKE '%@BENCH.HIPARIS.LOCAL' ORDER BY random() LIMIT 10000" > "$SET/ids.txt"
  psql_mooc -c "SELECT code FROM certificates ORDER BY random() LIMIT 10000" > "$SET/codes.txt"
  psql_mooc -c "SELECT id FROM enrollments ORDER BY random() LIMIT 10000" > "$SET/enrollment-ids.txt"
  echo "$label learners: sign-in of $(wc -l < "$SET/tokens.txt") + $(wc -l < "$SET/quiz-tokens.txt") + $(wc -l < "$SET/cookies.txt") learners $(seconds_since "$signin") s" >> "$TIMINGS"
}

# One scenario on the data set use_set chose: its warm-up and measured run, one line in the results.
scenario() {
  local name=$1 api=${SET_API[$LEARNERS_NOW]} base=${SET_BASE[$LEARNERS_NOW]} run
  case $name in
    baseline) run=(baseline "$BASE_PORT" / "$base" BENCH_IDS="$SET/ids.txt") ;;
    write-baseline) run=(baseline-write "$BASE_PORT" / "$base" BENCH_IDS="$SET/enrollment-ids.txt") ;;
    verification) run=(verification "$API_PORT" / "$api" BENCH_CODES="$SET/codes.txt") ;;
    outline) run=(outline "$API_PORT" / "$api" BENCH_TOKENS="$SET/tokens.txt") ;;
    item) run=(item "$API_PORT" / "$api" BENCH_TOKENS="$SET/tokens.txt") ;;
    player) run=(player "$API_PORT" / "$api" BENCH_TOKENS="$SET/cookies.txt") ;;
    heartbeat) run=(heartbeat "$API_PORT" / "$api" BENCH_TOKENS="$SET/video-tokens.txt") ;;
    quiz) run=(quiz "$API_PORT" / "$api" BENCH_TOKENS="$SET/quiz-tokens.txt") ;;
    enrolment) run=(enrollment "$API_PORT" / "$api" BENCH_TOKENS="$SET/tokens.txt") ;;
  esac
  local warmup=$WARMUP
  if [ "$name" = quiz ]; then warmup=$QUIZ_WARMUP; fi
  say "$(label_of "$LEARNERS_NOW") learners: $name (${warmup}s warm-up, ${DURATION}s measured, $CONNECTIONS connections)"
  local line; line=$(run_wrk "$warmup" "${run[@]}")
  [ -n "$line" ] || line=$'RESULT\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t-'
  printf '%s\t%s\t%s\n' "$LEARNERS_NOW" "$name" "$line" | tee -a "$RESULTS" | cut -f2,6- >&2
}

# The size of the data set use_set chose, and its API's memory.
record_size() {
  local api=${SET_API[$LEARNERS_NOW]} rss hwm size
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$api/status")
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$api/status")
  size=$(psql_mooc -c "SELECT pg_size_pretty(pg_database_size('mooc'))")
  printf '%s\tsize\t%s\t%s\t%s\n' "$LEARNERS_NOW" "$size" "$rss" "$hwm" >> "$RESULTS"
}

stop_set() {
  stop_hosts "${SET_API[$1]}" "${SET_BASE[$1]}"
  stop_cluster "${SET_CLUSTER[$1]}"
}

total_started=$(date +%s)
SETS=("$LEARNERS")
[ "$LARGE" = 1 ] && SETS+=("$LARGE_LEARNERS")
place=0
for learners in "${SETS[@]}"; do
  prepare_set "$learners" "$place"
  place=$((place + 1))
done

# Each scenario on every data set in turn, the order reversed from one scenario to the next, so that what the
# machine does over the run (another tenant's load on the same host, a slower spell) weighs on both sets alike
# and the two figures of a scenario are measured within a minute of each other (ADR 44).
scenarios=$(date +%s)
k=0
for name in baseline write-baseline verification outline item player heartbeat quiz enrolment; do
  order=("${SETS[@]}")
  if [ $((k % 2)) = 1 ] && [ "${#SETS[@]}" = 2 ]; then order=("${SETS[1]}" "${SETS[0]}"); fi
  for learners in "${order[@]}"; do
    use_set "$learners"
    scenario "$name"
  done
  k=$((k + 1))
done
echo "scenarios, every data set: $(seconds_since "$scenarios") s" >> "$TIMINGS"
for learners in "${SETS[@]}"; do
  use_set "$learners"
  record_size
done

# The synchronised start, on the first data set alone: the second is stopped first.
[ "${#SETS[@]}" = 2 ] && stop_set "${SETS[1]}"
if [ "$STORM" -gt 0 ]; then
  use_set "$LEARNERS"
  say "$(label_of "$LEARNERS") learners: $STORM learners start a quiz at the same instant"
  storm_t=$(date +%s)
  api_env dotnet "$API_DLL" dev seed --learners $((LEARNERS + (STORM + STORM_WARMUP) * 10 / 9 + 10)) >"$SET/seed-storm.log" 2>/dev/null
  dotnet "$STORM_DLL" --url "http://127.0.0.1:$API_PORT" --first $((LEARNERS + 1)) --count "$STORM" --warm-up "$STORM_WARMUP" >"$SET/storm.log" || true
  grep -v '^QUIZSTORM ' "$SET/storm.log" >&2 || true
  line=$(sed -n 's/^QUIZSTORM //p' "$SET/storm.log")
  printf '%s\tstorm\t%s\n' "$LEARNERS" "$line" >> "$RESULTS"
  echo "$(label_of "$LEARNERS") learners: quiz start of $STORM (seed, sign-in, release) $(seconds_since "$storm_t") s" >> "$TIMINGS"
fi
stop_set "$LEARNERS"

# The report: machine, command, table, timings.
REPORT=$WORK/report.md
{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\`."
  echo
  echo "- Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
  echo "- Software: .NET $(dotnet --version), $("$PG_BIN/postgres" --version), $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1,2)"
  echo "- Command: \`BENCH_LARGE=$LARGE benchmarks/run.sh\` ($CONNECTIONS connections, one wrk thread each; ${WARMUP} s warm-up (the quiz ${QUIZ_WARMUP} s) then ${DURATION} s per scenario; wrk, PostgreSQL and the API share the machine; synchronous_commit=$SYNC_COMMIT$([ "$LARGE" = 1 ] && echo "; the two data sets measured in turn, scenario by scenario"))"
  echo
  echo "| learners | scenario | requests/s | p50 ms | p99 ms | errors | × read baseline | × write baseline | CPU µs per request: host / PostgreSQL / wrk | other processes: % of the machine (largest) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '
    $2 == "baseline" { base[$1] = $6 }
    $2 == "write-baseline" { write[$1] = $6 }
    $2 != "size" && $2 != "storm" { rows[++n] = $0 }
    END {
      for (k = 1; k <= n; k++) {
        split(rows[k], f, "\t")
        ratio = base[f[1]] > 0 ? sprintf("%.2f", f[6] / base[f[1]]) : "-"
        writes = f[2] == "write-baseline" || f[2] == "heartbeat" || f[2] == "quiz" || f[2] == "enrolment"
        wratio = writes && write[f[1]] > 0 ? sprintf("%.2f", f[6] / write[f[1]]) : ""
        printf "| %d | %s | %.0f | %.1f | %.1f | %d | %s | %s | %d / %d / %d | %.1f (%s) |\n", f[1], f[2], f[6], f[7], f[8], f[9], ratio, wratio, f[11], f[12], f[13], f[14], f[15]
      }
    }' <(sort -s -t "$(printf '\t')" -k1,1n "$RESULTS")
  if [ "$LARGE" = 1 ]; then
    echo
    echo "With $LARGE_LEARNERS learners against $LEARNERS (1.00 = the same; the target is p99 and 1/throughput within 1.3×):"
    echo
    echo "| scenario | requests/s | p99 ms | time per request × | p99 × |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' -v small="$LEARNERS" -v large="$LARGE_LEARNERS" '
      $2 != "size" && $2 != "storm" && $1 == small { order[++n] = $2; rps[$2] = $6; p99[$2] = $8 }
      $2 != "size" && $2 != "storm" && $1 == large { rpsl[$2] = $6; p99l[$2] = $8 }
      END {
        for (k = 1; k <= n; k++) {
          s = order[k]
          if (rpsl[s] > 0 && p99[s] > 0) printf "| %s | %.0f → %.0f | %.1f → %.1f | %.2f | %.2f |\n", s, rps[s], rpsl[s], p99[s], p99l[s], rps[s] / rpsl[s], p99l[s] / p99[s]
        }
      }' "$RESULTS"
  fi
  echo
  awk -F'\t' '$2 == "size" { printf "- %d learners: database %s, API RSS %s MiB at the end (peak %s MiB)\n", $1, $3, $4, $5 }' "$RESULTS"
  awk -F'\t' '$2 == "storm" {
    line = $3
    gsub(/[{}"]/, "", line)
    printf "- %d learners: synchronised quiz start: %s\n", $1, line
  }' "$RESULTS"
  echo
  echo "Durations: build ${BUILD_SECONDS} s, whole run $(seconds_since "$total_started") s."
  sed 's/^/- /' "$TIMINGS"
} > "$REPORT"

mkdir -p "$BENCH/results"
cp "$REPORT" "$BENCH/results/latest.md"
cp "$RESULTS" "$BENCH/results/latest.tsv"
DOC=$ROOT/docs/benchmarks.md
if [ -f "$DOC" ] && grep -q '<!-- results:begin -->' "$DOC"; then
  awk -v report="$REPORT" '
    /<!-- results:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
    /<!-- results:end -->/ { skip = 0 }
    !skip' "$DOC" > "$WORK/doc.md" && cp "$WORK/doc.md" "$DOC"
fi

echo
cat "$REPORT"
exit 0
}
