#!/usr/bin/env bash
# The case queue at scale: 100,000 cases and 300,000 reports (bench/CaseVolume.java), then sequential latency
# (p50/p95/p99/max over N requests after a warm-up, bench/CaseQueueLatency.java) of GET /api/v1/cases (the open
# queue), ?status=closed, ?status=all&page=100 and the signed-in page GET /staff/cases, as a moderator who
# handles some cases, is recused from some and reported in a few; on the embedded default (SQLite) and on
# PostgreSQL. Goal: p95 <= 100 ms everywhere.
#   bench/case-queue.sh [requests] [databases]    (default 500 and "sqlite postgresql"; builds target/ombuds.jar if missing or stale)
# PostgreSQL: BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test), BENCH_PG_USER (postgres),
# BENCH_PG_PASSWORD; a fresh schema ombuds_bench_<time> is made there and dropped afterwards (BENCH_KEEP=1 keeps
# it and the SQLite folder). BENCH_CASES / BENCH_REPORTS change the volume.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-500}
databases=${2:-sqlite postgresql}
cases=${BENCH_CASES:-100000}
reports=${BENCH_REPORTS:-300000}
pg_url=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
pg_user=${BENCH_PG_USER:-postgres}
pg_password=${BENCH_PG_PASSWORD:-}
email=bench-moderator@example.org
# Build when the jar is missing or older than the sources (the page under test may be newer than the last build).
if [ ! -f target/ombuds.jar ] || [ -n "$(find src pom.xml -newer target/ombuds.jar -print -quit)" ]; then
  ./mvnw -B -q -DskipTests package
fi
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
classpath=$(cat target/bench-classpath.txt)
work=$(mktemp -d)
cp target/ombuds.jar "$work/ombuds.jar" # a rebuild of target/ during the run does not touch the server under test
results=$work/results.txt
server_pid=
schemas=()
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  for schema_url in "${schemas[@]}"; do
    if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $schema_url"; else
      java -cp "$classpath" bench/CaseVolume.java --url "$schema_url" --user "$pg_user" --password "$pg_password" --drop-schema >/dev/null || true
    fi
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_server() { # $1 log file; uses $data, $port and the OMBUDS_DB_* environment
  OMBUDS_DATA_DIR=$data SERVER_PORT=$port java -jar "$work/ombuds.jar" >>"$1" 2>&1 &
  server_pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { echo "the server died; see $1" >&2; tail -50 "$1" >&2; exit 1; }
    sleep 0.2
  done
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=
}

cli() { # the last stdout line of an ombuds command on $data and the OMBUDS_DB_* environment
  OMBUDS_DATA_DIR=$data java -jar "$work/ombuds.jar" "$@" 2>>"$work/cli.log" | tail -1
}

for db in $databases; do
  data=$work/$db-data
  port=$(free_port)
  unset OMBUDS_DB_URL OMBUDS_DB_USER OMBUDS_DB_PASSWORD
  if [ "$db" = postgresql ]; then
    schema=ombuds_bench_$(date +%s)
    url="$pg_url?currentSchema=$schema"
    login=(--user "$pg_user" --password "$pg_password")
    java -cp "$classpath" bench/CaseVolume.java --url "$url" "${login[@]}" --create-schema
    schemas+=("$url")
    export OMBUDS_DB_URL=$url OMBUDS_DB_USER=$pg_user OMBUDS_DB_PASSWORD=$pg_password
  else
    url="jdbc:sqlite:$data/ombuds.db"
    login=()
  fi
  echo "== $db: first start (migrations, default community and Code)"
  start_server "$work/$db-server.log"
  stop_server
  echo "== $db: staff account, API token and one-time password link"
  cli user add --email "$email" --name "Bench Moderator" --role moderator >/dev/null
  token=$(cli token create --email "$email" --label case-queue-bench)
  link=$(cli user setup-link --email "$email")
  echo "== $db: generating $cases cases and $reports reports (server stopped)"
  java -cp "$classpath" bench/CaseVolume.java --url "$url" ${login[@]+"${login[@]}"} --cases "$cases" --reports "$reports" --account "$email"
  if [ "$db" = sqlite ]; then echo "database file: $(du -h "$data/ombuds.db" | cut -f1)"; fi
  echo "== $db: measuring ($requests requests an endpoint, sequential, after 200 warm-up requests each)"
  start_server "$work/$db-server.log"
  java bench/CaseQueueLatency.java "http://127.0.0.1:$port" "$token" "$email" "$link" "$db" "$requests" 200 | tee -a "$results"
  stop_server
done

echo
printf '%-11s %-38s %6s %8s %8s %8s %8s %6s %s\n' database endpoint n p50_ms p95_ms p99_ms max_ms rows goal
grep '^RESULT' "$results" | while read -r _ database endpoint n p50 p95 p99 max rows; do
  if [ "$n" = missing ]; then
    printf '%-11s %-38s %s\n' "$database" "${endpoint//_/ }" "missing (404: the page is not there yet)"
  else
    verdict=$(awk -v p="$p95" 'BEGIN { print (p <= 100 ? "ok" : "OVER 100 ms") }')
    printf '%-11s %-38s %6s %8s %8s %8s %8s %6s %s\n' "$database" "${endpoint//_/ }" "$n" "$p50" "$p95" "$p99" "$max" "$rows" "$verdict"
  fi
done
echo "(rows: cases on the page of JSON, or bytes of HTML for the page)"
echo "cases: $cases; reports: $reports; java: $(java -version 2>&1 | head -1); cores: $(nproc)"
