#!/usr/bin/env bash
# Starts, reuses and stops the project's own NATS (JetStream) and MariaDB on 127.0.0.1.
# Everything lives under one state folder; servers are stopped by PID, never by name.
#   scripts/stack.sh up | down | status | env
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir=${KNAPSCEN_STATE_DIR:-$repo_root/.state}
nats_port=${KNAPSCEN_NATS_PORT:-14222}
nats_monitor_port=${KNAPSCEN_NATS_MONITOR_PORT:-18222}
mysql_port=${KNAPSCEN_MYSQL_PORT:-13306}
mysql_database=knapscen
mysql_user=knapscen

nats_dir=$state_dir/nats
maria_dir=$state_dir/mariadb
maria_cnf=$maria_dir/my.cnf
env_file=$state_dir/stack.env

log() { printf 'stack: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_missing() {
  local missing=()
  command -v nats-server >/dev/null || missing+=(nats-server)
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  command -v mariadb >/dev/null || missing+=(mariadb-client)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # policy-rc.d keeps Debian's maintainer scripts from starting a system-wide server we don't own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

wait_until() { # seconds, description, command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready in time"
    sleep 0.2
  done
}

# The data folder a running server of ours (or of another checkout) works in, read from its command line.
data_folder_of() { # pid
  local args; mapfile -d '' args < "/proc/$1/cmdline" 2>/dev/null || { echo "unknown"; return; }
  local i
  for i in "${!args[@]}"; do
    case "${args[$i]}" in
      -sd|--store_dir) echo "${args[$((i + 1))]}"; return ;;
      --datadir=*) echo "${args[$i]#--datadir=}"; return ;;
      --defaults-file=*)
        local datadir; datadir=$(sed -n 's/^datadir=//p' "${args[$i]#--defaults-file=}" 2>/dev/null | head -1)
        [ -n "$datadir" ] && { echo "$datadir"; return; } ;;
    esac
  done
  echo "unknown"
}

# Another checkout's server on our fixed port would be reused with the wrong password, or make ours fail to
# start with a bare time-out: say who holds the port and how to get out of the way instead.
refuse_taken_port() { # port, what, environment variable choosing it
  local holder
  holder=$(ss -ltnpH "sport = :$1" 2>/dev/null | head -1) || true
  [ -z "$holder" ] && return 0
  local pid name
  pid=$(sed -n 's/.*pid=\([0-9]*\).*/\1/p' <<<"$holder")
  name=$(sed -n 's/.*(("\([^"]*\)".*/\1/p' <<<"$holder")
  local who="an unknown process (not visible to $(id -un))" data="unknown"
  if [ -n "$pid" ]; then
    who="pid $pid (${name:-?}: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-160))"
    data=$(data_folder_of "$pid")
  fi
  die "port $1 ($2) is already held by $who, data folder $data, which is not this state folder ($state_dir).
  Reuse that stack with KNAPSCEN_STATE_DIR=<its state folder>, stop it, or choose other ports:
  $3=<free port> scripts/stack.sh up"
}

# Before starting anything, so a refusal never leaves half a stack behind.
check_ports() {
  if ! alive "$nats_dir/nats.pid"; then
    refuse_taken_port "$nats_port" "NATS client port" KNAPSCEN_NATS_PORT
    refuse_taken_port "$nats_monitor_port" "NATS monitoring port" KNAPSCEN_NATS_MONITOR_PORT
  fi
  alive "$maria_dir/mysqld.pid" || refuse_taken_port "$mysql_port" "MariaDB port" KNAPSCEN_MYSQL_PORT
}

nats_up() {
  mkdir -p "$nats_dir"
  if alive "$nats_dir/nats.pid"; then log "nats-server already running (pid $(cat "$nats_dir/nats.pid"))"; return; fi
  setsid nats-server -a 127.0.0.1 -p "$nats_port" -m "$nats_monitor_port" -js -sd "$nats_dir" \
    -P "$nats_dir/nats.pid" -l "$nats_dir/nats.log" </dev/null >/dev/null 2>&1 &
  wait_until 20 "nats-server" curl -fsS "http://127.0.0.1:$nats_monitor_port/healthz?js-enabled-only=true"
  log "nats-server ready on 127.0.0.1:$nats_port"
}

write_maria_cnf() {
  cat > "$maria_cnf" <<CNF
[mysqld]
datadir=$maria_dir/data
socket=$maria_dir/mysqld.sock
pid-file=$maria_dir/mysqld.pid
log-error=$maria_dir/mysqld.log
port=$mysql_port
bind-address=127.0.0.1
skip-name-resolve
transaction-isolation=READ-COMMITTED
innodb_flush_log_at_trx_commit=1
innodb_buffer_pool_size=256M
# The whole test suite runs dozens of orchestrators at once, each with a pool of its own.
max_connections=2000
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
[client]
socket=$maria_dir/mysqld.sock
user=root
CNF
}

maria_up() {
  mkdir -p "$maria_dir"
  write_maria_cnf
  if alive "$maria_dir/mysqld.pid"; then log "mariadbd already running (pid $(cat "$maria_dir/mysqld.pid"))"; return; fi
  if [ ! -d "$maria_dir/data/mysql" ]; then
    mariadb-install-db --defaults-file="$maria_cnf" --auth-root-authentication-method=socket >"$maria_dir/install.log" 2>&1 \
      || die "mariadb-install-db failed, see $maria_dir/install.log"
  fi
  local as_user=()
  [ "$(id -u)" -eq 0 ] && as_user=(--user=root)
  # --defaults-file must come first, or /etc/mysql/my.cnf is read as well.
  setsid mariadbd --defaults-file="$maria_cnf" "${as_user[@]}" </dev/null >/dev/null 2>&1 &
  wait_until 30 "mariadbd" mariadb-admin --defaults-file="$maria_cnf" ping
  [ -f "$maria_dir/password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$maria_dir/password")
  local password; password=$(cat "$maria_dir/password")
  # The application user may create databases: tests give each run its own schema.
  mariadb --defaults-file="$maria_cnf" <<SQL
CREATE DATABASE IF NOT EXISTS \`$mysql_database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$mysql_user'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER '$mysql_user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO '$mysql_user'@'127.0.0.1';
SQL
  log "mariadbd ready on 127.0.0.1:$mysql_port"
}

write_env() {
  local password; password=$(cat "$maria_dir/password")
  (umask 077; cat > "$env_file" <<ENV
export Nats__Url=nats://127.0.0.1:$nats_port
export Database__ConnectionString='Server=127.0.0.1;Port=$mysql_port;Database=$mysql_database;User ID=$mysql_user;Password=$password'
ENV
)
}

stop_pid() { # pidfile, name
  if alive "$1"; then
    local pid; pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "$2 stopped"
  fi
  rm -f "$1"
}

case "${1:-}" in
  up)
    install_missing
    check_ports
    nats_up
    maria_up
    write_env
    log "environment written to $env_file"
    ;;
  down)
    stop_pid "$nats_dir/nats.pid" nats-server
    stop_pid "$maria_dir/mysqld.pid" mariadbd
    ;;
  status)
    alive "$nats_dir/nats.pid" && echo "nats-server running" || echo "nats-server stopped"
    alive "$maria_dir/mysqld.pid" && echo "mariadbd running" || echo "mariadbd stopped"
    ;;
  env)
    [ -f "$env_file" ] || die "no environment yet: run scripts/stack.sh up"
    cat "$env_file"
    ;;
  *)
    echo "usage: scripts/stack.sh up|down|status|env" >&2; exit 2 ;;
esac
