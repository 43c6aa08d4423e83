#!/usr/bin/env bash
# The desktop app in Chinese (issue 15) under Xvfb: LANG=zh_CN.UTF-8 opens the Chinese
# lesson; --lang en overrides the locale and is remembered; --lang with an unknown code is
# refused with a message. Leaves a screenshot of lesson 1 step 1 in Chinese.
# usage: desktop_chinese.sh ATTNVIZ_BINARY OUT_PNG
set -euo pipefail
app=$1 out=$2
mkdir -p "$(dirname "$out")"
source "$(dirname "$0")/xvfb.sh"
XDG_CONFIG_HOME="$work/config" # lesson progress and the chosen language: a throwaway config folder
export XDG_CONFIG_HOME
unset LC_ALL LC_MESSAGES
run() { "$app" "$@" 2>&1; }
fail() { echo "FAIL: $1"; exit 1; }

rm -f "$out"
log=$(LANG=zh_CN.UTF-8 run --size 1280x800 --lesson 01-dot-product-by-hand --step 1 --frames 12 --screenshot "$out") || fail "exited non-zero: $log"
echo "$log"
echo "$log" | grep -q "lesson 01-dot-product-by-hand step 1 in zh: 手算点积注意力" || fail "LANG=zh_CN.UTF-8 did not show the Chinese lesson"
[ "$(identify -format '%k' "$out")" -gt 200 ] || fail "the screenshot looks blank"
# The locale was not a choice: nothing saved, so LANG=C (English) starts in English.
grep -q '"lang":null' "$XDG_CONFIG_HOME/attnviz/progress.json" || fail "the locale's language was saved as a choice"
log=$(LANG=C run --frames 3 --screenshot "$work/en.png")
echo "$log" | grep -q "step 1 in en: Dot-product attention by hand" || fail "LANG=C is not English: $log"
# --lang beats the locale and is remembered.
LANG=zh_CN.UTF-8 run --lang en --frames 3 --screenshot "$work/en.png" | grep -q "in en: Dot-product" || fail "--lang en ignored"
log=$(LANG=zh_CN.UTF-8 run --frames 3 --screenshot "$work/en.png")
echo "$log" | grep -q "in en: Dot-product" || fail "the chosen language was not remembered: $log"
log=$(run --lang fr --frames 1 --screenshot "$work/fr.png") && fail "--lang fr accepted"
echo "$log" | grep -q "\-\-lang wants en or zh, got 'fr'" || fail "no message for --lang fr: $log"
echo "1 passed, 0 failed"
