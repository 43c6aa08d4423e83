#!/usr/bin/python3
"""The whole view at 2× against the same view at the screen's resolution (issue 14).

The 2× picture must be the 1× view drawn for twice the pixels: exactly twice the width and
height; averaged back down 2×2 it matches the 1× picture (text anti-aliasing differs a
little, nothing moves); a widget's pixels sit at doubled positions (the heatmap's cells,
when a rect is given); and its text is rasterised at 2×, not a magnified 1× bitmap: its
gradient energy is well above that of the 1× picture magnified (each edge of a magnified
bitmap spreads over two pixels, which halves the energy of its steps).

usage: compare_2x.py VIEW.png VIEW@2x.png [X Y W H ROWS COLS]   (the heatmap's rect, cells)
Prints the measured figures; exits 1 naming what does not hold.
"""
import subprocess
import sys

import numpy as np


def load(path):
    size = subprocess.run(["identify", "-format", "%w %h", path], check=True, capture_output=True, text=True).stdout
    w, h = map(int, size.split())
    raw = subprocess.run(["convert", path, "-depth", "8", "rgb:-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(h, w, 3).astype(np.float64)


def energy(img):
    grey = img.mean(axis=2)
    return float((np.diff(grey, axis=1) ** 2).sum() + (np.diff(grey, axis=0) ** 2).sum())


def main():
    one, two = load(sys.argv[1]), load(sys.argv[2])
    h, w = one.shape[:2]
    failures = []
    if two.shape[:2] != (2 * h, 2 * w):
        print(f"FAIL: 2x is {two.shape[1]}x{two.shape[0]}, 1x is {w}x{h}")
        return 1
    down = two.reshape(h, 2, w, 2, 3).mean(axis=(1, 3))
    diff = np.abs(down - one)
    mad = float(diff.mean())
    off = float((diff.max(axis=2) > 64).mean())
    # The 1× picture magnified as a GPU does a bitmap (bilinear, half-pixel centres), the
    # blurry result the 2× export must not be.
    pad = np.pad(one, ((1, 1), (1, 1), (0, 0)), mode="edge")
    up = np.empty_like(two)
    for dy, sy in ((0, -1), (1, 1)):
        for dx, sx in ((0, -1), (1, 1)):
            near = pad[1:-1, 1:-1]
            up[dy::2, dx::2] = (9 * near + 3 * pad[1 + sy:h + 1 + sy, 1:-1] + 3 * pad[1:-1, 1 + sx:w + 1 + sx] +
                                pad[1 + sy:h + 1 + sy, 1 + sx:w + 1 + sx]) / 16
    sharp = energy(two) / energy(up)
    print(f"2x {2 * w}x{2 * h} vs 1x {w}x{h}: downscaled mean |diff| {mad:.2f}/255, pixels off by > 64: {100 * off:.3f}%, "
          f"gradient energy vs the 1x magnified: {sharp:.2f}x")
    if mad > 2.0:
        failures.append(f"the downscaled 2x differs from 1x by {mad:.2f} on average")
    if off > 0.005:
        failures.append(f"{100 * off:.2f}% of the downscaled 2x's pixels are far from 1x")
    if sharp < 2.4:
        failures.append(f"the 2x text is no sharper than the 1x magnified ({sharp:.2f}x)")
    if len(sys.argv) == 9:
        x, y, cw, ch, rows, cols = map(float, sys.argv[3:])
        worst = 0.0
        for i in range(int(rows)):
            for j in range(int(cols)):
                # A corner of the cell: its centre holds the printed value.
                px, py = x + cw / cols * (j + 0.2), y + ch / rows * (i + 0.2)
                a, b = one[int(py), int(px)], two[int(2 * py), int(2 * px)]
                worst = max(worst, float(np.abs(a - b).max()))
                if np.abs(a - b).max() > 3:
                    failures.append(f"heatmap cell {i},{j}: 1x {a} at ({px:.0f},{py:.0f}), 2x {b} at double")
        print(f"heatmap cells at doubled positions: {int(rows) * int(cols)} checked, largest difference {worst:.0f}/255")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
