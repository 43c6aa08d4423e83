#!/usr/bin/env bash
# Runs one libFuzzer harness (tests/fuzz/fuzz_harness.cmake registers the calls).
#   run_fuzz.sh fuzz|smoke BINARY CORPUS DICT MAX_LEN [SEED_DIR...]
#       fuzz for $FUZZ_SECONDS (default 60); new inputs go to CORPUS (smoke: emptied first,
#       fixed seed). Fails on a crash, a leak, a sanitizer report or an input slower than 1 s.
#   run_fuzz.sh replay BINARY DIR
#       runs every file in DIR (minimised inputs that once failed) once.
set -uo pipefail
mode=$1 binary=$2
name=$(basename "$binary"); name=${name#fuzz_}
if [ ! -x "$binary" ]; then
  echo "run_fuzz: $binary is not built: \`make fuzz-build\` (the fuzz preset, clang) builds it" >&2
  exit 1
fi
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [ "$mode" = replay ]; then
  dir=$3
  shopt -s nullglob
  files=("$dir"/*)
  [ ${#files[@]} -gt 0 ] || { echo "fuzz $name: no regression inputs in $dir"; exit 0; }
  exec "$binary" -timeout=1 "${files[@]}"
fi

corpus=$3 dict=$4 max_len=$5
shift 5
seconds=${FUZZ_SECONDS:-60}
extra=()
if [ "$mode" = smoke ]; then
  rm -rf "$corpus"
  extra=(-seed=1)
fi
mkdir -p "$corpus"
artifacts="$(dirname "$corpus")/artifacts"
mkdir -p "$artifacts"
log="$(dirname "$corpus")/$name.log"

TIMEFORMAT="%U %S"
cpu=$( { time "$binary" -max_total_time="$seconds" -timeout=1 -max_len="$max_len" -print_final_stats=1 \
           -dict="$dict" -artifact_prefix="$artifacts/$name-" "${extra[@]}" "$corpus" "$@" >"$log" 2>&1; echo "rc=$?" >>"$log"; } 2>&1 )
rc=$(sed -n 's/^rc=//p' "$log" | tail -n1)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n1)
cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$done_line")
ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$done_line")
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
read -r user sys <<<"$cpu"
# Per CPU second as well: on a shared machine wall-clock rates say more about the load.
per_cpu=$(awk -v r="${runs:-0}" -v u="$user" -v s="$sys" 'BEGIN { t = u + s; printf "%d", (t > 0 ? r / t : 0) }')
summary="fuzz $name: ${runs:-?} runs in ${seconds} s (${rate:-?} exec/s), CPU ${user}+${sys} s (${per_cpu} exec per CPU s), cov ${cov:-?} ft ${ft:-?}, "\
"corpus $files files / $bytes bytes, peak RSS ${rss:-?} MB"
echo "$summary" | tee "$(dirname "$corpus")/$name.summary"
if [ "$rc" != 0 ]; then
  grep -E 'ERROR|SUMMARY|fuzz invariant|runtime error|Test unit written|timeout|leak' "$log" | head -n 30
  echo "fuzz $name FAILED (exit $rc); full log: $log"
  echo "minimise: $binary -minimize_crash=1 -runs=20000 <artifact>, then add it to tests/fuzz/regressions/$name/"
  exit 1
fi
