// attnviz in a real browser, model mode (issue 13): the shipped model arrives after the
// first paint; typed text and a head clicked in the model view give the weights
// `attnviz-cli model` computes; a random GPT-2 folder written by the PyTorch reference opens
// through the file picker; a corrupt file leaves the app usable with the core's message.
// Real drops from disk (CDP Input.dispatchDragEvent, as a drag from the desktop arrives): a
// folder as downloaded from a model page, the four files, a corrupt file, a pickled-only
// folder. A model of 1024 positions: its weights at full context zoom with the wheel, pan
// with a drag and reset, the hovered cell naming its tokens and numbers.
// Logs the load time, the time to the first heatmap and the time per typed token (not asserted).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, openPage, frames, rect, clickWidget, siteDir, shotDir, cliPath, finish } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SHIPPED = join(siteDir, 'models', 'fortunes-gpt2');
const FILES = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];

const model = (p) => p.evaluate(() => window.attnviz.model());
const idle = (p) => p.waitForFunction(() => { const m = window.attnviz.model(); return m.open && !m.busy; }, null, { timeout: 60000, polling: 50 });
// A random GPT-2 folder written by the PyTorch reference (tests/reference/gpt2_reference.py).
function randomGpt2(shape, seed, folder = mkdtempSync(join(tmpdir(), 'attnviz-gpt2-'))) {
  mkdirSync(folder, { recursive: true });
  execFileSync('/usr/bin/python3', ['-c',
    'import sys, json; sys.path.insert(0, sys.argv[1]); from gpt2_reference import make_model, write_tokenizer; ' +
    'make_model(sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])); write_tokenizer(sys.argv[2])',
    join(here, '..', 'reference'), folder, JSON.stringify({ dtype: 'F32', prefix: true, ...shape }), String(seed)]);
  return folder;
}
function cliFails(args) { // the core's message, as attnviz-cli prints it
  try { execFileSync(cliPath, args, { encoding: 'utf8', stdio: 'pipe' }); } catch (e) { return String(e.stderr); }
  throw new Error('attnviz-cli accepted ' + args.join(' '));
}
function cliAttention(folder, text) {
  return JSON.parse(execFileSync(cliPath, ['model', '--model', folder, '--text', text], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}
function maxDiff(a, b) { // two T×T arrays
  let worst = 0;
  for (let i = 0; i < a.length; ++i) for (let j = 0; j < a[i].length; ++j) worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
  return worst;
}
// A cell low in a map's lower-left: inside the causal triangle, so it is a real weight.
async function clickHead(p, layer, head) {
  const r = await rect(p, `model.view.${layer}.${head}`);
  await p.mouse.move(r.x + r.w * 0.2, r.y + r.h * 0.9);
  await frames(p, 2);
  await p.mouse.click(r.x + r.w * 0.2, r.y + r.h * 0.9);
  await frames(p, 3);
}

const { page: p, problems } = await openPage();
await p.evaluate(() => window.attnviz.ready);
const figures = {};

await test('the shipped model loads after the first paint; typing and a head clicked in the model view match attnviz-cli', async () => {
  await p.evaluate(() => window.attnviz.modelReady());
  figures.shipped_fetch_ms = (await p.evaluate(() => window.attnviz.modelTimings())).shippedFetchMs;
  let m = await model(p);
  assert(!m.loaded, 'loaded before it was asked for: ' + JSON.stringify(m).slice(0, 200));
  const t0 = await p.evaluate(() => performance.now());
  await clickWidget(p, 'header.model');
  await idle(p);
  figures.first_heatmap_ms = (await p.evaluate(() => performance.now())) - t0;
  m = await model(p);
  assert(m.open && m.name === 'fortunes-gpt2' && m.config.n_layer === 2 && m.config.n_head === 4, 'model: ' + JSON.stringify(m.config));
  // Typing at the end of the model's text, with real key presses.
  await clickWidget(p, 'model.text');
  await p.keyboard.press('Control+End');
  const typed = ' are soon parted';
  const before = m.tokens.length;
  const t1 = await p.evaluate(() => performance.now());
  await p.keyboard.type(typed, { delay: 5 });
  await p.waitForFunction((t) => window.attnviz.model().text.endsWith(t), typed, { timeout: 30000, polling: 20 });
  await idle(p);
  m = await model(p);
  figures.per_typed_character_ms = ((await p.evaluate(() => performance.now())) - t1) / typed.length;
  assert(m.tokens.length > before, `tokens ${before} → ${m.tokens.length}`);
  await clickHead(p, 1, 2);
  m = await model(p);
  assert(m.layer === 1 && m.head === 2, `clicked 1.2, model shows ${m.layer}.${m.head}`);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-model.png') });
  const r = await p.evaluate(() => window.attnviz.result());
  const ref = cliAttention(SHIPPED, m.text);
  assert(JSON.stringify(ref.tokens) === JSON.stringify(m.tokens), 'tokens: ' + JSON.stringify(m.tokens) + ' vs ' + JSON.stringify(ref.tokens));
  const diff = maxDiff(r.heads[0].weights, ref.attention[1][2]);
  assert(diff <= 1e-5, 'weights vs attnviz-cli model: max diff ' + diff);
  // The hover describes the head with what was measured on this text; the measures agree
  // with the CLI's weights (mean on i−1, on token 0, on the token after the earlier occurrence).
  const v = await rect(p, 'model.view.1.1');
  await p.mouse.move(v.x + v.w * 0.3, v.y + v.h * 0.8);
  await frames(p, 3);
  const tip = await p.evaluate(() => window.attnviz.tooltip());
  assert(tip.startsWith('layer 1, head 1: ') && tip.includes(' after the earlier occurrence ('), 'tooltip: ' + tip);
  for (const pat of m.patterns) {
    const W = ref.attention[pat.layer][pat.head], T = W.length;
    let prev = 0, first = 0, ind = 0, n = 0;
    const last = new Map();
    for (let i = 0; i < T; ++i) {
      if (i > 0) { prev += W[i][i - 1]; first += W[i][0]; }
      if (last.has(ref.tokens[i])) { ind += W[i][last.get(ref.tokens[i]) + 1]; ++n; }
      last.set(ref.tokens[i], i);
    }
    const d = Math.max(Math.abs(pat.previous - prev / (T - 1)), Math.abs(pat.first - first / (T - 1)), Math.abs(pat.induction - ind / n));
    assert(d < 1e-5, `head ${pat.layer}.${pat.head} patterns ${JSON.stringify(pat)} vs the CLI's weights: ${d}`);
  }
  assert(m.next.length === 10 && m.next[0].p >= m.next[9].p, 'predictions: ' + JSON.stringify(m.next));
});

await test('a random GPT-2 folder opens through the file picker and its numbers match attnviz-cli', async () => {
  const folder = randomGpt2({ n_layer: 2, n_head: 2, n_embd: 32, vocab_size: 300, n_positions: 64 }, 11);
  const chooser = p.waitForEvent('filechooser', { timeout: 10000 });
  await clickWidget(p, 'model.open');
  await (await chooser).setFiles(FILES.map((f) => join(folder, f)));
  await p.waitForFunction(() => { const m = window.attnviz.model(); return m.config && m.config.n_embd === 32 && m.open && !m.busy; }, null, { timeout: 30000, polling: 50 });
  await p.evaluate(() => window.attnviz.setModelText('the the then the'));
  await idle(p);
  await clickHead(p, 1, 1);
  const m = await model(p);
  assert(m.layer === 1 && m.head === 1, `clicked 1.1, model shows ${m.layer}.${m.head}`);
  const r = await p.evaluate(() => window.attnviz.result());
  const ref = cliAttention(folder, 'the the then the');
  const diff = maxDiff(r.heads[0].weights, ref.attention[1][1]);
  assert(diff <= 1e-5 && r.d_model === 32 && r.d_k === 16, `random GPT-2: max diff ${diff}, d_model ${r.d_model}, d_k ${r.d_k}`);
});

await test('a corrupt model file is refused with the core\'s message; the app keeps the model and stays usable', async () => {
  const files = FILES.map((name) => ({ name, bytes: Array.from(readFileSync(join(SHIPPED, name))) }));
  files[1].bytes = Array.from(Buffer.from('\x10\x00\x00\x00\x00\x00\x00\x00{"a": broken}   ')); // model.safetensors
  const error = await p.evaluate(async (fs) => {
    try {
      await window.attnviz.openModel(fs.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })));
      return '';
    } catch (e) { return e.message; }
  }, files);
  assert(error.includes('model.safetensors'), 'message: ' + error);
  let m = await model(p);
  assert(m.config.n_embd === 32 && m.error === error, 'after the corrupt file: ' + JSON.stringify({ cfg: m.config, err: m.error }));
  await frames(p, 3);
  await rect(p, 'model.error');
  const missing = await p.evaluate(() => window.attnviz.openModel([{ name: 'config.json', bytes: new Uint8Array(2) }]).then(() => '', (e) => e.message));
  assert(missing.startsWith('missing model.safetensors, vocab.json, merges.txt'), 'missing files: ' + missing);
  await clickHead(p, 0, 1); // still usable
  m = await model(p);
  assert(m.layer === 0 && m.head === 1, `after the errors: ${m.layer}.${m.head}`);
  await clickWidget(p, 'model.leave');
  m = await model(p);
  assert(!m.open, 'still in model mode after Back');
  assert(problems.length === 0, 'console: ' + problems.join('\n'));
});

