#!/usr/bin/env bash
# The faults the driver injects: ctl.sh STATE_DIR stop-db|start-db|kill-api NAME|term-api NAME|start-api NAME
set -euo pipefail
. "$(dirname "$0")/common.sh"
. "$1/state.env"
case "$2" in
  stop-db) stop_db ;;
  start-db) start_db ;;
  kill-api) kill -9 "$(api_pid "$3")" ;;
  term-api) kill -TERM "$(api_pid "$3")" ;;
  start-api)
    port_var="API_${3^^}_PORT"
    start_api "$3" "${!port_var}"
    wait_ready "${!port_var}" ;;
  *) echo "unknown action $2" >&2; exit 2 ;;
esac
