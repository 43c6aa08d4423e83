// attnviz in a real browser, the training playground: #train= opens it, Play trains until
// solved, the learner's own example, collapse, pause and leave; and the same numbers as
// the native CLI, bit for bit. (harness.mjs)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, assert, openPage, frames, rect, pixels, clickWidget, focusField, settle, shotDir, cliPath, finish } from './harness.mjs';

async function trainingState(p) { return p.evaluate(() => window.attnviz.training()); }

await test('#train=reverse opens the playground; Play trains until solved, the heatmap changes, Pause stops', async () => {
  const { page: p, context: c, problems: probs } = await openPage({ hash: '#train=reverse&seed=1' });
  await p.evaluate(() => window.attnviz.ready);
  await frames(p, 3);
  let t = await trainingState(p);
  assert(t && t.step === 0 && !t.running && t.config.task === 'reverse', 'opened: ' + JSON.stringify(t && t.config));
  const heat = await rect(p, 'heatmap.weights');
  const before = await pixels(p, heat);
  await p.evaluate(() => window.attnviz.trainingControl('speed', 2)); // 25 steps a frame: SwiftShader draws slowly
  await clickWidget(p, 'train.play');
  assert((await trainingState(p)).running, 'Play did not start training');
  await p.waitForFunction(() => window.attnviz.training().solved_step > 0, null, { timeout: 120000, polling: 250 });
  t = await trainingState(p);
  assert(t.latest.accuracy === 1, 'held-out accuracy ' + t.latest.accuracy);
  assert(JSON.stringify(t.example.predictions) === JSON.stringify(t.example.targets), 'predictions ' + JSON.stringify(t.example));
  // The visualiser's weights panel shows the trained layer: the mirror pattern, so w[0][5] dominates row 1.
  const r = await p.evaluate(() => window.attnviz.result());
  const row = r.heads[0].weights[0];
  assert(row[5] === Math.max(...row), 'row 1 of the panels\' weights: ' + JSON.stringify(row));
  assert(!(await pixels(p, heat)).equals(before), 'the weights heatmap did not change while training');
  if (shotDir) await p.screenshot({ path: join(shotDir, 'web-training.png') });
  // The learner's own example, typed with real key presses (paused, and trained on well past solved).
  await clickWidget(p, 'train.play');
  await p.evaluate(() => window.attnviz.trainingControl('step', 300));
  await focusField(p, 'train.try');
  await p.keyboard.type('c a f e b d', { delay: 10 });
  await p.keyboard.press('Enter');
  await settle(p);
  t = await trainingState(p);
  assert(t.example_index === null && JSON.stringify(t.example.tokens) === '["c","a","f","e","b","d"]', 'own example: ' + JSON.stringify(t.example.tokens));
  assert(JSON.stringify(t.example.predictions) === '["d","b","e","f","a","c"]', 'own example reversed: ' + JSON.stringify(t.example.predictions));
  await clickWidget(p, 'train.play');
  // Collapsed, it keeps training and the inputs come back.
  await clickWidget(p, 'train.collapse');
  const folded = (await trainingState(p)).step;
  await frames(p, 10);
  t = await trainingState(p);
  assert(t.collapsed && t.step >= folded + 5, `collapsed: step ${folded} → ${t.step}`);
  await rect(p, 'tokens.sentence');
  await clickWidget(p, 'train.collapse');
  await clickWidget(p, 'train.play'); // Pause
  const paused = (await trainingState(p)).step;
  await frames(p, 10);
  t = await trainingState(p);
  assert(!t.running && t.step === paused, `after Pause: ${paused} → ${t.step}`);
  await clickWidget(p, 'train.leave');
  assert((await trainingState(p)) === null, 'still open after Leave');
  // The #train= link gives way to the link to the learner's own scenario (docs/links.md).
  await p.waitForFunction(() => location.hash.startsWith('#s=1.'), null, { timeout: 10000 })
    .catch(async () => assert(false, 'the #train= link stayed after Leave: ' + await p.evaluate(() => location.hash)));
  // Opened from the header, the address follows: a teacher can copy the link.
  await clickWidget(p, 'header.train');
  assert((await p.evaluate(() => location.hash)) === '#train=reverse&seed=1', 'hash: ' + await p.evaluate(() => location.hash));
  await clickWidget(p, 'train.leave');
  assert(JSON.stringify(await p.evaluate(() => window.attnviz.result().tokens)) === JSON.stringify(['x₁', 'x₂', 'x₃']),
         'the user\'s scenario did not come back');
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await test('training in the browser gives the native CLI\'s numbers, bit for bit', async () => {
  const { page: p, context: c, problems: probs } = await openPage();
  await p.evaluate(() => window.attnviz.ready);
  const state = await p.evaluate(() => {
    window.attnviz.openTraining({ task: 'previous', seed: 3, heads: 2 });
    window.attnviz.trainingControl('step', 200);
    return window.attnviz.training();
  });
  const report = JSON.parse(execFileSync(cliPath, ['train', '--task', 'previous', '--seed', '3', '--heads', '2',
                                                   '--steps', '200', '--log-every', '10'], { encoding: 'utf8' }));
  const native = report.log.find((e) => e.step === 200);
  for (const key of ['loss', 'accuracy', 'attention_on_target'])
    assert(state.latest[key] === native[key], `${key}: browser ${state.latest[key]} vs native ${native[key]}`);
  assert(JSON.stringify(state.example.weights) === JSON.stringify(report.example.weights), 'example weights differ');
  let refused = '';
  try { await p.evaluate(() => window.attnviz.openTraining({ task: 'copy', heads: 3 })); } catch (e) { refused = e.message; }
  assert(/heads: 3 heads do not divide/.test(refused), 'bad config: ' + refused);
  assert(probs.length === 0, probs.join('\n'));
  await c.close();
});

await finish();
