#!/usr/bin/env bash
# Startup on the embedded default (SQLite), launches measured side by side in one run:
#   jar-17, jar-25   java -jar target/ombuds.jar, no options (Java 25 when /usr/lib/jvm/temurin-25-jdk-amd64 is there)
#   dist-17, dist-25 the tarball's bin/ombuds: the extracted app, the class-data cache the build trained for that
#                    JDK, C1 only, serial GC, 128 MiB heap (what the Debian package runs too)
# For each: time from launch to a healthy /actuator/health on an empty data folder (first start: migrations,
# keys, the default Code) and again on the same folder (restart), and resident memory after 100 requests.
#   bench/startup.sh [runs]        (default 3; builds target/ if the tarball is missing)
#   BENCH_JAVA_OPTS='...'          added to the dist launches through JAVA_OPTS (after the defaults, so they win)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
tarball=$(ls target/ombuds-*.tar.gz 2>/dev/null | head -n 1 || true)
if [ -z "$tarball" ] || [ ! -f target/ombuds.jar ]; then
  ./mvnw -B -q -DskipTests package
  tarball=$(ls target/ombuds-*.tar.gz | head -n 1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
launcher=$(echo "$work"/ombuds-*/bin/ombuds)

jdk17=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
launches="jar-17 dist-17"
if [ -x "$jdk25/bin/java" ]; then launches="$launches jar-25 dist-25"; fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now_ms() { date +%s%3N; }

start() { # $1 launch, $2 data folder, $3 port; echoes the pid (the launcher execs the JVM: same process)
  local launch=$1 data=$2 port=$3 home
  case $launch in *-17) home=$jdk17 ;; *) home=$jdk25 ;; esac
  case $launch in
    jar-*) OMBUDS_DATA_DIR=$data SERVER_PORT=$port "$home/bin/java" -jar target/ombuds.jar >>"$data.log" 2>&1 & ;;
    dist-*) JAVA_HOME=$home JAVA_OPTS=${BENCH_JAVA_OPTS:-} OMBUDS_DATA_DIR=$data SERVER_PORT=$port "$launcher" >>"$data.log" 2>&1 & ;;
  esac
  echo $!
}

measure() { # $1 launch, $2 data folder; prints "ms_to_healthy rss_mib"
  local launch=$1 data=$2 port pid begin end rss
  port=$(free_port)
  begin=$(now_ms)
  pid=$(start "$launch" "$data" "$port")
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
  if grep -q 'making a class-data cache' "$data.log"; then echo "note: $launch trained a cache first" >&2; fi
  echo "$((end - begin)) $rss"
}

printf '%-4s %-8s %-16s %-16s %s\n' run launch "first start ms" "restart ms" "RSS MiB after 100 requests (first / restart)"
for run in $(seq 1 "$runs"); do
  for launch in $launches; do
    read -r first_ms first_rss < <(measure "$launch" "$work/$launch-$run")
    read -r again_ms again_rss < <(measure "$launch" "$work/$launch-$run")
    printf '%-4s %-8s %-16s %-16s %s\n' "$run" "$launch" "$first_ms" "$again_ms" "$first_rss / $again_rss"
  done
done
echo "cores: $(nproc); load: $(cut -d ' ' -f 1-3 /proc/loadavg); Java 17: $("$jdk17/bin/java" -version 2>&1 | head -1)"
if [ -x "$jdk25/bin/java" ]; then echo "Java 25: $("$jdk25/bin/java" -version 2>&1 | head -1)"; fi
echo "dist: $(basename "$tarball"), JAVA_OPTS=${BENCH_JAVA_OPTS:-(none)}"
