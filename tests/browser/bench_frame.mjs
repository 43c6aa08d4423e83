// Frame and recompute times of the page in headless Chromium (a benchmark, not a test:
// `make bench` runs it). For T = 8…64 tokens, d_model = 64, 8 heads it reports
//  - frame: CPU time of one frame() (input, UI, draw-list submit), median over 60 frames,
//           and the UI's part of it (NewFrame + ui_frame + Render)
//  - edit:  one setScenario() (JSON parse + full recompute), median over 60 calls
// Chromium runs WebGL on SwiftShader here, so GPU time is not representative and is
// not included. usage: node bench_frame.mjs SITE_DIR
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';

const site = process.argv[2];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const body = readFileSync(join(site, path.endsWith('/') ? path + 'index.html' : path));
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'text/html' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.evaluate(() => window.attnviz.ready);

console.log('T   d_model heads  frame median (ms)  of which UI (ms)  edit median (ms)');
for (const T of [8, 16, 32, 64]) {
  const text = Array.from({ length: T }, (_, i) => 'w' + i).join(' ');
  const row = await page.evaluate(async ({ text }) => {
    const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    const scenario = { text, embedding: { dim: 64, seed: 1 }, heads: 8, projections: { seed: 2 } };
    const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
    window.attnviz.setScenario(scenario);
    for (let i = 0; i < 20; i++) await nextFrame(); // warm up (V8's optimising tier)
    const frames = [], uis = [], edits = [];
    for (let i = 0; i < 60; i++) {
      await nextFrame();
      frames.push(window.attnviz.frameMs());
      uis.push(window.attnviz.uiMs());
      scenario.temperature = i % 2 ? 1 : 0.9;
      const t0 = performance.now();
      window.attnviz.setScenario(scenario);
      edits.push(performance.now() - t0);
    }
    return [median(frames), median(uis), median(edits)];
  }, { text });
  console.log(`${String(T).padEnd(4)}64      8      ${row[0].toFixed(3).padStart(8)}           ${row[1].toFixed(3).padStart(8)}          ${row[2].toFixed(3).padStart(8)}`);
}

// Training: the UI part of a frame includes that frame's training steps (1, 5 or 25 a
// frame, or Max = as many as fit in 8 ms), median over 60 frames while playing.
console.log('\ntask      speed              frame median (ms)  of which UI + training (ms)  steps/frame');
for (const task of ['copy', 'reverse', 'sort']) {
  for (const speed of [0, 1, 2, 3]) {
    const row = await page.evaluate(async ({ task, speed }) => {
      const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
      const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
      window.attnviz.openTraining({ task });
      window.attnviz.trainingControl('speed', speed);
      window.attnviz.trainingControl('play');
      for (let i = 0; i < 20; i++) await nextFrame();
      const frames = [], uis = [];
      const start = window.attnviz.training().step;
      for (let i = 0; i < 60; i++) {
        await nextFrame();
        frames.push(window.attnviz.frameMs());
        uis.push(window.attnviz.uiMs());
      }
      const t = window.attnviz.training();
      window.attnviz.trainingControl('leave');
      return [t.speed, median(frames), median(uis), (t.step - start) / 60];
    }, { task, speed });
    console.log(`${task.padEnd(9)} ${row[0].padEnd(18)} ${row[1].toFixed(2).padStart(8)}           ${row[2].toFixed(2).padStart(8)}                    ${row[3].toFixed(1).padStart(6)}`);
  }
}
await browser.close();
server.close();
