#!/usr/bin/env bash
# Runs the tests of one tier, or all of them:
#   scripts/test.sh [specs|integration|e2e|all] [dotnet test arguments…]
# The integration tier (and all) ends with a small benchmark run, scripts/bench.sh --smoke.
# specs need no server and start none; the other tiers start (or reuse) the project's NATS and MariaDB first (the
# Kubernetes tests start the control plane themselves), install Chromium and promtool when missing, and build (or
# reuse) the project's image for the container tests. Test databases and streams older than
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
if [ "$tier" != specs ]; then
  scripts/stack.sh up
  # The console tests drive Debian's Chromium (Playwright's own browser download is unreachable); the alert-rule test
  # runs promtool. stack.sh up has put policy-rc.d in place, so prometheus's package starts no server of its own.
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v promtool >/dev/null || missing+=(prometheus)
  # The documented examples (tests/…/Docs) run as a reader would: bash with jq and curl.
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # Cached: the base images are made once per machine and an unchanged tree rebuilds in seconds. podman needs root
  # here; without it the container tests build the image themselves or, without podman, skip saying why.
  if [ "$(id -u)" -eq 0 ]; then
    scripts/image.sh build >/dev/null
  else
    echo "test: not root, so the image is not built up front" >&2
  fi
fi
status=0
# The console log is kept so that the failures can be repeated at the very end, where a reader of only the tail of a
# long CI log finds them.
mkdir -p .state
test_log=.state/test-$tier.log
dotnet test Knapscen.Sagas.sln --logger "console;verbosity=normal" "${args[@]}" 2>&1 | tee "$test_log" || status=$?

# The benchmark, small (a few hundred onboardings, about half a minute, no timing asserted): it fails when an
# onboarding is lost or a launch id repeats, and it keeps the benchmark itself working. Not when the caller narrowed
# the run with a filter of its own.
if [ "$tier" = integration ] || [ "$tier" = all ]; then
  if [ "$filter" = "Tier=integration" ] || [ -z "$filter" ]; then
    scripts/bench.sh --smoke || status=$?
  fi
fi
if grep -q '^  Failed ' "$test_log"; then
  echo
  echo "test: the failed tests again (whole log: $test_log):"
  awk '/^  Failed /{on=1; n=0} /^  (Passed|Skipped) |^\[xUnit|^Test Run/{on=0} on && n++ < 80' "$test_log"
fi
exit "$status"
