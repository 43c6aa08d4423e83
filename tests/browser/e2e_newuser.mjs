// attnviz in a real browser, what a new user tripped over (issue 10): Chinese typed through
// an input method (CDP composition events and insertText, not key presses), the system
// clipboard both ways, the learner's sentence surviving a reload and Back/Forward, the
// page at small window sizes, typing while frames are slow, and Tab through the embeddings
// table. (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, clickWidget, focusField, settle, shotDir, finish } from './harness.mjs';

const { page, context, problems } = await openPage();
await page.evaluate(() => window.attnviz.ready);
await frames(page, 5);

async function focusSentence(p) {
  await focusField(p, 'tokens.sentence');
  await p.keyboard.press('Control+A');
}
const tokens = (p) => p.evaluate(() => window.attnviz.result().tokens);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

await test('text committed by an input method reaches the sentence field (composition, then insertText)', async () => {
  await focusSentence(page);
  const cdp = await context.newCDPSession(page);
  // What an IME does: composition updates while the learner picks, then the committed text.
  await cdp.send('Input.imeSetComposition', { text: 'zi', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: '自注', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.insertText', { text: '自注意力' });
  await settle(page);
  await page.keyboard.insertText('机制'); // a second commit, as Playwright's IME stand-in sends it
  await settle(page);
  await page.keyboard.press('Enter');
  await settle(page);
  const t = await tokens(page);
  // Words mode splits CJK characters into their own tokens.
  assert(same(t, ['自', '注', '意', '力', '机', '制']), 'tokens: ' + JSON.stringify(t));
  // The candidate window opens at the caret: the hidden field sits inside the sentence field.
  const field = await rect(page, 'tokens.sentence');
  const ime = await page.evaluate(() => { const r = document.getElementById('ime').getBoundingClientRect(); return { x: r.x, y: r.y }; });
  await focusSentence(page);
  await frames(page, 2);
  const ime2 = await page.evaluate(() => {
    const r = document.getElementById('ime').getBoundingClientRect();
    return { x: r.x, y: r.y, focused: document.activeElement && document.activeElement.id === 'ime' };
  });
  assert(ime2.focused, 'the IME field is not focused while the sentence field is active');
  assert(ime2.x >= field.x - 1 && ime2.x <= field.x + field.w && ime2.y >= field.y - 4 && ime2.y <= field.y + field.h,
         `IME field at ${JSON.stringify(ime2)} (before: ${JSON.stringify(ime)}), sentence field ${JSON.stringify(field)}`);
  await page.keyboard.press('Escape');
});

await test('Ctrl+C puts the field\'s text on the system clipboard; Ctrl+V pastes what the user copied elsewhere', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => window.attnviz.setScenario({ text: 'copy me please', embedding: { dim: 4, seed: 1 } }));
  await frames(page, 3);
  await focusSentence(page);
  await page.keyboard.press('Control+C');
  await frames(page, 3);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied === 'copy me please', 'clipboard after Ctrl+C: ' + JSON.stringify(copied));

  const paragraph = 'Attention lets every token look at every other token. The weights in each row sum to one.';
  await page.evaluate((t) => navigator.clipboard.writeText(t), paragraph);
  await focusSentence(page);
  await page.keyboard.press('Control+V');
  await page.waitForFunction((n) => (window.attnviz.input().text || '').length === n, paragraph.length, { polling: 'raf', timeout: 30000 })
    .catch(async () => assert(false, 'after Ctrl+V the field holds ' + JSON.stringify(await page.evaluate(() => window.attnviz.input()))));
  await page.keyboard.press('Enter');
  await settle(page);
  const t = await tokens(page);
  assert(t.length === 19 && t[0] === 'Attention' && t[18] === '.', 'tokens after pasting a paragraph: ' + JSON.stringify(t));
});

