#!/usr/bin/env bash
# The desktop app on attention files under Xvfb: NumPy writes a bidirectional JSON file and a
# causal safetensors file (tests/reference/attention_file_writer.py); --attention FILE
# --head L,H renders each in model mode (a screenshot with many colours), and a file whose
# rows do not sum to 1 is reported on stderr by name while the app still starts and renders.
# usage: desktop_attention.sh ATTNVIZ_BINARY OUT_PNG
set -euo pipefail
app=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$out")"
source "$here/xvfb.sh"
XDG_CONFIG_HOME="$work"
export XDG_CONFIG_HOME
/usr/bin/python3 - "$here/../reference" "$work" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import attention_file_writer as w
work = sys.argv[2]
rng = np.random.default_rng(7)
tokens = "[CLS] the cat sat on the mat because it was warm [SEP]".split()
w.write_json(f"{work}/bert.json", tokens, w.softmax_attention(rng, 2, 4, len(tokens), False, spread=2.0), causal=False, model="bert-like")
w.write_safetensors(f"{work}/gpt.safetensors", [f"t{i}" for i in range(200)], w.softmax_attention(rng, 3, 4, 200, True), causal=True, model="gpt-like")
bad = w.softmax_attention(rng, 1, 2, 4, False) * 2.0  # rows sum to 2
w.write_json(f"{work}/bad.json", list("abcd"), bad)
PY
rm -f "$out"
log=$("$app" --size 1280x800 --attention "$work/bert.json" --head 1,2 --frames 12 --screenshot "$out" 2>&1) || { echo "FAIL: the app exited non-zero: $log"; exit 1; }
[ -s "$out" ] || { echo "FAIL: no screenshot written to $out: $log"; exit 1; }
colours=$(identify -format '%k' "$out")
echo "screenshot $out: $colours distinct colours"
[ "$colours" -gt 300 ] || { echo "FAIL: the attention file looks blank ($colours colours)"; exit 1; }
log=$("$app" --size 1280x800 --attention "$work/gpt.safetensors" --head 2,3 --frames 12 --screenshot "${out%.png}-causal.png" 2>&1) || { echo "FAIL: exited non-zero on safetensors: $log"; exit 1; }
echo "$log" | grep -q "attnviz: --" && { echo "FAIL: a message on a good file: $log"; exit 1; }
log=$("$app" --size 800x600 --attention "$work/bad.json" --frames 3 --screenshot "$work/bad.png" 2>&1) || { echo "FAIL: exited non-zero on a bad file: $log"; exit 1; }
echo "$log" | grep -q "attnviz: --attention: .*bad.json: .* sums to 2, not 1" || { echo "FAIL: no message naming the file and the row sums: $log"; exit 1; }
[ -s "$work/bad.png" ] || { echo "FAIL: no screenshot after a bad file"; exit 1; }
echo "ok: attention files render on the desktop; a bad one is reported"
