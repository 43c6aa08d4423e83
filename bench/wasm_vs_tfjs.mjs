// attnviz in WebAssembly (build/web/bench/attnviz-bench-module.js) under Node.js, one thread:
//  1. a GPT-2-small-shaped model (12 layers, 12 heads, n_embd 768, vocabulary 50257, random
//     weights) on T = 128 tokens, every attention kept, next-token logits; then appending one
//     token through the key/value cache;
//  2. one attention head, d = 64, out = softmax(Q·Kᵀ/8)·V, no mask, at T = 128, 512, 2048,
//     side by side with TensorFlow.js's WebAssembly backend (SIMD, one thread) in this process.
// Each figure is the best of several calls after warm-up, as wall-clock time and as the
// process's CPU time (process.cpuUsage), which leaves out the time other processes held the
// core: the machine these run on is shared. Run with --no-liftoff (make bench does) to time
// V8's optimising tier, which hot code reaches within seconds anyway.
// usage: node --no-experimental-fetch --no-liftoff bench/wasm_vs_tfjs.mjs build/web/bench/attnviz-bench-module.js [runs]
import { createRequire } from 'module';
import path from 'path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const wasmBackend = require('@tensorflow/tfjs-backend-wasm');

const attnviz = await require(path.resolve(process.argv[2]))();
const runs = Number(process.argv[3] ?? 5);
wasmBackend.setThreadsCount?.(1);
await tf.setBackend('wasm');
await tf.ready();

// Best wall and CPU milliseconds of `times` calls of fn, after `warmup` untimed ones.
function best(fn, times, warmup = 1) {
  for (let i = 0; i < warmup; ++i) fn();
  let wall = Infinity, cpu = Infinity;
  for (let i = 0; i < times; ++i) {
    const cpuStart = process.cpuUsage(), start = performance.now();
    fn();
    const ms = performance.now() - start, used = process.cpuUsage(cpuStart);
    wall = Math.min(wall, ms);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}
const show = ({ wall, cpu }, digits = 1) => `${wall.toFixed(digits).padStart(9)} ms wall ${cpu.toFixed(digits).padStart(9)} ms CPU`;

console.log(`GPT-2-small-shaped model in WebAssembly, one thread, best of ${runs}`);
attnviz._attnviz_gpt2_setup();
console.log(`  forward T=128, all attention kept, next-token logits: ${show(best(() => attnviz._attnviz_gpt2_forward(128), runs, 2))}`);
attnviz._attnviz_gpt2_forward(100);
console.log(`  append one token (T=100…128) with its logits:        ${show(best(() => attnviz._attnviz_gpt2_append_one(), 26, 2))}`);

function tfjsAttention(t) {
  const values = (mul, mod) => Float32Array.from({ length: t * 64 }, (_, i) => ((i * mul) % mod) / mod - 0.5);
  const q = tf.tensor2d(values(37, 101), [t, 64]);
  const k = tf.tensor2d(values(53, 103), [t, 64]);
  const v = tf.tensor2d(values(71, 107), [t, 64]);
  // An explicit transpose: matMul(q, k, false, true) was 5× slower (TOOLCHAIN.md).
  const run = () => tf.tidy(() => tf.matMul(tf.softmax(tf.mul(tf.matMul(q, tf.transpose(k)), 0.125)), v));
  return { run: () => { const out = run(); const data = out.dataSync(); out.dispose(); return data; }, dispose: () => tf.dispose([q, k, v]) };
}

const features = `SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${wasmBackend.getThreadsCount?.() ?? '?'}`;
console.log(`attention, one head, d = 64, no mask (TF.js ${tf.version_core} wasm backend: ${features})`);
for (const t of [128, 512, 2048]) {
  const reps = t === 2048 ? 8 : 40;
  attnviz._attnviz_attention_setup(t);
  const ours = best(() => attnviz._attnviz_attention_run(), reps, 3);
  const theirs = tfjsAttention(t);
  const reference = theirs.run();
  const tf_ = best(theirs.run, reps, 3);
  theirs.dispose();
  let diff = 0; // the two compute the same thing
  for (let i = 0; i < reference.length; i += 97) diff = Math.max(diff, Math.abs(reference[i] - attnviz._attnviz_attention_out(i)));
  console.log(`  T=${String(t).padEnd(5)} attnviz ${show(ours, 3)} | TF.js ${show(tf_, 3)} | CPU ratio ${(ours.cpu / tf_.cpu).toFixed(2)}, max |Δ| ${diff.toExponential(1)}`);
}
