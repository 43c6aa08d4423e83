"""The shipped model (assets/models/fortunes-gpt2) on a lesson's text, computed
independently of attnviz: the tokenizer of tests/reference/bpe_python_reference.py (openai's
encoder.py, written out) and the float64 PyTorch GPT-2 of tests/reference/gpt2_reference.py.
Measures each head's patterns as the model view describes them (core/model/attention_maps.h):
previous-token (mean weight on key i − 1 over queries 1…T − 1), induction (mean weight on the
key after the most recent earlier occurrence of query i's token, over the queries whose token
occurred before) and first-token sink.

usage (prints every head's patterns): /usr/bin/python3 model_reference.py "some text"
"""
import functools
import json
import os
import pathlib
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests/reference"))
from bpe_python_reference import Gpt2Bpe  # noqa: E402
from gpt2_reference import gpt2_forward  # noqa: E402
from shipped_model_check import read_safetensors  # noqa: E402

FOLDER = ROOT / "assets/models/fortunes-gpt2"
CONFIG = json.loads((FOLDER / "config.json").read_text())


@functools.lru_cache(maxsize=1)
def _model():
    # Gpt2Bpe reads openai's file names (encoder.json, vocab.bpe): the same two files.
    names = pathlib.Path(tempfile.mkdtemp())
    os.symlink(FOLDER / "vocab.json", names / "encoder.json")
    os.symlink(FOLDER / "merges.txt", names / "vocab.bpe")
    return Gpt2Bpe(names), read_safetensors(FOLDER / "model.safetensors")


class Run:
    def __init__(self, text):
        bpe, weights = _model()
        self.ids = bpe.encode(text)
        self.T = len(self.ids)
        self.attentions, self.logits = gpt2_forward(CONFIG, weights, self.ids)
        self.patterns = {}
        for l, a in enumerate(self.attentions):
            for h in range(a.shape[0]):
                w = a[h]
                last, induction = {}, []
                for i, t in enumerate(self.ids):
                    if t in last:
                        induction.append(w[i, last[t] + 1])
                    last[t] = i
                self.patterns[(l, h)] = {
                    "previous": float(np.mean([w[i, i - 1] for i in range(1, self.T)])),
                    "first": float(np.mean([w[i, 0] for i in range(1, self.T)])),
                    "induction": float(np.mean(induction)) if induction else float("nan"),
                    "induction_queries": len(induction)}

    def pattern(self, layer, head, name):
        return self.patterns[(layer, head)][name]

    def qualifying(self, name, minimum, layer=None):
        """The heads a head task must accept: [layer, head] pairs, sorted."""
        return sorted([l, h] for (l, h), p in self.patterns.items()
                      if (layer is None or l == layer) and p[name] >= minimum)


@functools.lru_cache(maxsize=None)
def run(text):
    return Run(text)


if __name__ == "__main__":
    r = run(sys.argv[1])
    print(r.T, "tokens")
    for (l, h), p in sorted(r.patterns.items()):
        print(f"layer {l} head {h}: " + ", ".join(f"{k} {v:.4f}" for k, v in p.items()))
