#!/usr/bin/env bash
# Runs the tests of one tier, or all of them:
#   scripts/test.sh [specs|integration|e2e|all] [dotnet test arguments…]
# specs need no server and start none; the other tiers start (or reuse) the project's NATS and MariaDB first (the
# Kubernetes tests start the control plane themselves). Test databases and streams older than
# KNAPSCEN_TEST_LEFTOVER_HOURS (default 6; 0 = keep) are dropped at the start: leftovers of runs that crashed.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

tier=all
case "${1:-}" in
  specs | integration | e2e | all) tier=$1; shift ;;
esac

# A --filter of the caller narrows the tier instead of replacing it.
args=()
filter=""
[ "$tier" = all ] || filter="Tier=$tier"
while [ $# -gt 0 ]; do
  if [ "$1" = --filter ] && [ $# -ge 2 ]; then
    filter="${filter:+($filter)&}($2)"
    shift 2
  else
    args+=("$1")
    shift
  fi
done
[ -z "$filter" ] || args+=(--filter "$filter")

export KNAPSCEN_TEST_TIER=$tier
export KNAPSCEN_TEST_LEFTOVER_HOURS=${KNAPSCEN_TEST_LEFTOVER_HOURS:-6}
[ "$tier" = specs ] || scripts/stack.sh up
dotnet test Knapscen.Sagas.sln --logger "console;verbosity=normal" "${args[@]}"
