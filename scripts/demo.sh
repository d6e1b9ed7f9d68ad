#!/usr/bin/env bash
# The main job: a full onboarding of the sample customer on the embedded defaults
# (local NATS and MariaDB from scripts/stack.sh, steps run as local processes).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
scripts/stack.sh up
# shellcheck disable=SC1091
source "${KNAPSCEN_STATE_DIR:-$repo_root/.state}/stack.env"
dotnet build src/Orchestrator -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet src/Orchestrator/bin/Release/net10.0/knapscen.dll demo "$@"
