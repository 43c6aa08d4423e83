#!/usr/bin/python3
"""Every number written in a lesson's prose (text, task prompt, success message, hint,
summary) is listed here with an independent computation of what it says: numpy
(attention_model.py, written from docs/scenario-format.md) on the step's scenario, or
plain arithmetic. An unlisted literal, or one that is not its computation rounded to the
digits written, fails. Small whole numbers that name things (token 3, row 1, lesson 2,
d_k = 4 columns) are listed as LABEL: accepted as written, but still listed, so a new
literal cannot slip in unread.

It also checks tests/lessons/hand_answers.json: each hand calculation, rounded as typed.

Translations (assets/lessons/<lang>/, docs/lesson-format.md) state the same numbers as
their English twin, so they are checked against the same MANIFEST entries; a number only
a translation writes goes into TRANSLATION_MANIFEST with its own computation.

usage: /usr/bin/python3 check_lesson_numbers.py path/to/assets/lessons
"""
import glob
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attention_model as model  # noqa: E402
import lesson_text  # noqa: E402
import model_reference  # noqa: E402  (the shipped GPT-2 in PyTorch, for steps with a "model")

LABEL = "label"
CLASSIC = {"tokens": ["x₁", "x₂", "x₃"], "embeddings": [[1, 0, 1], [0, 1, 0], [1, 1, 1]], "projections": "identity", "scale": False}
SENTENCE = "the cost of attention grows with the square of the length because every token is compared with every other token in the whole sentence"


class Step:
    """One step's opening scenario, computed by the model; 1-based accessors as in the lessons."""

    def __init__(self, scenario):
        self.r = model.compute(scenario)
        h = self.r["heads"][0]
        self.T, self.Ts = len(self.r["tokens"]), len(self.r["source_tokens"])
        self.d_model, self.d_k = self.r["d_model"], self.r["d_k"]
        self.w = lambda i, j, head=1: self.r["heads"][head - 1]["weights"][i - 1, j - 1]
        self.s = lambda i, j: h["scores"][i - 1, j - 1]
        self.l = lambda i, j: h["logits"][i - 1, j - 1]
        self.o = lambda i, c, head=1: self.r["heads"][head - 1]["output"][i - 1, c - 1]
        self.out = lambda i, c: self.r["output"][i - 1, c - 1]
        self.x = lambda i, c: self.r["x"][i - 1, c - 1]
        self.H = lambda i: h["entropy"][i - 1]
        self.wmax = lambda i: h["weights"][i - 1].max()
        self.wargmax = lambda i, head=1: int(self.r["heads"][head - 1]["weights"][i - 1].argmax()) + 1
        self.span = lambda i: np.ptp(h["logits"][i - 1])


def with_patch(scenario, patch):
    return model.merge_patch(scenario, patch)


