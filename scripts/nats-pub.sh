#!/usr/bin/env bash
# Publishes one message to NATS with nothing but bash: the NATS text protocol over a TCP socket, no headers, the body
# as it is. That is how the original producers publish (a bare JSON body), so it shows what any plain client can do.
#   scripts/nats-pub.sh SUBJECT FILE|-
# The server and identity are the orchestrator's own settings, as `source .state/stack.env` sets them: Nats__Url
# (default nats://127.0.0.1:4222), Nats__User / Nats__Password, and Nats__SubjectPrefix, put before SUBJECT.
# Prints JetStream's acknowledgement ({"stream":…,"seq":…}); exits 1 when the server refuses the message or no stream
# captures the subject. Plain text only: a server that requires TLS needs a real client.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/nats-pub.sh SUBJECT FILE|-" >&2
  exit 2
fi
subject="${Nats__SubjectPrefix:-}$1"
body=$(cat -- "$2")
url=${Nats__Url:-nats://127.0.0.1:4222}
address=${url#*://}
address=${address##*@}
host=${address%:*}
port=${address##*:}
[ "$port" != "$host" ] || port=4222

json_string() { jq -Rn --arg value "$1" '$value'; }
connect='{"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"lang":"bash","version":"1"'
if [ -n "${Nats__User:-}" ]; then
  connect+=",\"user\":$(json_string "$Nats__User"),\"pass\":$(json_string "${Nats__Password:-}")"
fi
connect+='}'
inbox="_INBOX.nats-pub.$$.$RANDOM"

exec 3<>"/dev/tcp/$host/$port" || { echo "nats-pub: cannot connect to $host:$port" >&2; exit 1; }
IFS= read -r -t 10 info <&3 || { echo "nats-pub: $host:$port sent no INFO" >&2; exit 1; }
case "$info" in INFO*) ;; *) echo "nats-pub: $host:$port is not a NATS server" >&2; exit 1 ;; esac

# The reply subject makes JetStream answer with its acknowledgement; a core-only subject gets "no responders".
printf 'CONNECT %s\r\nSUB %s 1\r\nPUB %s %s %d\r\n%s\r\nPING\r\n' \
  "$connect" "$inbox" "$subject" "$inbox" "$(printf '%s' "$body" | wc -c)" "$body" >&3

deadline=$((SECONDS + 10))
while [ $SECONDS -lt $deadline ]; do
  IFS= read -r -t 10 line <&3 || break
  line=${line%$'\r'}
  case "$line" in
    -ERR*) echo "nats-pub: server refused: ${line#-ERR }" >&2; exit 1 ;;
    PING) printf 'PONG\r\n' >&3 ;;
    HMSG*) echo "nats-pub: no stream captures $subject (no responders)" >&2; exit 1 ;;
    MSG*)
      IFS= read -r -t 10 ack <&3
      ack=${ack%$'\r'}
      echo "$ack"
      case "$ack" in *'"error"'*) exit 1 ;; esac
      exit 0 ;;
  esac
done
echo "nats-pub: no acknowledgement from $host:$port within 10 s" >&2
exit 1
