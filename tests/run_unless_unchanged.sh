#!/usr/bin/env bash
# Runs a slow test (the browser parts, the desktop Xvfb parts, the fuzz smoke runs) unless
# nothing it depends on changed since it last passed, so a second `make test` takes seconds.
#
# usage: run_unless_unchanged.sh STAMP_DIR NAME INPUT... -- COMMAND [ARG...]
#   STAMP_DIR  where NAME's stamp goes when COMMAND passes: when it passed, the inputs' hash
#   NAME       the test's name, as CTest shows it
#   INPUT      a file or a folder (every file in it, node_modules left out: its lock file is
#              an input), version:PROGRAM (what `PROGRAM --version` prints: node, python3) or
#              package:NAME (the Debian package's version: chromium, whose --version is slow)
# The hash also covers COMMAND and its arguments (the binaries among them are INPUTs too).
# ATTNVIZ_TEST_FORCE=1 (`make test FORCE=1`) runs COMMAND whatever the stamp says.
# A stamp lives in the build folder only, so a fresh clone (CI) runs everything.
set -uo pipefail

stamp_dir=$1
name=$2
shift 2
stamp="$stamp_dir/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' '_').stamp"
inputs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do inputs+=("$1"); shift; done
if [ $# -lt 2 ]; then
  echo "usage: run_unless_unchanged.sh STAMP_DIR NAME INPUT... -- COMMAND [ARG...]" >&2
  exit 2
fi
shift # the --

# One line per file (its sha256 and path), in a fixed order; a missing input is a line too,
# so its appearing later changes the hash.
describe_inputs() {
  printf 'command:'; printf ' %q' "$@"; printf '\n'
  local input
  for input in "${inputs[@]}"; do
    case $input in
      package:*)
        printf '%s: %s\n' "$input" "$(dpkg-query -W -f='${Version}' "${input#package:}" 2>&1)" ;;
      version:*)
        printf '%s: %s\n' "$input" "$("${input#version:}" --version 2>&1 | head -n 3 | tr '\n' ' ')" ;;
      *)
        if [ -d "$input" ]; then
          find "$input" -name node_modules -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
        elif [ -f "$input" ]; then
          sha256sum "$input"
        else
          printf 'missing %s\n' "$input"
        fi ;;
    esac
  done
}
hash=$(describe_inputs "$@" | sha256sum | cut -c1-16)

if [ "${ATTNVIZ_TEST_FORCE:-}" != 1 ] && [ "${ATTNVIZ_TEST_FORCE:-}" != yes ] && [ -f "$stamp" ]; then
  passed_at=$(sed -n 's/^passed_at=//p' "$stamp")
  passed_inputs=$(sed -n 's/^inputs=//p' "$stamp")
  if [ "$passed_inputs" = "$hash" ]; then
    message="unchanged since it passed at $passed_at (inputs $hash): not run again; \`make test FORCE=1\` runs everything"
    echo "$message"
    # For the summary `make test` prints after CTest (CTest shows no output of a passing test).
    echo "$name: $message" >> "$stamp_dir/not-run-again.txt"
    exit 0
  fi
fi

"$@"
status=$?
if [ $status -eq 0 ]; then
  mkdir -p "$stamp_dir"
  printf 'passed_at=%s\ninputs=%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$hash" > "$stamp.tmp" && mv "$stamp.tmp" "$stamp"
else
  rm -f "$stamp" # a failure since: the next run must run it whatever the inputs
fi
exit $status
