// Model mode's figures in headless Chromium (not part of CTest, never asserted): load time,
// the time to the first frame with the head's heatmaps, and the time per typed character at
// about 20 tokens and at about TOKENS tokens (the key/value cache, the model view's maps and
// the head's Result updated, the frame drawn). MODEL_DIR is a GPT-2 folder opened through the
// page's file input, or `shipped` for the model the page fetches itself (the Model button).
// While a folder is opened (from Explore) the page's frames are sampled: how long it froze and
// whether the progress bar showed. While the long text runs a slice of positions per frame,
// the frame time is sampled.
// Wall-clock figures on SwiftShader, shared machine: compare within one run only.
//
// usage: node bench_model.mjs SITE_DIR ATTNVIZ_CLI '' MODEL_DIR|shipped [TOKENS]
// e.g. a random GPT-2-small-shaped folder written by tests/reference/gpt2_reference.py's make_model.
import { join } from 'node:path';
import { openPage, frames, clickWidget, rect, finish } from './harness.mjs';

const folder = process.argv[5];
const tokens = Number(process.argv[6] || 1000);
if (!folder) { console.error('usage: node bench_model.mjs SITE_DIR ATTNVIZ_CLI "" MODEL_DIR|shipped [TOKENS]'); process.exit(2); }
const { page: p, problems } = await openPage();
await p.evaluate(() => window.attnviz.ready);
await p.evaluate(() => window.attnviz.modelReady());
const now = () => p.evaluate(() => performance.now());
const idle = () => p.waitForFunction(() => { const m = window.attnviz.model(); return (m.open && !m.busy) || m.error; }, null,
                                      { timeout: 900000, polling: 'raf' });
const figures = {};

let t = await now();
if (folder === 'shipped') {
  figures.shipped_fetch_ms = (await p.evaluate(() => window.attnviz.modelTimings())).shippedFetchMs;
  await clickWidget(p, 'header.model');
  await idle();
  figures.model_button_to_heatmaps_ms = (await now()) - t; // reads the folder, runs the text, draws
} else {
  // Opening from Explore: while the files are read and the core loads them, the page's
  // animation frames are sampled (the longest gap between two is how long the page froze)
  // and the progress bar is looked for in each.
  await p.evaluate(() => {
    const s = window.benchOpen = { gaps: [], bar: false, done: false };
    let last = performance.now();
    const tick = () => {
      const t = performance.now();
      s.gaps.push(t - last);
      last = t;
      s.bar = s.bar || !!window.attnviz.widgetRect('model.loading');
      if (!s.done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await p.setInputFiles('#model-files', ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'].map((f) => join(folder, f)));
  await p.waitForFunction(() => { const m = window.attnviz.model(); return (m.open && !m.busy) || m.error || window.attnviz.modelLoaderError(); }, null,
                          { timeout: 900000, polling: 100 });
  figures.open_to_heatmaps_ms = (await now()) - t; // reads the files, loads, runs the text, draws
  figures.open = await p.evaluate(() => {
    const s = window.benchOpen;
    s.done = true;
    const gaps = s.gaps.slice().sort((a, b) => a - b);
    return { frames: gaps.length, longest_gap_ms: Math.round(gaps[gaps.length - 1]), median_gap_ms: Math.round(gaps[gaps.length >> 1]),
             gaps_over_100ms: gaps.filter((g) => g > 100).length, progress_bar_seen: s.bar };
  });
  figures.wasm_memory_mb = await p.evaluate(() => (window.Module.HEAPU8 ? Math.round(window.Module.HEAPU8.buffer.byteLength / 1048576) : null));
}
let m = await p.evaluate(() => window.attnviz.model());
const loaderError = await p.evaluate(() => window.attnviz.modelLoaderError());
if (m.error || loaderError) { console.log(JSON.stringify(figures, null, 1)); console.error('bench_model: ' + (m.error || loaderError)); process.exit(1); }
figures.config = m.config;

// Pseudo-random letters (the same every run): about one token a letter in a byte-level vocabulary.
const letters = (n) => Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7919) % 26]).join('');

// Typing at the end: each character re-tokenised, the new tail run through the cache; a
// character counts once the page is idle with it (the heatmaps drawn in that frame).
// Besides the wall clock (key press to idle, which counts SwiftShader's slow frames), the
// longest frame's CPU time per character: what the update itself costs the page.
async function typeAtEnd(chars) {
  await clickWidget(p, 'model.text');
  await p.keyboard.press('Control+End');
  await p.evaluate(() => {
    window.benchFrames = [];
    const sample = () => { window.benchFrames.push(window.attnviz.frameMs()); requestAnimationFrame(sample); };
    requestAnimationFrame(sample);
  });
  const start = await now();
  const longest = [];
  for (const ch of chars) {
    await p.evaluate(() => { window.benchFrames.length = 0; });
    await p.keyboard.type(ch);
    await p.waitForFunction((c) => { const m = window.attnviz.model(); return !m.busy && m.text.endsWith(c); }, ch,
                            { polling: 'raf', timeout: 120000 });
    await frames(p, 1);
    longest.push(await p.evaluate(() => Math.max(0, ...window.benchFrames)));
  }
  const wall = ((await now()) - start) / chars.length;
  // Out of the field (a click on its heading), or it would write its own text back over the next one.
  const r = await rect(p, 'model.text');
  await p.mouse.click(r.x + 4, r.y - 8);
  await frames(p, 3);
  return { wall_ms: wall, longest_frame_cpu_ms: longest };
}

async function setText(text) {
  const start = await now();
  const sampled = await p.evaluate(async (text) => {
    window.attnviz.setModelText(text);
    const frameMs = [];
    const progress = [];
    while (window.attnviz.model().busy) {
      await new Promise((r) => requestAnimationFrame(r));
      frameMs.push(window.attnviz.frameMs());
      progress.push(window.attnviz.model().progress);
    }
    return { frames: frameMs.length, max_frame_ms: Math.max(0, ...frameMs),
             median_frame_ms: frameMs.sort((a, b) => a - b)[frameMs.length >> 1] ?? 0,
             progress_monotonic: progress.every((v, i) => i === 0 || v >= progress[i - 1]) };
  }, text);
  await frames(p, 2);
  const m = await p.evaluate(() => window.attnviz.model());
  return { tokens: m.ids.length, clipped: m.clipped, total_ms: (await now()) - start, ...sampled };
}

figures.short_text = await setText(letters(20));
figures.short_text.per_typed_character = await typeAtEnd('xyzw');

figures.long_text = await setText(letters(tokens));
figures.long_text.per_typed_character = await typeAtEnd('xyzw');
figures.long_text.frame_after_ms = await p.evaluate(() => window.attnviz.frameMs());
t = await now();
await p.evaluate(() => window.attnviz.selectLayerHead(1, 1));
await frames(p, 1);
figures.long_text.another_head_ms = (await now()) - t;

console.log(JSON.stringify(figures, null, 1));
if (problems.length) console.log('console: ' + problems.join('\n'));
await finish();
