#!/usr/bin/env bash
# Two nodes on one PostgreSQL under a sustained mixed load (report submissions, staff reading cases, ban checks and a
# trickle of ban decisions; bench/Reliability.java alternates the nodes as a load balancer would) while faults are
# injected: a node is killed with SIGKILL and started again, PostgreSQL is stopped for 5 s, the connector peer (a
# signed-webhook receiver) answers 503 for 15 s. Then: every acknowledged report is there, every decided ban is applied
# exactly once in each space at the peer, both nodes answer the ban checks alike; prints the load held, the faults and
# what was lost.
#   bench/reliability.sh [seconds]    (seconds of steady load between faults, default 20; builds target/ombuds.jar if
#                                     missing or older than the sources)
# PostgreSQL is the script's own: initdb into a temporary folder (/usr/lib/postgresql/*/bin), on a free port of its
# own, removed afterwards. The machine's PostgreSQL on 5432 is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
if [ ! -f target/ombuds.jar ] || [ -n "$(find src pom.xml -newer target/ombuds.jar -print -quit)" ]; then
  ./mvnw -B -q -DskipTests package
fi
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
classpath=$(cat target/bench-classpath.txt)
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/ombuds-reliability.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/app"
cp target/ombuds.jar "$work/app/ombuds.jar" # a rebuild of target/ during the run does not touch the nodes under test
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
  mkdir -p "$work/pg" "$work/socket"
  touch "$work/postgresql.log"
  chown postgres "$work/pg" "$work/socket" "$work/postgresql.log"
fi
pg_ctl="${as_owner[*]} $pgbin/pg_ctl -D $work/pg -l $work/postgresql.log"
pg_options="-p $port -k $work/socket -c listen_addresses=127.0.0.1"
cleanup() {
  $pg_ctl -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${as_owner[@]}" "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
$pg_ctl -o "$pg_options" -w start >/dev/null
"${as_owner[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres ombuds
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') of its own on port $port ($work/pg)"
export BENCH_PG_URL="jdbc:postgresql://127.0.0.1:$port/ombuds"
export BENCH_PG_STOP="$pg_ctl -m fast -w stop"
export BENCH_PG_START="$pg_ctl -o '$pg_options' -w start"
export BENCH_JAR="$work/app/ombuds.jar"
java -cp "$classpath" bench/Reliability.java "$seconds"
