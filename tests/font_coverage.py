#!/usr/bin/python3
r"""Every character the UI or a lesson can print is in the UI font subset.

A glyph missing from the subset shows as '?' in the app, which a learner reads as a
broken formula. Message catalogues (.json) are read as JSON, so a \u escape counts as the
character it stands for. usage: font_coverage.py FONT.ttf FILE...
"""
import json
import sys
from fontTools.ttLib import TTFont


def printed_text(path):
    with open(path, encoding="utf-8") as f:
        if not path.endswith(".json"):
            return f.read()
        return "".join(v for v in json.load(f).values() if isinstance(v, str))


font, files = sys.argv[1], sys.argv[2:]
cmap = TTFont(font).getBestCmap()
missing = {}
for path in files:
    for ch in printed_text(path):
        if ord(ch) > 0x7E and ord(ch) not in cmap:
            missing.setdefault(ch, set()).add(path)
for ch, where in sorted(missing.items()):
    print("missing U+%04X %s in %s" % (ord(ch), ch, ", ".join(sorted(where))))
print("%d passed, %d failed" % (0 if missing else 1, 1 if missing else 0))
sys.exit(1 if missing else 0)
