# Sourced by the desktop tests: starts one Xvfb at 1280×800 for the script's runs and exports
# DISPLAY; stops it (and removes $work) on exit. -displayfd lets Xvfb pick a free display
# itself and say which once it is ready, so tests running in parallel never race for a
# display number (as `xvfb-run -a` can).
work=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "FAIL: Xvfb did not start: $(cat "$work/xvfb.log")"; exit 1; }
DISPLAY=":$(head -n1 "$work/display")"
export DISPLAY
