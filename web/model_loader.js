// attnviz page glue for model mode (issue 13), loaded after web/attnviz.js.
//  1. After the first paint, fetches the shipped model (models/fortunes-gpt2/: config.json,
//     model.safetensors, vocab.json, merges.txt — not part of the initial download) with
//     progress, into Emscripten's in-memory file system; the header's Model button then opens it.
//  2. "Open a model…": a file picker (several files at once) and drag-and-drop of the four
//     files or of their folder anywhere on the page. Files are read in the page with
//     progress and handed to the core (app/api_model.cpp); nothing leaves the machine.
//  3. Adds to window.attnviz:
//       openModel(files)      File objects (a FileList) or {name, bytes}: the four files of a
//                             GPT-2 folder; resolves to model() in model mode, rejects with
//                             Error(the core's message) — the previous model stays
//       model()               {loaded, open, name, config, text, ids, tokens, layer, head, busy,
//                             progress, position, next, patterns, error} or {loaded: false, …}
//       openModelMode()       enters model mode (the shipped model unless another was opened)
//       leaveModel()          back to the user's own scenario
//       setModelText(text)    the model's text (what typing into its field does)
//       selectLayerHead(l, h) 0-based; throws Error outside the model
//       modelReady()          Promise: resolves once the shipped model's files are in
//     result() (web/attnviz.js) returns the selected head in model mode.
(function () {
  'use strict';

  const FILES = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];
  const SHIPPED_URL = 'models/fortunes-gpt2/';
  const SHIPPED_DIR = '/models/fortunes-gpt2';
  const attnviz = window.attnviz;
  const megabytes = (bytes) => (bytes / 1048576).toFixed(1);

  const api = {};
  function bind() {
    const m = window.Module;
    api.status = m.cwrap('attnviz_model_status', null, ['string', 'number']);
    api.error = m.cwrap('attnviz_model_error', null, ['string']);
    api.setDefault = m.cwrap('attnviz_model_default', null, ['string']);
    api.load = m.cwrap('attnviz_load_model', 'string', ['string', 'number']);
    api.open = m.cwrap('attnviz_open_model_mode', 'string', []);
    api.leave = m.cwrap('attnviz_leave_model', null, []);
    api.text = m.cwrap('attnviz_model_text', null, ['string']);
    api.model = m.cwrap('attnviz_model', 'string', []);
    api.select = m.cwrap('attnviz_select_layer_head', 'string', ['number', 'number']);
  }
  function call(name, ...args) {
    if (!api[name]) throw new Error('attnviz is not ready yet: await attnviz.ready first');
    return api[name](...args);
  }
  const status = (text, fraction) => call('status', text, fraction);

  // The bytes of a stream, with progress; `total` may be 0 (unknown).
  async function readAll(stream, total, onBytes) {
    const reader = stream.getReader();
    const chunks = [];
    let loaded = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onBytes(loaded);
    }
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.byteLength; }
    return out;
  }

  // One frame for the progress to be painted before a long synchronous call.
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  function writeFolder(dir, files) {
    const FS = window.Module.FS;
    let path = '';
    for (const part of dir.split('/').filter(Boolean)) {
      path += '/' + part;
      try { FS.mkdir(path); } catch (e) { /* exists */ }
    }
    // canOwn: the file system keeps the bytes read, not a copy of them (gpt2-medium: 1.5 GB
    // less to allocate and copy while the page waits); the callers never use them again.
    for (const name of FILES) FS.writeFile(dir + '/' + name, files[name], { canOwn: true });
  }
  function removeFolder(dir) {
    const FS = window.Module.FS;
    for (const name of FILES) { try { FS.unlink(dir + '/' + name); } catch (e) { /* not written */ } }
    try { FS.rmdir(dir); FS.rmdir(dir.replace(/\/[^/]*$/, '')); } catch (e) { /* not empty or absent */ }
  }

  // ---- 1. The shipped model, after the first paint --------------------------------------

  let resolveShipped, rejectShipped;
  const shipped = new Promise((resolve, reject) => { resolveShipped = resolve; rejectShipped = reject; });
  shipped.catch(() => {}); // shown in the app; callers still see the rejection
  const timings = {};

  async function fetchShipped() {
    const start = performance.now();
    const files = {};
    for (let i = 0; i < FILES.length; ++i) {
      const name = FILES[i];
      const response = await fetch(SHIPPED_URL + name, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${SHIPPED_URL}${name}: HTTP ${response.status}`);
      const total = Number(response.headers.get('Content-Length')) || 0;
      files[name] = await readAll(response.body, total, (n) =>
        status(`loading the model: ${name}`, (i + (total ? Math.min(1, n / total) : 0.5)) / FILES.length));
    }
    writeFolder(SHIPPED_DIR, files);
    call('setDefault', SHIPPED_DIR);
    status('', -1);
    timings.shippedFetchMs = performance.now() - start;
  }

  attnviz.ready.then(() => {
    bind();
    requestAnimationFrame(() => {
      fetchShipped().then(resolveShipped, (e) => {
        status('', -1);
        showError('the shipped model could not be loaded: ' + (e.message || e));
        rejectShipped(e);
      });
    });
  }, () => {});

  // ---- 2. A model of the user's own --------------------------------------------------------

  function showError(message) {
    // The app shows model errors under the header (and in the model panel).
    try { status('', -1); call('error', message); } catch (e) { /* not ready */ }
    console.warn('attnviz: ' + message);
    lastError = message;
  }
  let lastError = '';
  let userModels = 0;

  const baseName = (name) => String(name || '').split(/[\\/]/).pop();
  // Blob has a bytes() method in newer browsers: a File is told apart from {name, bytes} by type.
  const isFile = (f) => typeof Blob !== 'undefined' && f instanceof Blob;
  const sizeOf = (f) => (isFile(f) ? f.size : (f.bytes.byteLength || f.bytes.length || 0));

  // A File in 16 MB slices: progress for a 548 MB gpt2, and one copy of the bytes at a time.
  const SLICE = 16 << 20;
  async function readFile(f, onBytes) {
    if (!isFile(f)) {
      const bytes = f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(f.bytes);
      onBytes(bytes.byteLength);
      return bytes;
    }
    const out = new Uint8Array(f.size);
    for (let at = 0; at < f.size; at += SLICE) {
      out.set(new Uint8Array(await f.slice(at, Math.min(f.size, at + SLICE)).arrayBuffer()), at);
      onBytes(Math.min(f.size, at + SLICE));
    }
    return out;
  }

  async function openModel(fileList) {
    // One file that is not part of a GPT-2 folder: an attention file (web/attention_drop.js).
    const list = Array.from(fileList || []);
    if (list.length === 1 && !FILES.includes(baseName(list[0].name)) && attnviz.openAttention) return attnviz.openAttention(list[0]);
    // A dropped folder as downloaded from a model page holds more: Hugging Face's gpt2 has
    // an onnx/ subfolder with its own config.json, vocab.json and merges.txt. The model is
    // the folder's top level: of two files with one name, the less deeply nested wins.
    const depth = (f) => String(f.folder || f.webkitRelativePath || f.name).split('/').length;
    const byName = {};
    for (const f of Array.from(fileList || [])) {
      const name = baseName(f.name);
      if (FILES.includes(name) && (!byName[name] || depth(f) < depth(byName[name]))) byName[name] = f;
    }
    const missing = FILES.filter((n) => !byName[n]);
    // An older download has only the pickled checkpoint: the core's advice on converting it.
    if (missing.includes('model.safetensors') && list.some((f) => baseName(f.name) === 'pytorch_model.bin'))
      throw new Error("pytorch_model.bin: pickled PyTorch checkpoints are not loaded: unpickling can run arbitrary code. " +
                      "Convert it once to model.safetensors, e.g. with python3 -c \"import torch; " +
                      "from safetensors.torch import save_file; sd = torch.load('pytorch_model.bin'); " +
                      "save_file({k: v.contiguous() for k, v in sd.items()}, 'model.safetensors')\" (docs/models.md)");
    if (missing.length) {
      const found = Array.from(fileList || []).map((f) => baseName(f.name)).join(', ') || 'nothing';
      throw new Error(`missing ${missing.join(', ')} (got ${found}): a GPT-2 folder has config.json, model.safetensors, vocab.json and merges.txt`);
    }
    const total = FILES.reduce((s, n) => s + sizeOf(byName[n]), 0);
    const files = {};
    let before = 0;
    for (const name of FILES) {
      files[name] = await readFile(byName[name], (n) =>
        status(`reading ${name}: ${megabytes(before + n)} of ${megabytes(total)} MB`, total ? (before + n) / total : 0));
      before += sizeOf(byName[name]);
    }
    status('preparing the model…', 1);
    await nextFrame();
    // The folder's name when the browser tells it (a dropped folder, webkitRelativePath).
    const path = byName['config.json'].webkitRelativePath || byName['config.json'].folder || '';
    const label = (path.split('/').slice(-2, -1)[0] || 'opened model').replace(/[^\w .-]/g, '_');
    const dir = `/models/${++userModels}/${label}`;
    let error = '';
    try {
      writeFolder(dir, files);
      await nextFrame(); // two shorter pauses instead of one long one (gpt2: ~0.7 s copying, ~2 s loading)
      // The weights need about the file's size in WebAssembly memory. Grown in one step
      // now, not in the many 20% steps the allocations would take, each copying the whole
      // memory: gpt2-medium loaded in 1.8 s instead of 3.0 s (docs/models.md).
      const weights = files['model.safetensors'].byteLength;
      if (weights < 3.5 * 2 ** 30) window.Module._free(window.Module._malloc(weights + (64 << 20)));
      error = call('load', dir, 1);
    } catch (e) {
      error = String(e.message || e);
    } finally {
      removeFolder(dir); // the core keeps its own copy of the weights
      status('', -1);
    }
    // The core names the files by the in-memory copy's path ("/models/5/opened model/…"),
    // which means nothing to the user: by their own names, as picked or dropped.
    if (error) {
      const named = error.split(dir + '/').join('');
      call('error', named); // what the app shows, too
      throw new Error(named);
    }
    return JSON.parse(call('model'));
  }

  // The file picker: several files at once.
  const input = document.createElement('input');
  input.type = 'file';
  input.multiple = true;
  input.accept = '.json,.txt,.safetensors';
  input.id = 'model-files';
  input.style.display = 'none';
  document.body.appendChild(input);
  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    input.value = '';
    if (files.length) openModel(files).catch((e) => showError(e.message || String(e)));
  });
  window.attnvizOpenModelFiles = () => input.click();

  // Drag-and-drop of the files or of their folder (webkitGetAsEntry walks a dropped folder).
  function entryFiles(entry) {
    if (entry.isFile) {
      return new Promise((resolve, reject) => entry.file((f) => {
        f.folder = entry.fullPath; // "/gpt2/config.json": names the model
        resolve([f]);
      }, reject));
    }
    if (!entry.isDirectory) return Promise.resolve([]);
    const reader = entry.createReader();
    return new Promise((resolve, reject) => {
      const all = [];
      const next = () => reader.readEntries(async (entries) => {
        if (!entries.length) { resolve(all); return; }
        try {
          for (const e of entries) all.push(...await entryFiles(e));
          next(); // readEntries returns a directory in batches
        } catch (err) { reject(err); }
      }, reject);
      next();
    });
  }
  window.addEventListener('dragover', (e) => {
    if (!e.dataTransfer || !Array.from(e.dataTransfer.types || []).includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', (e) => {
    if (!e.dataTransfer) return;
    e.preventDefault();
    const items = Array.from(e.dataTransfer.items || []);
    const entries = items.map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null)).filter(Boolean);
    const files = entries.length ? Promise.all(entries.map(entryFiles)).then((lists) => lists.flat())
                                 : Promise.resolve(Array.from(e.dataTransfer.files || []));
    files.then(openModel).catch((err) => showError(err.message || String(err)));
  });

  // ---- 3. window.attnviz -------------------------------------------------------------------

  Object.assign(attnviz, {
    openModel,
    model: () => JSON.parse(call('model')),
    modelReady: () => shipped,
    modelTimings: () => Object.assign({}, timings),
    modelLoaderError: () => lastError,
    openModelMode() {
      const error = call('open');
      if (error) throw new Error(error);
    },
    leaveModel() { call('leave'); },
    setModelText(text) { call('text', String(text)); },
    selectLayerHead(layer, head) {
      const error = call('select', layer | 0, head | 0);
      if (error) throw new Error(error);
    },
  });
})();
