import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
const siteDir = process.argv[2];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const file = join(siteDir, path.endsWith('/') ? path + 'index.html' : path);
  try { const b = readFileSync(file); res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' }); res.end(b); }
  catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
const frames = (p, n) => p.evaluate((k) => new Promise((d) => { const s = () => (k-- <= 0 ? d() : requestAnimationFrame(s)); requestAnimationFrame(s); }), n);
async function click(p, name) {
  const c = await p.evaluate((n) => { const r = document.getElementById('canvas').getBoundingClientRect(); const w = window.attnviz.widgetRect(n); return w && { x: w.x + r.left + w.w / 2, y: w.y + r.top + w.h / 2 }; }, name);
  await p.mouse.move(c.x - 2, c.y); await frames(p, 2); await p.mouse.click(c.x, c.y); await frames(p, 3);
}
for (const [name, hash, actions, w, h] of JSON.parse(process.argv[3])) {
  const ctx = await browser.newContext({ viewport: { width: w || 1280, height: h || 800 } });
  const p = await ctx.newPage();
  p.on('console', (m) => { if (m.type() === 'error') console.log('console error', m.text()); });
  await p.goto(url + hash);
  await p.evaluate(() => window.attnviz.ready);
  await frames(p, 3);
  for (const a of actions) {
    if (a.click) await click(p, a.click);
    if (a.eval) await p.evaluate(a.eval);
    if (a.frames) await frames(p, a.frames);
    if (a.hover) { const c = await p.evaluate((n) => window.attnviz.widgetRect(n), a.hover); await p.mouse.move(c.x + c.w * 0.7, c.y + c.h * 0.5); await frames(p, 3); }
  }
  await frames(p, 3);
  await p.screenshot({ path: `/tmp/shots/${name}.png` });
  await ctx.close();
}
await browser.close(); server.close();
