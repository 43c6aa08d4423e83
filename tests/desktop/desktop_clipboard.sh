#!/usr/bin/env bash
# The desktop app and the X clipboard under Xvfb (issue 14), driven as a user drives it: a
# real click (xdotool) on Copy link puts the app's page link on the CLIPBOARD selection,
# read back with xclip while the app runs (SDL owns the selection only as long as it runs);
# and text another program put on the clipboard (xclip) pastes into the sentence field with
# Ctrl+V, real key presses, and becomes the scenario (as a restart shows).
# usage: desktop_clipboard.sh ATTNVIZ_BINARY PYTHON
set -euo pipefail
app=$1 py=$2
. "$(dirname "$0")/xvfb.sh"
export XDG_CONFIG_HOME="$work/config" HOME="$work"
pids=()
trap 'kill "${pids[@]}" $xvfb 2>/dev/null; rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*"
  [ -f "$work/app.log" ] && sed 's/^/  app: /' "$work/app.log"
  echo "  clipboard: $(clipboard | head -c 100)"
  [ -f "$XDG_CONFIG_HOME/attnviz/progress.json" ] && echo "  progress.json: $(head -c 400 "$XDG_CONFIG_HOME/attnviz/progress.json")"
  exit 1
}
for tool in xclip xdotool; do command -v $tool >/dev/null || fail "$tool is missing (scripts/install-deps.sh installs it)"; done
clipboard() { xclip -o -selection clipboard 2>/dev/null || true; }
# Waits on a condition, not a time: checks every 0.1 s; the bound only ends a hung test.
wait_for() { for _ in $(seq 900); do if eval "$1"; then return 0; fi; sleep 0.1; done; fail "no $2"; }
tokens() { "$py" -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["tokens"]))' "$1"; }

cat > "$work/start.json" <<'JSON'
{"text": "copy me please", "embedding": {"dim": 4, "seed": 2}, "heads": 2}
JSON
"$app" --scenario "$work/start.json" --print-widget header.copy_link --print-widget tokens.sentence > "$work/app.log" 2>&1 &
pids+=($!)
wait_for 'grep -q "widget tokens.sentence" "$work/app.log"' "widget positions from the app"
wid=$(xdotool search --sync --onlyvisible --name '^attnviz')
click() { # the middle of widget $1, in the window's pixels
  local x y w h
  read -r x y w h <<<"$(sed -n "s/^attnviz: widget $1 //p" "$work/app.log")"
  [ -n "$h" ] || fail "widget $1 was not drawn"
  # Keyboard focus as a window manager gives it on a click (Xvfb runs none).
  xdotool windowfocus --sync "$wid"
  xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
}

# 1. Copy link puts the app's link on the X clipboard (checked in 3, once the app is closed:
#    other windows on the display would take the keyboard focus step 2 needs).
[ -z "$(clipboard)" ] || fail "the clipboard is not empty at the start: $(clipboard)"
click header.copy_link
wait_for '[[ "$(clipboard)" == http* ]]' "link on the X clipboard after a click on Copy link"
link=$(clipboard)
echo "clipboard after Copy link: ${link:0:60}… (${#link} characters)"

# 2. Ctrl+V pastes what xclip put on the clipboard into the sentence field. xclip serves
#    the selection in the foreground (-quiet) until we stop it.
printf 'pasted from xclip' > "$work/clip.txt"
xclip -quiet -selection clipboard -i "$work/clip.txt" >/dev/null 2>&1 &
pids+=($!)
wait_for '[ "$(clipboard)" = "pasted from xclip" ]' "text on the clipboard from xclip"
click tokens.sentence
xdotool key --delay 50 ctrl+a ctrl+v Return
progress="$XDG_CONFIG_HOME/attnviz/progress.json"
wait_for 'grep -qs "pasted from xclip" "$progress"' "pasted sentence in the app's scenario (progress.json)"
kill "${pids[0]}"
wait "${pids[0]}" || true

# 3. The copied link is exactly the link the app makes (--print-link prints the same text)
#    and opens to the scenario it was copied from.
again=$(XDG_CONFIG_HOME="$work/other" "$app" --scenario "$work/start.json" --frames 3 --screenshot "$work/s.png" --print-link 2>&1)
[ "$link" = "$(echo "$again" | sed -n 's/^attnviz: link //p')" ] || fail "the clipboard held $link, the app's link is: $again"
XDG_CONFIG_HOME="$work/other" "$app" "$link" --frames 5 --screenshot "$work/s.png" --export result.json --export-dir "$work/opened" >/dev/null 2>&1
[ "$(tokens "$work/opened/attnviz-result.json")" = "copy me please" ] || fail "the copied link does not open the scenario"
log=$("$app" --frames 5 --screenshot "$work/s.png" --export result.json --export-dir "$work/restart" 2>&1) || fail "restart: $log"
got=$(tokens "$work/restart/attnviz-result.json")
[ "$got" = "pasted from xclip" ] || fail "after the paste a restart's tokens are: $got"
echo "pasted from xclip: the sentence field and a restart's tokens are [pasted, from, xclip]"
echo "1 passed, 0 failed"
