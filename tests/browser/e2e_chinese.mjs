// attnviz in a real browser, in Chinese (issue 15): the header's 中文 switch, clicked for
// real, shows lesson 1 in Chinese at the same step; a reload keeps the language; #lang=en
// switches back; a browser whose first language is Chinese starts in Chinese, until the
// learner chooses. With #lang=zh the page's loading text, the panels' tooltips and labels
// are Chinese, and the header, lesson, playground and model view stay inside the window at
// 1280×800, 1920×1080, devicePixelRatio 2 and a phone's 390×844 (screenshots of each
// when a screenshot folder is given). (harness.mjs)
import { join } from 'node:path';
import { test, assert, openPage, browser, frames, rect, pixels, clickWidget, url, shotDir, finish } from './harness.mjs';

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

const HANZI = /[\u4e00-\u9fff]/;

await test('#lang=zh: the page loads in Chinese, and the panels\' labels and tooltips are Chinese', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: '#lang=zh' });
  // Read before the app is up: the overlay's words come from the catalogue (web/page_text.js).
  const loading = await p.evaluate(() => ({ status: document.getElementById('status').textContent, title: document.title,
                                            tagline: document.querySelector('.tagline').textContent, lang: document.documentElement.lang }));
  assert(HANZI.test(loading.status) && loading.lang === 'zh-CN', 'the loading text is not Chinese: ' + JSON.stringify(loading));
  assert(loading.tagline.startsWith('一步一步看懂自注意力'), 'tagline: ' + JSON.stringify(loading));
  await p.evaluate(() => window.attnviz.ready);
  // The app names its window (document.title) in its language once it runs.
  await p.waitForFunction(() => document.title === 'attnviz — 一步一步看懂自注意力', null, { timeout: 30000, polling: 50 });
  assert((await p.evaluate(() => document.getElementById('status').textContent)) === '就绪', 'the last status is not 就绪');
  assert((await p.evaluate(() => window.attnviz.language())) === 'zh', 'the app did not start in Chinese');

  // A label in the header and a panel title, drawn in Chinese, then in English: the pixels differ.
  const header = await rect(p, 'header.train');
  const zhHeader = await pixels(p, header);
  // Tooltips: a weight with mask editing on names the click in Chinese; the output names its cell.
  await clickWidget(p, 'settings.mask_editing');
  const w = await rect(p, 'heatmap.weights');
  await p.mouse.move(w.x + w.w * 0.5, w.y + w.h * 0.5);
  await frames(p, 3);
  const tip = await p.evaluate(() => window.attnviz.tooltip());
  assert(/（点击以(取消这个格子的掩码|掩掉这个格子)）/.test(tip), 'the weight tooltip is not Chinese: ' + tip);
  await clickWidget(p, 'settings.mask_editing'); // off again
  const o = await rect(p, 'heatmap.output');
  await p.mouse.move(o.x + o.w * 0.5, o.y + o.h * 0.5);
  await frames(p, 3);
  const outTip = await p.evaluate(() => window.attnviz.tooltip());
  assert(outTip.startsWith('输出'), 'the output tooltip is not Chinese: ' + outTip);
  await p.mouse.move(5, 795);
  await frames(p, 2);

  await p.evaluate(() => window.attnviz.setLanguage('en'));
  await frames(p, 4);
  const enHeader = await pixels(p, await rect(p, 'header.train'));
  assert(Buffer.compare(zhHeader, enHeader) !== 0, 'the Train button looks the same in both languages');
  const enTip = await (async () => {
    await p.mouse.move(o.x + o.w * 0.5, o.y + o.h * 0.5);
    await frames(p, 3);
    return p.evaluate(() => window.attnviz.tooltip());
  })();
  assert(enTip.startsWith('output') && !HANZI.test(enTip), 'the English output tooltip: ' + enTip);
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

// Every header item and the open panel's text stay inside the window; the texts show hanzi.
async function checkLayout(p, name, viewport) {
  const names = await p.evaluate(() => window.attnviz.widgetNames());
  for (const n of names.filter((k) => k.startsWith('header.'))) {
    const r = await rect(p, n);
    assert(r.x >= 0 && r.x + r.w <= viewport.width + 0.5, `${name}: ${n} is outside the ${viewport.width} px window: ${JSON.stringify(r)}`);
  }
  for (const [inner, outer] of [['lesson.text', 'panel.lesson']]) {
    if (!names.includes(inner)) continue;
    const a = await rect(p, inner), b = await rect(p, outer);
    assert(a.x + a.w <= b.x + b.w + 0.5, `${name}: ${inner} runs past ${outer}: ${JSON.stringify(a)} in ${JSON.stringify(b)}`);
  }
}

await test('in Chinese, explore, lesson 1, the playground and the model view fit 1280×800, 1920×1080, dpr 2 and 390×844', async () => {
  const sizes = [{ width: 1280, height: 800, dpr: 1 }, { width: 1920, height: 1080, dpr: 1 }, { width: 1280, height: 800, dpr: 2 },
                 { width: 390, height: 844, dpr: 2 }];
  for (const size of sizes) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.dpr, locale: 'zh-CN' });
    const p = await context.newPage();
    const probs = [];
    p.on('pageerror', (e) => probs.push('pageerror: ' + e.message));
    await p.goto(url + '#lang=zh');
    await p.evaluate(() => window.attnviz.ready);
    const tag = `${size.width}x${size.height}${size.dpr > 1 ? '@' + size.dpr + 'x' : ''}`;
    const views = [
      ['explore', async () => {}],
      ['lesson1', async () => { await p.evaluate((id) => window.attnviz.openLesson(id, 1), LESSON); }],
      ['training', async () => { await p.evaluate(() => { window.attnviz.openTraining({ task: 'reverse', seed: 1 }); window.attnviz.trainingControl('step', 40); }); }],
      ['model', async () => {
        await p.evaluate(() => window.attnviz.trainingControl('leave'));
        await p.evaluate(() => window.attnviz.modelReady());
        await clickWidget(p, 'header.model');
        await p.waitForFunction(() => { const m = window.attnviz.model(); return m.open && !m.busy; }, null, { timeout: 60000, polling: 50 });
      }],
    ];
    for (const [view, open] of views) {
      await open();
      await p.mouse.move(2, size.height - 2);
      await frames(p, 4);
      await checkLayout(p, `${view} at ${tag}`, size);
      if (shotDir) await p.screenshot({ path: join(shotDir, `web-zh-${view}-${tag}.png`) });
      if (view === 'lesson1') await p.evaluate(() => window.attnviz.leaveLesson());
    }
    assert(probs.length === 0, probs.join('\n'));
    await context.close();
  }
});

await finish();
