// attnviz in a real browser, the lessons: a deep link opens its step, and lesson 1 is walked
// from the first step to the last with real clicks and key presses. (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, clickWidget, typeAnswer, typeIntoDrag, url, shotDir, finish } from './harness.mjs';

async function lessonState(p) { return p.evaluate(() => window.attnviz.lesson()); }

const LESSON = '01-dot-product-by-hand';

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

await finish();
