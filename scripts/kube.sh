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
# Where the orchestrator's ServiceAccount lives (deploy/rbac), as in a cluster installed from deploy/kustomize.
orchestrator_namespace=knapscen
orchestrator_user=system:serviceaccount:$orchestrator_namespace:knapscen-orchestrator
# kube-apiserver holds open watch connections until its own shutdown timeout (60 s); all its state is in etcd, so a
# short grace before SIGKILL loses nothing.
apiserver_grace=5

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
  # The tree and Go's build cache take about 2.5 GB; the downloaded source package stays for a rebuild.
  rm -rf "$tree" "$cache_dir/gocache" || log "could not remove the build tree $tree"
  log "built in $((SECONDS - started)) s; binaries in $bin_dir"
}


# ---------------------------------------------------------------- control plane

wait_until() { # seconds, description, command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready in time (logs in $kube_dir)"
    sleep 0.2
  done
}

stop_pid() { # pidfile, name, seconds of grace
  if alive "$1"; then
    local pid; pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 1 $((${3:-15} * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$2 (pid $pid) still running after ${3:-15} s; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
    log "$2 stopped"
  fi
  rm -f "$1"
}

token() { openssl rand -hex 24; }

write_pki() {
  local pki=$kube_dir/pki
  [ -f "$pki/apiserver.crt" ] && [ -f "$pki/sa.key" ] && return 0
  mkdir -p "$pki"; chmod 700 "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=knapscen-kube-ca" \
    -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$pki/apiserver.key" -out "$pki/apiserver.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$pki/apiserver.ext"
  openssl x509 -req -in "$pki/apiserver.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 3650 \
    -extfile "$pki/apiserver.ext" -out "$pki/apiserver.crt" 2>/dev/null
  openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
}

write_tokens() {
  if [ -f "$kube_dir/tokens.csv" ]; then
    grep -qF ",$orchestrator_user," "$kube_dir/tokens.csv" && return 0
    # A state folder from before the orchestrator's ServiceAccount moved to its own namespace: the API server reads
    # the token file only at start, so it restarts with the new one (and the controller manager with its new token),
    # and the RBAC is provisioned again.
    log "token file names an older orchestrator identity; rewriting it"
    stop_pid "$kube_dir/controller-manager.pid" kube-controller-manager
    stop_pid "$kube_dir/apiserver.pid" kube-apiserver "$apiserver_grace"
    rm -f "$kube_dir/tokens.csv" "$kube_dir/provisioned"
  fi
  # token,user,uid,"groups": the orchestrator looks like a ServiceAccount to RBAC, so the deploy/rbac binding applies as is.
  (umask 077; cat > "$kube_dir/tokens.csv" <<CSV
$(token),knapscen-admin,knapscen-admin,"system:masters"
$(token),system:kube-controller-manager,kube-controller-manager,"system:masters"
$(token),$orchestrator_user,knapscen-orchestrator,"system:serviceaccounts,system:serviceaccounts:$orchestrator_namespace,system:authenticated"
CSV
)
}

token_of() { grep -F ",$1," "$kube_dir/tokens.csv" | head -n1 | cut -d, -f1; }

write_kubeconfig() { # path, user
  local ca; ca=$(base64 -w0 < "$kube_dir/pki/ca.crt")
  (umask 077; cat > "$1" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: knapscen
    cluster:
      server: https://127.0.0.1:$apiserver_port
      certificate-authority-data: $ca
users:
  - name: $2
    user:
      token: $(token_of "$2")
contexts:
  - name: knapscen
    context:
      cluster: knapscen
      user: $2
      namespace: $jobs_namespace
current-context: knapscen
YAML
)
}

etcd_up() {
  if alive "$kube_dir/etcd.pid"; then return 0; fi
  mkdir -p "$kube_dir/etcd"; chmod 700 "$kube_dir/etcd"
  setsid etcd --name knapscen --data-dir "$kube_dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "knapscen=http://127.0.0.1:$etcd_peer_port" \
    </dev/null >>"$kube_dir/etcd.log" 2>&1 &
  echo $! > "$kube_dir/etcd.pid"
  wait_until 30 etcd curl -fsS "http://127.0.0.1:$etcd_port/health"
  log "etcd ready on 127.0.0.1:$etcd_port"
}

apiserver_ready() {
  curl -fsS --cacert "$kube_dir/pki/ca.crt" -H "Authorization: Bearer $(token_of knapscen-admin)" \
    "https://127.0.0.1:$apiserver_port/readyz"
}

apiserver_up() {
  if alive "$kube_dir/apiserver.pid"; then return 0; fi
  local pki=$kube_dir/pki
  setsid "$apiserver_bin" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$apiserver_port" --insecure-port=0 \
    --cert-dir="$pki" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --token-auth-file="$kube_dir/tokens.csv" --anonymous-auth=false \
    --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc \
    --authorization-mode=RBAC \
    --disable-admission-plugins=ServiceAccount \
    --endpoint-reconciler-type=none \
    --feature-gates=TTLAfterFinished=true \
    --profiling=false \
    </dev/null >>"$kube_dir/apiserver.log" 2>&1 &
  echo $! > "$kube_dir/apiserver.pid"
  wait_until 60 kube-apiserver apiserver_ready
  # /readyz of 1.20 does not wait for the RBAC caches: until they fill, the orchestrator's token gets 403 for rights
  # it has. Ready means ready for it too (once its Role exists).
  if [ -f "$kube_dir/provisioned" ]; then wait_until 60 "RBAC for the orchestrator" orchestrator_authorized; fi
  log "kube-apiserver ready on https://127.0.0.1:$apiserver_port"
}

orchestrator_authorized() {
  [ "$(kubectl --kubeconfig "$orchestrator_kubeconfig" auth can-i create jobs -n "$jobs_namespace" 2>/dev/null)" = yes ]
}

controller_up() {
  if alive "$kube_dir/controller-manager.pid"; then return 0; fi
  # The default client rate (20/s) made the Job controller, not the orchestrator, the bottleneck of every benchmark.
  local config=$kube_dir/controller-manager.kubeconfig
  setsid "$controller_bin" \
    --kubeconfig="$config" --authentication-kubeconfig="$config" --authorization-kubeconfig="$config" \
    --controllers=job,garbagecollector,ttl-after-finished --leader-elect=false \
    --kube-api-qps=300 --kube-api-burst=600 \
    --feature-gates=TTLAfterFinished=true \
    --bind-address=127.0.0.1 --secure-port="$ccm_port" --port=0 --cert-dir="$kube_dir/pki/controller-manager" \
    --profiling=false \
    </dev/null >>"$kube_dir/controller-manager.log" 2>&1 &
  echo $! > "$kube_dir/controller-manager.pid"
  wait_until 60 kube-controller-manager curl -fsSk "https://127.0.0.1:$ccm_port/healthz"
  log "kube-controller-manager ready"
}

admin_kubectl() { kubectl --kubeconfig "$admin_kubeconfig" "$@"; }

provision() {
  local namespace
  for namespace in "$jobs_namespace" "$orchestrator_namespace"; do
    admin_kubectl create namespace "$namespace" --dry-run=client -o yaml | admin_kubectl apply -f - >/dev/null
  done
  admin_kubectl apply -k "$repo_root/deploy/rbac/" >/dev/null
  touch "$kube_dir/provisioned"
  wait_until 60 "RBAC for the orchestrator" orchestrator_authorized
}

write_env() {
  (umask 077; cat > "$env_file" <<ENV
export KNAPSCEN_KUBE_ADMIN_KUBECONFIG=$admin_kubeconfig
export KNAPSCEN_KUBE_ORCHESTRATOR_KUBECONFIG=$orchestrator_kubeconfig
export Kubernetes__Kubeconfig=$orchestrator_kubeconfig
ENV
)
}

up() {
  build
  local needed=(etcd-server openssl curl)
  command -v kubectl >/dev/null || needed+=(kubernetes-client)
  apt_install "${needed[@]}"
  mkdir -p "$kube_dir"; chmod 700 "$kube_dir"
  write_pki
  write_tokens
  write_kubeconfig "$admin_kubeconfig" knapscen-admin
  write_kubeconfig "$kube_dir/controller-manager.kubeconfig" system:kube-controller-manager
  write_kubeconfig "$orchestrator_kubeconfig" "$orchestrator_user"
  etcd_up
  apiserver_up
  controller_up
  provision
  write_env
  log "control plane up; admin kubeconfig $admin_kubeconfig, orchestrator kubeconfig $orchestrator_kubeconfig"
}

down() {
  stop_pid "$kube_dir/controller-manager.pid" kube-controller-manager
  stop_pid "$kube_dir/apiserver.pid" kube-apiserver "$apiserver_grace"
  stop_pid "$kube_dir/etcd.pid" etcd
}

status() {
  local name rc=0
  for name in etcd apiserver controller-manager; do
    if alive "$kube_dir/$name.pid"; then echo "$name: running (pid $(cat "$kube_dir/$name.pid"))"; else echo "$name: stopped"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  status) status ;;
  env) [ -f "$env_file" ] || die "not up yet: run $0 up"; cat "$env_file" ;;
  stop-apiserver) stop_pid "$kube_dir/apiserver.pid" kube-apiserver "$apiserver_grace" ;;
  start-apiserver) apiserver_up ;;
  restart-apiserver) stop_pid "$kube_dir/apiserver.pid" kube-apiserver "$apiserver_grace"; apiserver_up ;;
  *) echo "usage: $0 build|up|down|status|env|restart-apiserver|stop-apiserver|start-apiserver" >&2; exit 2 ;;
esac
