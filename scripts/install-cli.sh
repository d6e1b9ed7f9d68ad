#!/usr/bin/env bash
# Puts `knapscen` on the PATH the way .NET users expect: packs src/Orchestrator as a .NET tool from this checkout and
# installs it globally (into ~/.dotnet/tools). Run it again after a change: each build gets a version of its own, so
# NuGet's cache never hands back an older build.
#   scripts/install-cli.sh             # global tool
#   scripts/install-cli.sh --tool-path DIR   # or into DIR (CI, containers)
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo_root/.state/packages"
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
dotnet pack "$repo_root/src/Orchestrator" -c Release -o "$out" -p:Version="$version" --nologo -v quiet
where=(--global)
[ "${1:-}" = "--tool-path" ] && where=(--tool-path "${2:?--tool-path needs a folder}")
dotnet tool uninstall "${where[@]}" Knapscen.Sagas.Cli >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" --add-source "$out" --version "$version" Knapscen.Sagas.Cli
if [ "${where[0]}" = "--global" ] && ! command -v knapscen >/dev/null; then
  echo "add the .NET tools folder to PATH: export PATH=\"\$PATH:\$HOME/.dotnet/tools\""
fi
