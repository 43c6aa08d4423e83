#!/usr/bin/env bash
# The desktop app in a real X server (Xvfb): starts, renders, writes a screenshot on
# request, exits cleanly; the screenshot must show the UI (many colours), not a blank window.
# usage: desktop_screenshot.sh ATTNVIZ_BINARY OUT_PNG
set -euo pipefail
app=$1 out=$2
mkdir -p "$(dirname "$out")"
# Lesson progress goes to a throwaway config folder, not the user's.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
rm -f "$out"
# One X server for every run below.
source "$(dirname "$0")/xvfb.sh"
run() { "$app" "$@" 2>&1; } # the app's own messages go into the test's output
log=$(run --size 1280x800 --frames 12 --screenshot "$out") || { echo "FAIL: the app exited non-zero: $log"; exit 1; }
echo "$log"
[ -s "$out" ] || { echo "FAIL: no screenshot written to $out"; exit 1; }
size=$(identify -format '%wx%h' "$out")
colours=$(identify -format '%k' "$out")
echo "screenshot $out: $size, $colours distinct colours"
[ "$size" = "1280x800" ] || { echo "FAIL: expected 1280x800, got $size"; exit 1; }
# A blank or clear-colour-only window has a handful of colours; the UI's heatmaps and text have hundreds.
[ "$colours" -gt 200 ] || { echo "FAIL: the screenshot looks blank ($colours colours)"; exit 1; }
# Bad input on the command line is reported and the app still starts with the example.
bad=$(mktemp --suffix=.json)
echo '{"tokens": ["a"], "heads": 0}' > "$bad"
log=$(run --scenario "$bad" --frames 3 --screenshot "$out.bad.png") || { echo "FAIL: exited non-zero on a bad scenario: $log"; exit 1; }
echo "$log" | grep -q "heads" || { echo "FAIL: no message naming the field for a bad scenario: $log"; exit 1; }
rm -f "$bad" "$out.bad.png"
# Lesson progress survives a restart: open step 3, then start again without asking for it.
run --lesson 01-dot-product-by-hand --step 3 --frames 3 --screenshot "$out.lesson.png" >/dev/null
grep -q '"lesson":"01-dot-product-by-hand"' "$XDG_CONFIG_HOME/attnviz/progress.json" || { echo "FAIL: no progress file"; exit 1; }
log=$(run --frames 3 --screenshot "$out.lesson.png")
echo "$log" | grep -q "resuming lesson 01-dot-product-by-hand at step 3" || { echo "FAIL: progress not restored: $log"; exit 1; }
rm -f "$out.lesson.png"
# The training playground: --train plays one step per frame, so 300 frames are 300 steps,
# by which seed 1 has solved the sort task (the tests in tests/core say by step 600 at most).
shot="$(dirname "$out")/desktop-training.png"
log=$(run --train sort --frames 300 --screenshot "$shot")
echo "$log" | grep -q "training sort at step 300, held-out accuracy 100.0%" || { echo "FAIL: training did not run as expected: $log"; exit 1; }
[ "$(identify -format '%k' "$shot")" -gt 200 ] || { echo "FAIL: the training screenshot looks blank"; exit 1; }
log=$(run --train translate --frames 2 --screenshot "$shot.bad.png")
echo "$log" | grep -q "train: task: unknown task 'translate'" || { echo "FAIL: no message for an unknown task: $log"; exit 1; }
rm -f "$shot.bad.png"
# Nothing moves on the first screen: the app stops drawing and waits for events (it used to
# redraw at the display's rate, ~85% of a core). --quit-when-idle exits where it would sleep;
# an app that never idles is stopped by the timeout and fails. (Fresh config: no lesson open.)
log=$(XDG_CONFIG_HOME=$(mktemp -d) timeout 120 "$app" --quit-when-idle 2>&1) || { echo "FAIL: still drawing with nothing to animate: $log"; exit 1; }
echo "$log" | grep -q "idle after" || { echo "FAIL: no idle message: $log"; exit 1; }
echo "$log"
echo "1 passed, 0 failed"
