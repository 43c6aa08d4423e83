// attnviz in a real browser under hostile use (issue 16): a few thousand random and mutated
// scenarios, lesson openings, training configurations and URL hashes, from a fixed seed, in
// one page load. Every call works or throws an Error with a message, returns within a
// generous bound (a hang fails the test instead of stalling it) and keeps the learner's last
// good scenario when it fails; after every batch of calls the canvas still shows the app.
// A failure names the seed and the input. (harness.mjs)
import { readFileSync, readdirSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, openPage, frames, finish } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CALL_TIMEOUT_MS = 30000; // far above any call's real time: only a hang reaches it
const SEED = Number(process.env.HOSTILE_SEED || 16); // HOSTILE_SEED=n tries other inputs; CTest runs 16
// HOSTILE_SCALE=0.1 runs a tenth of the calls (a quick look while working on the page).
const SCALE = Number(process.env.HOSTILE_SCALE || 1);
const times = (n) => Math.max(1, Math.round(n * SCALE));
// A lone surrogate cannot be percent-encoded: its UTF-8 replacement is.
const encode = (s) => { try { return encodeURIComponent(s); } catch { return '%EF%BF%BD'; } };

// ---- A seeded generator (mulberry32): the same inputs on every run ----------------------
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;

const SCENARIOS = readdirSync(join(ROOT, 'tests', 'data')).filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'tests', 'data', f), 'utf8')));
const LESSONS = readdirSync(join(ROOT, 'assets', 'lessons')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
const TASKS = ['classic', 'copy', 'reverse', 'previous', 'sort'];
// Values at and one past the documented limits (docs/scenario-format.md), and the usual suspects.
const NUMBERS = [0, -0, 1, -1, 0.5, 3, 4, 16, 17, 64, 65, 256, 257, 512, 513, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 1, -(2 ** 63)];
const STRINGS = ['', ' ', 'a', 'x₁', '自注意力', '\u0000', '\ud800', '\u202e', '👩‍👩‍👧', '%', 'NaN', 'Infinity', '{}', '</script>', 'a'.repeat(3000)];
const KEYS = ['tokens', 'text', 'tokenizer', 'embeddings', 'embedding', 'heads', 'projections', 'scale', 'temperature',
              'mask', 'positional', 'source', 'version', 'dim', 'seed', 'wq', 'wk', 'wv', 'wo', '__proto__', 'constructor', ''];

function randomValue(depth = 0) {
  switch (int(0, depth > 2 ? 3 : 6)) {
    case 0: return pick(NUMBERS);
    case 1: return pick(STRINGS);
    case 2: return pick([null, true, false]);
    case 3: return int(-3, 600);
    case 4: return Array.from({ length: pick([0, 1, 2, 3, 17, 513]) }, () => (chance(0.7) ? pick(NUMBERS) : randomValue(depth + 1)));
    case 5: return Object.fromEntries(Array.from({ length: int(0, 4) }, () => [pick(KEYS), randomValue(depth + 1)]));
    default: return Array.from({ length: int(1, 6) }, () => Array.from({ length: int(1, 6) }, () => pick(NUMBERS)));
  }
}

function mutate(scenario) {
  const s = structuredClone(scenario);
  for (let n = int(1, 3); n > 0; n--) {
    const key = pick(chance(0.8) ? Object.keys(s).concat(KEYS) : KEYS);
    switch (int(0, 5)) {
      case 0: delete s[key]; break;
      case 1: s[key] = randomValue(); break;
      case 2: s.tokens = Array.from({ length: pick([0, 1, 3, 512, 513]) }, (_, i) => pick(STRINGS) + i); delete s.text; break;
      case 3: s.embedding = { dim: pick([1, 4, 255, 256, 257, 0, -1, '4']), seed: pick(NUMBERS) }; delete s.embeddings; break;
      case 4: s.heads = pick([1, 2, 3, 16, 17, 0, 1.5, '2']); break;
      default: if (Array.isArray(s.embeddings) && s.embeddings.length) s.embeddings[int(0, s.embeddings.length - 1)] = randomValue(); break;
    }
  }
  return s;
}

function mangleText(text) { // byte-level damage to JSON text: flips, cuts, insertions
  const chars = [...text];
  for (let n = int(1, 4); n > 0; n--) {
    const at = int(0, chars.length);
    switch (int(0, 2)) {
      case 0: chars.splice(at, int(1, 5)); break;
      case 1: chars.splice(at, 0, pick(['{', '}', '[', ']', '"', ',', ':', '\\', '1e999', '\u0000', 'é', '\ud800'])); break;
      default: chars[at] = String.fromCharCode(int(0, 0x2fff)); break;
    }
  }
  return chars.join('');
}

function scenarioInput() {
  const base = pick(SCENARIOS);
  const r = random();
  if (r < 0.5) return mutate(base);
  if (r < 0.83) return mangleText(JSON.stringify(base));
  return randomValue();
}
// Made in the page (sending megabytes through the driver is slow): text past the 16 MB
// limit, nesting deep enough to break a recursive parser, the largest valid scenario, a
// text of 100 000 words. Each is the same every time and takes seconds under SwiftShader's
// load (a tenth of all calls were these, and they were most of the test's 4–5 minutes), so
// each comes HEAVY_EACH times, at seeded places among the random ones.
const HEAVY = [{ make: 'spaces' }, { make: 'nesting' }, { make: 'largest' }, { make: 'many-tokens' }];
const HEAVY_EACH = 3;
function scenarioInputs(n) {
  const inputs = Array.from({ length: n }, scenarioInput);
  for (const heavy of HEAVY) for (let k = 0; k < HEAVY_EACH; k++) inputs[int(0, n - 1)] = heavy;
  return inputs;
}

// ---- Calls into the page, in batches ---------------------------------------------------
// A call needs no frame before the next one, and a round trip through the driver waits for
// the page's main thread between frames: one page.evaluate per call made this test take
// 4–5 minutes. So the calls go in batches of BATCH, each call timed and checked in the
// page; between batches the app draws a couple of frames and the canvas and the learner's
// scenario are checked. HOSTILE_BATCH=1 runs one call per batch (to find the call that hangs).
const BATCH = Math.max(1, Number(process.env.HOSTILE_BATCH || 100));
const BATCH_TIMEOUT_MS = 120000; // a hang (an endless loop in the page) fails here, named by its batch
const describe = (x) => (typeof x === 'string' ? JSON.stringify(x.slice(0, 200)) : JSON.stringify(x).slice(0, 200));
const callText = ([method, args]) => `${method}(${args.map(describe).join(', ')})`;
let callsMade = 0;

function bounded(promise, what, ms = CALL_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what} (seed ${SEED})`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// In the page: the batch's calls of window.attnviz in order. Each works or throws an Error
// with a message, within CALL_TIMEOUT_MS; a refused setScenario keeps the learner's scenario.
// `window.hostileLastGood` is the learner's last good scenario (JSON), updated by accepted
// setScenario calls. A call marked `ifOpened` runs only when the latest openTraining
// worked (controls of a playground that did not open say nothing new).
// Returns {done} (calls made) or {failed: index, why}.
async function runBatchInPage({ calls, limitMs }) {
  const materialise = (x) => {
    if (x === null || typeof x !== 'object' || !x.make) return x;
    if (x.make === 'spaces') return '{"tokens": ["a"]}' + ' '.repeat(16 * 1024 * 1024);
    if (x.make === 'nesting') return '['.repeat(100000) + ']'.repeat(100000);
    if (x.make === 'many-tokens') return { text: 'w '.repeat(100000) };
    const square = (n) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * 7 + j * 3) % 11) / 10 - 0.5));
    return { tokens: Array.from({ length: 512 }, (_, i) => 't' + i), embeddings: square(256).concat(square(256)),
             heads: 16, projections: { wq: square(256), wk: square(256), wv: square(256), wo: square(256) } };
  };
  // URL hashes: resolves once the page has handled the change (its hashchange listeners run
  // first). A hash the browser writes as the one already there fires no hashchange.
  const setHash = (h) => new Promise((done) => {
    const was = location.hash;
    window.addEventListener('hashchange', () => setTimeout(done, 0), { once: true });
    location.hash = h;
    if (location.hash === was) done();
  });
  const a = window.attnviz;
  let done = 0;
  let shown = null; // the scenario on screen (JSON), known after a setScenario: no frame runs in a batch
  for (let i = 0; i < calls.length; i++) {
    const { method, args, ifOpened } = calls[i];
    if (ifOpened && !window.hostileOpened) continue;
    const start = performance.now();
    if (method === 'hash') {
      await setHash(args[0]);
      try { a.lesson(); } catch (e) { return { failed: i, why: `lesson() threw after the hash: ${e && e.message}` }; }
    } else {
      const before = method === 'setScenario' ? (shown !== null ? shown : JSON.stringify(a.getScenario())) : null;
      shown = null;
      let refusal = null;
      try {
        a[method](...args.map(materialise));
      } catch (e) {
        refusal = e;
      }
      if (method === 'openTraining') window.hostileOpened = !refusal;
      if (refusal && !(refusal instanceof Error)) return { failed: i, why: `threw something that is not an Error: ${String(refusal)}` };
      if (refusal && (!refusal.message || refusal.message === 'undefined' || !refusal.message.trim()))
        return { failed: i, why: 'threw an Error without a message' };
      if (method === 'setScenario') {
        const after = JSON.stringify(a.getScenario());
        shown = after;
        window.hostileTally[refusal ? 'refused' : 'ok']++;
        if (!refusal) window.hostileLastGood = after;
        else if (after !== before) return { failed: i, why: `was refused (${refusal.message.slice(0, 200)}) but changed the learner's scenario` };
      }
    }
    done++;
    const ms = performance.now() - start;
    if (ms > limitMs) return { failed: i, why: `took ${Math.round(ms)} ms, more than ${limitMs} ms` };
  }
  return { done };
}

