#!/usr/bin/env bash
# The fault run: a throwaway PostgreSQL and two API processes under a load of heartbeats and quiz
# submissions; PostgreSQL is stopped for 10 s and started again, instance B is killed (SIGKILL) and
# restarted, instance A is stopped (SIGTERM) with requests in flight; then every acknowledged write is
# looked for in the database. Last, an API on its embedded PostgreSQL is stopped with SIGTERM and
# must stop the cluster. One PASS/FAIL line per invariant; exits 1 when one fails.
# Usage: reliability/faults.sh   (KEEP_STATE=1 keeps the temp directory with the logs)
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap cleanup EXIT

start_pair
export MOOC_LEARNERS="${LEARNERS:-12}"
status=0
dotnet "$DRIVER_DLL" faults || status=$?

# The host stops the embedded cluster after the last request: SIGTERM, then the cluster must be down.
log "embedded PostgreSQL: an API with no connection string, stopped with SIGTERM"
port="$(free_port)"
(
  cd "$REPO"
  export ASPNETCORE_URLS="http://127.0.0.1:$port" Mooc__DataDirectory="$STATE/embedded"
  exec dotnet "$API_DLL" >"$STATE/api-embedded.log" 2>&1
) &
echo $! >"$STATE/api-embedded.pid"
wait_ready "$port"
pid="$(api_pid embedded)"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pgdata="$(sed -n 's/.*Started the embedded PostgreSQL on .* (\(.*\))\./\1/p' "$STATE/api-embedded.log" | tail -1)"
if [ "$rc" = 0 ] && grep -q "Stopped the embedded PostgreSQL." "$STATE/api-embedded.log" \
   && ! as_pg "$PG_BIN/pg_ctl" status -D "$pgdata" >/dev/null 2>&1; then
  echo "PASS  SIGTERM stops the host, then its embedded PostgreSQL — exit code $rc, cluster $pgdata stopped"
else
  echo "FAIL  SIGTERM stops the host, then its embedded PostgreSQL — exit code $rc, cluster '$pgdata' still running or no stop line in the log"
  status=1
fi
exit "$status"
