// attnviz in a real browser, the shared part of the end-to-end tests (e2e_*.mjs): a static
// server for the built site on 127.0.0.1, Debian's headless Chromium through
// playwright-core, and helpers that act as a user does (real clicks and key presses on
// widgets found by name). Each e2e_*.mjs is one CTest entry, so CTest runs them in parallel.
//
// usage of every part: node e2e_<part>.mjs SITE_DIR ATTNVIZ_CLI [SCREENSHOT_DIR]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';

export const [siteDir, cliPath, shotDir] = process.argv.slice(2);
if (!siteDir || !cliPath) {
  console.error('usage: node e2e_<part>.mjs SITE_DIR ATTNVIZ_CLI [SCREENSHOT_DIR]');
  process.exit(2);
}
if (!existsSync(join(siteDir, 'attnviz.wasm'))) {
  console.error(`e2e: ${siteDir}/attnviz.wasm missing: build the web app first (make web)`);
  process.exit(1);
}
if (shotDir) mkdirSync(shotDir, { recursive: true });

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
export const url = `http://127.0.0.1:${server.address().port}/`;

// WebGL runs on SwiftShader (software). Compositing the page in software as well saves
// SwiftShader a second pass over every frame: frames come 2–3× faster and the tests wait less.
export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader',
         '--enable-unsafe-swiftshader', '--disable-gpu-compositing'],
});

let passed = 0, failed = 0;
export async function test(name, fn) {
  const start = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   - ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`FAIL - ${name}\n       ${String(e && e.stack || e).split('\n').join('\n       ')}`);
  }
}
export function assert(cond, message) { if (!cond) throw new Error(message); }

export async function openPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: options.dpr || 1 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('crash', () => console.log('e2e: the page\'s renderer crashed'));
  if (options.route) await options.route(page);
  await page.goto(url + (options.hash || ''));
  return { page, context, problems };
}

// Waits for the app to draw a few more frames, so a change made now is on screen.
export async function frames(page, n = 3) {
  await page.evaluate((k) => new Promise((done) => {
    const step = () => (k-- <= 0 ? done() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}
// A widget's rectangle on the page, once it is drawn: as a user waits to see a button before
// clicking it, this waits (up to `timeout` ms) for a frame that has it. A change made just
// before (a restored lesson, an opened panel) shows in the next frames, not at once; the
// page draws them because asking for a widget wakes it.
export async function rect(page, name, { timeout = 20000 } = {}) {
  const find = (n) => {
    const c = document.getElementById('canvas').getBoundingClientRect();
    const w = window.attnviz.widgetRect(n);
    return w && { x: w.x + c.left, y: w.y + c.top, w: w.w, h: w.h };
  };
  let r = await page.evaluate(find, name);
  if (!r)
    r = await page.waitForFunction(find, name, { timeout, polling: 50 }).then((h) => h.jsonValue()).catch(() => null);
  assert(r, `widget "${name}" was not drawn in ${timeout / 1000} s; drawn: ${await page.evaluate(() => window.attnviz.widgetNames().join(', '))}`);
  return r;
}
export async function pixels(page, r) {
  return page.screenshot({ clip: { x: r.x, y: r.y, width: Math.max(1, r.w), height: Math.max(1, r.h) } });
}
export function maxAbsDiff(a, b, path = '') {
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
export function cli(scenario) {
  const dir = mkdtempSync(join(tmpdir(), 'attnviz-e2e-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  return JSON.parse(execFileSync(cliPath, [file], { encoding: 'utf8' }));
}

export async function clickWidget(p, name, options = {}) {
  // A real pointer arrives before it clicks; ImGui learns where it is from the move.
  // The rectangle is read again after it: auto-sized panels settle over a frame or two.
  const first = await rect(p, name);
  await p.mouse.move(first.x + first.w / 2 - 2, first.y + first.h / 2 - 1);
  await frames(p, 2);
  const r = await rect(p, name);
  await p.mouse.click(r.x + r.w / 2, r.y + r.h / 2, options);
  await frames(p, 3);
}
// Waits until the app has taken in every key press, text and click sent so far (none left in
// SDL's queue or ImGui's: ImGui spreads quick input over frames): the outcome of typing is
// read only then. A condition, not a frame count: under load typing arrives in bursts.
export async function settle(p) {
  await p.waitForFunction(() => window.attnviz.input().pending === 0, null, { polling: 'raf', timeout: 60000 });
  await frames(p, 1);
}
// Clicks a text field and waits for its caret, as a user does before typing.
export async function focusField(p, name) {
  await clickWidget(p, name);
  await p.waitForFunction((n) => window.attnviz.input().field === n, name, { polling: 'raf', timeout: 30000 })
    .catch(async () => assert(false, `no caret in "${name}" after a click on it: ${JSON.stringify(await p.evaluate(() => window.attnviz.input()))}`));
}
export async function typeAnswer(p, text) {
  await focusField(p, 'lesson.answer');
  await p.keyboard.press('Control+A'); // over whatever was typed before
  await p.keyboard.type(text, { delay: 10 });
  await p.keyboard.press('Enter');
  await settle(p);
  await frames(p, 2);
}
// Ctrl+click turns an ImGui drag or slider into a text field: select all, type, Enter.
export async function typeIntoDrag(p, name, text) {
  await p.keyboard.down('Control');
  await clickWidget(p, name);
  await p.keyboard.up('Control');
  await p.keyboard.press('Control+A');
  await p.keyboard.type(text, { delay: 10 });
  await p.keyboard.press('Enter');
  await settle(p);
  await frames(p, 3);
}

// Closes the browser and the server; the exit status says whether every test passed.
export async function finish() {
  await browser.close();
  server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
