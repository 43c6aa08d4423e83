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
    if (step === 6) await typeAnswer(p, '0.532');              // o₁₂
    if (step === 7) await typeAnswer(p, '0.937');              // o₁₁
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

await finish();
