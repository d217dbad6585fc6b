#!/usr/bin/env bash
# The ban check under load: GET /api/v1/enforcement/check with a space's token, answered from the in-memory index,
# against the same server's static GET /robots.txt, measured side by side with wrk on loopback (alternating runs,
# the best of each kept). Goal: the check's throughput at least 0.8x that of robots.txt, and its p99 under 5 ms.
# Two loads: flat out (throughput; its latency is mostly queueing, since wrk and the server share 2 cores), then a
# steady load well below saturation (latency): each of BENCH_STEADY_CONNECTIONS (4) connections waits
# BENCH_STEADY_DELAY_MS (1) after each answer before asking again, so wrk times each request from its sending.
#   bench/ban-check.sh [seconds per run] [bans]    (default 15 and 300; builds target/ombuds.jar if missing or stale)
# BENCH_CONNECTIONS (8) and BENCH_THREADS (2) shape the load; BENCH_JAVA_OPTS adds JVM options to the server.
# Installs wrk (Debian package) if it is missing. The server runs on the embedded default (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
bans=${2:-300}
connections=${BENCH_CONNECTIONS:-8}
threads=${BENCH_THREADS:-2}
steady_connections=${BENCH_STEADY_CONNECTIONS:-4}
steady_delay=${BENCH_STEADY_DELAY_MS:-1}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
if [ ! -f target/ombuds.jar ] || [ -n "$(find src pom.xml -newer target/ombuds.jar -print -quit)" ]; then
  ./mvnw -B -q -DskipTests package
fi
work=$(mktemp -d)
cp target/ombuds.jar "$work/ombuds.jar"
data=$work/data
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cli() { OMBUDS_DATA_DIR=$data java -jar "$work/ombuds.jar" "$@" 2>>"$work/cli.log" | tail -1; }

echo "== setting up: an admin, a space and its token, $bans people banned there"
cli user add --email bench-admin@example.org --name "Bench Admin" --role admin >/dev/null
cli space add --slug bench-chat --kind chat >/dev/null
admin=$(cli token create --email bench-admin@example.org --label ban-check-bench)
space_token=$(cli token create --space bench-chat --label ban-check-bench)
# The bench files its reports from one address: lift the per-client report limit for it.
OMBUDS_DATA_DIR=$data SERVER_PORT=$port java ${BENCH_JAVA_OPTS:-} -Dombuds.limits.reports.events=1000000 -Dombuds.limits.reports.window=1h -jar "$work/ombuds.jar" >"$work/server.log" 2>&1 &
server_pid=$!
until curl -fs "$base/actuator/health" >/dev/null 2>&1; do
  kill -0 "$server_pid" 2>/dev/null || { tail -50 "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
for i in $(seq 1 "$bans"); do
  receipt=$(curl -fs -H 'Content-Type: application/json' "$base/api/v1/reports" \
    -d "{\"category\":\"harassment\",\"description\":\"Bench report $i.\",\"anonymous\":true,\"reported\":{\"handles\":[\"github:banned-$i\"]}}")
  [ -n "$receipt" ] || { echo "report $i failed" >&2; exit 1; }
done
for case_id in $(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/cases?size=100&page=0" | python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)))') \
               $(for page in $(seq 1 $(( (bans - 1) / 100 ))); do curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/cases?size=100&page=$page" | python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)))'; done); do
  # What a report names is a claim: the bench confirms the case's subject (the handle its report names) before banning.
  handle=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/cases/$case_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["reports"][0]["claims"][0]["handle"])')
  curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$base/api/v1/cases/$case_id/parties" \
    -d "{\"role\":\"subject\",\"handles\":[\"$handle\"],\"reason\":\"Bench subject.\"}"
  curl -fs -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$base/api/v1/cases/$case_id/decisions" \
    -d '{"action":"temporary-ban","clauses":["harassment"],"reasoning":"Bench ban.","duration":"P30D","interim":true}'
done
banned=$(curl -fs -H "Authorization: Bearer $admin" "$base/api/v1/sanctions?active=true" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "   $banned bans in effect"
check=$(curl -fs -H "Authorization: Bearer $space_token" "$base/api/v1/enforcement/check?space=bench-chat&identity=github:banned-1")
echo "   check github:banned-1: $check"

# Half the checks ask about a banned person, half about someone who is not.
cat >"$work/check.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local who = (n % 2 == 0) and ("banned-" .. ((n / 2) % $bans + 1)) or ("not-banned-" .. n)
  return wrk.format("GET", "/api/v1/enforcement/check?space=bench-chat&identity=github:" .. who,
    {["Authorization"] = "Bearer $space_token"})
end
LUA
# The same requests at a steady pace: each connection waits before sending its next request.
{ cat "$work/check.lua"; echo "delay = function() return $steady_delay end"; } >"$work/check-steady.lua"
cat >"$work/robots-steady.lua" <<LUA
delay = function() return $steady_delay end
LUA
run() { # $1 label, then wrk arguments; prints "label requests/s p99(ms)"; $load_threads/$load_connections shape it
  local label=$1; shift
  local out; out=$(wrk -t"${load_threads:-$threads}" -c"${load_connections:-$connections}" -d"${seconds}s" --latency "$@")
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local p99; p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors; errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "$label $rps $p99 ${errors:-0}"
}
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v * 1000 } }'; }

echo "== warm-up"
wrk -t"$threads" -c"$connections" -d5s "$base/robots.txt" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -s "$work/check.lua" "$base" >/dev/null
echo "== measuring: ${seconds}s per run, $connections connections over $threads wrk thread(s), robots.txt and the check alternating, twice each"
results=()
for round in 1 2; do
  results+=("$(run robots "$base/robots.txt")")
  results+=("$(run check -s "$work/check.lua" "$base")")
done
echo "== steady load: $steady_connections connections over 1 wrk thread, each waiting ${steady_delay} ms between requests"
for round in 1 2; do
  results+=("$(load_threads=1 load_connections=$steady_connections run robots-steady -s "$work/robots-steady.lua" "$base/robots.txt")")
  results+=("$(load_threads=1 load_connections=$steady_connections run check-steady -s "$work/check-steady.lua" "$base")")
done
printf '%s\n' "${results[@]}" | awk '{printf "   %-13s %10s req/s   p99 %8s   non-2xx %s\n", $1, $2, $3, $4}'
best() { printf '%s\n' "${results[@]}" | awk -v k="$1" '$1 == k {print $2}' | sort -g | tail -1; }
best_p99() { printf '%s\n' "${results[@]}" | awk -v k="$1" '$1 == k {print $3}' | while read -r v; do to_ms "$v"; done | sort -g | head -1; }
robots=$(best robots); checks=$(best check); p99=$(best_p99 check); robots_p99=$(best_p99 robots)
steady_rate=$(best check-steady); steady_p99=$(best_p99 check-steady); steady_robots_p99=$(best_p99 robots-steady)
ratio=$(awk -v a="$checks" -v b="$robots" 'BEGIN { printf "%.2f", a / b }')
echo "== result: flat out, check $checks req/s vs robots.txt $robots req/s = ${ratio}x (goal >= 0.8);" \
     "p99 check ${p99} ms, robots.txt ${robots_p99} ms"
echo "== result: steady ${steady_rate} req/s, p99 check ${steady_p99} ms (goal < 5), robots.txt ${steady_robots_p99} ms"
