// Model mode walked as a new user meets it, for looking at (not part of CTest): at 1280×800,
// 1920×1080 and a phone's 390×844, in English and Chinese — the Model button, a sentence
// typed, a head hovered in the model view (its description), clicked (its numbers and the
// predictions), then lesson 9. Writes walk-<lang>-<w>x<h>-<n>-<what>.png into SHOT_DIR.
//
// usage: node walk_model.mjs SITE_DIR ATTNVIZ_CLI SHOT_DIR
import { join } from 'node:path';
import { openPage, frames, rect, clickWidget, shotDir, assert, finish } from './harness.mjs';

const SIZES = [[1280, 800], [1920, 1080], [390, 844]];
const idle = (p) => p.waitForFunction(() => { const m = window.attnviz.model(); return m.open && !m.busy; }, null, { timeout: 120000, polling: 50 });
for (const lang of ['en', 'zh']) {
  for (const [width, height] of SIZES) {
    const { page: p, context, problems } = await openPage({ hash: `#lang=${lang}` });
    await p.setViewportSize({ width, height });
    await p.evaluate(() => window.attnviz.ready);
    await p.evaluate(() => window.attnviz.modelReady());
    let n = 0;
    const shot = async (what) => p.screenshot({ path: join(shotDir, `walk-${lang}-${width}x${height}-${++n}-${what}.png`) });
    await frames(p, 3);
    await shot('start');
    await clickWidget(p, 'header.model');
    await idle(p);
    await shot('model');
    await clickWidget(p, 'model.text');
    await p.keyboard.press('Control+A');
    await p.keyboard.type('A fool and his money are soon parted. A fool and his money', { delay: 5 });
    await p.waitForFunction(() => window.attnviz.model().text.endsWith('his money'), null, { timeout: 60000 });
    await idle(p);
    await frames(p, 3);
    await shot('typed');
    const v = await rect(p, 'model.view.1.1');
    await p.mouse.move(v.x + v.w * 0.3, v.y + v.h * 0.8);
    await frames(p, 3);
    const tip = await p.evaluate(() => window.attnviz.tooltip());
    console.log(`${lang} ${width}x${height}: hover 1.1: ${tip}`);
    await shot('hover-head');
    await p.mouse.click(v.x + v.w * 0.3, v.y + v.h * 0.8);
    await frames(p, 4);
    await shot('head-open');
    const next = await rect(p, 'model.next.0').catch(() => null);
    if (next) {
      await p.mouse.move(next.x + 5, next.y + 5);
      await p.mouse.wheel(0, 0);
    }
    await frames(p, 2);
    await shot('predictions');
    await p.evaluate(() => window.attnviz.openLesson('09-trained-heads', 1));
    await frames(p, 8);
    await shot('lesson9');
    if (problems.length) console.log('console: ' + problems.join('\n'));
    await context.close();
  }
}
await finish();
