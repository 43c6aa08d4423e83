#!/usr/bin/python3
"""Every error message the core can throw has a pattern in the message catalogue.

The UI shows the core's English errors translated (ui/error_text.cpp): each one must match an
"error.*" key's English text, placeholders standing for the variable parts. The UI test
(tests/ui/test_error_text*.cpp) produces the messages by giving the core bad input; this check
finds the throw sites a new message would come from, so a throw added without a catalogue
pattern fails here even before anyone writes a test for it.

For every throw (and every helper that builds a message: fail(), at(), value(), wrong_type(),
json_array(), expect_size(), field()) in core/, each string literal after the field/file name
must be part of a catalogue text ("tensor '" of "tensor '{tensor}': …"), or be a whole value
that a catalogue text's placeholder takes ("a boolean" for "a {type}").

usage: error_catalogue_lint.py REPO_ROOT
"""
import glob
import json
import os
import re
import sys

CALLS = re.compile(r"\b(throw\s+(?:ModelError|ScenarioError)|ModelError|ScenarioError|fail|at|value|wrong_type|json_array|"
                   r"expect_size|field)\s*\(")
# Arguments before the message: the field or file name, the JSON value being checked.
SKIPPED_ARGS = {"ModelError": 1, "ScenarioError": 1, "wrong_type": 2, "json_array": 3, "expect_size": 3, "field": 3}
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
MACHINE = re.compile(r"^[a-z_.\[\]0-9]*$")  # a key, a field, a file name: not words
FORMAT = re.compile(r"%[-+ #0-9.*]*[a-zA-Z]+")
# A command the learner copies, shown as it is in every language (inside a placeholder).
CODE = re.compile(r"python3 -c \"|^from safetensors\.torch import.*|^save_file\(.*")
# Values shown as they are in every language.
VALUES = {"+Inf", "-Inf"}
# Errors the UI never shows: a programming error, not a user's.
NOT_SHOWN = {("core/train/task.cpp", "task_by_kind: unknown kind"), ("core/link_codec.cpp", "link: cannot compress the state: ")}


def calls(code):
    """(name, [argument texts]) of every call CALLS names, arguments split at top-level commas."""
    for m in CALLS.finditer(code):
        name = m.group(1).split()[-1]
        depth, args, start, i = 1, [], m.end(), m.end()
        in_string = False
        while i < len(code) and depth:
            c = code[i]
            if in_string:
                if c == "\\":
                    i += 1
                elif c == '"':
                    in_string = False
            elif c == '"':
                in_string = True
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
                if depth == 0:
                    args.append(code[start:i])
            elif c == "," and depth == 1:
                args.append(code[start:i])
                start = i + 1
            i += 1
        yield name, args, code.count("\n", 0, m.start()) + 1


def unescape(literal):
    # Only the escapes error texts use: a quote and a backslash.
    return re.sub(r"\\(.)", lambda m: m.group(1), literal)


def around_placeholder(text, t):
    """Whether `text` fits `t` with part of it inside one placeholder: what comes before the
    placeholder ends `t`'s text before it, what comes after starts `t`'s text after it, and
    those fixed parts hold words (a literal cut by a variable part: " (kMaxHeads), got ")."""
    for m in re.finditer(r"\{[^}]*\}", t):
        before, after = t[:m.start()], re.split(r"\{[^}]*\}", t[m.end():])[0]
        for i in range(len(text) + 1):
            if not before.endswith(text[:i]):
                continue
            for j in range(i, len(text) + 1):
                if re.search(r"\s", text[i:j]):
                    break  # a name or a number, not words
                if after.startswith(text[j:]) and re.search("[A-Za-z]{2,}", text[:i] + text[j:]):
                    return True
    return False


def main(root):
    catalogue = json.load(open(os.path.join(root, "assets", "i18n", "en.json"), encoding="utf-8"))
    texts = [t for k, t in catalogue.items() if k.startswith("error.") or k.startswith("json.")]
    wholes = [re.compile("^" + re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(t)) + "$") for t in texts]
    failures, checked = [], 0
    for path in sorted(glob.glob(os.path.join(root, "core", "**", "*.cpp"), recursive=True)):
        rel = os.path.relpath(path, root)
        code = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), open(path, encoding="utf-8").read())
        for name, args, line in calls(code):
            for arg in args[SKIPPED_ARGS.get(name, 0):]:
                for literal in LITERAL.findall(arg):
                    text = CODE.split(unescape(literal))[0]
                    if (rel, text) in NOT_SHOWN or MACHINE.match(text) or not re.search("[A-Za-z]{2,}", text):
                        continue
                    checked += 1
                    pieces = [p for p in FORMAT.split(text) if re.search("[A-Za-z]{2,}", p)]
                    known = text in VALUES or any(w.match(text) for w in wholes) or \
                        all(any(p in t for t in texts) for p in pieces) or any(around_placeholder(text, t) for t in texts)
                    if not known:
                        failures.append("%s:%d: %r is in no catalogue error pattern (assets/i18n/en.json error.*)" % (rel, line, text))
    for f in failures:
        print(f)
    print("%d literals in the core's errors checked; %d passed, %d failed" % (checked, checked - len(failures), len(failures)))
    return 1 if failures or checked < 100 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
