#!/usr/bin/env bash
# Runs every Jazzer @FuzzTest in fuzzing mode (JAZZER_FUZZ=1), one after the other, each for the given duration, and
# prints per target how many inputs were tried and whether anything was found. The suite only replays the seed corpus
# (src/test/resources/**/<Class>Inputs/<method>/); a finding is written there by Jazzer (crash-…), so it becomes a
# regression input: fix the bug, keep the file.
#   bench/fuzz.sh [duration per target] [Class#method ...]    (default 60s and every @FuzzTest under src/test/java)
# The corpus Jazzer grows goes to .cifuzz-corpus/ (ignored by git); logs to target/fuzz/.
set -uo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60s}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r file; do
    class=$(basename "$file" .java)
    for method in $(grep -A3 '@FuzzTest' "$file" | grep -oE 'void [a-zA-Z0-9_]+\(' | sed 's/void //; s/(//'); do
      targets+=("$class#$method")
    done
  done < <(grep -rl '@FuzzTest' src/test/java | sort)
fi
mkdir -p target/fuzz
./mvnw -B -q test-compile >/dev/null || exit 1
printf '%-70s %12s %8s  %s\n' target inputs seconds result
found=0
for target in "${targets[@]}"; do
  log=target/fuzz/${target//#/.}.log
  start=$(date +%s)
  # JUnit's @Timeout would time the whole run; Jazzer takes it as the limit per input instead.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$duration ./mvnw -B -o test -Djazzer.hooks=true -Dtest="$target" \
      -Dsurefire.failIfNoSpecifiedTests=false -DargLine=-Djunit.jupiter.execution.timeout.mode=disabled >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  # libFuzzer's summary: "Done 123456 runs in 60 second(s)"; a finding stops it earlier with "#N ... " lines.
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+')
  [ -z "$runs" ] && runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  if [ $status -eq 0 ]; then
    result="nothing found"
  else
    found=1
    finding=$(grep -m1 -oE '(FuzzTestFinding|== Java Exception:|Timeout|Tests run:.*Fail).{0,120}' "$log")
    result="FOUND: ${finding:-see $log}"
  fi
  printf '%-70s %12s %8s  %s\n' "$target" "${runs:-?}" "$seconds" "$result"
done
exit $found
