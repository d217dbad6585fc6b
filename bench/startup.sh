#!/usr/bin/env bash
# Startup baseline on the embedded default (SQLite), two launches measured side by side in one run:
#   plain  java -jar target/ombuds.jar
#   tuned  the jar extracted (java -Djarmode=tools ... extract) with a class-data-sharing archive from a
#          training run, C1 only, serial GC and a 128 MiB heap: the launch we recommend for small machines.
# For each: time from launch to a healthy /actuator/health on an empty data folder (first start: migrations,
# keys, the default Code) and again on the same folder (restart), and resident memory after 100 requests.
#   bench/startup.sh [runs]        (default 3; builds target/ombuds.jar if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ -f target/ombuds.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TUNED_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Xss512k"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

start() { # $1 data folder, $2 port, rest: java arguments; echoes the pid
  local data=$1 port=$2; shift 2
  OMBUDS_DATA_DIR=$data SERVER_PORT=$port java "$@" >>"$data.log" 2>&1 &
  echo $!
}

measure() { # $1 data folder, rest: java arguments; prints "ms_to_healthy rss_mib"
  local data=$1 port pid begin end rss; shift
  port=$(free_port)
  begin=$(now_ms)
  pid=$(start "$data" "$port" "$@")
  until curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "server died; see $data.log" >&2; cat "$data.log" >&2; exit 1; }
    sleep 0.02
  done
  end=$(now_ms)
  for _ in $(seq 1 25); do
    for path in /coc /api/v1/coc /actuator/health /api/v1/spaces; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
  done
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$((end - begin)) $rss"
}

echo "preparing the tuned launch (extract + class-data-sharing training run)..."
java -Djarmode=tools -jar target/ombuds.jar extract --destination "$work/app" >/dev/null
OMBUDS_DATA_DIR="$work/training" SERVER_PORT=$(free_port) java -XX:ArchiveClassesAtExit="$work/app/ombuds.jsa" \
  -Dspring.context.exit=onRefresh -jar "$work/app/ombuds.jar" >"$work/training.log" 2>&1

printf '%-4s %-7s %-20s %-20s %s\n' run launch "first start ms" "restart ms" "RSS MiB after 100 requests"
for run in $(seq 1 "$runs"); do
  for launch in plain tuned; do
    if [ "$launch" = plain ]; then args=(-jar target/ombuds.jar); else args=($TUNED_FLAGS -XX:SharedArchiveFile="$work/app/ombuds.jsa" -jar "$work/app/ombuds.jar"); fi
    read -r first_ms first_rss < <(measure "$work/$launch-$run" "${args[@]}")
    read -r again_ms again_rss < <(measure "$work/$launch-$run" "${args[@]}")
    printf '%-4s %-7s %-20s %-20s %s\n' "$run" "$launch" "$first_ms" "$again_ms" "$first_rss / $again_rss"
  done
done
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); tuned flags: $TUNED_FLAGS + CDS archive"