// ---- Drag-and-drop from disk ------------------------------------------------------------
// CDP's Input.dispatchDragEvent with file paths is how Chromium delivers a drag from the
// desktop: the page gets real File objects, and for a directory path an item whose
// webkitGetAsEntry() is a DirectoryEntry, walked as a dropped folder is.
let cdp = null;
async function dropOnPage(paths) {
  cdp = cdp || await p.context().newCDPSession(p);
  const size = p.viewportSize();
  const data = { items: [], files: paths, dragOperationsMask: 1 }; // 1: copy
  for (const type of ['dragEnter', 'dragOver', 'drop'])
    await cdp.send('Input.dispatchDragEvent', { type, x: size.width * 0.6, y: size.height * 0.5, data });
}
// Waits for `check` (run in the page); if it never holds, fails with what the page shows.
const opened = (p, check) => p.waitForFunction(check, null, { timeout: 60000, polling: 50 }).catch(async () => {
  const m = await model(p);
  assert(false, 'after the drop: ' + JSON.stringify({ name: m.name, config: m.config, error: m.error, busy: m.busy }));
});
// The CLI's message from the file's name on: it names the path on disk, the page the file
// as the user picked or dropped it.
const afterFile = (message, file) => message.slice(message.indexOf(file + ': '));

await test('a folder as downloaded from a model page, dropped on the page, opens its top level; its numbers match attnviz-cli', async () => {
  const folder = randomGpt2({ n_layer: 2, n_head: 3, n_embd: 24, vocab_size: 280, n_positions: 48 }, 21,
                            join(mkdtempSync(join(tmpdir(), 'attnviz-drop-')), 'tiny-gpt2'));
  // What else such a folder holds: gpt2's onnx/ export has its own config.json, vocab.json
  // and merges.txt (here that config disagrees with the weights); a fine-tuning run's output
  // keeps whole models of its checkpoints in checkpoint-N/ (here of another shape). The
  // order a folder is walked in is the file system's: the top level must win whatever it is.
  writeFileSync(join(folder, 'README.md'), '# tiny-gpt2\n');
  writeFileSync(join(folder, 'generation_config.json'), '{"bos_token_id": 0}');
  mkdirSync(join(folder, 'onnx'));
  writeFileSync(join(folder, 'onnx', 'config.json'), readFileSync(join(folder, 'config.json'), 'utf8').replace('"n_embd": 24', '"n_embd": 48'));
  for (const f of ['vocab.json', 'merges.txt']) copyFileSync(join(folder, f), join(folder, 'onnx', f));
  for (const step of [500, 1000, 1500]) randomGpt2({ n_layer: 1, n_head: 2, n_embd: 16, vocab_size: 280, n_positions: 48 }, step, join(folder, `checkpoint-${step}`));
  assert(!(await model(p)).open, 'model mode is open before the drop');
  await dropOnPage([folder]); // from Explore: the drop opens model mode
  await opened(p, () => { const m = window.attnviz.model(); return m.name === 'tiny-gpt2' && m.open && !m.busy; });
  let m = await model(p);
  assert(!m.error && m.name === 'tiny-gpt2' && m.config.n_embd === 24 && m.config.n_head === 3, 'dropped folder: ' + JSON.stringify({ name: m.name, cfg: m.config, err: m.error }));
  await frames(p, 3);
  const notice = await p.evaluate(() => window.attnviz.notice()); // the folder is no scenario file that failed to open
  assert(notice === '', 'a notice beside the dropped folder: ' + notice);
  await p.evaluate(() => window.attnviz.setModelText('then the the'));
  await idle(p);
  await clickHead(p, 1, 2);
  m = await model(p);
  assert(m.layer === 1 && m.head === 2, `clicked 1.2, model shows ${m.layer}.${m.head}`);
  const r = await p.evaluate(() => window.attnviz.result());
  const diff = maxDiff(r.heads[0].weights, cliAttention(folder, 'then the the').attention[1][2]);
  assert(diff <= 1e-5, 'dropped folder: weights vs attnviz-cli: max diff ' + diff);
});