await test('the learner\'s sentence and view survive a reload; Back leaves a lesson, Forward returns, Leave gives the sentence back', async () => {
  await page.evaluate(() => window.attnviz.setScenario({ text: 'my own words stay', embedding: { dim: 4, seed: 2 } }));
  await frames(page, 3);
  await clickWidget(page, 'scores.view.logits');
  await page.reload();
  await page.evaluate(() => window.attnviz.ready);
  await frames(page, 3);
  let t = await tokens(page);
  assert(same(t, ['my', 'own', 'words', 'stay']), 'after reload: ' + JSON.stringify(t));
  await page.evaluate(() => window.attnviz.openLesson('01-dot-product-by-hand', 1));
  await frames(page, 3);
  await clickWidget(page, 'lesson.next');
  assert((await page.evaluate(() => window.attnviz.lesson())).step === 2, 'Next did not open step 2');
  await page.goBack();
  await frames(page, 4);
  assert(page.url().startsWith('http://127.0.0.1'), 'Back left the app: ' + page.url());
  assert((await page.evaluate(() => window.attnviz.lesson())) === null, 'Back did not leave the lesson');
  t = await tokens(page);
  assert(same(t, ['my', 'own', 'words', 'stay']), 'after Back: ' + JSON.stringify(t));
  await page.goForward();
  await frames(page, 4);
  const l = await page.evaluate(() => window.attnviz.lesson());
  assert(l && l.step === 2, 'Forward did not reopen the lesson at step 2: ' + JSON.stringify(l));
  await clickWidget(page, 'lesson.leave');
  t = await tokens(page);
  assert(same(t, ['my', 'own', 'words', 'stay']), 'Leave lesson after Forward shows: ' + JSON.stringify(t));
  // The view chosen before the reload came back too.
  const scoresView = await page.evaluate(() => JSON.parse(localStorage.getItem('attnviz-progress')).view.scores_view);
  assert(scoresView === 1, 'the logits view was not kept: ' + scoresView);
});

