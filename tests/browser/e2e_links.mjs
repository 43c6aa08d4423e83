// attnviz in a real browser, issue 14: a copied link reproduces result() bit for bit in a
// fresh context; the scenario survives a reload; a heatmap exported as PNG (decoded here,
// with node's zlib) has the expected size and the weights' colours; a CSV export reads
// back to result()'s numbers; the whole view exports at 1× and 2× (the same view, text
// rasterised at 2×); a scenario file dropped with real drag-and-drop events opens;
// a corrupt link and a corrupt file leave the app usable with a message; and the desktop
// app under Xvfb opens the page's link to the same numbers, and the page opens the desktop's.
// (harness.mjs; ATTNVIZ_DESKTOP names the desktop app for the last part.)
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, clickWidget, focusField, settle, maxAbsDiff, cli, shotDir, finish } from './harness.mjs';

// ---- A PNG reader (RFC 2083): enough for 8-bit RGBA, non-interlaced, as stb writes them ----
function readPng(buffer) {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  assert(signature.every((b, i) => buffer[i] === b), 'not a PNG (signature)');
  let at = 8, width = 0, height = 0;
  const idat = [];
  while (at < buffer.length) {
    const length = buffer.readUInt32BE(at), type = buffer.toString('latin1', at + 4, at + 8);
    const data = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      assert(data[8] === 8 && data[9] === 6 && data[12] === 0, `IHDR: depth ${data[8]}, colour type ${data[9]}, interlace ${data[12]}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4, pixels = Buffer.alloc(stride * height);
  const paeth = (a, b, c) => { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                               return pa <= pb && pa <= pc ? a : pb <= pc ? b : c; };
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? pixels[y * stride + x - 4] : 0, b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      pixels[y * stride + x] = (v + [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]) & 255;
    }
  }
  return { width, height, rgb: (x, y) => [0, 1, 2].map((k) => pixels[(y * width + x) * 4 + k]) };
}

// The 2× view against the 1× one (tests/desktop/compare_2x.py does the same for the desktop):
// averaged down 2×2 it matches (mad: mean |difference| per channel; off: the share of pixels
// with a channel off by more than 64), and its gradient energy against the 1× picture
// magnified bilinearly (as a GPU magnifies a bitmap) says whether its text is really 2×
// (measured: 3.5× with the 2× fonts; 1.4× on the desktop when the 1× fonts were drawn at 2×).
function compare2x(one, two) {
  const w = one.width, h = one.height, grey1 = new Float64Array(w * h);
  let sum = 0, off = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const a = one.rgb(x, y), q = [two.rgb(2 * x, 2 * y), two.rgb(2 * x + 1, 2 * y), two.rgb(2 * x, 2 * y + 1), two.rgb(2 * x + 1, 2 * y + 1)];
      let worst = 0;
      for (let k = 0; k < 3; k++) {
        const d = Math.abs((q[0][k] + q[1][k] + q[2][k] + q[3][k]) / 4 - a[k]);
        sum += d; worst = Math.max(worst, d);
      }
      if (worst > 64) off++;
      grey1[y * w + x] = (a[0] + a[1] + a[2]) / 3;
    }
  const W = 2 * w, H = 2 * h, up = new Float64Array(W * H), grey2 = new Float64Array(W * H);
  const g1 = (x, y) => grey1[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  for (let Y = 0; Y < H; Y++)
    for (let X = 0; X < W; X++) {
      const x = X >> 1, y = Y >> 1, sx = X & 1 ? 1 : -1, sy = Y & 1 ? 1 : -1;
      up[Y * W + X] = (9 * g1(x, y) + 3 * g1(x + sx, y) + 3 * g1(x, y + sy) + g1(x + sx, y + sy)) / 16;
      const p = two.rgb(X, Y);
      grey2[Y * W + X] = (p[0] + p[1] + p[2]) / 3;
    }
  const energy = (g) => {
    let e = 0;
    for (let Y = 0; Y < H; Y++)
      for (let X = 0; X < W; X++) {
        if (X + 1 < W) e += (g[Y * W + X + 1] - g[Y * W + X]) ** 2;
        if (Y + 1 < H) e += (g[(Y + 1) * W + X] - g[Y * W + X]) ** 2;
      }
    return e;
  };
  return { mad: sum / (w * h * 3), off: off / (w * h), sharp: energy(grey2) / energy(up) };
}

// matplotlib's viridis at 0, 0.1, …, 1 (its published table), linearly interpolated.
const VIRIDIS = ['440154', '482475', '414487', '355f8d', '2a788e', '21918c', '22a884', '44bf70', '7ad151', 'bddf26', 'fde725']
  .map((h) => [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)));
function viridis(t) {
  const p = Math.min(1, Math.max(0, t)) * 10, i = Math.min(9, Math.floor(p)), f = p - i;
  return VIRIDIS[i].map((c, k) => c + (VIRIDIS[i + 1][k] - c) * f);
}

// ---- RFC 4180 CSV -----------------------------------------------------------------------
function parseCsv(text) {
  const rows = [[]];
  let field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { rows[rows.length - 1].push(field); field = ''; }
    else if (ch === '\r') { /* CRLF */ }
    else if (ch === '\n') { rows[rows.length - 1].push(field); field = ''; rows.push([]); }
    else field += ch;
  }
  if (rows[rows.length - 1].length === 0 && field === '') rows.pop();
  return rows;
}

const linkState = (p) => p.evaluate(() => Module.ccall('attnviz_link_state', 'string', [], []));
const resultText = (p) => p.evaluate(() => JSON.stringify(window.attnviz.result()));

const { page, context, problems } = await openPage();
await context.grantPermissions(['clipboard-read', 'clipboard-write']);
await page.evaluate(() => window.attnviz.ready);
await frames(page, 3);

// Two heads, seeded embeddings and projections, positional encoding: every part of the
// scenario matters to the numbers. Then the learner types the sentence and picks a view.
await page.evaluate(() => window.attnviz.setScenario({ text: 'a b', embedding: { dim: 8, seed: 7 }, heads: 2,
  positional: 'sinusoidal', projections: { seed: 11 }, temperature: 0.7 }));
await frames(page, 2);
await focusField(page, 'tokens.sentence');
await page.keyboard.press('Control+A');
await page.keyboard.type('the cat, sat "quietly" 猫', { delay: 5 });
await page.keyboard.press('Enter');
await settle(page);
await clickWidget(page, 'scores.view.logits');
await page.evaluate(() => window.attnviz.selectQuery(2));
await frames(page, 3);
const original = await resultText(page);
const originalState = await linkState(page);
let link = null;

await test('Copy link puts a #s=1. link on the clipboard; the hash follows the edits', async () => {
  await clickWidget(page, 'header.copy_link');
  await page.waitForFunction(() => window.attnvizLinks.lastCopied);
  link = await page.evaluate(() => navigator.clipboard.readText());
  assert(/^http:\/\/127\.0\.0\.1:\d+\/#s=1\.[A-Za-z0-9_-]+$/.test(link), 'clipboard: ' + link);
  await page.waitForFunction((h) => location.hash === h, link.slice(link.indexOf('#')));
  assert(link.length < 2000, `the link is ${link.length} characters`);
  const tokens = JSON.parse(original).tokens;
  assert(tokens.length === 8 && tokens[2] === ',' && tokens[7] === '猫', 'typed sentence: ' + JSON.stringify(tokens));
});

await test('the link opens in a fresh context (empty storage) to the same result(), bit for bit, and the same view', async () => {
  const fresh = await openPage({ hash: link.slice(link.indexOf('#')) });
  await fresh.page.evaluate(() => window.attnviz.ready);
  assert((await fresh.page.evaluate(() => localStorage.length)) <= 1, 'storage was not empty');
  assert(await resultText(fresh.page) === original, 'result() differs after opening the link');
  assert(await linkState(fresh.page) === originalState, 'the view differs: ' + await linkState(fresh.page));
  assert(await fresh.page.evaluate(() => window.attnviz.notice()) === '', 'a notice after a good link');
  assert(fresh.problems.length === 0, fresh.problems.join('\n'));
  await fresh.context.close();
});

await test('a reload (and a visit without the hash) finds the scenario again', async () => {
  await page.reload();
  await page.evaluate(() => window.attnviz.ready);
  assert(await resultText(page) === original, 'result() differs after a reload');
  await page.goto(link.slice(0, link.indexOf('#')));
  await page.evaluate(() => window.attnviz.ready);
  assert(await resultText(page) === original, 'result() differs after a visit without the hash');
  assert(await linkState(page) === originalState, 'the view differs after a visit without the hash');
  await frames(page, 3);
});

async function download(p, item, submenu, shot) {
  const done = p.waitForEvent('download');
  await clickWidget(p, 'header.file');
  if (submenu) await clickWidget(p, submenu);
  if (shot && shotDir) await p.screenshot({ path: join(shotDir, shot) });
  await clickWidget(p, item);
  const d = await done;
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

await test('heatmaps export as PNG at the screen\'s cell size and 2× in the panels\' colours; the whole view at 1× and 2×', async () => {
  const r = JSON.parse(original);
  const w = r.heads[0].weights, T = w.length;
  const map = await rect(page, 'heatmap.weights');
  const cell = Math.round(map.w / T);
  const { name, bytes } = await download(page, 'file.weights.png');
  assert(name === 'attnviz-weights-head1.png', 'file name ' + name);
  const png = readPng(bytes);
  assert(png.width === T * cell && png.height === T * cell, `PNG ${png.width}×${png.height}, expected ${T * cell} square`);
  for (let i = 0; i < T; i++)
    for (let j = 0; j < T; j++) {
      const got = png.rgb(j * cell + (cell >> 1), i * cell + (cell >> 1)), want = viridis(w[i][j]); // 0…1: 7 keys, no 0…max
      assert(got.every((c, k) => Math.abs(c - want[k]) <= 2), `cell ${i},${j} (w = ${w[i][j]}): ${got} vs ${want.map(Math.round)}`);
    }
  const big = readPng((await download(page, 'file.weights@2x.png')).bytes);
  assert(big.width === 2 * T * cell && big.height === 2 * T * cell, `2× PNG ${big.width}×${big.height}`);
  const view = await download(page, 'file.view.png');
  const whole = readPng(view.bytes);
  if (shotDir) writeFileSync(join(shotDir, 'web-links-view-export.png'), view.bytes);
  assert(view.name === 'attnviz-view.png' && whole.width === 1280 && whole.height === 800, `view.png ${whole.width}×${whole.height}`);
  // Cell (1, 0) of the weights map, where the page draws it (the picture is the framebuffer, top row first).
  const c = await page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { x: r.left, y: r.top }; });
  // A corner of the cell: its centre holds the printed value.
  const onScreen = whole.rgb(Math.round(map.x - c.x + cell * 0.2), Math.round(map.y - c.y + cell * 1.2));
  const want = viridis(w[1][0]);
  assert(onScreen.every((v, k) => Math.abs(v - want[k]) <= 3), `view.png at weights[1][0]: ${onScreen} vs ${want.map(Math.round)}`);

  // The whole view at 2×: the same frame drawn for twice the pixels (fonts rasterised at 2×).
  const view2 = await download(page, 'file.view@2x.png');
  const twice = readPng(view2.bytes);
  if (shotDir) writeFileSync(join(shotDir, 'web-links-view-export@2x.png'), view2.bytes);
  assert(view2.name === 'attnviz-view@2x.png' && twice.width === 2 * whole.width && twice.height === 2 * whole.height,
         `${view2.name} ${twice.width}×${twice.height}`);
  const m = compare2x(whole, twice);
  console.log(`  view@2x.png vs view.png: downscaled mean |diff| ${m.mad.toFixed(2)}/255, ${(100 * m.off).toFixed(3)}% pixels off by > 64, ` +
              `gradient energy vs 1× magnified ${m.sharp.toFixed(2)}×`);
  assert(m.mad <= 2 && m.off <= 0.005, 'the 2× view averaged down is not the 1× view');
  assert(m.sharp >= 2.4, 'the 2× text is no sharper than the 1× view magnified');
  for (let i = 0; i < T; i++)
    for (let j = 0; j < T; j++) {
      const x = map.x - c.x + cell * (j + 0.2), y = map.y - c.y + cell * (i + 0.2);
      const a = whole.rgb(Math.floor(x), Math.floor(y)), b = twice.rgb(Math.floor(2 * x), Math.floor(2 * y)), v = viridis(w[i][j]);
      assert(b.every((q, k) => Math.abs(q - a[k]) <= 3 && Math.abs(q - v[k]) <= 3), `weights[${i}][${j}] at 2×: ${b}, at 1×: ${a}, viridis ${v.map(Math.round)}`);
    }

  // Any heatmap: Q (File → Other heatmaps as PNG) at 2×, each cell in panel 4's colour on screen.
  const dk = r.heads[0].q[0].length, qRect = await rect(page, 'qkv.q'), qCell = Math.round(qRect.w / dk);
  const q = await download(page, 'file.q@2x.png', 'file.png_menu');
  const qPng = readPng(q.bytes);
  assert(q.name === 'attnviz-q-head1@2x.png' && qPng.width === 2 * dk * qCell && qPng.height === 2 * T * qCell,
         `${q.name} ${qPng.width}×${qPng.height}, expected ${2 * dk * qCell}×${2 * T * qCell}`);
  for (let i = 0; i < T; i++)
    for (let j = 0; j < dk; j++) {
      const a = whole.rgb(Math.floor(qRect.x - c.x + qCell * (j + 0.2)), Math.floor(qRect.y - c.y + qCell * (i + 0.2)));
      const b = qPng.rgb(Math.floor(2 * qCell * (j + 0.5)), Math.floor(2 * qCell * (i + 0.5)));
      assert(b.every((x, k) => Math.abs(x - a[k]) <= 3), `q[${i}][${j}]: exported ${b}, on screen ${a}`);
    }
});

await test('a matrix exported as CSV reads back to result()\'s numbers, with the token labels', async () => {
  const r = JSON.parse(original);
  const { name, bytes } = await download(page, 'file.logits.csv', 'file.csv_menu', 'web-file-menu.png');
  assert(name === 'attnviz-logits-head1.csv', 'file name ' + name);
  const rows = parseCsv(bytes.toString('utf8'));
  assert(JSON.stringify(rows[0].slice(1)) === JSON.stringify(r.tokens), 'header: ' + JSON.stringify(rows[0]));
  const logits = r.heads[0].logits;
  assert(rows.length === logits.length + 1, `${rows.length} rows`);
  for (let i = 0; i < logits.length; i++) {
    assert(rows[i + 1][0] === r.tokens[i], `row label ${rows[i + 1][0]}`);
    for (let j = 0; j < logits.length; j++)
      assert(Number(rows[i + 1][j + 1]) === logits[i][j], `logits[${i}][${j}]: ${rows[i + 1][j + 1]} vs ${logits[i][j]}`);
  }
  const json = await download(page, 'file.result.json');
  assert(JSON.stringify(JSON.parse(json.bytes.toString('utf8'))) === original, 'result.json differs from result()');
});

// What a browser does when a file is dragged from the desktop and dropped on the page.
async function dropFile(p, name, text) {
  const dataTransfer = await p.evaluateHandle(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'application/json' }));
    return dt;
  }, [name, text]);
  for (const type of ['dragenter', 'dragover', 'drop']) await p.dispatchEvent('#canvas', type, { dataTransfer });
  await frames(p, 3);
}

await test('a scenario file dropped on the page opens (the numbers of attnviz-cli on the same file)', async () => {
  const scenario = { text: 'drop it here', embedding: { dim: 4, seed: 5 }, mask: 'causal' };
  await dropFile(page, 'mine.json', JSON.stringify(scenario));
  await page.waitForFunction(() => window.attnviz.result().tokens.length === 3);
  const got = await page.evaluate(() => window.attnviz.result());
  const diff = maxAbsDiff(got, cli(scenario));
  assert(diff < 1e-12, 'dropped scenario differs from attnviz-cli by ' + diff);
  assert(await page.evaluate(() => window.attnviz.notice()) === '', 'a notice after a good file');
});

await test('File → Open a scenario file… opens what the file picker hands over', async () => {
  const scenario = { text: 'picked from disk', embedding: { dim: 4, seed: 8 } };
  const chooser = page.waitForEvent('filechooser');
  await clickWidget(page, 'header.file');
  await clickWidget(page, 'file.open');
  await (await chooser).setFiles({ name: 'picked.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.waitForFunction(() => window.attnviz.result().tokens.join(' ') === 'picked from disk');
  assert(maxAbsDiff(await page.evaluate(() => window.attnviz.result()), cli(scenario)) < 1e-12, 'picked scenario differs from attnviz-cli');
});

await test('a corrupt file leaves the app as it was, with a message naming the file and the problem', async () => {
  const before = await resultText(page);
  await dropFile(page, 'broken.json', '{"tokens": ["a", "b"], "embeddings": [[1, 0');
  const notice = await page.evaluate(() => window.attnviz.notice());
  assert(notice.includes('broken.json') && /parse error/.test(notice), 'notice: ' + notice);
  assert(await resultText(page) === before, 'the scenario changed');
  await rect(page, 'notice'); // on screen
  await dropFile(page, 'wrong.json', '{"tokens": ["a"], "heads": 0}');
  const n2 = await page.evaluate(() => window.attnviz.notice());
  assert(n2.includes('wrong.json') && n2.includes('heads'), 'notice: ' + n2);
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-links-bad-file.png') });
  await clickWidget(page, 'notice.dismiss');
  assert(await page.evaluate(() => window.attnviz.notice()) === '', 'Dismiss left the notice');
  // Still usable: an edit goes through.
  await page.evaluate(() => window.attnviz.setScenario({ text: 'still works', embedding: { dim: 4, seed: 1 } }));
  assert((await page.evaluate(() => window.attnviz.result().tokens)).join(' ') === 'still works', 'not usable after a bad file');
});

await test('corrupt, cut and future links open the default view with a message saying why', async () => {
  const hash = link.slice(link.indexOf('#'));
  const cases = [
    [hash.slice(0, Math.floor(hash.length / 2)), /damaged or cut short/],
    ['#s=1.@@@@', /character 1 of the state is not base64url/],
    ['#s=9.' + hash.slice(5), /version 9.*newer/],
    ['#s=1.' + Buffer.from('not deflate at all').toString('base64url'), /damaged or cut short/],
  ];
  const bad = await openPage({ hash: cases[0][0] });
  await bad.page.evaluate(() => window.attnviz.ready);
  const defaultTokens = ['x₁', 'x₂', 'x₃'];
  for (const [h, why] of cases) {
    if (h !== cases[0][0]) {
      await bad.page.evaluate((x) => { location.hash = x; }, h);
      await bad.page.waitForFunction(() => window.attnviz.notice() !== '' && window.attnviz.notice() !== window.lastNotice);
    }
    const notice = await bad.page.evaluate(() => (window.lastNotice = window.attnviz.notice()));
    assert(why.test(notice), `${h.slice(0, 20)}…: notice "${notice}"`);
    const tokens = await bad.page.evaluate(() => window.attnviz.result().tokens);
    assert(JSON.stringify(tokens) === JSON.stringify(defaultTokens), 'not the default view: ' + JSON.stringify(tokens));
  }
  await frames(bad.page, 2);
  await rect(bad.page, 'notice');
  if (shotDir) await bad.page.screenshot({ path: join(shotDir, 'web-links-bad-link.png') });
  await clickWidget(bad.page, 'scores.view.logits'); // usable
  assert(bad.problems.length === 0, bad.problems.join('\n'));
  await bad.context.close();
});

// ---- The desktop app under Xvfb, on the same links ----------------------------------------
const desktop = process.env.ATTNVIZ_DESKTOP;
async function withXvfb(fn) {
  const work = mkdtempSync(join(tmpdir(), 'attnviz-links-'));
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    xvfb.stdio[3].once('data', (d) => resolve(':' + String(d).trim()));
    xvfb.once('exit', () => reject(new Error('Xvfb did not start')));
  });
  try {
    return await fn((args) => execFileSync(desktop, args, { encoding: 'utf8', env: { ...process.env, DISPLAY: display, XDG_CONFIG_HOME: work, HOME: work } }), work);
  } finally {
    xvfb.kill();
  }
}

if (desktop) {
  await test('desktop: the page\'s link on the command line gives the page\'s result; the page opens the desktop\'s link', async () => {
    await withXvfb(async (run, work) => {
      const log = run(['--link', link, '--export', 'result.json', '--export-dir', work, '--frames', '5', '--screenshot', join(work, 'shot.png'), '--print-link']);
      const desktopResult = JSON.parse(readFileSync(join(work, 'attnviz-result.json'), 'utf8'));
      const pageResult = JSON.parse(original);
      assert(JSON.stringify(desktopResult.tokens) === JSON.stringify(pageResult.tokens), 'tokens differ');
      // Natively Eigen multiplies with SSE2 and its own blocking: equal to rounding, not bit for bit.
      const diff = maxAbsDiff(desktopResult, pageResult);
      assert(diff < 1e-12, 'desktop vs page: ' + diff);
      const desktopLink = /attnviz: link (\S+)/.exec(log)[1];
      const opened = await openPage({ hash: desktopLink.slice(desktopLink.indexOf('#')) });
      await opened.page.evaluate(() => window.attnviz.ready);
      assert(await resultText(opened.page) === original, 'the page opening the desktop\'s link differs from the original page');
      assert(await linkState(opened.page) === originalState, 'the view from the desktop\'s link differs');
      await opened.context.close();
    });
  });
}

await test('no console errors', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

await finish();
