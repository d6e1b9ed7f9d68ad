#!/usr/bin/env bash
# Runs every test: starts (or reuses) the project's NATS and MariaDB, builds (or reuses) the project's image for the
# container tests, then the whole solution's tests.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
scripts/stack.sh up
# Cached: the base images are made once per machine and an unchanged tree rebuilds in seconds. podman needs root
# here; without it the container tests build the image themselves or, without podman, skip saying why.
if [ "$(id -u)" -eq 0 ]; then
  scripts/image.sh build >/dev/null
else
  echo "test: not root, so the image is not built up front" >&2
fi
dotnet test Knapscen.Sagas.sln --logger "console;verbosity=normal" "$@"
