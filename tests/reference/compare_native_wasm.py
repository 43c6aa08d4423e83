#!/usr/bin/python3
"""Runs every tests/data/*.json scenario through the native attnviz-cli and the
WebAssembly attnviz-cli.js (under node) and compares all numbers in the two result JSONs.

Not bit-exact by design: natively Eigen's matrix products use SSE2 with its own blocking
and summation order, while the wasm build sums in another order; and glibc's and musl's
exp/sin/cos may differ in the last bit. Each such difference is ~1e-16 relative, so
1e-12 absolute is far above rounding noise and far below any real discrepancy.

usage: /usr/bin/python3 compare_native_wasm.py NATIVE_CLI WASM_CLI_JS NODE DATA_DIR
"""
import glob
import json
import math
import os
import subprocess
import sys

TOLERANCE = 1e-12


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def max_difference(a, b, path, problems):
    """Largest |a − b| over all numbers; structural mismatches go to `problems`."""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{path}: length {len(a)} != {len(b)}")
            return 0.0
        return max((max_difference(x, y, f"{path}[{i}]", problems) for i, (x, y) in enumerate(zip(a, b))), default=0.0)
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            problems.append(f"{path}: keys differ")
            return 0.0
        return max((max_difference(a[k], b[k], f"{path}.{k}", problems) for k in a), default=0.0)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        diff = abs(a - b)
        if not math.isfinite(diff) or diff > TOLERANCE:
            problems.append(f"{path}: {a!r} != {b!r}")
        return diff
    if a != b:  # strings, booleans, null (masked logits)
        problems.append(f"{path}: {a!r} != {b!r}")
    return 0.0


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    native, wasm, node, data_dir = sys.argv[1:]
    if not os.path.exists(wasm):
        sys.exit(f"{wasm} is missing: build the web preset first (cmake --build build/web)")
    scenarios = sorted(glob.glob(os.path.join(data_dir, "*.json")))
    if not scenarios:
        sys.exit(f"no scenarios in {data_dir}")
    failed = 0
    for path in scenarios:
        problems = []
        diff = max_difference(run([native, path]), run([node, "--no-experimental-fetch", wasm, path]), "", problems)
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {os.path.basename(path)}: max |native − wasm| = {diff:.3g}")
        for p in problems[:10]:
            print(f"       {p}")
        failed += bool(problems)
    print(f"{len(scenarios) - failed}/{len(scenarios)} scenarios agree within {TOLERANCE}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
