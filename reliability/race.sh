#!/usr/bin/env bash
# The two-instance race run: a throwaway PostgreSQL, two API processes on loopback ports, the "at most
# one" rules raced across both. Prints one PASS/FAIL line per invariant; exits 1 when one fails.
# Usage: reliability/race.sh   (KEEP_STATE=1 keeps the temp directory with the logs)
set -euo pipefail
. "$(dirname "$0")/common.sh"
trap cleanup EXIT

start_pair
export MOOC_ACCOUNT_CHECK_SECONDS="${ACCOUNT_CHECK_SECONDS:-10}" MOOC_VERIFICATION_BOUND_SECONDS="${VERIFICATION_BOUND_SECONDS:-5}"
dotnet "$DRIVER_DLL" race
