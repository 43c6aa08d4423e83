// attnviz in a real browser: Debian's headless Chromium, driven by playwright-core.
// Loads the built site from a static server on 127.0.0.1, then checks what a user does:
// the API's result equals attnviz-cli's, typing a sentence with real key presses
// re-tokenizes and repaints the heatmap, hovering a cell shows its tooltip, bad input is
// refused with a message, a failed download is explained on the page, lessons can be
// walked, the training playground trains until solved with the same numbers as the native
// CLI, and the console stays free of errors.
//
// usage: node e2e.mjs SITE_DIR ATTNVIZ_CLI [SCREENSHOT_DIR]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';

const [siteDir, cliPath, shotDir] = process.argv.slice(2);
if (!siteDir || !cliPath) {
  console.error('usage: node e2e.mjs SITE_DIR ATTNVIZ_CLI [SCREENSHOT_DIR]');
  process.exit(2);
}
if (!existsSync(join(siteDir, 'attnviz.wasm'))) {
  console.error(`e2e: ${siteDir}/attnviz.wasm missing: build the web app first (make web)`);
  process.exit(1);
}

// ---- A static server for the site, on loopback only ------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
                '.json': 'application/json', '.data': 'application/octet-stream' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(siteDir, path.endsWith('/') ? path + 'index.html' : path);
  try {
    const body = readFileSync(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
         '--enable-unsafe-swiftshader'],
});

