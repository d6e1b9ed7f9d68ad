#!/usr/bin/env bash
# The benchmark: the real orchestrator in process (steps succeed instantly), N onboardings through NATS and MariaDB,
# against a raw-MySQL baseline in the same run. Options: `scripts/bench.sh --help`; docs/benchmark.md.
#   scripts/bench.sh [--onboardings 1000] [--rate N] [--concurrency WORKERS] [--no-half-rate-pass] ...
#   scripts/bench.sh --mode kubernetes [--onboardings 100]   # steps as real Jobs on scripts/kube.sh's control plane
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
scripts/stack.sh up
dotnet build bench/Knapscen.Sagas.Bench -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet bench/Knapscen.Sagas.Bench/bin/Release/net10.0/Knapscen.Sagas.Bench.dll "$@"
