#!/usr/bin/env bash
# A real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager) on 127.0.0.1.
# No registry serves a kube-apiserver binary, so `build` compiles one from Debian's `kubernetes`
# source package and caches it outside the repo; everything a running plane writes stays under
# the state folder. Servers are stopped by PID, never by name.
#   scripts/kube.sh build | up | down | status | env | restart-apiserver | stop-apiserver | start-apiserver
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir=${KNAPSCEN_STATE_DIR:-$repo_root/.state}
cache_dir=${KNAPSCEN_KUBE_CACHE:-/var/cache/knapscen-kube}
# Clear of NATS 14222/18222 and MariaDB 13306.
apiserver_port=${KNAPSCEN_KUBE_APISERVER_PORT:-16443}
etcd_port=${KNAPSCEN_KUBE_ETCD_PORT:-12379}
etcd_peer_port=${KNAPSCEN_KUBE_ETCD_PEER_PORT:-12380}
ccm_port=${KNAPSCEN_KUBE_CONTROLLER_PORT:-16257}
jobs_namespace=knapscen-jobs

kube_dir=$state_dir/kube
bin_dir=$cache_dir/bin
apiserver_bin=$bin_dir/kube-apiserver
controller_bin=$bin_dir/kube-controller-manager
admin_kubeconfig=$kube_dir/admin.kubeconfig
orchestrator_kubeconfig=$kube_dir/orchestrator.kubeconfig
env_file=$kube_dir/kube.env

log() { printf 'kube: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() { # packages...
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt"
  # policy-rc.d keeps Debian's maintainer scripts from starting a system-wide etcd we don't own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
  fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- build

fetch_source() { # -> prints the unpacked tree
  local apt_dir=$cache_dir/apt src_root=$cache_dir/src
  mkdir -p "$apt_dir/lists/partial" "$src_root"
  # A private deb-src list and lists folder: the system's apt configuration stays untouched.
  cat > "$apt_dir/sources.list" <<LIST
deb-src http://deb.debian.org/debian bookworm main
LIST
  local apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
                  -o "Dir::State::lists=$apt_dir/lists" -o "APT::Get::List-Cleanup=0")
  if ! ls "$src_root"/kubernetes_*.dsc >/dev/null 2>&1; then
    apt-get "${apt_opts[@]}" update -qq
    (cd "$src_root" && apt-get "${apt_opts[@]}" source --download-only kubernetes >&2)
  fi
  local tree
  tree=$(find "$src_root" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  if [ -z "$tree" ]; then
    (cd "$src_root" && dpkg-source --no-check -x kubernetes_*.dsc >&2)
    tree=$(find "$src_root" -maxdepth 1 -mindepth 1 -type d -name 'kubernetes-*' | head -n1)
  fi
  [ -n "$tree" ] || die "no unpacked kubernetes tree under $src_root"
  printf '%s\n' "$tree"
}

build() {
  if [ -x "$apiserver_bin" ] && [ -x "$controller_bin" ]; then
    log "binaries cached in $bin_dir"
    return 0
  fi
  apt_install golang-go etcd-server golang-github-modern-go-reflect2-dev dpkg-dev ca-certificates
  local tree; tree=$(fetch_source)
  # The vendored reflect2 predates Go 1.18 and crashes the apiserver on its first list.
  local reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
  [ -d "$reflect2" ] || die "missing $reflect2"
  rm -rf "$tree/vendor/github.com/modern-go/reflect2"
  mkdir -p "$tree/vendor/github.com/modern-go/reflect2"
  cp -a "$reflect2"/. "$tree/vendor/github.com/modern-go/reflect2/"
  # GOPATH laid out as Debian's rules do: the tree is k8s.io/kubernetes inside it.
  local gopath=$tree/.go
  mkdir -p "$gopath/src/k8s.io"
  [ -e "$gopath/src/k8s.io/kubernetes" ] || ln -s "$tree" "$gopath/src/k8s.io/kubernetes"
  log "building kube-apiserver and kube-controller-manager (6-10 minutes)"
  local started=$SECONDS
  (cd "$gopath/src/k8s.io/kubernetes" && \
    GOPATH=$gopath GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=on CGO_ENABLED=0 \
    GOCACHE=$cache_dir/gocache KUBE_VERBOSE=1 \
    make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >&2)
  local out=$tree/_output/local/bin/linux/amd64 staging=$cache_dir/bin.staging
  rm -rf "$staging"; mkdir -p "$staging"
  cp "$out/kube-apiserver" "$out/kube-controller-manager" "$staging/"
  # Publish both at once, so a half-copied cache is never taken for a finished build.
  rm -rf "$bin_dir"; mv "$staging" "$bin_dir"
  log "built in $((SECONDS - started)) s; binaries in $bin_dir"
}

case "${1:-}" in
  build) build ;;
  *) echo "usage: $0 build|up|down|status|env|restart-apiserver|stop-apiserver|start-apiserver" >&2; exit 2 ;;
esac