# lesson id → {step: {literal as written: Python expression}}. In the expression: `r` is
# the step's opening Step, `R` the Step after a prediction's reveal, `S[n]` step n's Step,
# `v(patch)` the Step of this step's scenario with a patch, math and np.
MANIFEST = {
    "01-dot-product-by-hand": {
        1: {"1": LABEL, "0": LABEL, "3": "r.T == 3 and r.d_model"},
        2: {"4": LABEL, "3": LABEL, "1": LABEL, "2": LABEL},
        3: {"5": LABEL, "1": LABEL, "0": LABEL, "2": "r.s(1, 3)"},
        4: {"1": LABEL},
        5: {"1": LABEL, "2": "r.s(1, 1)", "0": "r.s(1, 2)", "3": LABEL, "7.389": "math.exp(2)", "0.468": "r.w(1, 3)"},
        6: {"1": LABEL, "0": LABEL, "7": LABEL, "6": LABEL, "0.468": "r.w(1, 1)", "0.063": "r.w(1, 2)",
            "0.531": "round(r.w(1,1), 3)*0 + round(r.w(1,2), 3)*1 + round(r.w(1,3), 3)*1", "0.532": "r.o(1, 2)"},
        7: {"1": "max(r.o(1, 1), r.o(1, 2), r.o(1, 3)) <= 1 and 1", "0.8": "0.8", "0.2": "0.2", "1.5": "1.5", "0": LABEL},
        8: {"3": "r.s(3, 3)", "1": LABEL},
        9: {"3": LABEL, "1": LABEL, "0.9": "0.9"},
        10: {"2": LABEL},
    },
    "02-why-scale": {
        0: {"4": "S[1].d_model", "64": "S[3].d_model", "1": LABEL},
        1: {"1": LABEL, "0": LABEL, "3": LABEL, "7": "r.T", "1.946": "math.log(7)", "1.912": "r.H(1)", "2": LABEL,
            "7.389": "math.exp(2)"},
        2: {"1": LABEL, "16": "16"},
        3: {"64": "r.d_model", "1": LABEL, "4": "S[1].d_k", "-0.41": "S[1].r['heads'][0]['scores'][0].min()",
            "0.33": "S[1].r['heads'][0]['scores'][0].max()", "5": LABEL, "148": "math.exp(5)", "3": LABEL, "0.992": "r.wmax(1)"},
        4: {"0": LABEL, "1": LABEL, "4": "math.sqrt(64) / math.sqrt(4)", "-0.41": "S[1].r['heads'][0]['scores'][0].min()",
            "0.33": "S[1].r['heads'][0]['scores'][0].max()", "64": "r.d_k", "8": "math.sqrt(64)", "2": "math.sqrt(4)", "16": "2 ** 4"},
        5: {"1": LABEL, "0.367": "v({'scale': True, 'embedding': {'dim': 4}}).span(1)", "4": LABEL,
            "1.366": "v({'scale': True}).span(1)", "64": "r.d_k", "0.735": "S[1].span(1)", "10.930": "r.span(1)",
            "0.6": "0.6", "0.992": "r.wmax(1)", "0.301": "v({'scale': True}).wmax(1)", "0.054": "r.H(1)",
            "1.846": "v({'scale': True}).H(1)"},
        6: {"1": LABEL, "8": "math.sqrt(r.d_k)", "3": LABEL, "6.045": "r.s(1, 1)", "0.756": "round(r.s(1, 1), 3) / 8", "64": "r.d_k"},
        7: {"1": LABEL, "7.5": "7.5", "8.5": "8.5", "8": "math.sqrt(r.d_k)", "0.301": "v({'scale': False, 'temperature': 8}).wmax(1)"},
        8: {"1": LABEL, "100": "100", "3": LABEL},
        9: {"1": LABEL, "0": LABEL},
    },
    "03-queries-keys-values": {
        1: {"4": "r.d_model", "3": LABEL, "0.715": "r.s(2, 1)"},
        2: {"3": LABEL, "0.355": "r.wmax(3) if r.wargmax(3) == 3 else -1"},
        3: {"2": LABEL},
        4: {"3": LABEL, "4": LABEL, "-0.210": "r.s(2, 1)", "-1.118": "r.s(1, 2)", "2": LABEL, "1": LABEL},
        6: {"1": LABEL, "2": LABEL, "3": LABEL, "4": LABEL, "0": LABEL, "-0.524": "R.o(1, 2)"},
        7: {"1": LABEL, "2": LABEL, "3": LABEL, "-0.524": "R.o(1, 1)"},
    },
    "04-masking": {
        1: {"1": "r.wargmax(1) - 3"},
        2: {"1": LABEL},
        3: {"1": "r.w(1, 1)", "3": LABEL},
        4: {"5": LABEL, "0": LABEL, "2": LABEL, "3": LABEL, "0.696": "r.w(2, 1)", "0.373": "r.l(2, 1)",
            "1.452": "math.exp(round(r.l(2, 1), 3))", "-0.455": "r.l(2, 2)", "0.634": "math.exp(round(r.l(2, 2), 3))"},
        5: {"1": LABEL, "3": LABEL, "6": "R.T", "4": LABEL, "5": LABEL},
        6: {"1": LABEL, "5": LABEL, "7": "r.T + 1", "49": "7 * 7"},
        7: {"4": LABEL, "1": LABEL},
        8: {"4": "R.T", "1": LABEL, "0": LABEL, "-0.316": "S[7].o(1, 1)", "3": LABEL, "-0.047": "r.o(1, 1)"},
        9: {"0": LABEL, "2": LABEL, "-10000": "-10000", "1": LABEL, "4": LABEL},
        10: {"0": LABEL, "1": LABEL},
    },
    "05-multi-head": {
        1: {"8": "r.d_model", "2": "R.r['d_model'] // R.d_k", "4": "R.d_k", "1": LABEL},
        2: {"4": "r.d_k", "1": LABEL, "7": LABEL, "2": LABEL, "5": "r.d_k + 1", "8": "r.d_model"},
        3: {"1": LABEL, "2": LABEL, "4": "r.d_k", "3": LABEL, "0.5": "1 / math.sqrt(r.d_k)", "8": "r.d_model",
            "0.354": "1 / math.sqrt(8)"},
        4: {"1": LABEL, "2": LABEL, "4": "r.wargmax(2)"},
        5: {"2": "r.wargmax(2, 2)", "1": LABEL},
        6: {"1": LABEL, "2": LABEL},
        7: {"7": LABEL, "2": LABEL, "1": LABEL, "8": "r.d_model", "5": "r.d_k + 1", "4": "r.d_k"},
        8: {"4": "4", "2": "r.d_model // 4"},
    },
    "06-order": {
        1: {"1": LABEL, "3": "r.T", "-0.456": "r.out(1, 1)"},
        2: {"3": LABEL, "-0.456": "R.out(3, 1)"},
        3: {"0.288": "r.w(3, 1) if abs(r.w(3, 1) - S[1].w(1, 3)) < 1e-12 else -1", "4": LABEL, "1": LABEL, "-0.456": "r.out(1, 1) if r.r['tokens'][0] == 'dog' else S[1].out(1, 1)"},
        4: {"2": LABEL, "10000": "10000", "1": LABEL, "0": LABEL},
        5: {"1": LABEL, "0": LABEL, "2": LABEL, "-0.48": "r.x(2, 1) - math.sin(1)", "3": LABEL, "0.841": "math.sin(1)",
            "0.361": "r.x(2, 1)", "57": "math.degrees(1)"},
        6: {"3": LABEL, "-0.456": "S[3].out(3, 1)", "2": LABEL, "-0.82": "r.x(3, 1) - math.sin(2)",
            "0.909": "math.sin(2)", "0.089": "r.x(3, 1)", "115": "math.degrees(2)", "1": LABEL},
        7: {"1": LABEL, "0.195": "r.out(3, 1)", "-0.456": "S[1].out(1, 1)", "0.32": "R.x(1, 2) - 1", "0": LABEL, "1.32": "R.x(1, 2)"},
    },
    "07-cost": {
        1: {"6": "r.T", "36": "r.T ** 2"},
        2: {"16": "16"},
        3: {"24": "r.T", "8": "r.d_k", "576": "r.T ** 2", "4608": "r.T ** 2 * r.d_k"},
        5: {"24": "len(SENTENCE.split())", "10,000": "10000", "134": "len(SENTENCE)",
            "111": "len(SENTENCE.replace(' ', '')) if len(model.tokenize(SENTENCE, 'chars')) == 111 else -1", "12,321": "111 ** 2"},
        6: {"1": LABEL, "4": "len(['W_Q', 'W_K', 'W_V', 'W_O'])", "512": "512"},
        7: {"512": "512", "262,144": "512 ** 2", "100,000": "100000", "4": "4", "40": "4e10 / 1e9"},
    },
    "08-cross-attention": {
        1: {"4": LABEL, "2": "r.T", "3": "r.Ts", "6": "r.T * r.Ts"},
        2: {"1": "r.s(1, 3)", "0": LABEL},
        3: {"1": LABEL, "0": LABEL, "3": LABEL, "2.718": "math.e", "0.422": "r.w(1, 1)"},
        4: {"1": LABEL, "2": LABEL, "0": LABEL, "3": LABEL, "0.155": "r.w(1, 2)", "0.422": "r.w(1, 3)",
            "0.999": "round(r.w(1, 2), 3) * 1 + round(r.w(1, 3), 3) * 2"},
        5: {"2": LABEL, "1": LABEL, "3": "r.Ts", "0.34": "0.34"},
        6: {"2": LABEL},  # GPT-2
    },
}


