# Shared by race.sh, faults.sh and ctl.sh: a throwaway PostgreSQL cluster and API processes on
# loopback ports, all state under one directory ($STATE), described by $STATE/state.env.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_DLL="$REPO/src/HiParis.Mooc.Api/bin/Release/net10.0/HiParis.Mooc.Api.dll"
DRIVER_DLL="$REPO/reliability/HiParis.Mooc.Reliability/bin/Release/net10.0/HiParis.Mooc.Reliability.dll"

# The newest of Debian's /usr/lib/postgresql/*/bin, else the directory of pg_ctl on PATH (symlinks resolved).
pg_bin() {
  local dir
  dir="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)"
  if [ -z "$dir" ] && command -v pg_ctl >/dev/null 2>&1; then dir="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"; fi
  echo "$dir"
}

# Runs a PostgreSQL server program, as 'postgres' when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

build_all() {
  log "building the API and the driver (Release)"
  dotnet build "$REPO/src/HiParis.Mooc.Api" -c Release -nologo -v q >/dev/null
  dotnet build "$REPO/reliability/HiParis.Mooc.Reliability" -c Release -nologo -v q >/dev/null
}

# Creates $STATE with a fresh cluster, migrated, with the courses imported and an admin.
setup_state() {
  STATE="$(mktemp -d /tmp/mooc-reliability.XXXXXX)"
  chmod 755 "$STATE"
  local bin port
  bin="$(pg_bin)"
  [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (initdb, pg_ctl)" >&2; exit 2; }
  port="$(free_port)"
  mkdir -p "$STATE/pgdata" "$STATE/mail"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE/pgdata"
  as_pg "$bin/initdb" -D "$STATE/pgdata" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$STATE/initdb.log"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$STATE/signing.pem" 2>/dev/null
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$STATE/signing-rsa.pem" 2>/dev/null
  cat >"$STATE/state.env" <<ENV
STATE='$STATE'
PG_BIN='$bin'
PG_PORT=$port
DB='Host=127.0.0.1;Port=$port;Username=postgres;Database=mooc'
API_A_PORT=$(free_port)
API_B_PORT=$(free_port)
ENV
  # shellcheck disable=SC1091
  . "$STATE/state.env"
  start_db
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres mooc
  log "cluster on 127.0.0.1:$PG_PORT ($STATE)"
  ( cd "$REPO" && export ConnectionStrings__Mooc="$DB"
    dotnet "$API_DLL" db migrate
    dotnet "$API_DLL" courses import courses/
    dotnet "$API_DLL" courses import reliability/courses/
    MOOC_ADMIN_PASSWORD='reliability admin passphrase' dotnet "$API_DLL" users create-admin --email admin@reliability.test
  ) >"$STATE/cli.log" 2>&1 || { cat "$STATE/cli.log" >&2; exit 2; }
}

start_db() {
  as_pg "$PG_BIN/pg_ctl" start -w -t 60 -D "$STATE/pgdata" -l "$STATE/pgdata/server.log" \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='' -c max_connections=300" >/dev/null
}

stop_db() {
  as_pg "$PG_BIN/pg_ctl" stop -w -t 60 -D "$STATE/pgdata" -m fast >/dev/null
}

# start_api NAME PORT: an API process against the shared database, answering on 127.0.0.1:PORT.
start_api() {
  local name="$1" port="$2"
  (
    cd "$REPO"
    export ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
      ConnectionStrings__Mooc="$DB" Mooc__DataDirectory="$STATE/data-$name" \
      Mooc__PublicBaseUrl="http://127.0.0.1:$port" Email__PickupDirectory="$STATE/mail" \
      Certificates__SigningKeyPem="$(cat "$STATE/signing.pem")" Certificates__RsaSigningKeyPem="$(cat "$STATE/signing-rsa.pem")" Enrollment__RequireConfirmedEmail=false \
      RateLimits__AccountPerMinute=100000 RateLimits__PerAccountPerMinute=100000 RateLimits__HeartbeatsPerMinute=100000 RateLimits__VerificationPerMinute=100000 \
      Identity__AccountCheckSeconds="${ACCOUNT_CHECK_SECONDS:-10}"
    exec dotnet "$API_DLL" >>"$STATE/api-$name.log" 2>&1
  ) &
  echo $! >"$STATE/api-$name.pid"
  disown $! 2>/dev/null || true
}

wait_ready() {
  local port="$1" i
  for i in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "the API on port $port did not become ready" >&2
  return 1
}

api_pid() { cat "$STATE/api-$1.pid" 2>/dev/null; }

cleanup() {
  set +e
  local name pid
  for name in a b embedded; do
    pid="$(api_pid "$name")"
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  for pgdata in "${STATE:-}/pgdata" "${STATE:-}/embedded/postgres/pgdata"; do
    [ -f "$pgdata/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" stop -D "$pgdata" -m immediate >/dev/null 2>&1
  done
  if [ -n "${STATE:-}" ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; fi
}

# Everything a run needs before its driver: the builds, the database, both instances ready, and the
# driver's settings (MOOC_*) exported.
start_pair() {
  build_all
  setup_state
  log "starting API A on :$API_A_PORT and API B on :$API_B_PORT"
  start_api a "$API_A_PORT"
  start_api b "$API_B_PORT"
  wait_ready "$API_A_PORT"
  wait_ready "$API_B_PORT"
  export MOOC_A="http://127.0.0.1:$API_A_PORT" MOOC_B="http://127.0.0.1:$API_B_PORT" MOOC_DB="$DB" \
    MOOC_MAIL="$STATE/mail" MOOC_STATE="$STATE" MOOC_CTL="$REPO/reliability/ctl.sh" MOOC_API_DLL="$API_DLL" \
    MOOC_REPO="$REPO"
}
