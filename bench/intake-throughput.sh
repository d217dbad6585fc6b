#!/usr/bin/env bash
# Accepted reports per second through the API on the embedded default (SQLite), against a bare JDBC insert of
# the same rows into the same database, measured side by side in one run.
#   bench/intake-throughput.sh [reports]     (default 1000; builds target/ombuds.jar if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ombuds.jar ] || ./mvnw -B -q -DskipTests package
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
java -cp "$(cat target/bench-classpath.txt)" bench/IntakeThroughput.java "${1:-1000}"