# Lesson 9's steps show the shipped model: `M(text)` is the PyTorch reference run of it on a
# text (tests/lessons/model_reference.py; M(t).pattern(layer, head, "previous")), `C` its config.json.
FOOL = "A fool and his money are soon parted."
TWICE = " ".join(["time into work new when want than and said how bec every cont off say one"] * 2)
MANIFEST["09-trained-heads"] = {
    0: {"2": LABEL},  # GPT-2
    1: {"2": "C['n_layer']", "4": "C['n_head']", "128": "C['n_embd']", "0": LABEL},
    2: {"0": LABEL, "1": LABEL, "0.87": "M(FOOL).pattern(0, 1, 'previous')"},
    3: {"1": LABEL, "2": LABEL, "3": LABEL, "0.70": "M(TWICE).pattern(1, 1, 'induction')",
        "0.51": "M(TWICE).pattern(1, 2, 'induction')", "0.68": "M(TWICE).pattern(1, 3, 'induction')"},
    4: {"0": LABEL, "1": LABEL, "0.75": "M(TWICE).pattern(0, 1, 'previous')"},
    5: {"128": "C['n_embd']", "2": "C['n_layer']", "769": "C['vocab_size']"},
    6: {"1": LABEL, "2": LABEL, "128": "C['n_embd']", "0.00001": "C['layer_norm_epsilon']"},
    7: {"128": "C['n_embd']", "4": "4", "512": "(C['n_inner'] or 4 * C['n_embd']) if C['activation_function'] == 'gelu_new' else -1",
        "0.5": "0.5", "1": LABEL, "2": LABEL, "0.044715": "0.044715", "0": LABEL},
    8: {"0": LABEL, "1": LABEL},
}


