// Model mode's figures in headless Chromium for any GPT-2 folder (not part of CTest: the
// shipped model's figures come from e2e_model.mjs). Opens the folder through the page's file
// input, then runs a long text, sampling the frame time while the run is sliced across
// frames, then types at the end (the key/value cache). Wall-clock figures on SwiftShader,
// shared machine: compare within one run only.
//
// usage: node bench_model.mjs SITE_DIR ATTNVIZ_CLI '' MODEL_DIR [TOKENS]
// e.g. a random GPT-2-small-shaped folder written by tests/reference/gpt2_reference.py's make_model.
import { join } from 'node:path';
import { openPage, frames, clickWidget, finish } from './harness.mjs';

const folder = process.argv[5];
const tokens = Number(process.argv[6] || 1000);
if (!folder) { console.error('usage: node bench_model.mjs SITE_DIR ATTNVIZ_CLI "" MODEL_DIR [TOKENS]'); process.exit(2); }
const { page: p, problems } = await openPage();
await p.evaluate(() => window.attnviz.ready);
await p.evaluate(() => window.attnviz.modelReady());
const now = () => p.evaluate(() => performance.now());
const figures = {};

let t = await now();
await p.setInputFiles('#model-files', ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'].map((f) => join(folder, f)));
await p.waitForFunction(() => { const m = window.attnviz.model(); return (m.open && !m.busy) || m.error; }, null, { timeout: 600000, polling: 100 });
let m = await p.evaluate(() => window.attnviz.model());
if (m.error) { console.error('bench_model: ' + m.error); process.exit(1); }
figures.open_ms = (await now()) - t;
figures.config = m.config;

// A long text, run a slice of positions per frame: the frame time stays bounded meanwhile.
const letters = Array.from({ length: tokens }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7919) % 26]).join('');
t = await now();
const sampled = await p.evaluate(async (text) => {
  window.attnviz.setModelText(text);
  const frameMs = [];
  let progress = [];
  while (window.attnviz.model().busy) {
    await new Promise((r) => requestAnimationFrame(r));
    frameMs.push(window.attnviz.frameMs());
    progress.push(window.attnviz.model().progress);
  }
  return { frames: frameMs.length, max: Math.max(...frameMs), median: frameMs.sort((a, b) => a - b)[frameMs.length >> 1],
           monotonic: progress.every((v, i) => i === 0 || v >= progress[i - 1]) };
}, letters);
figures.long_text = { tokens: (await p.evaluate(() => window.attnviz.model())).ids.length, total_ms: (await now()) - t, ...sampled };
await frames(p, 2);
figures.frame_after_ms = await p.evaluate(() => window.attnviz.frameMs());

// Typing at the end: each character re-tokenised, the new tail run through the cache.
await clickWidget(p, 'model.text');
await p.keyboard.press('Control+End');
t = await now();
const typed = 'xyz';
for (const ch of typed) {
  await p.keyboard.type(ch);
  await p.waitForFunction(() => !window.attnviz.model().busy && window.attnviz.model().text.length > 0, null, { polling: 'raf' });
}
figures.per_typed_character_ms = ((await now()) - t) / typed.length;
console.log(JSON.stringify(figures, null, 1));
if (problems.length) console.log('console: ' + problems.join('\n'));
await finish();