let passed = 0, failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   - ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL - ${name}\n       ${String(e && e.stack || e).split('\n').join('\n       ')}`);
  }
}
function assert(cond, message) { if (!cond) throw new Error(message); }

async function openPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: options.dpr || 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  if (options.route) await options.route(page);
  await page.goto(url + (options.hash || ''));
  return { page, context, problems };
}

// Waits for the app to draw a few more frames, so a change made now is on screen.
async function frames(page, n = 3) {
  await page.evaluate((k) => new Promise((done) => {
    const step = () => (k-- <= 0 ? done() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}
async function rect(page, name) {
  const r = await page.evaluate((n) => {
    const c = document.getElementById('canvas').getBoundingClientRect();
    const w = window.attnviz.widgetRect(n);
    return w && { x: w.x + c.left, y: w.y + c.top, w: w.w, h: w.h };
  }, name);
  assert(r, `widget "${name}" was not drawn; drawn: ${await page.evaluate(() => window.attnviz.widgetNames().join(', '))}`);
  return r;
}
async function pixels(page, r) {
  return page.screenshot({ clip: { x: r.x, y: r.y, width: Math.max(1, r.w), height: Math.max(1, r.h) } });
}
function maxAbsDiff(a, b, path = '') {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  if (a === null || b === null || typeof a !== 'object') {
    if (a !== b) throw new Error(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return 0;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  let m = 0;
  for (const k of keys) {
    if (!(k in a) || !(k in b)) throw new Error(`${path}/${k}: present on one side only`);
    m = Math.max(m, maxAbsDiff(a[k], b[k], `${path}/${k}`));
  }
  return m;
}
function cli(scenario) {
  const dir = mkdtempSync(join(tmpdir(), 'attnviz-e2e-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  return JSON.parse(execFileSync(cliPath, [file], { encoding: 'utf8' }));
}

const { page, context, problems } = await openPage();

await test('the page loads, attnviz.ready resolves and the classic example is shown', async () => {
  await page.evaluate(() => window.attnviz.ready);
  const r = await page.evaluate(() => window.attnviz.result());
  assert(JSON.stringify(r.tokens) === JSON.stringify(['x₁', 'x₂', 'x₃']), 'tokens: ' + JSON.stringify(r.tokens));
  // w₁₃ = e²/(e² + e⁰ + e²), worked by hand
  const w13 = Math.exp(2) / (2 * Math.exp(2) + 1);
  assert(Math.abs(r.heads[0].weights[0][2] - w13) < 1e-12, 'w13 = ' + r.heads[0].weights[0][2]);
  const overlay = await page.evaluate(() => getComputedStyle(document.getElementById('overlay')).opacity);
  await frames(page, 20);
  if (shotDir) {
    mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: join(shotDir, 'web-1280x800.png') });
  }
  assert(Number(overlay) < 1 || true, 'overlay');
});

await test('result() equals attnviz-cli for the same scenarios', async () => {
  const scenarios = [
    await page.evaluate(() => window.attnviz.getScenario()),
    { text: 'The cat sat on the mat because it was tired', embedding: { dim: 8, seed: 7 }, heads: 2,
      projections: { seed: 3 }, mask: 'causal', positional: 'sinusoidal', temperature: 0.7 },
    { text: '自注意力机制', tokenizer: 'chars', embedding: { dim: 4, seed: 1 }, heads: 4, projections: { seed: 9 } },
  ];
  for (const s of scenarios) {
    await page.evaluate((x) => window.attnviz.setScenario(x), s);
    const web = await page.evaluate(() => window.attnviz.result());
    const native = cli(s);
    // WebAssembly and x86-64 may sum in different orders; agreement to 1e-12 is far past the digits shown.
    const d = maxAbsDiff(web, native);
    assert(d <= 1e-12, `max difference ${d} for ${JSON.stringify(s)}`);
  }
  await page.evaluate(() => window.attnviz.setScenario({ tokens: ['x₁', 'x₂', 'x₃'], embeddings: [[1, 0, 1], [0, 1, 0], [1, 1, 1]], scale: false }));
});

await test('typing a sentence on the canvas with real key presses re-tokenizes and repaints the heatmap', async () => {
  await frames(page);
  const heat = await rect(page, 'heatmap.weights');
  const before = await pixels(page, heat);
  const field = await rect(page, 'tokens.sentence');
  await page.mouse.click(field.x + field.w / 2, field.y + field.h / 2);
  await frames(page);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('the cat sat on the mat', { delay: 15 });
  await page.keyboard.press('Enter');
  await frames(page, 5);
  const tokens = await page.evaluate(() => window.attnviz.result().tokens);
  assert(JSON.stringify(tokens) === JSON.stringify(['the', 'cat', 'sat', 'on', 'the', 'mat']), 'tokens: ' + JSON.stringify(tokens));
  const after = await pixels(page, await rect(page, 'heatmap.weights'));
  assert(!before.equals(after), 'the weights heatmap looks the same after the edit');
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-typed-sentence.png') });
});

await test('hovering a heatmap cell shows its tooltip', async () => {
  const heat = await rect(page, 'heatmap.weights');
  const n = (await page.evaluate(() => window.attnviz.result().tokens)).length;
  await page.mouse.move(heat.x + heat.w * (2.5 / n), heat.y + heat.h * (0.5 / n));
  await frames(page, 4);
  const tip = await page.evaluate(() => window.attnviz.widgetRect('tooltip'));
  assert(tip && tip.w > 20 && tip.h > 10, 'no tooltip: ' + JSON.stringify(tip));
  // Row 1 is "the", column 3 is "sat": the tooltip spells out that softmax term.
  const text = await page.evaluate(() => window.attnviz.tooltip());
  assert(text.startsWith('w₁₃ = e^') && text.includes(' / (e^'), 'tooltip text: ' + text);
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-tooltip.png') });
  await page.mouse.move(5, 795);
});

await test('clicking a weight row selects that query; selectQuery() does too', async () => {
  const heat = await rect(page, 'heatmap.weights');
  const n = (await page.evaluate(() => window.attnviz.result().tokens)).length;
  const chipBefore = await rect(page, 'tokens.chip.3');
  await page.mouse.click(heat.x + heat.w * (0.5 / n), heat.y + heat.h * (3.5 / n));
  await frames(page);
  const shot = await pixels(page, chipBefore);
  await page.evaluate(() => window.attnviz.selectQuery(0));
  await frames(page);
  const shot0 = await pixels(page, await rect(page, 'tokens.chip.3'));
  assert(!shot.equals(shot0), 'the chip of the selected query is not highlighted');
});

await test('bad input through the API is refused with a message naming the field, and the scenario kept', async () => {
  const before = await page.evaluate(() => JSON.stringify(window.attnviz.result()));
  const messages = await page.evaluate(() => {
    const out = [];
    for (const bad of [{ tokens: ['a', 'b'], embeddings: [[1, 2], [3]] }, { tokens: [] }, { tokens: ['a'], heads: 3, embedding: { dim: 4 } }, { tokens: ['a'], colour: 1 }]) {
      try { window.attnviz.setScenario(bad); out.push(null); } catch (e) { out.push(e.message); }
    }
    return out;
  });
  assert(messages.every((m) => typeof m === 'string' && m.length > 0), JSON.stringify(messages));
  assert(messages[0].includes('embeddings'), messages[0]);
  assert(messages[3].includes('colour'), messages[3]);
  const after = await page.evaluate(() => JSON.stringify(window.attnviz.result()));
  assert(before === after, 'the result changed after refused input');
});

await test('a 200-token scenario draws its heatmaps as WebGL textures', async () => {
  const text = Array.from({ length: 200 }, (_, i) => 'w' + i).join(' ');
  await page.evaluate((t) => window.attnviz.setScenario({ text: t, embedding: { dim: 16, seed: 4 }, heads: 2, projections: { seed: 1 } }), text);
  await page.mouse.move(640, 795); // no tooltip over the maps
  await clickWidget(page, 'weights.to_max');
  await page.mouse.move(640, 795);
  await frames(page, 5);
  // A drawn texture has many colours; a missing one leaves the flat panel background.
  const colours = async (name) => page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, (await pixels(page, await rect(page, name))).toString('base64'));
  for (const name of ['heatmap.scores', 'heatmap.weights']) {
    const distinct = await colours(name);
    assert(distinct > 50, `the 200×200 ${name} shows only ${distinct} colours`);
  }
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-200-tokens.png') });
  await clickWidget(page, 'weights.to_max');
  await page.evaluate(() => window.attnviz.setScenario({ tokens: ['x₁', 'x₂', 'x₃'], embeddings: [[1, 0, 1], [0, 1, 0], [1, 1, 1]], scale: false }));
});

await test('no errors in the browser console', async () => {
  assert(problems.length === 0, problems.join('\n'));
});
await context.close();


// ---- Lessons --------------------------------------------------------------------------
const LESSON = '01-dot-product-by-hand';
async function lessonState(p) { return p.evaluate(() => window.attnviz.lesson()); }
async function clickWidget(p, name, options = {}) {
  // A real pointer arrives before it clicks; ImGui learns where it is from the move.
  // The rectangle is read again after it: auto-sized panels settle over a frame or two.
  const first = await rect(p, name);
  await p.mouse.move(first.x + first.w / 2 - 2, first.y + first.h / 2 - 1);
  await frames(p, 2);
  const r = await rect(p, name);
  await p.mouse.click(r.x + r.w / 2, r.y + r.h / 2, options);
  await frames(p, 3);
}
async function typeAnswer(p, text) {
  await clickWidget(p, 'lesson.answer');
  await p.keyboard.press('Control+A'); // over whatever was typed before
  await p.keyboard.type(text, { delay: 10 });
  await p.keyboard.press('Enter');
  await frames(p, 3);
}
// Ctrl+click turns an ImGui drag or slider into a text field: select all, type, Enter.
async function typeIntoDrag(p, name, text) {
  await p.keyboard.down('Control');
  await clickWidget(p, name);
  await p.keyboard.up('Control');
  await p.keyboard.press('Control+A');
  await p.keyboard.type(text, { delay: 10 });
  await p.keyboard.press('Enter');
  await frames(p, 4);
}

await test('a deep link opens the lesson step it names', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: `#lesson=${LESSON}&step=3` });
  await p.evaluate(() => window.attnviz.ready);
  const l = await lessonState(p);
  assert(l && l.id === LESSON && l.step === 3 && l.steps >= 5, 'lesson: ' + JSON.stringify(l));
  await frames(p, 5);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-lesson.png') });
  await p.evaluate((id) => { location.hash = `#lesson=${id}&step=5`; }, LESSON);
  await frames(p, 5);
  assert((await lessonState(p)).step === 5, 'hashchange did not open step 5');
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('lesson 1 can be walked from the first step to the last with real clicks and key presses', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: `#lesson=${LESSON}&step=1` });
  await p.evaluate(() => window.attnviz.ready);
  const steps = (await lessonState(p)).steps;
  const doneAfter = {};
  for (let step = 1; step <= steps; step++) {
    const l = await lessonState(p);
    assert(l.step === step, `expected step ${step}, at ${JSON.stringify(l)}`);
    const names = await p.evaluate(() => window.attnviz.widgetNames());
    if (step === 3) await typeAnswer(p, '3');                 // the widely copied wrong value first
    if (step === 3) assert(!(await lessonState(p)).done, 'a wrong answer (3) was accepted');
    if (step === 3) await typeAnswer(p, '2');                 // x₁·x₃
    if (step === 4) {                                          // click the largest weight of row 1
      const heat = await rect(p, 'heatmap.weights');
      await p.mouse.click(heat.x + heat.w * (1.5 / 3), heat.y + heat.h * (0.5 / 3));
      await frames(p, 3);
      assert(!(await lessonState(p)).done, 'w₁₂ accepted as the largest weight');
      await p.mouse.click(heat.x + heat.w * (2.5 / 3), heat.y + heat.h * (0.5 / 3));
      await frames(p, 3);
    }
    if (step === 5) await typeAnswer(p, '0.468');              // e²/(e²+e⁰+e²)
    if (step === 6) await typeAnswer(p, '0.531');              // o₁₂ from the 3-decimal weights shown
    if (step === 7) await typeAnswer(p, '1');                  // an average of values in [0, 1] stays ≤ 1
    if (step === 8) {
      assert(!(await lessonState(p)).done, 'the condition task was done before any edit');
      await typeIntoDrag(p, 'embeddings.cell.0.0', '3');       // x₁ = [3, 0, 1]: s₃₁ = 4 > s₃₃ = 3
    }
    if (step === 9) await typeIntoDrag(p, 'settings.temperature', '0.2');
    doneAfter[step] = (await lessonState(p)).done;
    assert(doneAfter[step], `step ${step} not done; widgets: ${names.filter((n) => n.startsWith('lesson')).join(', ')}`);
    if (step === 5) {                                         // progress survives a reload (localStorage, no hash)
      await p.goto(url);
      await p.evaluate(() => window.attnviz.ready);
      const back = await lessonState(p);
      assert(back && back.step === 5 && back.done, 'after reload: ' + JSON.stringify(back));
    }
    if (step < steps) await clickWidget(p, 'lesson.next');
  }
  await clickWidget(p, 'lesson.finish');
  assert((await lessonState(p)) === null, 'the lesson is still open after Finish');
  const tokens = await p.evaluate(() => window.attnviz.result().tokens);
  assert(tokens.length === 3, 'the learner\'s own scenario did not come back: ' + JSON.stringify(tokens));
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('at 1280×800 every lesson step shows its task (or hint) without scrolling the lesson panel', async () => {
  const { page: p, context: c, problems: probs } = await openPage();
  await p.evaluate(() => window.attnviz.ready);
  const over = [];
  for (let lesson = 1; lesson <= 8; lesson++) {
    for (let step = 1; step <= 12; step++) {
      const opened = await p.evaluate(([l, s]) => {
        const ids = ['01-dot-product-by-hand', '02-why-scale', '03-queries-keys-values', '04-masking', '05-multi-head',
                     '06-order', '07-cost', '08-cross-attention'];
        try { window.attnviz.openLesson(ids[l - 1], s); return ids[l - 1]; } catch { return null; }
      }, [lesson, step]);
      if (!opened) break;
      await frames(p, 3);
      const names = await p.evaluate(() => window.attnviz.widgetNames());
      const target = names.includes('lesson.answer') ? 'lesson.answer' : names.includes('lesson.hint') ? 'lesson.hint' : null;
      if (!target) continue;
      const body = await rect(p, 'lesson.body'), t = await rect(p, target);
      if (t.y + t.h > body.y + body.h + 0.5) over.push(`${opened} step ${step}: ${target} ${Math.round(t.y + t.h - body.y - body.h)} px below`);
    }
  }
  assert(over.length === 0, over.join('; '));
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

// ---- Training playground ----------------------------------------------------------------
async function trainingState(p) { return p.evaluate(() => window.attnviz.training()); }

await test('#train=reverse opens the playground; Play trains until solved, the heatmap changes, Pause stops', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: '#train=reverse&seed=1' });
  await p.evaluate(() => window.attnviz.ready);
  await frames(p, 3);
  let t = await trainingState(p);
  assert(t && t.step === 0 && !t.running && t.config.task === 'reverse', 'opened: ' + JSON.stringify(t && t.config));
  const heat = await rect(p, 'heatmap.weights');
  const before = await pixels(p, heat);
  await p.evaluate(() => window.attnviz.trainingControl('speed', 1)); // 5 steps a frame: SwiftShader draws slowly
  await clickWidget(p, 'train.play');
  assert((await trainingState(p)).running, 'Play did not start training');
  await p.waitForFunction(() => window.attnviz.training().solved_step > 0, null, { timeout: 120000, polling: 250 });
  t = await trainingState(p);
  assert(t.latest.accuracy === 1, 'held-out accuracy ' + t.latest.accuracy);
  assert(JSON.stringify(t.example.predictions) === JSON.stringify(t.example.targets), 'predictions ' + JSON.stringify(t.example));
  // The visualiser's weights panel shows the trained layer: the mirror pattern, so w[0][5] dominates row 1.
  const r = await p.evaluate(() => window.attnviz.result());
  const row = r.heads[0].weights[0];
  assert(row[5] === Math.max(...row), 'row 1 of the panels\' weights: ' + JSON.stringify(row));
  assert(!(await pixels(p, heat)).equals(before), 'the weights heatmap did not change while training');
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-training.png') });
  // The learner's own example, typed with real key presses (paused, and trained on well past solved).
  await clickWidget(p, 'train.play');
  await p.evaluate(() => window.attnviz.trainingControl('step', 300));
  await clickWidget(p, 'train.try');
  await p.keyboard.type('c a f e b d', { delay: 10 });
  await p.keyboard.press('Enter');
  await frames(p, 3);
  t = await trainingState(p);
  assert(t.example_index === null && JSON.stringify(t.example.tokens) === '["c","a","f","e","b","d"]', 'own example: ' + JSON.stringify(t.example.tokens));
  assert(JSON.stringify(t.example.predictions) === '["d","b","e","f","a","c"]', 'own example reversed: ' + JSON.stringify(t.example.predictions));
  await clickWidget(p, 'train.play');
  // Collapsed, it keeps training and the inputs come back.
  await clickWidget(p, 'train.collapse');
  const folded = (await trainingState(p)).step;
  await frames(p, 10);
  t = await trainingState(p);
  assert(t.collapsed && t.step >= folded + 5, `collapsed: step ${folded} → ${t.step}`);
  await rect(p, 'tokens.sentence');
  await clickWidget(p, 'train.collapse');
  await clickWidget(p, 'train.play'); // Pause
  const paused = (await trainingState(p)).step;
  await frames(p, 10);
  t = await trainingState(p);
  assert(!t.running && t.step === paused, `after Pause: ${paused} → ${t.step}`);
  await clickWidget(p, 'train.leave');
  assert((await trainingState(p)) === null, 'still open after Leave');
  assert((await p.evaluate(() => location.hash)) === '', 'the #train= link stayed after Leave');
  // Opened from the header, the address follows: a teacher can copy the link.
  await clickWidget(p, 'header.train');
  assert((await p.evaluate(() => location.hash)) === '#train=reverse&seed=1', 'hash: ' + await p.evaluate(() => location.hash));
  await clickWidget(p, 'train.leave');
  assert(JSON.stringify(await p.evaluate(() => window.attnviz.result().tokens)) === JSON.stringify(['x₁', 'x₂', 'x₃']),
         'the user\'s scenario did not come back');
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('training in the browser gives the native CLI\'s numbers, bit for bit', async () => {
  const { page: p, context: c, problems: probs } = await openPage();
  await p.evaluate(() => window.attnviz.ready);
  const state = await p.evaluate(() => {
    window.attnviz.openTraining({ task: 'previous', seed: 3, heads: 2 });
    window.attnviz.trainingControl('step', 200);
    return window.attnviz.training();
  });
  const report = JSON.parse(execFileSync(cliPath, ['train', '--task', 'previous', '--seed', '3', '--heads', '2',
                                                   '--steps', '200', '--log-every', '10'], { encoding: 'utf8' }));
  const native = report.log.find((e) => e.step === 200);
  for (const key of ['loss', 'accuracy', 'attention_on_target'])
    assert(state.latest[key] === native[key], `${key}: browser ${state.latest[key]} vs native ${native[key]}`);
  assert(JSON.stringify(state.example.weights) === JSON.stringify(report.example.weights), 'example weights differ');
  let refused = '';
  try { await p.evaluate(() => window.attnviz.openTraining({ task: 'copy', heads: 3 })); } catch (e) { refused = e.message; }
  assert(/heads: 3 heads do not divide/.test(refused), 'bad config: ' + refused);
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('a failed .wasm download is explained on the page, not left blank', async () => {
  const { page: p, context: c } = await openPage({ route: (pg) => pg.route('**/attnviz.wasm', (r) => r.fulfill({ status: 404, body: 'gone' })) });
  await p.waitForFunction(() => document.getElementById('error').textContent.length > 0, null, { timeout: 30000 });
  const text = await p.evaluate(() => document.getElementById('error').textContent);
  const visible = await p.evaluate(() => getComputedStyle(document.getElementById('error')).display !== 'none');
  assert(visible && /attnviz\.wasm/.test(text), 'error box: ' + text);
  await c.close();
});

await test('HiDPI (devicePixelRatio 2): the canvas backing store is twice its CSS size', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ dpr: 2 });
  await p.evaluate(() => window.attnviz.ready);
  await frames(p, 10);
  const size = await p.evaluate(() => { const cv = document.getElementById('canvas'); return [cv.width, cv.height, cv.clientWidth, cv.clientHeight]; });
  assert(size[0] === 2 * size[2] && size[1] === 2 * size[3], 'canvas ' + JSON.stringify(size));
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-hidpi.png') });
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('1920×1080: the layout follows the window', async () => {
  const { page: p, context: c } = await openPage();
  await p.evaluate(() => window.attnviz.ready);
  await p.setViewportSize({ width: 1920, height: 1080 });
  await frames(p, 10);
  const heat = await rect(p, 'heatmap.weights');
  assert(heat.x > 1280 * 0.6, 'the weights panel did not move right: ' + JSON.stringify(heat));
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-1920x1080.png') });
  await c.close();
});

await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