# lang → lesson id → {step: {literal: expression}}: numbers only a translation writes
# (none so far: the Chinese lessons state exactly the English ones' numbers).
TRANSLATION_MANIFEST = {"zh": {}}


def agrees(literal, value):
    """The literal is the value rounded to the digits written (labels: whole numbers up to 10)."""
    number = float(literal.replace(",", ""))
    decimals = len(literal.split(".")[1]) if "." in literal else 0
    return abs(float(value) - number) <= 0.5 * 10 ** -decimals + 1e-9


def check_lesson(path, failures, lang=None):
    lesson = os.path.splitext(os.path.basename(path))[0]
    title, summary, steps = lesson_text.parse(open(path, encoding="utf-8").read())
    manifest = MANIFEST.get(lesson)
    if manifest is None:
        failures.append(f"{lesson}: no entry in MANIFEST (every number in a lesson must be listed)")
        return 0
    if lang:
        extra = TRANSLATION_MANIFEST.get(lang, {}).get(lesson, {})
        manifest = {n: {**manifest.get(n, {}), **extra.get(n, {})} for n in set(manifest) | set(extra)}
        lesson = f"{lang}/{lesson}"
    scenario, contexts, checked = CLASSIC, [None], 0
    ends = []
    for step in steps:
        meta = step["meta"]
        scenario = meta.get("scenario", scenario)
        if "patch" in meta:
            scenario = with_patch(scenario, meta["patch"])
        contexts.append(Step(scenario))
        ends.append(scenario)
        task = meta.get("task", {})
        if task.get("kind") == "predict":
            scenario = with_patch(scenario, task["reveal"])
    for number, step in [(0, {"title": title, "meta": {}, "text": summary})] + list(enumerate(steps, 1)):
        found = []
        for where, text in lesson_text.prose(step).items():
            found += [(where, lit) for lit in lesson_text.literals(text)]
        listed = manifest.get(number, {})
        for where, literal in found:
            name = f"{lesson} step {number} ({where})"
            if literal not in listed:
                failures.append(f"{name}: the number {literal} is not listed in check_lesson_numbers.py")
                continue
            expr = listed[literal]
            if expr == LABEL:
                ok = float(literal).is_integer() and 0 <= float(literal) <= 10
                if not ok:
                    failures.append(f"{name}: {literal} cannot be a label (whole numbers 0…10 only)")
                continue
            r = contexts[number] if number else contexts[1]
            reveal = steps[number - 1]["meta"].get("task", {}).get("reveal") if number else None
            env = {"math": math, "np": np, "model": model, "SENTENCE": SENTENCE, "S": contexts, "r": r,
                   "M": model_reference.run, "C": model_reference.CONFIG, "FOOL": FOOL, "TWICE": TWICE,
                   "R": Step(with_patch(ends[number - 1], reveal)) if reveal else None,
                   "v": (lambda p, n=number: Step(with_patch(ends[n - 1], p)))}
            value = eval(expr, env)  # noqa: S307 (our own manifest)
            checked += 1
            if not agrees(literal, value):
                failures.append(f"{name}: the text says {literal}, but {expr} = {float(value):.6g}")
    return checked


