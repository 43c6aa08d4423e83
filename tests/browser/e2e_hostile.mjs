// attnviz in a real browser under hostile use (issue 16): a few thousand random and mutated
// scenarios, lesson openings, training configurations and URL hashes, from a fixed seed, in
// one page load. Every call works or throws an Error with a message, returns within a
// generous bound (a hang fails the test instead of stalling it), keeps the learner's last
// good scenario when it fails, and the canvas still shows the app at the end. (harness.mjs)
import { readFileSync, readdirSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, assert, openPage, frames, finish } from './harness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CALL_TIMEOUT_MS = 30000; // far above any call's real time: only a hang reaches it
const SEED = 16;
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
  if (r < 0.45) return mutate(base);
  if (r < 0.75) return mangleText(JSON.stringify(base));
  if (r < 0.9) return randomValue();
  // Made in the page (sending megabytes through the driver is slow): text past the 16 MB
  // limit, nesting deep enough to break a recursive parser, the largest valid scenario.
  return pick([{ make: 'spaces' }, { make: 'nesting' }, { make: 'largest' }, { make: 'many-tokens' }]);
}

// ---- Calls into the page, each bounded --------------------------------------------------
function bounded(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CALL_TIMEOUT_MS} ms: ${what}`)), CALL_TIMEOUT_MS); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const describe = (x) => (typeof x === 'string' ? JSON.stringify(x.slice(0, 200)) : JSON.stringify(x).slice(0, 200));

// In the page: one call of window.attnviz, reported as {ok} or {error, isError}; `kept` says
// whether the learner's scenario is the one from before the call.
function callInPage([method, args]) {
  const materialise = (x) => {
    if (x === null || typeof x !== 'object' || !x.make) return x;
    if (x.make === 'spaces') return '{"tokens": ["a"]}' + ' '.repeat(16 * 1024 * 1024);
    if (x.make === 'nesting') return '['.repeat(100000) + ']'.repeat(100000);
    if (x.make === 'many-tokens') return { text: 'w '.repeat(100000) };
    const square = (n) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * 7 + j * 3) % 11) / 10 - 0.5));
    return { tokens: Array.from({ length: 512 }, (_, i) => 't' + i), embeddings: square(256).concat(square(256)),
             heads: 16, projections: { wq: square(256), wk: square(256), wv: square(256), wo: square(256) } };
  };
  const a = window.attnviz;
  const before = JSON.stringify(a.getScenario());
  try {
    a[method](...args.map(materialise));
    return { ok: true };
  } catch (e) {
    return { ok: false, isError: e instanceof Error, message: String(e && e.message), kept: JSON.stringify(a.getScenario()) === before };
  }
}

const { page, problems } = await openPage();
await page.evaluate(() => window.attnviz.ready);
await frames(page, 3);
const call = (method, ...args) => bounded(page.evaluate(callInPage, [method, args]), `${method}(${args.map(describe).join(', ')})`);
const learnerScenario = () => bounded(page.evaluate(() => JSON.stringify(window.attnviz.getScenario())), 'getScenario()');

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

function checkRefusal(r, what) {
  assert(r.isError, `${what} threw something that is not an Error: ${r.message}`);
  assert(r.message && r.message !== 'undefined' && r.message.trim().length > 0, `${what} threw an Error without a message`);
}

let lastGood = await learnerScenario();
const tally = { ok: 0, refused: 0 };

await test(`${times(1200)} random and mutated scenarios: each works or throws an Error with a message; a refusal keeps the last good one`, async () => {
  for (let i = 0; i < times(1200); i++) {
    const input = scenarioInput();
    const r = await call('setScenario', input);
    if (r.ok) {
      tally.ok++;
      lastGood = await learnerScenario();
    } else {
      tally.refused++;
      checkRefusal(r, `setScenario(${describe(input)})`);
      assert(r.kept, `a refused setScenario(${describe(input)}) changed the learner's scenario`);
    }
    if (i % 400 === 399) await assertCanvasDrawn(`${i + 1} scenarios`);
  }
  console.log(`       ${tally.ok} accepted, ${tally.refused} refused`);
  assert(tally.ok > times(60) && tally.refused > times(60), 'the generator should produce both kinds: ' + JSON.stringify(tally));
});