// Runs `calls` ({method, args, ifOpened}) in batches; after each, a few frames, then the
// canvas must still show the app and (unless `keepsScenario` is false: a lesson or the
// playground shows its own) the learner's last good scenario must be the one shown.
async function runCalls(what, calls, keepsScenario = true) {
  for (let from = 0; from < calls.length; from += BATCH) {
    const batch = calls.slice(from, from + BATCH);
    const r = await bounded(page.evaluate(runBatchInPage, { calls: batch, limitMs: CALL_TIMEOUT_MS }),
                            `${what}, calls ${from}–${from + batch.length - 1}; the first: ${callText([batch[0].method, batch[0].args])}`, BATCH_TIMEOUT_MS);
    if (r.failed !== undefined) {
      const c = batch[r.failed];
      throw new Error(`${what}, call ${from + r.failed} (seed ${SEED}): ${callText([c.method, c.args])} ${r.why}`);
    }
    callsMade += r.done;
    await assertCanvasDrawn(`${what}, calls ${from}–${from + batch.length - 1}`); // after a few frames
    if (keepsScenario) assert(await showsLastGood(), `after ${what}, calls ${from}–${from + batch.length - 1} (seed ${SEED}): the app does not show the learner's last good scenario`);
  }
}

console.log(`seed ${SEED}, batches of ${BATCH} calls`);
const { page, problems } = await openPage();
await page.evaluate(() => window.attnviz.ready);
await frames(page, 3);
// Whether the app shows the learner's last good scenario (compared in the page: it can be megabytes).
const showsLastGood = () => bounded(page.evaluate(() => JSON.stringify(window.attnviz.getScenario()) === window.hostileLastGood), 'getScenario()');

