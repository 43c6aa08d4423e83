// Model mode's figures in headless Chromium for any GPT-2 folder (not part of CTest: the
// shipped model's figures come from e2e_model.mjs). Opens the folder through the page's file
// input (from Explore: is the reading's progress shown, how long did the page freeze), then runs a long text, sampling the frame time while the run is sliced across
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

// Opening: while the files are read and the core loads them, the page's animation frames
// are sampled (the longest gap between two is how long the page froze) and the progress
// bar is looked for in each.
await p.evaluate(() => {
  const s = window.benchOpen = { gaps: [], progress: [], bar: false, done: false };
  let last = performance.now();
  const tick = () => {
    const t = performance.now();
    s.gaps.push(t - last);
    last = t;
    const m = window.attnviz.model();
    if (typeof m.progress === 'number') s.progress.push(m.progress);
    s.bar = s.bar || !!window.attnviz.widgetRect('model.loading');
    if (!s.done) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
let t = await now();
await p.setInputFiles('#model-files', ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'].map((f) => join(folder, f)));
await p.waitForFunction(() => { const m = window.attnviz.model(); return (m.open && !m.busy) || m.error || window.attnviz.modelLoaderError(); }, null, { timeout: 600000, polling: 100 });
let m = await p.evaluate(() => window.attnviz.model());
figures.open = await p.evaluate(() => {
  const s = window.benchOpen;
  s.done = true;
  const gaps = s.gaps.slice().sort((a, b) => a - b);
  return { frames: gaps.length, longest_gap_ms: Math.round(gaps[gaps.length - 1]), median_gap_ms: Math.round(gaps[gaps.length >> 1]),
           gaps_over_100ms: gaps.filter((g) => g > 100).length, progress_bar_seen: s.bar };
});
const loaderError = await p.evaluate(() => window.attnviz.modelLoaderError());
if (m.error || loaderError) {
  figures.open_ms = (await now()) - t;
  console.log(JSON.stringify(figures, null, 1));
  console.error('bench_model: ' + (m.error || loaderError));
  process.exit(1);
}
figures.open_ms = (await now()) - t;
figures.config = m.config;
figures.wasm_memory_mb = await p.evaluate(() => (window.Module.HEAPU8 ? Math.round(window.Module.HEAPU8.buffer.byteLength / 1048576) : null));

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