const lessonStep = () => pick([1, 2, 3, 0, -1, 99, 2 ** 31, NaN, '2', null]);
await test('lesson openings and training configurations: each works or throws an Error; leaving gives the learner\'s scenario back', async () => {
  for (let i = 0; i < times(300); i++) {
    const id = chance(0.6) ? pick(LESSONS) : pick([mangleText(pick(LESSONS)), pick(STRINGS), '../' + pick(LESSONS), pick(LESSONS) + '.md']);
    const r = await call('openLesson', id, lessonStep());
    if (!r.ok) checkRefusal(r, `openLesson(${describe(id)})`);
    if (chance(0.3)) await call('leaveLesson');
  }
  await call('leaveLesson');
  assert(await learnerScenario() === lastGood, 'leaving the lessons did not give the learner\'s scenario back');
  for (let i = 0; i < times(120); i++) {
    const config = chance(0.5) ? { task: pick(TASKS), ...(chance(0.7) ? { [pick(['seed', 'batch_size', 'd_model', 'heads', 'learning_rate', 'optimizer', 'causal'])]: randomValue(2) } : {}) }
                               : chance(0.5) ? mangleText(JSON.stringify({ task: pick(TASKS), seed: int(0, 9) })) : randomValue();
    const r = await call('openTraining', config);
    if (!r.ok) { checkRefusal(r, `openTraining(${describe(config)})`); continue; }
    for (let k = int(0, 3); k > 0; k--) {
      const c = await call('trainingControl', pick(['step', 'reset', 'example', 'follow', 'speed', 'pause', 'jump', '']), pick([1, 0, -1, 5, 2 ** 31]));
      if (!c.ok) checkRefusal(c, 'trainingControl');
    }
    const t = await call('trainingTry', pick(['b f a a f h', '3 1 4 0', '', 'z z z', '9 9 9 9 9 9 9 9 9 9', pick(STRINGS)]));
    if (!t.ok) checkRefusal(t, 'trainingTry');
  }
  await call('trainingControl', 'leave');
  assert(await learnerScenario() === lastGood, 'leaving the training playground did not give the learner\'s scenario back');
  await assertCanvasDrawn('lessons and training');
});

await test('hostile URL hashes: the page answers after each, and an empty hash gives the learner\'s scenario back', async () => {
  for (let i = 0; i < times(150); i++) {
    const hash = pick([
      () => `#lesson=${encode(pick(LESSONS))}&step=${String(lessonStep())}`,
      () => `#lesson=${mangleText(pick(LESSONS))}&step=${int(-5, 50)}`,
      () => `#train=${pick(TASKS)}&seed=${pick(['1', '18446744073709551616', '-1', 'x', '', '1e3'])}`,
      () => `#train=${encode(pick(STRINGS))}`,
      () => '#' + pick(['%', '%E0%A4%A', 'lesson', 'lesson=&step=', '&&&', '%00', 'lesson=' + 'x'.repeat(5000)]),
    ])();
    // Resolves once the page has handled the change (its hashchange listeners run first).
    await bounded(page.evaluate((h) => new Promise((done) => {
      if (location.hash === h || (h === '#' && location.hash === '')) return done();
      window.addEventListener('hashchange', () => setTimeout(done, 0), { once: true });
      location.hash = h;
    }), hash), 'hash ' + hash.slice(0, 100));
    await bounded(page.evaluate(() => window.attnviz.lesson()), 'lesson() after hash ' + hash.slice(0, 100));
  }
  await bounded(page.evaluate(() => new Promise((done) => {
    if (!location.hash) return done();
    window.addEventListener('hashchange', () => setTimeout(done, 0), { once: true });
    location.hash = '';
  })), 'empty hash');
  await bounded(frames(page, 2), 'frames after the empty hash');
  assert(await learnerScenario() === lastGood, 'an empty hash did not give the learner\'s scenario back');
  await assertCanvasDrawn('hashes');
  assert(problems.length === 0, 'page errors:\n' + problems.slice(0, 10).join('\n'));
});

await finish();
