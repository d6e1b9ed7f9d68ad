#!/usr/bin/env bash
# Runs every test: starts (or reuses) the project's NATS and MariaDB, then the whole solution's tests.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
scripts/stack.sh up
dotnet test Knapscen.Sagas.sln --logger "console;verbosity=normal" "$@"
