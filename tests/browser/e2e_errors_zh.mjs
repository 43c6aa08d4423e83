// attnviz in a real browser, its errors in Chinese (issue 15): with #lang=zh a corrupt model
// folder and a broken attention file, opened through the page's file picker, are refused with
// the core's message shown translated inside the model panel, and the page goes on; the
// page's WebAssembly C++ library (libc++) compiles every catalogue pattern, which the native
// tests (libstdc++) cannot show. Without JavaScript the page says so in both languages.
// Screenshots of each when a screenshot folder is given. (harness.mjs)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, assert, openPage, browser, frames, rect, clickWidget, url, siteDir, shotDir, finish } from './harness.mjs';

const SHIPPED = join(siteDir, 'models', 'fortunes-gpt2');
const work = mkdtempSync(join(tmpdir(), 'attnviz-errors-'));
const folder = join(work, 'bad-model');
const model = (p) => p.evaluate(() => window.attnviz.model());
const attention = (p) => p.evaluate(() => window.attnviz.attention());
// The overlay turns to "failed" when the WebAssembly aborts (an uncaught C++ exception).
const failed = (p) => p.evaluate(() => document.getElementById('overlay').classList.contains('failed'));

// The shipped model's folder with a model.safetensors whose header length lies.
mkdirSync(folder);
for (const name of ['config.json', 'vocab.json', 'merges.txt']) writeFileSync(join(folder, name), readFileSync(join(SHIPPED, name)));
writeFileSync(join(folder, 'model.safetensors'), Buffer.from('\x40\x42\x0f\x00\x00\x00\x00\x00{"wte.weight": {"dtype": "F32"', 'latin1'));
const head = { format: 'attnviz-attention', version: 1, tokens: ['the', 'cat', 'sat'] };
writeFileSync(join(work, 'good.json'), JSON.stringify({ ...head, attention: [[[[1, 0, 0], [0.5, 0.5, 0], [0.25, 0.25, 0.5]]]] }));
// Says causal but attends to a later key.
writeFileSync(join(work, 'causal.json'), JSON.stringify({ ...head, causal: true, attention: [[[[1, 0, 0], [0.5, 0.25, 0.25], [0.2, 0.3, 0.5]]]] }));

const { page: p, problems } = await openPage({ hash: '#lang=zh' });
await p.evaluate(() => window.attnviz.ready);

// The message under the model panel's buttons, inside the panel's width (it wraps).
async function errorInsidePanel() {
  await frames(p, 3);
  const e = await rect(p, 'model.error'), panel = await rect(p, 'model.open');
  assert(e.w > 100 && e.x >= 0 && e.x + e.w <= 1280, 'the error runs off the window: ' + JSON.stringify(e));
  assert(e.x < panel.x + panel.w, 'the error is not in the model panel: ' + JSON.stringify({ e, panel }));
}

await test('a corrupt model folder is refused in Chinese through the file picker; the page goes on', async () => {
  assert((await p.evaluate(() => window.attnviz.language())) === 'zh', '#lang=zh did not start in Chinese');
  await p.evaluate(() => window.attnviz.modelReady());
  await clickWidget(p, 'header.model'); // model mode on the shipped model
  await p.waitForFunction(() => { const m = window.attnviz.model(); return m.open && !m.busy; }, null, { timeout: 120000, polling: 100 });
  await p.setInputFiles('#model-files', ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'].map((f) => join(folder, f)));
  await p.waitForFunction(() => window.attnviz.model().error !== '', null, { timeout: 30000, polling: 50 });
  const m = await model(p);
  assert(m.error.endsWith('model.safetensors: the header claims 1000000 bytes but the file has 30 after the length (truncated, or not a safetensors file?)'),
    'the core\'s English stays what the page API gives: ' + m.error);
  await errorInsidePanel();
  assert(!(await failed(p)) && problems.length === 0, 'the page failed: ' + problems.join('\n'));
  assert(m.config.n_embd === 128, 'the shipped model is not kept: ' + JSON.stringify(m.config));
  await p.mouse.move(640, 795); // off the header: no tooltip in the screenshot
  await frames(p, 3);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-zh-model-error.png') });
});

await test('an attention file that breaks its own causal promise is refused in Chinese; what was shown stays', async () => {
  await p.setInputFiles('#model-files', join(work, 'good.json'));
  await p.waitForFunction(() => window.attnviz.attention().name === 'good.json', null, { timeout: 30000, polling: 50 });
  await p.setInputFiles('#model-files', join(work, 'causal.json'));
  await p.waitForFunction(() => window.attnviz.attention().error !== '', null, { timeout: 30000, polling: 50 });
  const a = await attention(p);
  assert(a.name === 'good.json' && a.error.startsWith('causal.json: attention[0][0][1][2] (layer 0, head 0, query 1, key 2) is 0.25 but the file says causal'),
    'after the broken file: ' + JSON.stringify({ name: a.name, error: a.error }));
  await frames(p, 3);
  const e = await rect(p, 'model.error');
  assert(e.x + e.w <= 1280 && e.h > 0, 'the error runs off the window: ' + JSON.stringify(e));
  assert(!(await failed(p)) && problems.length === 0, 'the page failed: ' + problems.join('\n'));
  await p.mouse.move(640, 795);
  await frames(p, 3);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-zh-attention-error.png') });
});

await test('without JavaScript the page says what it needs, in Chinese and in English', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const q = await context.newPage();
  await q.goto(url + '#lang=zh');
  const text = await q.evaluate(() => document.querySelector('.card').innerText);
  assert(text.includes('attnviz 需要 JavaScript（以及 WebAssembly 和 WebGL2）才能运行。') &&
         text.includes('attnviz needs JavaScript (and WebAssembly and WebGL2) to run.'), 'the noscript text: ' + text);
  if (shotDir) await q.screenshot({ path: join(shotDir, 'web-noscript.png') });
  await context.close();
});

rmSync(work, { recursive: true, force: true });
await finish();