await test('the four files dropped on the page open; a corrupt or pickled-only model is refused with the core\'s message and the previous model stays', async () => {
  const folder = randomGpt2({ n_layer: 1, n_head: 2, n_embd: 16, vocab_size: 270, n_positions: 32 }, 31);
  await dropOnPage(FILES.map((f) => join(folder, f)));
  await opened(p, () => { const m = window.attnviz.model(); return m.config.n_embd === 16 && !m.busy; });
  let m = await model(p);
  assert(!m.error && m.config.n_layer === 1 && m.config.n_positions === 32, 'dropped files: ' + JSON.stringify({ cfg: m.config, err: m.error }));
  await frames(p, 3);
  const notice = await p.evaluate(() => window.attnviz.notice()); // config.json is no scenario file that failed to open
  assert(notice === '', 'a notice beside the dropped files: ' + notice);
  await p.evaluate(() => window.attnviz.setModelText('the then'));
  await idle(p);
  await clickHead(p, 0, 1);
  const r = await p.evaluate(() => window.attnviz.result());
  const diff = maxDiff(r.heads[0].weights, cliAttention(folder, 'the then').attention[0][1]);
  assert(diff <= 1e-5, 'dropped files: weights vs attnviz-cli: max diff ' + diff);

  // A download cut short: model.safetensors truncated.
  const bad = mkdtempSync(join(tmpdir(), 'attnviz-bad-'));
  for (const f of FILES) copyFileSync(join(folder, f), join(bad, f));
  writeFileSync(join(bad, 'model.safetensors'), readFileSync(join(folder, 'model.safetensors')).subarray(0, 3000));
  await dropOnPage(FILES.map((f) => join(bad, f)));
  await opened(p, () => window.attnviz.model().error.includes('model.safetensors'));
  m = await model(p);
  const expected = afterFile(cliFails(['model', '--model', bad, '--text', 'the']).trim(), 'model.safetensors');
  assert(m.error === expected, `truncated file: "${m.error}", the CLI: "${expected}"`); // named as the user knows it
  assert(m.open && m.config.n_embd === 16 && m.text === 'the then', 'the previous model is gone: ' + JSON.stringify({ cfg: m.config, text: m.text }));
  await rect(p, 'model.error');
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-model-drop-error.png') });

  // An older download: only the pickled checkpoint. Refused without reading it, with the advice.
  const pickled = mkdtempSync(join(tmpdir(), 'attnviz-pickle-'));
  for (const f of ['config.json', 'vocab.json', 'merges.txt']) copyFileSync(join(folder, f), join(pickled, f));
  writeFileSync(join(pickled, 'pytorch_model.bin'), 'PK\x03\x04 not read');
  await dropOnPage(['config.json', 'pytorch_model.bin', 'vocab.json', 'merges.txt'].map((f) => join(pickled, f)));
  await opened(p, () => window.attnviz.model().error.includes('pytorch_model.bin'));
  m = await model(p);
  const advice = afterFile(cliFails(['model', '--model', pickled, '--text', 'the']).trim(), 'pytorch_model.bin');
  assert(m.error === advice, `pickled: "${m.error}", the CLI: "${advice}"`);
  await clickHead(p, 0, 0); // still usable, the same model
  m = await model(p);
  assert(m.layer === 0 && m.head === 0 && m.config.n_embd === 16, `after the refused drops: ${m.layer}.${m.head}, n_embd ${m.config.n_embd}`);
});

