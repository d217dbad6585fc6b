#!/usr/bin/env bash
# Accepted reports per second through the API on the embedded default (SQLite; wrk with 16 connections for 20 s after
# 30 s of warm-up), against the bare rate of the same disk: a JDBC insert of the same rows (16 threads, one report per transaction) and Python's sqlite3
# (one ~2 KB row per transaction, 16 threads), all WAL with synchronous=FULL, side by side in one run; and the
# p50/p95/p99 of the case queue (a moderator reading GET /api/v1/cases, one request at a time) idle and while
# intake runs at full rate. Goals: API >= 0.5x the faster bare rate; case queue p95 <= 100 ms under intake.
#   bench/intake-throughput.sh [rows]     (rows per bare measurement, default 4000; builds target/ombuds.jar if missing or stale)
# BENCH_JAR measures another build (e.g. of an earlier commit) with the same bench.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; }
jar=${BENCH_JAR:-target/ombuds.jar}
if [ -z "${BENCH_JAR:-}" ] && { [ ! -f target/ombuds.jar ] || [ -n "$(find src pom.xml -newer target/ombuds.jar -print -quit)" ]; }; then
  ./mvnw -B -q -DskipTests package
fi
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$jar" "$work/ombuds.jar" # a rebuild of target/ during the run does not touch the server under test
java -cp "$(cat target/bench-classpath.txt)" bench/IntakeThroughput.java "$work" "${1:-4000}"
echo "java: $(java -version 2>&1 | head -1); python: $(python3 -c 'import sqlite3, sys; print(sys.version.split()[0], "sqlite", sqlite3.sqlite_version)'); cores: $(nproc)"