await test('small windows: every panel is reachable and none is squeezed below a usable size', async () => {
  for (const [w, h, name] of [[800, 600, 'web-800x600.png'], [1024, 768, null], [1366, 768, null], [390, 844, 'web-390x844.png']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.attnviz.setScenario({ text: 'the cat sat on the mat', embedding: { dim: 4, seed: 1 } }));
    await frames(page, 6);
    // Stacked in a narrow window: scroll down to the weights as a user would.
    for (let k = 0; k < 20 && !(await page.evaluate(() => window.attnviz.widgetRect('heatmap.weights'))); k++) {
      await page.mouse.move(w / 2, h * 0.6);
      await page.mouse.wheel(0, 200);
      await frames(page, 2);
    }
    const heat = await rect(page, 'heatmap.weights');
    assert(heat.w >= 120, `${w}×${h}: the weights heatmap is ${heat.w.toFixed(0)} px wide`);
    await page.mouse.wheel(0, -10000); // back to the top, where the header is
    await frames(page, 3);
    const train = await rect(page, 'header.train');
    assert(train.x + train.w <= w, `${w}×${h}: "Train a layer…" ends at ${train.x + train.w} px`);
    await page.mouse.move(5, 5); // no tooltip in the screenshot
    await frames(page, 2);
    if (shotDir && name) await page.screenshot({ path: join(shotDir, name) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

await test('screenshots: lesson 1 steps 3 and 4 after a wrong answer, a 34-token sentence, 1280×800', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.attnviz.openLesson('01-dot-product-by-hand', 3));
  await frames(page, 4);
  await focusField(page, 'lesson.answer');
  await page.keyboard.type('3', { delay: 10 });
  await page.keyboard.press('Enter');
  await settle(page);
  await frames(page, 2);
  const fb = await rect(page, 'lesson.feedback'), panel = await rect(page, 'panel.lesson');
  assert(fb.x + fb.w <= panel.x + panel.w, 'the feedback runs past the lesson panel');
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-lesson-step3-wrong.png') });
  await page.evaluate(() => window.attnviz.openLesson('01-dot-product-by-hand', 4));
  await frames(page, 4);
  const heat = await rect(page, 'heatmap.weights');
  await page.mouse.click(heat.x + heat.w * (1.5 / 3), heat.y + heat.h * (0.5 / 3)); // w₁₂: not the largest
  await frames(page, 4);
  assert(!(await page.evaluate(() => window.attnviz.lesson())).done, 'w₁₂ accepted');
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-lesson-step4-wrong.png') });
  await page.evaluate(() => window.attnviz.leaveLesson());
  await page.evaluate(() => window.attnviz.setScenario({ text: 'the quick brown fox jumps over the lazy dog while the cat sat on the mat because it was tired and the bird sang a song about the long winter night in the snow', embedding: { dim: 8, seed: 1 } }));
  await frames(page, 4);
  const w = await rect(page, 'heatmap.weights');
  await page.mouse.move(w.x + w.w * (20.5 / 34), w.y + w.h * (5.5 / 34));
  await frames(page, 4);
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-34-tokens.png') });
  await page.evaluate(() => window.attnviz.setScenario({ tokens: ['x₁', 'x₂', 'x₃'], embeddings: [[1, 0, 1], [0, 1, 0], [1, 1, 1]], projections: 'identity', scale: false }));
  await page.mouse.move(5, 5);
  await frames(page, 4);
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-1280x800.png') });
});

await test('a long text\'s weights zoom with the real wheel about the cursor, pan with a drag, and reset', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const words = 'the quick brown fox jumps over the lazy dog while the cat sat on the mat because it was tired and the bird sang a song about the long winter night in the snow and then everyone went home to sleep until the morning sun came up over the hills where the old farmer kept his sheep in a small barn near the river bank'.split(' ');
  await page.evaluate((text) => window.attnviz.setScenario({ text, embedding: { dim: 8, seed: 1 } }), words.slice(0, 64).join(' '));
  await frames(page, 4);
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-64-tokens.png') });
  // The tooltip's first line names the hovered cell: “row” (i) → “column” (j).
  const cellAt = async () => {
    const m = /\((\d+)\) → .*\((\d+)\)/.exec((await page.evaluate(() => window.attnviz.tooltip())).split('\n')[0]);
    return m && [Number(m[1]), Number(m[2])];
  };
  const w = await rect(page, 'heatmap.weights');
  const at = { x: w.x + w.w * (41.5 / 64), y: w.y + w.h * (40.5 / 64) };
  await page.mouse.move(at.x, at.y);
  await frames(page, 3);
  assert(same(await cellAt(), [41, 42]), 'hovered before zooming: ' + JSON.stringify(await cellAt()));
  for (let k = 0; k < 3; k++) {
    await page.mouse.wheel(0, -120); // wheel up: in
    await frames(page, 2);
  }
  assert(same(await cellAt(), [41, 42]), 'the cell under the cursor moved while zooming: ' + JSON.stringify(await cellAt()));
  await rect(page, 'heatmap.weights.reset');
  // Zoomed in, the same 60 px are more rows: pulling the map down brings earlier rows under the cursor.
  await page.mouse.down();
  for (let k = 1; k <= 6; k++) {
    await page.mouse.move(at.x, at.y + 10 * k);
    await frames(page, 1);
  }
  await page.mouse.up();
  await page.mouse.move(at.x, at.y);
  await frames(page, 3);
  const panned = await cellAt();
  assert(panned && panned[0] < 41 - 4 && panned[1] === 42, 'after dragging down 60 px: ' + JSON.stringify(panned));
  await clickWidget(page, 'heatmap.weights.reset');
  await page.mouse.move(at.x, at.y);
  await frames(page, 3);
  assert(!(await page.evaluate(() => window.attnviz.widgetRect('heatmap.weights.reset'))), 'reset zoom is still shown');
  assert(same(await cellAt(), [41, 42]), 'after reset: ' + JSON.stringify(await cellAt()));
  // The core's longest text, 512 tokens, zoomed in on its middle.
  await page.evaluate((text) => window.attnviz.setScenario({ text, embedding: { dim: 8, seed: 1 } }),
                      Array.from({ length: 512 }, (_, k) => words[k % words.length]).join(' '));
  await frames(page, 4);
  const big = await rect(page, 'heatmap.weights');
  await page.mouse.move(big.x + big.w * 0.3, big.y + big.h * 0.3);
  await frames(page, 2);
  for (let k = 0; k < 12; k++) {
    await page.mouse.wheel(0, -120);
    await frames(page, 1);
  }
  await frames(page, 3);
  await rect(page, 'heatmap.weights.reset');
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-512-tokens-zoomed.png') });
});

await test('typing while frames are slow: every character, an IME commit and Enter arrive in order within a few frames', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.attnviz.setScenario({ text: 'a b', embedding: { dim: 4, seed: 1 } }));
  await focusSentence(page);
  await settle(page);
  // A long frame (a busy machine, a software renderer): the learner keeps typing meanwhile,
  // an input method commits a word, and Enter follows at once.
  await page.evaluate(() => Module.pauseMainLoop());
  await page.keyboard.type('the quick brown fox', { delay: 0 });
  await page.keyboard.insertText(' 猫');
  await page.keyboard.type(' sat', { delay: 0 });
  await page.keyboard.press('Enter');
  const queued = await page.evaluate(() => window.attnviz.input().pending);
  // Counted in the page, frame by frame: no round trip to the test in between.
  const took = await page.evaluate(() => new Promise((done) => {
    const frame = () => Module.ccall('attnviz_frame_count', 'number', [], []);
    const before = frame();
    const check = () => (window.attnviz.input().pending === 0 ? done(frame() - before) : requestAnimationFrame(check));
    Module.resumeMainLoop();
    requestAnimationFrame(check);
  }));
  await frames(page, 2);
  const t = await tokens(page);
  assert(same(t, ['the', 'quick', 'brown', 'fox', '猫', 'sat']), 'tokens: ' + JSON.stringify(t));
  // Two frames a character would be ~50 frames: seconds behind the keys on a slow machine.
  assert(took <= 5, `the app took ${took} frames to take in ${queued} queued input events`);
});

