#!/usr/bin/env bash
# The desktop app's links, files and exports (issue 14) in a real X server (Xvfb): a file
# dropped on the window (an SDL_DROPFILE event through SDL's queue) opens; exports write a
# heatmap PNG of the expected size and the whole window as PNG; a link the app copies opens
# to the same result; the scenario survives a restart; a corrupt link or file leaves the
# default with a message. (tests/browser/e2e_links.mjs checks the page's links here.)
# usage: desktop_links.sh ATTNVIZ_BINARY PYTHON
set -euo pipefail
app=$1 py=$2
. "$(dirname "$0")/xvfb.sh"
export XDG_CONFIG_HOME="$work/config" HOME="$work"
fail() { echo "FAIL: $*"; exit 1; }
# Exports run after frame 3 and the whole view is captured in the frames after (1×, then 2×): 7 frames do.
run() { "$app" --frames 7 --screenshot "$work/shot.png" "$@" 2>&1; }

# 1. A scenario file dropped on the window opens; exports write a PNG heatmap, the view at the
#    screen's resolution and at 2× (two frames in a row) and the result.
cat > "$work/dropped.json" <<'JSON'
{"text": "dropped on the window", "embedding": {"dim": 4, "seed": 3}, "mask": "causal"}
JSON
log=$(run --drop "$work/dropped.json" --export weights.png --export weights@2x.png --export view.png --export view@2x.png \
          --export result.json --export-dir "$work/out" --print-link --print-widget heatmap.weights) || fail "exited non-zero: $log"
echo "$log"
echo "$log" | grep -q "opened $work/dropped.json" || fail "the drop did not open the file"
[ "$(identify -format '%wx%h' "$work/out/attnviz-view.png")" = 1280x800 ] || fail "view.png is not 1280x800"
[ "$(identify -format '%k' "$work/out/attnviz-view.png")" -gt 200 ] || fail "view.png looks blank"
[ "$(identify -format '%wx%h' "$work/out/attnviz-view@2x.png")" = 2560x1600 ] || fail "view@2x.png is not 2560x1600"
# The same view twice the size: averaged down it is the 1× picture, the heatmap's cells at
# doubled positions, its text sharper than the 1× magnified (compare_2x.py).
heatmap=$(echo "$log" | sed -n 's/^attnviz: widget heatmap.weights //p')
[ -n "$heatmap" ] && [ "$heatmap" != - ] || fail "the weights heatmap was not drawn"
# shellcheck disable=SC2086 # x y w h
"$py" "$(dirname "$0")/compare_2x.py" "$work/out/attnviz-view.png" "$work/out/attnviz-view@2x.png" $heatmap 4 4 ||
  fail "view@2x.png is not the view at 2x"
w1=$(identify -format '%w' "$work/out/attnviz-weights-head1.png")
h1=$(identify -format '%h' "$work/out/attnviz-weights-head1.png")
w2=$(identify -format '%w' "$work/out/attnviz-weights-head1@2x.png")
[ "$w1" = "$h1" ] && [ $((w1 % 4)) = 0 ] && [ "$w2" = $((2 * w1)) ] || fail "heatmap PNG sizes ${w1}x${h1}, 2x: $w2"
echo "weights.png ${w1}x${h1} (4 tokens, $((w1 / 4)) px a cell), 2x: ${w2} wide"
"$py" - "$work/out/attnviz-result.json" <<'PY' || fail "the dropped scenario's result is wrong"
import json, sys, numpy as np
r = json.load(open(sys.argv[1]))
assert r["tokens"] == ["dropped", "on", "the", "window"], r["tokens"]
w = np.array(r["heads"][0]["weights"])
assert np.allclose(np.triu(w, 1), 0) and np.allclose(w.sum(axis=1), 1), w  # causal, rows sum to 1
PY

# 2. The link the app copies (--print-link prints what Copy link puts on the clipboard)
#    opens to the same result, bit for bit (the same binary); it was also kept for a restart.
link=$(echo "$log" | sed -n 's/^attnviz: link //p')
case "$link" in http://127.0.0.1:8080/index.html#s=1.*) ;; *) fail "no link printed: $link" ;; esac
rm -rf "$XDG_CONFIG_HOME"
log=$(run "$link" --export result.json --export-dir "$work/again") || fail "exited non-zero on the link: $log"
cmp -s "$work/out/attnviz-result.json" "$work/again/attnviz-result.json" || fail "the link's result differs"
log=$(run --export result.json --export-dir "$work/restart") || fail "exited non-zero on restart: $log"
cmp -s "$work/out/attnviz-result.json" "$work/restart/attnviz-result.json" || fail "a restart lost the scenario"

# 3. Corrupt links and files: a message saying why, and the app draws on with what it had.
log=$(run --link "${link:0:60}" --export result.json --export-dir "$work/bad") || fail "exited non-zero: $log"
echo "$log" | grep -q "This link could not be opened: the link is damaged or cut short" || fail "no message for a cut link: $log"
cmp -s "$work/out/attnviz-result.json" "$work/bad/attnviz-result.json" || fail "a cut link changed the scenario"
echo '{"tokens": ["a", "b"], "embeddings": [[1, 0' > "$work/broken.json"
log=$(run --drop "$work/broken.json") || fail "exited non-zero on a broken file: $log"
echo "$log" | grep -q "broken.json (a scenario) was not opened\|broken.json was not opened: .*parse error" || fail "no message for a broken file: $log"
log=$(run --link 'index.html#lesson=01-dot-product-by-hand&step=2') || fail "exited non-zero on a lesson link: $log"
"$py" -c 'import json,sys; p=json.load(open(sys.argv[1])); sys.exit(0 if (p["lesson"], p["step"]) == ("01-dot-product-by-hand", 2) else 1)' "$XDG_CONFIG_HOME/attnviz/progress.json" || fail "the lesson link did not open step 2"
echo "1 passed, 0 failed"
