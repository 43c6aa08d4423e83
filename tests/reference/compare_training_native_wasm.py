#!/usr/bin/python3
"""Trains every task with the native attnviz-cli and the WebAssembly attnviz-cli.js (under
node) from the same seed and requires the two printed reports to be byte-identical: the
training code sums in a fixed order and uses its own exp/log/sin/cos (core/train/
portable_math.h), so unlike the forward pass (compare_native_wasm.py) no tolerance is needed.

usage: /usr/bin/python3 compare_training_native_wasm.py NATIVE_CLI WASM_CLI_JS NODE
"""
import os
import subprocess
import sys

RUNS = [  # task, extra options: every task, both optimizers, several heads, masks on and off
    ("classic", ["--steps", "200"]),
    ("copy", ["--steps", "300", "--seed", "5"]),
    ("reverse", ["--steps", "300", "--heads", "2"]),
    ("previous", ["--steps", "300", "--optimizer", "sgd", "--lr", "0.5", "--causal", "on"]),
    ("sort", ["--steps", "300", "--seed", "12", "--heads", "4"]),
]


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    native, wasm, node = sys.argv[1:]
    if not os.path.exists(wasm):
        sys.exit(f"{wasm} is missing: build the web preset first (cmake --build build/web)")
    failed = 0
    for task, options in RUNS:
        args = ["train", "--task", task] + options
        a = run([native] + args)
        b = run([node, "--no-experimental-fetch", wasm] + args)
        same = a == b
        if not same:
            first = next(i for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines())) if x != y)
            print(f"FAIL {task}: reports differ from line {first + 1}:\n  native {a.splitlines()[first]}\n  wasm   {b.splitlines()[first]}")
        else:
            print(f"ok   {task} {' '.join(options)}: {len(a)} bytes identical")
        failed += not same
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