await test('Tab goes from the sentence through every embeddings cell in order, and Shift+Tab back', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => window.attnviz.setScenario({ text: 'one two three', embedding: { dim: 4, seed: 1 } }));
  await frames(page, 3);
  await focusField(page, 'tokens.sentence');
  await page.keyboard.press('Escape');
  await settle(page);
  const focus = () => page.evaluate(() => window.attnviz.input().focus);
  // Each press lands between two frames, as at a usual frame rate: under load one frame can
  // outlast ImGui's key-repeat delay (0.275 s), and a Tab held down across it counts twice.
  const press = async (key) => {
    await page.evaluate(() => Module.pauseMainLoop());
    await page.keyboard.press(key);
    await page.evaluate(() => Module.resumeMainLoop());
    await settle(page);
  };
  const cells = [];
  for (let i = 0; i < 3; i++) for (let c = 0; c < 4; c++) cells.push(`embeddings.cell.${i}.${c}`);
  const forward = [];
  for (let k = 0; k < 40 && forward[forward.length - 1] !== cells[cells.length - 1]; k++) {
    await press('Tab');
    forward.push(await focus());
  }
  const first = forward.indexOf(cells[0]);
  assert(forward[0] === 'tokens.sentence' && first > 0, 'Tab from the sentence went: ' + forward.join(' → '));
  assert(same(forward.slice(first), cells), 'Tab through the table: ' + forward.slice(first).join(' → '));
  if (shotDir) await page.screenshot({ path: join(shotDir, 'web-tab-embeddings.png') });
  const before = forward[first - 1];
  const backward = [];
  for (let k = 0; k < cells.length; k++) {
    await press('Shift+Tab');
    backward.push(await focus());
  }
  assert(same(backward, [...cells.slice(0, -1).reverse(), before]), 'Shift+Tab back: ' + backward.join(' → '));
  await page.keyboard.press('Escape');
});

await test('the console stays free of errors', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

await finish();