// Chromium's screenshot, decoded (8-bit RGB or RGBA, not interlaced: what it writes), to
// count the colours on the canvas: a blank or black canvas has one or two.
function canvasColours(png) {
  let pos = 8, width = 0, height = 0, channels = 4;
  const idat = [];
  while (pos < png.length) {
    const length = png.readUInt32BE(pos), type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); channels = data[9] === 6 ? 4 : 3; }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat)), stride = width * channels, out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0, b = y ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y ? out[(y - 1) * stride + x - channels] : 0;
      let v = raw[y * (stride + 1) + 1 + x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = v & 255;
    }
  }
  const colours = new Set();
  for (let y = 0; y < height; y += 7) for (let x = 0; x < width; x += 7) {
    const i = y * stride + x * channels;
    colours.add((out[i] << 16) | (out[i + 1] << 8) | out[i + 2]);
  }
  return colours.size;
}
async function assertCanvasDrawn(when) {
  await bounded(frames(page, 3), 'frames after ' + when);
  const box = await page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });
  const colours = canvasColours(await page.screenshot({ clip: box }));
  assert(colours >= 16, `the canvas is blank after ${when}: ${colours} colours`);
}


await page.evaluate(() => { window.hostileLastGood = JSON.stringify(window.attnviz.getScenario()); window.hostileTally = { ok: 0, refused: 0 }; });

