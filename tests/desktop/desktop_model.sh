#!/usr/bin/env bash
# The desktop app in model mode under Xvfb: --model DIR opens the shipped GPT-2, renders the
# model panel and the head's heatmaps (a screenshot with many colours), and a folder that is
# not a model is reported on stderr while the app still starts and renders.
# usage: desktop_model.sh ATTNVIZ_BINARY MODEL_DIR OUT_PNG
set -euo pipefail
app=$1 model=$2 out=$3
mkdir -p "$(dirname "$out")"
source "$(dirname "$0")/xvfb.sh"
XDG_CONFIG_HOME="$work" # progress goes to a throwaway config folder
export XDG_CONFIG_HOME
rm -f "$out"
log=$("$app" --size 1280x800 --model "$model" --text "A fool and his money are soon parted. A fool and his money" \
      --head 1,1 --frames 12 --screenshot "$out" 2>&1) || { echo "FAIL: the app exited non-zero: $log"; exit 1; }
echo "$log"
[ -s "$out" ] || { echo "FAIL: no screenshot written to $out"; exit 1; }
colours=$(identify -format '%k' "$out")
echo "screenshot $out: $colours distinct colours"
[ "$colours" -gt 300 ] || { echo "FAIL: model mode looks blank ($colours colours)"; exit 1; }
# The model view alone (the model panel's grid), for the README.
convert "$out" -crop 330x190+12+255 +repage "${out%.png}-view.png"
# Not a model: one message naming the file; the app still renders.
mkdir "$work/bad" && echo '{"n_layer": 2}' > "$work/bad/config.json"
log=$("$app" --size 800x600 --model "$work/bad" --frames 3 --screenshot "$work/bad.png" 2>&1) || { echo "FAIL: exited non-zero on a bad model: $log"; exit 1; }
echo "$log" | grep -q "attnviz: --model: .*vocab.json" || { echo "FAIL: no message naming the file for a bad model: $log"; exit 1; }
[ -s "$work/bad.png" ] || { echo "FAIL: no screenshot after a bad model"; exit 1; }
echo "ok: model mode renders; a bad model folder is reported"
