// attnviz page glue for attention files (issue 14, docs/attention-files.md), loaded after
// web/model_loader.js.
//  1. A file dropped anywhere on the page that is an attention file (JSON naming
//     "attnviz-attention", or safetensors) opens in model mode. Only these are claimed: the
//     drop listener runs first (capture) and lets every other drop through to the model
//     loader and the scenario files. A JSON that turns out not to be one goes to
//     attnviz.openFile when the page has it (scenario files), else to the core, whose
//     message says what the file lacks.
//  2. Open a model…'s picker: one file that is not part of a GPT-2 folder comes here
//     (web/model_loader.js asks attnviz.openAttention).
//  3. Adds to window.attnviz:
//       openAttention(fileOrBytes) a File/Blob, {name, bytes}, or a Uint8Array/ArrayBuffer;
//                                  resolves to attention() once shown, rejects with
//                                  Error(the core's message) — what was shown stays
//       attention()                {open, name, model, format, tokens, n_layers, n_heads, T,
//                                  causal, causal_given, layer, head, patterns, error} or {open: false, error}
//       closeAttention()           back to the GPT-2 run (or out of model mode)
//     result() (web/attnviz.js) is the selected head: tokens, mask, heads[0].weights and
//     heads[0].entropy; d_k 0 and the Q/K/V, score, logit and output matrices empty.
(function () {
  'use strict';

  const attnviz = window.attnviz;
  const GPT2_FILES = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];
  const api = {};
  attnviz.ready.then(() => {
    const m = window.Module;
    api.open = m.cwrap('attnviz_open_attention', 'string', ['string']);
    api.attention = m.cwrap('attnviz_attention', 'string', []);
    api.close = m.cwrap('attnviz_close_attention', null, []);
  }, () => {});
  function call(name, ...args) {
    if (!api[name]) throw new Error('attnviz is not ready yet: await attnviz.ready first');
    return api[name](...args);
  }

  const baseName = (name) => String(name || '').split(/[\\/]/).pop();
  const isBlob = (f) => typeof Blob !== 'undefined' && f instanceof Blob;

  async function bytesOf(f) {
    if (isBlob(f)) return { name: baseName(f.name) || 'attention', bytes: new Uint8Array(await f.arrayBuffer()) };
    if (f instanceof Uint8Array || f instanceof ArrayBuffer) return { name: 'attention', bytes: new Uint8Array(f) };
    if (f && f.bytes) return { name: baseName(f.name) || 'attention', bytes: new Uint8Array(f.bytes) };
    throw new Error('openAttention wants a File, {name, bytes} or a Uint8Array');
  }

  let opened = 0;
  async function openAttention(f) {
    const { name, bytes } = await bytesOf(f);
    const FS = window.Module.FS;
    const dir = `/attention-${++opened}`;
    const file = name.replace(/\//g, '_');
    let error = '';
    try {
      FS.mkdir(dir);
      FS.writeFile(`${dir}/${file}`, bytes);
      FS.chdir(dir); // opened by its own name, which starts the core's messages
      error = call('open', file);
    } catch (e) {
      error = String(e.message || e);
    } finally {
      try { FS.chdir('/'); FS.unlink(`${dir}/${file}`); FS.rmdir(dir); } catch (e) { /* not written */ }
    }
    if (error) {
      console.warn('attnviz: ' + error);
      throw new Error(error);
    }
    return JSON.parse(call('attention'));
  }

  // What the bytes say: safetensors starts with its header's length (8 bytes, little-endian)
  // and then '{'; our JSON names its format in its first few kilobytes.
  function sniff(head) {
    if (head.length > 8 && head[8] === 0x7b && head[6] === 0 && head[7] === 0) return 'safetensors';
    return new TextDecoder().decode(head).includes('attnviz-attention') ? 'attention-json' : 'other';
  }

  // A single .json or .safetensors file that is not part of a GPT-2 folder: decided now,
  // while the drop event lasts (its files are gone once it returns).
  function claimable(files) {
    if (files.length !== 1) return null;
    const f = files[0];
    const name = baseName(f.name);
    if (GPT2_FILES.includes(name) || !/\.(json|safetensors)$/i.test(name)) return null;
    return f;
  }

  window.addEventListener('drop', (e) => {
    const f = e.dataTransfer ? claimable(Array.from(e.dataTransfer.files || [])) : null;
    if (!f) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    f.slice(0, 4096).arrayBuffer().then(async (head) => {
      const kind = sniff(new Uint8Array(head));
      if (kind === 'other' && typeof attnviz.openFile === 'function') {
        return attnviz.openFile(baseName(f.name), await f.text()); // a scenario file
      }
      return openAttention(f);
    }).catch(() => { /* the app shows the message */ });
  }, true);

  Object.assign(attnviz, {
    openAttention,
    attention: () => JSON.parse(call('attention')),
    closeAttention() { call('close'); },
  });
})();