await test(`${times(1300)} random and mutated scenarios: each works or throws an Error with a message; a refusal keeps the last good one`, async () => {
  await runCalls('scenarios', scenarioInputs(times(1300)).map((input) => ({ method: 'setScenario', args: [input] })));
  const tally = await page.evaluate(() => window.hostileTally);
  console.log(`       ${tally.ok} accepted, ${tally.refused} refused`);
  assert(tally.ok > times(60) && tally.refused > times(60), 'the generator should produce both kinds: ' + JSON.stringify(tally));
});

const lessonStep = () => pick([1, 2, 3, 0, -1, 99, 2 ** 31, NaN, '2', null]);
await test('lesson openings and training configurations: each works or throws an Error; leaving gives the learner\'s scenario back', async () => {
  const lessons = [];
  for (let i = 0; i < times(300); i++) {
    const id = chance(0.6) ? pick(LESSONS) : pick([mangleText(pick(LESSONS)), pick(STRINGS), '../' + pick(LESSONS), pick(LESSONS) + '.md']);
    lessons.push({ method: 'openLesson', args: [id, lessonStep()] });
    if (chance(0.3)) lessons.push({ method: 'leaveLesson', args: [] });
  }
  lessons.push({ method: 'leaveLesson', args: [] });
  await runCalls('lessons', lessons, false);
  assert(await showsLastGood(), 'leaving the lessons did not give the learner\'s scenario back');
  const training = [];
  for (let i = 0; i < times(120); i++) {
    const config = chance(0.5) ? { task: pick(TASKS), ...(chance(0.7) ? { [pick(['seed', 'batch_size', 'd_model', 'heads', 'learning_rate', 'optimizer', 'causal'])]: randomValue(2) } : {}) }
                               : chance(0.5) ? mangleText(JSON.stringify({ task: pick(TASKS), seed: int(0, 9) })) : randomValue();
    training.push({ method: 'openTraining', args: [config] });
    for (let k = int(0, 3); k > 0; k--)
      training.push({ method: 'trainingControl', args: [pick(['step', 'reset', 'example', 'follow', 'speed', 'pause', 'jump', '']), pick([1, 0, -1, 5, 2 ** 31])], ifOpened: true });
    training.push({ method: 'trainingTry', args: [pick(['b f a a f h', '3 1 4 0', '', 'z z z', '9 9 9 9 9 9 9 9 9 9', pick(STRINGS)])], ifOpened: true });
  }
  training.push({ method: 'trainingControl', args: ['leave'] });
  await runCalls('training', training, false);
  assert(await showsLastGood(), 'leaving the training playground did not give the learner\'s scenario back');
});

await test('hostile URL hashes: the page answers after each, and an empty hash gives the learner\'s scenario back', async () => {
  const hashes = [];
  for (let i = 0; i < times(150); i++) {
    const hash = pick([
      () => `#lesson=${encode(pick(LESSONS))}&step=${String(lessonStep())}`,
      () => `#lesson=${mangleText(pick(LESSONS))}&step=${int(-5, 50)}`,
      () => `#train=${pick(TASKS)}&seed=${pick(['1', '18446744073709551616', '-1', 'x', '', '1e3'])}`,
      () => `#train=${encode(pick(STRINGS))}`,
      () => '#' + pick(['%', '%E0%A4%A', 'lesson', 'lesson=&step=', '&&&', '%00', 'lesson=' + 'x'.repeat(5000)]),
    ])();
    hashes.push({ method: 'hash', args: [hash] });
  }
  hashes.push({ method: 'hash', args: [''] });
  await runCalls('hashes', hashes, false);
  assert(await showsLastGood(), 'an empty hash did not give the learner\'s scenario back');
  console.log(`       ${callsMade} calls in all`);
  assert(problems.length === 0, 'page errors:\n' + problems.slice(0, 10).join('\n'));
});

await finish();
