// attnviz in a real browser, model mode (issue 13): the shipped model arrives after the
// first paint; typed text and a head clicked in the model view give the weights
// `attnviz-cli model` computes; a random GPT-2 folder written by the PyTorch reference opens
// through the file picker; a corrupt file leaves the app usable with the core's message.
// Logs the load time, the time to the first heatmap and the time per typed token (not asserted).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, openPage, frames, rect, clickWidget, siteDir, shotDir, cliPath, finish } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SHIPPED = join(siteDir, 'models', 'fortunes-gpt2');
const FILES = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];

const model = (p) => p.evaluate(() => window.attnviz.model());
const idle = (p) => p.waitForFunction(() => { const m = window.attnviz.model(); return m.open && !m.busy; }, null, { timeout: 60000, polling: 50 });
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
  const folder = mkdtempSync(join(tmpdir(), 'attnviz-gpt2-'));
  execFileSync('/usr/bin/python3', ['-c',
    'import sys; sys.path.insert(0, sys.argv[1]); from gpt2_reference import make_model, write_tokenizer; ' +
    'make_model(sys.argv[2], {"n_layer": 2, "n_head": 2, "n_embd": 32, "vocab_size": 300, "n_positions": 64, "dtype": "F32", "prefix": True}, 11); ' +
    'write_tokenizer(sys.argv[2])', join(here, '..', 'reference'), folder]);
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

console.log('figures (headless Chromium, SwiftShader; not asserted): ' + JSON.stringify(figures));
await finish();
