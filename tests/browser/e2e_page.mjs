// attnviz in a real browser, the page around the app: a failed .wasm download is explained,
// HiDPI gets a sharp backing store, the layout follows a 1920×1080 window, and the page stops
// drawing while nothing changes. (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, shotDir, finish } from './harness.mjs';

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
  // The ten-token example: "because" is wider than its column and shows whole in the
  // room its neighbours leave (tests/ui/test_heatmap_labels.cpp checks it).
  await p.evaluate(() => window.attnviz.setScenario({ text: 'The cat sat on the mat because it was tired', tokenizer: 'words',
                                                      embedding: { dim: 8, seed: 7 }, heads: 2, projections: { seed: 3 }, scale: true }));
  await frames(p, 4);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-1920x1080.png') });
  await c.close();
});

// app/platform_web.cpp skips frames while nothing changes. The frames drawn are counted
// through the raw export: a call through cwrap would itself wake the app.
await test('idle: the page stops drawing, keeps its picture, and draws again for input and API calls', async () => {
  const { page: p, context: c, problems: probs } = await openPage();
  await p.evaluate(() => window.attnviz.ready);
  await p.evaluate(() => window.attnviz.modelReady()); // its download shows progress in the header
  const drawn = () => p.evaluate(() => window.Module._attnviz_frame_count());
  // Until 40 animation frames in a row draw nothing.
  const untilIdle = () => p.evaluate(() => new Promise((done, fail) => {
    let last = window.Module._attnviz_frame_count(), quiet = 0, seen = 0;
    const step = () => {
      const now = window.Module._attnviz_frame_count();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
      if (quiet >= 40) done();
      else if (++seen > 5000) fail(new Error(`still drawing after ${seen} animation frames`));
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }));
  await untilIdle();
  const box = await p.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; });
  const idle = await p.screenshot({ clip: box });
  const before = await drawn();
  await p.evaluate(() => window.attnviz.getScenario()); // any call into the app wakes it
  await frames(p, 3);
  assert(await drawn() > before, 'an API call did not wake the page');
  assert(idle.equals(await p.screenshot({ clip: box })), 'the idle canvas is not the picture the app draws');
  await untilIdle();
  const still = await drawn();
  await p.mouse.move(640, 400);
  await frames(p, 3);
  assert(await drawn() > still, 'a mouse move did not wake the page');
  await untilIdle();
  const quiet = await drawn();
  await p.evaluate(() => window.attnviz.setScenario({ text: 'woken by an edit', embedding: { dim: 4, seed: 1 } }));
  await frames(p, 3);
  assert(await drawn() > quiet, 'setScenario did not wake the page');
  assert(!idle.equals(await p.screenshot({ clip: box })), 'the new scenario is not on screen');
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await finish();
