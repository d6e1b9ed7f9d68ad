#!/usr/bin/env bash
# Runs every test: starts (or reuses) the project's NATS and MariaDB, then the whole solution's tests.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
scripts/stack.sh up
# The console tests drive Debian's Chromium (Playwright's own browser download is unreachable); the alert-rule test
# runs promtool. stack.sh up has put policy-rc.d in place, so prometheus's package starts no server of its own.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v promtool >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
dotnet test Knapscen.Sagas.sln --logger "console;verbosity=normal" "$@"
