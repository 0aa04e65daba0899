#!/usr/bin/env bash
# The two-instance race run: a throwaway PostgreSQL, two API processes on loopback ports, the "at most
# one" rules raced across both. Prints one PASS/FAIL line per invariant; exits 1 when one fails.
# Usage: reliability/race.sh   (KEEP_STATE=1 keeps the temp directory with the logs)
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap cleanup EXIT

build_all
setup_state
log "starting API A on :$API_A_PORT and API B on :$API_B_PORT"
start_api a "$API_A_PORT"
start_api b "$API_B_PORT"
wait_ready "$API_A_PORT"
wait_ready "$API_B_PORT"

export MOOC_A="http://127.0.0.1:$API_A_PORT" MOOC_B="http://127.0.0.1:$API_B_PORT" MOOC_DB="$DB" \
  MOOC_MAIL="$STATE/mail" MOOC_STATE="$STATE" MOOC_CTL="$REPO/reliability/ctl.sh" MOOC_API_DLL="$API_DLL" \
  MOOC_REPO="$REPO" MOOC_ACCOUNT_CHECK_SECONDS="${ACCOUNT_CHECK_SECONDS:-10}" \
  MOOC_VERIFICATION_BOUND_SECONDS="${VERIFICATION_BOUND_SECONDS:-5}"
dotnet "$DRIVER_DLL" race