def check_head_tasks(path, failures, lang=None):
    """A head task (a step with a "model") accepts exactly the heads whose pattern, measured
    by the PyTorch reference on the step's text, reaches its minimum; model_tasks.json lists
    them for the UI test, which clicks every head through the model view."""
    lesson = os.path.splitext(os.path.basename(path))[0]
    listed = {(t["lesson"], t["step"]): t["accepted"] for t in json.load(open(MODEL_TASKS, encoding="utf-8"))["tasks"]}
    _, _, steps = lesson_text.parse(open(path, encoding="utf-8").read())
    checked = 0
    for number, step in enumerate(steps, 1):
        task, shown = step["meta"].get("task", {}), step["meta"].get("model")
        if task.get("kind") != "head":
            continue
        name = f"{lang + '/' if lang else ''}{lesson} step {number}"
        qualifying = model_reference.run(shown["text"]).qualifying(task["pattern"], task.get("min", 0.4), task.get("layer"))
        if not qualifying:
            failures.append(f"{name}: no head of the shipped model qualifies, so the task cannot be done")
        if listed.get((lesson, number)) != qualifying:
            failures.append(f"{name}: the heads that qualify are {qualifying}, model_tasks.json lists {listed.get((lesson, number))}")
        checked += 1
    return checked


MODEL_TASKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model_tasks.json")


def check_hand_answers(path, failures):
    data = json.load(open(path, encoding="utf-8"))
    for a in data["answers"]:
        value = eval(a["arithmetic"], {"math": math})  # noqa: S307
        if not agrees(a["typed"], value):
            failures.append(f"hand_answers.json {a['lesson']} step {a['step']}: {a['arithmetic']} = {value:.6g}, "
                            f"not {a['typed']} as typed")
    return len(data["answers"])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    failures, checked = [], 0
    english = sorted(glob.glob(os.path.join(sys.argv[1], "*.md")))
    heads = 0
    for path in english:
        checked += check_lesson(path, failures)
        heads += check_head_tasks(path, failures)
    for lang in sorted(TRANSLATION_MANIFEST):
        for path in english:
            twin = os.path.join(sys.argv[1], lang, os.path.basename(path))
            if not os.path.exists(twin):
                failures.append(f"{lang}/{os.path.basename(path)}: missing (every lesson exists in every language)")
                continue
            checked += check_lesson(twin, failures, lang)
            heads += check_head_tasks(twin, failures, lang)
    hands = check_hand_answers(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hand_answers.json"), failures)
    for f in failures:
        print("FAIL", f)
    print(f"{checked} numbers in the lessons checked against numpy, PyTorch or arithmetic, {hands} hand answers, "
          f"{heads} head tasks' accepted heads; "
          f"{len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
