// attnviz in a real browser, in Chinese (issue 15): the header's 中文 switch, clicked for
// real, shows lesson 1 in Chinese at the same step; a reload keeps the language; #lang=en
// switches back; a browser whose first language is Chinese starts in Chinese, until the
// learner chooses. (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, browser, frames, rect, clickWidget, url, shotDir, finish } from './harness.mjs';

const LESSON = '01-dot-product-by-hand';
const state = (p) => p.evaluate(() => ({ lang: window.attnviz.language(), lesson: window.attnviz.lesson() }));

await test('中文 in the header shows the lesson in Chinese at the same step; a reload keeps it; #lang=en switches back', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: `#lesson=${LESSON}&step=1` });
  await p.evaluate(() => window.attnviz.ready);
  let s = await state(p);
  assert(s.lang === 'en' && s.lesson.title === 'Dot-product attention by hand', 'an English browser starts in English: ' + JSON.stringify(s));

  await clickWidget(p, 'header.language'); // the button reads 中文
  s = await state(p);
  assert(s.lang === 'zh', 'the click did not switch to Chinese: ' + JSON.stringify(s));
  assert(s.lesson.title === '手算点积注意力' && s.lesson.step === 1, 'lesson 1 step 1 is not shown in Chinese: ' + JSON.stringify(s));
  // CJK glyphs are twice as wide: the text wraps inside the panel instead of running off its edge.
  const text = await rect(p, 'lesson.text'), panel = await rect(p, 'panel.lesson');
  assert(text.x + text.w <= panel.x + panel.w, `the lesson text runs past the panel: ${JSON.stringify(text)} in ${JSON.stringify(panel)}`);
  assert(text.h > 200, 'the Chinese text is suspiciously short: ' + JSON.stringify(text));
  await p.mouse.move(640, 795); // off the switch: no tooltip in the screenshot
  await frames(p, 3);
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-zh-lesson-1280x800.png') });

  await p.reload();
  await p.evaluate(() => window.attnviz.ready);
  s = await state(p);
  assert(s.lang === 'zh' && s.lesson && s.lesson.title === '手算点积注意力' && s.lesson.step === 1, 'after a reload: ' + JSON.stringify(s));

  await p.evaluate(() => { location.hash = '#lang=en'; });
  await frames(p, 4);
  s = await state(p);
  assert(s.lang === 'en', '#lang=en did not switch back: ' + JSON.stringify(s));
  assert(s.lesson && s.lesson.step === 1 && s.lesson.title === 'Dot-product attention by hand', 'the lesson was not kept: ' + JSON.stringify(s));
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('a browser that prefers Chinese starts in Chinese; a chosen language wins from then on', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const p = await context.newPage();
  const probs = [];
  p.on('pageerror', (e) => probs.push('pageerror: ' + e.message));
  await p.goto(url);
  await p.evaluate(() => window.attnviz.ready);
  assert((await p.evaluate(() => navigator.languages[0])) === 'zh-CN', 'the context is not Chinese');
  let s = await state(p);
  assert(s.lang === 'zh', 'navigator.languages = zh-CN did not start in Chinese: ' + JSON.stringify(s));
  await p.evaluate((id) => { location.hash = `#lang=en&lesson=${id}&step=2`; }, LESSON); // a link naming both
  await frames(p, 4);
  s = await state(p);
  assert(s.lang === 'en' && s.lesson && s.lesson.step === 2, '#lang=en&lesson=…: ' + JSON.stringify(s));
  await p.reload();
  await p.evaluate(() => window.attnviz.ready);
  s = await state(p);
  assert(s.lang === 'en' && s.lesson && s.lesson.title === 'Dot-product attention by hand', 'the chosen English did not outlast a reload in a Chinese browser: ' + JSON.stringify(s));
  assert(probs.length === 0, probs.join('\n'));
  await context.close();
});

await finish();
