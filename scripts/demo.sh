#!/usr/bin/env bash
# The main job: a full onboarding of the sample customer on the embedded defaults
# (local NATS and MariaDB from scripts/stack.sh, steps run as local processes).
# Shows the saga's progress; the orchestrator's own log lines go to a file named at the start.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
state_dir="${KNAPSCEN_STATE_DIR:-$repo_root/.state}"
scripts/stack.sh up
# shellcheck disable=SC1091
source "$state_dir/stack.env"
dotnet build src/Orchestrator -c Release -v quiet -nologo -clp:ErrorsOnly
log="$state_dir/demo-$(date -u +%Y%m%d_%H%M%S).log"
echo "Orchestrator log: $log"
status=0
dotnet src/Orchestrator/bin/Release/net10.0/knapscen.dll demo "$@" 2>"$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "demo exited $status; the last lines of $log:" >&2
  tail -n 20 "$log" >&2
fi
exit "$status"