// ---- A model's whole context ----------------------------------------------------------------

await test('at a model\'s full context (1024 tokens) the weights zoom with the wheel about the cursor, pan with a drag and reset; the hovered cell names its tokens and numbers', async () => {
  const folder = randomGpt2({ n_layer: 2, n_head: 2, n_embd: 32, vocab_size: 300, n_positions: 1024 }, 41,
                            join(mkdtempSync(join(tmpdir(), 'attnviz-ctx-')), 'ctx1024'));
  await dropOnPage([folder]);
  await opened(p, () => { const m = window.attnviz.model(); return m.name === 'ctx1024' && !m.busy; });
  const text = Array.from({ length: 1024 }, (_, i) => 'abcdfgijklmnopqrsuvwxyz'[(i * 7919) % 23]).join(''); // no t, h, e: one token a letter
  await p.evaluate((t) => window.attnviz.setModelText(t), text);
  await idle(p);
  await clickHead(p, 1, 1);
  let m = await model(p);
  assert(m.tokens.length === 1024 && !m.clipped && m.layer === 1 && m.head === 1, `tokens ${m.tokens.length}, clipped ${m.clipped}, head ${m.layer}.${m.head}`);
  const ref = JSON.parse(execFileSync(cliPath, ['model', '--model', folder, '--text', text, '--head', '1,1'], { encoding: 'utf8', maxBuffer: 1 << 30 }));
  const W = ref.heads[0].weights, L = ref.heads[0].logits;
  // The tooltip: “row token” (i) → “column token” (j), then w_ij = e^l_ij / (…) = w_ij; 1-based.
  const hovered = async () => {
    const tip = await p.evaluate(() => window.attnviz.tooltip());
    const cell = /^“(.+)” \((\d+)\) → “(.+)” \((\d+)\)\n.*= e\^(−?[\d.]+) \/ \(.*\) = ([\d.]+)$/s.exec(tip);
    assert(cell, 'tooltip: ' + JSON.stringify(tip));
    return { tip, i: Number(cell[2]) - 1, j: Number(cell[4]) - 1, row: cell[1], col: cell[3],
             logit: Number(cell[5].replace('−', '-')), w: Number(cell[6]) };
  };
  const checkCell = (c, where) => {
    assert(c.row === m.tokens[c.i] && c.col === m.tokens[c.j], `${where}: tokens ${c.row}, ${c.col} vs ${m.tokens[c.i]}, ${m.tokens[c.j]}`);
    assert(Math.abs(c.logit - L[c.i][c.j]) <= 6e-4 && Math.abs(c.w - W[c.i][c.j]) <= 6e-4 * Math.max(1, W[c.i][c.j]),
           `${where}: ${c.tip} vs the CLI's logit ${L[c.i][c.j]}, weight ${W[c.i][c.j]}`);
  };
  const w = await rect(p, 'heatmap.weights');
  const at = { x: w.x + w.w * 0.62, y: w.y + w.h * 0.81 }; // below the diagonal: a weight, not a masked cell
  await p.mouse.move(at.x, at.y);
  await frames(p, 3);
  const before = await hovered();
  checkCell(before, 'whole map');
  assert(before.i >= 800 && before.i <= 860 && before.j >= 610 && before.j <= 660, 'hovered cell not where the pointer is: ' + before.tip);
  await rect(p, 'heatmap.weights.hover_labels'); // labels thinned out: the hovered row and column are tagged at the axes
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-model-1024.png') });
  for (let k = 0; k < 16; k++) { // 1.25¹⁶ ≈ 36 times: about 11 px a cell
    await p.mouse.wheel(0, -120); // wheel up: in
    await frames(p, 1);
  }
  await frames(p, 2);
  const zoomed = await hovered();
  assert(zoomed.i === before.i && zoomed.j === before.j, `the cell under the cursor moved while zooming: ${before.tip} → ${zoomed.tip}`);
  await rect(p, 'heatmap.weights.reset');
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-model-1024-zoomed.png') });
  // Pulling the zoomed map down and right brings earlier rows and columns under the cursor.
  const position = (await model(p)).position;
  await p.mouse.down();
  for (let k = 1; k <= 6; k++) {
    await p.mouse.move(at.x + 15 * k, at.y + 15 * k);
    await frames(p, 1);
  }
  await p.mouse.up();
  await p.mouse.move(at.x, at.y);
  await frames(p, 3);
  const panned = await hovered();
  checkCell(panned, 'zoomed and panned');
  assert(panned.i < before.i - 2 && panned.j < before.j - 2, `after dragging 90 px down and right: ${before.tip} → ${panned.tip}`);
  assert((await model(p)).position === position, 'the drag selected a position: it was taken for a click');
  await clickWidget(p, 'heatmap.weights.reset');
  await p.mouse.move(at.x, at.y);
  await frames(p, 3);
  assert(!(await p.evaluate(() => window.attnviz.widgetRect('heatmap.weights.reset'))), 'reset zoom is still shown');
  const reset = await hovered();
  assert(reset.i === before.i && reset.j === before.j, `after reset: ${reset.tip}, before zooming: ${before.tip}`);
  assert(problems.length === 0, 'console: ' + problems.join('\n'));
});

console.log('figures (headless Chromium, SwiftShader; not asserted): ' + JSON.stringify(figures));
await finish();
