// attnviz in a real browser, the lessons' layout: at 1280×800 every step of every lesson
// shows its task (or hint) without scrolling the lesson panel. Its own CTest entry, so it
// runs beside the lesson walk. (harness.mjs)
import { test, assert, openPage, frames, rect, finish } from './harness.mjs';

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
