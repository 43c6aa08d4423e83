#!/usr/bin/python3
"""No text a user reads bypasses the message catalogue (assets/i18n/, ui/i18n.h).

Lists every string literal in ui/*.cpp that reads as words for a person (it has letters,
and is not an ImGui "##id", a printf format, or a machine name such as a catalogue key
"lesson.check", a widget name or a JSON key), and fails on one in a file that is not in
NOT_CONVERTED below. It also fails when a catalogue key written in the code (tr(…, "key"),
label(app, "key", …)) is missing from the English catalogue.

Files move out of NOT_CONVERTED as their strings go through the catalogue (issue 15); a
listed file without any literal left fails too, so the list only shrinks.

usage: i18n_lint.py REPO_ROOT
"""
import glob
import json
import os
import re
import sys

# File → why its literals are still allowed.
NOT_CONVERTED = {
    "lesson.cpp": "the lesson format's errors for lesson authors, in English like the core's",
    "lesson_mode.cpp": "errors of the page API and links (no lesson “…”), in English like the core's",
    "training_api.cpp": "errors of the training page API (trainingControl …), in English like the core's",
}

LITERAL = re.compile(r'(?<![\w\'])(?:u8)?"((?:[^"\\\n]|\\.)*)"')
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
RAW = re.compile(r'R"\((.*?)\)"', re.S)  # scenario JSON (examples, a lesson's fallback): data, not interface text
FORMAT = re.compile(r"%[-+ #0-9.*]*[a-zA-Z]")
MACHINE = re.compile(r"^[a-z_.@\-][a-z0-9_.@\-]*$")  # keys, widget names (and ".suffix"es, "@2x.png"), JSON keys, placeholders
# Words: two letters or more, or a hanzi. Math stays as written in every language: one-letter
# symbols (q, E, H), names with a subscript (W_Q, W_out, √d_k) and a few function names.
WORDS = re.compile(r"[A-Za-z]{2,}|[\u3400-\u9fff]")
SYMBOL = re.compile(r"[A-Za-z]+_[A-Za-z0-9]+|\b(?:ln|exp|NaN|softmax|concat|Concat|PE)\b")
KEY_USE = re.compile(r'\b(?:tr|label)\s*\([^;"]*?"([a-z_]+(?:\.[a-z_]+)+)"')
TERNARY_KEY = re.compile(r'\?\s*"([a-z_]+(?:\.[a-z_]+)+)"\s*:\s*"([a-z_]+(?:\.[a-z_]+)+)"')


def strip_comments(code):
    # Comments out, string literals kept (a "//" inside a literal is rare here and only hides text).
    code = RAW.sub(lambda m: '""' + "\n" * m.group(0).count("\n"), code)
    return COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), code)


def user_text(literal):
    text = literal.split("##", 1)[0]  # "Check###check": only the label part is shown
    text = FORMAT.sub("", text)
    text = SYMBOL.sub("", text)
    return bool(WORDS.search(text)) and not MACHINE.match(text)


def main(root):
    catalogue = json.load(open(os.path.join(root, "assets", "i18n", "en.json"), encoding="utf-8"))
    failures, listed_with_literals = [], set()
    for path in sorted(glob.glob(os.path.join(root, "ui", "*.cpp"))):
        name = os.path.basename(path)
        lines = strip_comments(open(path, encoding="utf-8").read()).split("\n")
        for number, line in enumerate(lines, 1):
            if line.lstrip().startswith(("#include", "#pragma")):  # file names, compiler flags
                continue
            for m in LITERAL.finditer(line):
                if not user_text(m.group(1)):
                    continue
                if name in NOT_CONVERTED:
                    listed_with_literals.add(name)
                else:
                    failures.append(f"ui/{name}:{number}: \"{m.group(1)}\" is shown to users but not in the catalogue "
                                    f"(assets/i18n/*.json; tr() in ui/i18n.h)")
            keys = KEY_USE.findall(line) + ([k for pair in TERNARY_KEY.findall(line) for k in pair]
                                                if re.search(r'\b(?:tr|label)\s*\(', line) else [])  # a file name chosen by ?: is no key
            for key in keys:
                if key not in catalogue and not key.startswith(("header.", "panel.")):
                    failures.append(f"ui/{name}:{number}: catalogue key \"{key}\" is not in assets/i18n/en.json")
    for name in sorted(set(NOT_CONVERTED) - listed_with_literals):
        if os.path.exists(os.path.join(root, "ui", name)):
            failures.append(f"ui/{name} shows no literal any more: take it off NOT_CONVERTED in tests/i18n_lint.py")
    for f in failures:
        print("FAIL", f)
    print(f"{len(NOT_CONVERTED)} files not converted yet; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
