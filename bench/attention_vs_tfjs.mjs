// attnviz's attention kernel (WebAssembly SIMD) and TensorFlow.js's WebAssembly backend,
// side by side in one Node.js process: one head, d = 64, out = softmax(Q·Kᵀ/8)·V, no mask,
// at T = 128, 512, 2048. Best of several calls after warm-up, one thread each.
// usage: node --no-experimental-fetch bench/attention_vs_tfjs.mjs build/web/bench/attnviz-attention-module.js
import { createRequire } from 'module';
import path from 'path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs-core');
const wasmBackend = require('@tensorflow/tfjs-backend-wasm');

const modulePath = path.resolve(process.argv[2]);
const attnviz = await require(modulePath)();
wasmBackend.setThreadsCount?.(1);
await tf.setBackend('wasm');
await tf.ready();

function tfjsBestMs(t, reps) {
  const values = (mul, mod) => Float32Array.from({ length: t * 64 }, (_, i) => ((i * mul) % mod) / mod - 0.5);
  const q = tf.tensor2d(values(37, 101), [t, 64]);
  const k = tf.tensor2d(values(53, 103), [t, 64]);
  const v = tf.tensor2d(values(71, 107), [t, 64]);
  let best = Infinity;
  for (let r = 0; r <= reps; ++r) {
    const start = performance.now();
    // An explicit transpose: matMul(q, k, false, true) was 5× slower here (TOOLCHAIN.md).
    const out = tf.tidy(() => tf.matMul(tf.softmax(tf.mul(tf.matMul(q, tf.transpose(k)), 0.125)), v));
    out.dataSync();
    const ms = performance.now() - start;
    out.dispose();
    if (r > 0) best = Math.min(best, ms);
  }
  tf.dispose([q, k, v]);
  return best;
}

const features = `SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${wasmBackend.getThreadsCount?.() ?? '?'}`;
console.log(`attention, one head, d = 64 (TF.js ${tf.version_core} wasm backend: ${features})`);
console.log('T       attnviz ms   TF.js ms   attnviz/TF.js');
for (const t of [128, 512, 2048]) {
  const reps = t === 2048 ? 8 : 30;
  const ours = attnviz._attnviz_attention_best_ms(t, reps);
  const theirs = tfjsBestMs(t, reps);
  console.log(`${String(t).padEnd(7)} ${ours.toFixed(3).padStart(10)} ${theirs.toFixed(3).padStart(10)} ${(ours / theirs).toFixed(2).padStart(12)}`);
}
