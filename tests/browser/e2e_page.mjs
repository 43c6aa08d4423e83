// attnviz in a real browser, the page around the app: a failed .wasm download is explained,
// HiDPI gets a sharp backing store, and the layout follows a 1920×1080 window. (harness.mjs)
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
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-1920x1080.png') });
  await c.close();
});

await finish();
