// attnviz in a real browser, attention files (issue 14): NumPy (tests/reference/
// attention_file_writer.py) writes a bidirectional JSON file and a causal safetensors file
// with T = 300; each is dropped on the page with drag-and-drop events carrying a
// DataTransfer, and result() for a selected layer/head equals the file's float32 weights
// exactly (as NumPy reads them back); the measured description of an exact previous-token
// head; Open a model…'s picker opens one too; a truncated file leaves the app usable, the
// file shown, and the core's message.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, openPage, frames, rect, shotDir, finish } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'attnviz-attention-'));
// NumPy writes the files and prints, for each, the weights of the head the test selects,
// read back from what it wrote (float32 → the doubles they equal).
const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(here, '..', 'reference'))})
import numpy as np
import attention_file_writer as w
work = ${JSON.stringify(work)}
rng = np.random.default_rng(11)
tokens = "[CLS] the cat sat on the mat . it was warm [SEP]".split()
bert = w.softmax_attention(rng, 2, 3, len(tokens), False, spread=2.0)
bert[0, 0] = np.eye(len(tokens), k=-1, dtype=np.float32)
bert[0, 0, 0, 0] = 1.0  # layer 0, head 0: exactly previous-token (query 0 on itself)
w.write_json(f"{work}/bert.json", tokens, bert, causal=False, model="bert-like")
gpt = w.softmax_attention(rng, 2, 2, 300, True)
w.write_safetensors(f"{work}/gpt.safetensors", [f"t{i}" for i in range(300)], gpt, causal=True, model="gpt-like")
raw = open(f"{work}/gpt.safetensors", "rb").read()
open(f"{work}/truncated.safetensors", "wb").write(raw[: len(raw) // 2])
print(json.dumps({"bert_1_2": bert[1, 2].astype(float).tolist(), "gpt_1_1": gpt[1, 1].astype(float).tolist(),
                  "bert_tokens": tokens}))
`], { encoding: 'utf8', maxBuffer: 1 << 28 }));

const attention = (p) => p.evaluate(() => window.attnviz.attention());
// Drops a file on the canvas the way a browser does: dragenter, dragover, drop, each with the
// same DataTransfer holding a File made from the bytes.
async function drop(p, name) {
  const base64 = readFileSync(join(work, name)).toString('base64');
  await p.evaluate(({ name, base64 }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' }));
    const target = document.querySelector('canvas');
    const r = target.getBoundingClientRect();
    for (const type of ['dragenter', 'dragover', 'drop'])
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 }));
  }, { name, base64 });
}
function assertWeights(actual, want, what) {
  assert(actual.length === want.length, `${what}: ${actual.length} rows, want ${want.length}`);
  for (let i = 0; i < want.length; ++i)
    for (let j = 0; j < want.length; ++j)
      if (actual[i][j] !== want[i][j]) throw new Error(`${what}: weight (${i}, ${j}) is ${actual[i][j]}, the file has ${want[i][j]}`);
}

const { page: p, problems } = await openPage();
await p.evaluate(() => window.attnviz.ready);

await test('a dropped bidirectional JSON file opens in model mode; a head clicked in the model view is result()', async () => {
  await drop(p, 'bert.json');
  await p.waitForFunction(() => window.attnviz.attention().open, null, { timeout: 30000, polling: 50 });
  const a = await attention(p);
  assert(a.name === 'bert.json' && a.format === 'json' && !a.causal && a.n_layers === 2 && a.n_heads === 3, 'attention(): ' + JSON.stringify(a).slice(0, 300));
  assert(JSON.stringify(a.tokens) === JSON.stringify(expected.bert_tokens), 'tokens: ' + a.tokens);
  const prev = a.patterns.find((h) => h.layer === 0 && h.head === 0);
  assert(prev.previous === 1 && prev.description.startsWith('previous-token head'), 'layer 0 head 0: ' + JSON.stringify(prev));
  await frames(p, 3);
  const r = await rect(p, 'model.view.1.2');
  await p.mouse.click(r.x + r.w * 0.8, r.y + r.h * 0.2); // above the diagonal: a real weight in a bidirectional map
  await frames(p, 3);
  const b = await attention(p);
  assert(b.layer === 1 && b.head === 2, `the click selected layer ${b.layer}, head ${b.head}`);
  const res = await p.evaluate(() => window.attnviz.result());
  assert(res.d_k === 0 && res.num_heads === 1 && res.heads[0].q.length === 0, 'a file has no Q/K/V: ' + JSON.stringify({ d_k: res.d_k, q: res.heads[0].q }));
  assertWeights(res.heads[0].weights, expected.bert_1_2, 'bert.json layer 1 head 2');
  assert(res.mask.every((row) => row.every((v) => v === 1)), 'a bidirectional file has no mask');
  await p.screenshot({ path: join(shotDir, 'page-attention-bert.png') });
});

await test('a dropped causal safetensors file with T = 300 shows its heads exactly', async () => {
  await drop(p, 'gpt.safetensors');
  await p.waitForFunction(() => window.attnviz.attention().name === 'gpt.safetensors', null, { timeout: 60000, polling: 50 });
  await p.evaluate(() => window.attnviz.selectLayerHead(1, 1));
  await frames(p, 2);
  const a = await attention(p);
  assert(a.causal && a.T === 300 && a.format === 'safetensors', 'attention(): ' + JSON.stringify({ causal: a.causal, T: a.T, format: a.format }));
  const res = await p.evaluate(() => window.attnviz.result());
  assertWeights(res.heads[0].weights, expected.gpt_1_1, 'gpt.safetensors layer 1 head 1');
  assert(res.mask[0][1] === 0 && res.mask[299][0] === 1, 'a causal file masks above the diagonal');
  await p.screenshot({ path: join(shotDir, 'page-attention-gpt.png') });
});

await test('Open a model…\'s picker opens an attention file', async () => {
  await p.setInputFiles('#model-files', join(work, 'bert.json'));
  await p.waitForFunction(() => window.attnviz.attention().name === 'bert.json', null, { timeout: 30000, polling: 50 });
});

await test('a truncated file keeps what was shown, names what is wrong, and the app stays usable', async () => {
  const before = await p.evaluate(() => window.attnviz.result());
  await drop(p, 'truncated.safetensors');
  await p.waitForFunction(() => window.attnviz.attention().error !== '', null, { timeout: 30000, polling: 50 });
  const a = await attention(p);
  assert(a.error.startsWith('truncated.safetensors') && a.name === 'bert.json', 'after the truncated file: ' + JSON.stringify({ name: a.name, error: a.error }));
  const after = await p.evaluate(() => window.attnviz.result());
  assertWeights(after.heads[0].weights, before.heads[0].weights, 'what was shown');
  const r = await rect(p, 'model.view.0.1'); // still usable: a click opens another head
  await p.mouse.click(r.x + r.w * 0.5, r.y + r.h * 0.5);
  await frames(p, 3);
  const b = await attention(p);
  assert(b.layer === 0 && b.head === 1, `after the bad file a click selected layer ${b.layer}, head ${b.head}`);
  assert(problems.length === 0, 'console: ' + problems.join('\n'));
  await p.screenshot({ path: join(shotDir, 'page-attention-error.png') });
});

rmSync(work, { recursive: true, force: true });
await finish();
