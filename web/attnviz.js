// attnviz page glue, loaded by index.html before Emscripten's attnviz.js.
//  1. Checks that the browser can run us (WebAssembly, WebGL2) and says so plainly if not.
//  2. Configures Emscripten's `Module`: downloads attnviz.wasm with a progress bar and
//     turns every way loading can fail (404, abort, exception) into a visible message.
//  3. Builds window.attnviz, the automation API over app/api.cpp:
//       ready           Promise, resolved once the app has drawn its first frames
//       setScenario(o)  object or JSON text; throws Error(core's message) on bad input
//       getScenario()   the scenario as an object
//       result()        the result JSON, the same as attnviz-cli prints
//       selectQuery(i)  0-based query token
//       widgetRect(n)   {x, y, w, h} in CSS pixels relative to the canvas, or null
//       widgetNames()   names of the widgets drawn in the last frame
//       tooltip()       the formula tooltip shown in the last frame, or ''
//       frameMs()       CPU time of the last frame in ms, uiMs() the UI's part (for benchmarks)
//       lesson()        {id, title, step, steps, done} of the open lesson (1-based step), or null
//       openLesson(id, step)  opens a lesson step (1-based); throws Error if there is none
//       leaveLesson()   back to the learner's own scenario
//       training()      the training playground's state {step, running, config, latest, …}, or null
//       openTraining(c) opens the playground: c = {task: 'reverse', seed: 1, …} (see docs/training.md)
//       trainingControl(action, n)  'play', 'pause', 'step' (n steps), 'reset', 'example' (n),
//                       'follow' (n = 1: the panels show the trained layer, 0: the user's own),
//                       'speed' (n: 0 = 1 step/frame, 1 = 5, 2 = 25, 3 = Max), 'leave'
//       trainingTry(text) shows the learner's own example ('b f a a f h', '3 1 4 0'); throws if invalid
//       language()      'en' or 'zh'; setLanguage(code) switches (and remembers) it, as the header's 中文 / English
//       input()         where typing goes: {text_field, field, text, caret, focus, pending} — whether a text
//                       field is active, its widget name and text, the widget Tab focused, and how many
//                       input events are still queued (app/api_input.cpp; tests wait for 0)
//  4. Lessons: progress lives in localStorage; index.html#lesson=<id>&step=<n> opens a
//     step (on load and when the hash changes), and the hash follows the open step.
//     index.html#train=<task>[&seed=<n>] opens the training playground; that hash, too,
//     follows the task and seed open. In Explore the hash is a #s=1.… link to the learner's
//     scenario and view (web/links.js, docs/links.md).
//  5. Language: index.html#lang=zh (or en) switches, else the one chosen last time (saved with
//     the progress), else the first of navigator.languages that attnviz speaks. The page's
//     own loading and failure texts follow the same choice, from the message catalogue
//     (assets/i18n/*.json, which the build writes into web/page_text.js).
(function () {
  'use strict';

  const WASM_URL = 'attnviz.wasm';
  const SCRIPT_URL = 'attnviz.js';
  const READY_FRAMES = 2; // ImGui lays out auto-sized windows during the first frame

  const overlay = document.getElementById('overlay');
  const barFill = document.getElementById('bar-fill');
  const statusLine = document.getElementById('status');
  const errorBox = document.getElementById('error');
  const canvas = document.getElementById('canvas');

  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {}); // failures are shown on the page; callers still see the rejection
  let failed = false;
  let started = false;

  // ---- 0. The page's own words ---------------------------------------------------------
  // "page.*" messages of the catalogue, in the language the app will start in (section 5);
  // once the app runs, in the one it shows. Placeholders as in ui/i18n.h: "{name}".
  const PAGE_TEXT = window.attnvizPageText || { en: {}, zh: {} };
  let startLanguage = null;
  function pageLanguage() {
    if (started && api.language) {
      try { return call('language'); } catch (e) { /* stopped: the language it started in */ }
    }
    if (!startLanguage) startLanguage = ourLanguage(hashLanguage() || '') || savedLanguage() || browserLanguage();
    return startLanguage;
  }
  function say(key, args) {
    const own = PAGE_TEXT[pageLanguage()] || {};
    const text = own[key] || PAGE_TEXT.en[key] || key;
    return text.replace(/\{(\w+)\}/g, (m, name) => (args && name in args ? String(args[name]) : m));
  }
  function translatePage() {
    const lang = pageLanguage();
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = say('page.title');
    document.querySelector('.tagline').textContent = say('page.tagline');
    document.querySelector('.bar').setAttribute('aria-label', say('page.loading_label'));
    statusLine.textContent = say('page.loading');
  }

  // ---- Page state -------------------------------------------------------------------

  function setProgress(fraction, text) {
    if (failed) return;
    if (fraction !== null) barFill.style.width = (100 * Math.max(0, Math.min(1, fraction))).toFixed(1) + '%';
    if (text) statusLine.textContent = text;
  }

  function fail(message) {
    if (failed) return;
    failed = true;
    overlay.classList.remove('done');
    overlay.classList.add('failed');
    errorBox.textContent = message;
    console.error('attnviz: ' + message);
    rejectReady(new Error(message));
  }

  const megabytes = (bytes) => (bytes / 1048576).toFixed(1);

  // ---- 1. Can this browser run attnviz? ------------------------------------------------

  function missingFeature() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      return say('page.no_wasm');
    }
    let gl = null;
    try {
      gl = document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      gl = null;
    }
    if (!gl) {
      return say('page.no_webgl2');
    }
    const lose = gl.getExtension('WEBGL_lose_context');
    if (lose) lose.loseContext(); // free the probe's context; browsers limit their number
    return null;
  }

  // ---- 2. Emscripten's Module ------------------------------------------------------------

  // Wraps the download in a stream that counts bytes. The wrapped Response carries the
  // right MIME type, so instantiateStreaming still compiles while it downloads.
  async function fetchWithProgress(url) {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    const total = Number(response.headers.get('Content-Length')) || 0;
    if (!response.body || !total || typeof ReadableStream !== 'function') {
      setProgress(0.5, say('page.downloading'));
      return { response, counted: false };
    }
    const reader = response.body.getReader();
    let loaded = 0;
    const counted = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          setProgress(0.9, say('page.compiling'));
          controller.close();
          return;
        }
        loaded += value.byteLength;
        setProgress(0.9 * loaded / total, say('page.downloading_mb', { done: megabytes(loaded), total: megabytes(total) }));
        controller.enqueue(value);
      },
      cancel(reason) { reader.cancel(reason); },
    });
    return { response: new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }), counted: true };
  }

  async function instantiate(imports) {
    const { response, counted } = await fetchWithProgress(WASM_URL);
    if (counted && typeof WebAssembly.instantiateStreaming === 'function')
      return WebAssembly.instantiateStreaming(response, imports);
    const bytes = await response.arrayBuffer();
    setProgress(0.9, say('page.compiling'));
    return WebAssembly.instantiate(bytes, imports);
  }

  // Resolves `ready` once frame() has run READY_FRAMES times (widget rectangles exist).
  function waitForFirstFrames() {
    const frameCount = Module.cwrap('attnviz_frame_count', 'number', []);
    const poll = () => {
      if (failed) return;
      if (frameCount() >= READY_FRAMES) {
        restoreLessons().then(() => { // a #s= link opens asynchronously (it decompresses)
          setProgress(1, say('page.ready'));
          overlay.classList.add('done');
          canvas.focus();
          resolveReady(window.attnviz);
        });
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  }

  const api = {};
  // cwrap copies a string argument onto Emscripten's 5 MB stack, and a scenario of 2 MB of
  // text overran it: "memory access out of bounds", then every later call failed too.
  // Texts a user makes go through the heap instead; the core refuses what is too large.
  function viaHeap(fn) {
    return (value, ...rest) => {
      const text = value === null || value === undefined ? '' : String(value);
      const bytes = Module.lengthBytesUTF8(text) + 1;
      const ptr = Module._malloc(bytes);
      if (!ptr) return `the text is ${bytes - 1} bytes, more than the page's memory can hold`;
      try {
        Module.stringToUTF8(text, ptr, bytes);
        return fn(ptr, ...rest);
      } finally {
        Module._free(ptr);
      }
    };
  }
  function bindApi() {
    api.setScenario = viaHeap(Module.cwrap('attnviz_set_scenario', 'string', ['number']));
    api.getScenario = Module.cwrap('attnviz_get_scenario', 'string', []);
    api.getResult = Module.cwrap('attnviz_get_result', 'string', []);
    api.selectQuery = Module.cwrap('attnviz_select_query', null, ['number']);
    api.widgetRect = Module.cwrap('attnviz_widget_rect', 'string', ['string']);
    api.widgetNames = Module.cwrap('attnviz_widget_names', 'string', []);
    api.tooltip = Module.cwrap('attnviz_tooltip', 'string', []);
    api.frameMs = Module.cwrap('attnviz_frame_ms', 'number', []);
    api.uiMs = Module.cwrap('attnviz_ui_ms', 'number', []);
    api.lesson = Module.cwrap('attnviz_lesson', 'string', []);
    api.openLesson = viaHeap(Module.cwrap('attnviz_open_lesson', 'string', ['number', 'number']));
    api.leaveLesson = Module.cwrap('attnviz_leave_lesson', null, []);
    api.restoreProgress = viaHeap(Module.cwrap('attnviz_restore_progress', null, ['number']));
    api.training = Module.cwrap('attnviz_training', 'string', []);
    api.openTraining = viaHeap(Module.cwrap('attnviz_open_training', 'string', ['number']));
    api.trainingControl = Module.cwrap('attnviz_training_control', 'string', ['string', 'number']);
    api.trainingTry = viaHeap(Module.cwrap('attnviz_training_try', 'string', ['number']));
    api.textInput = Module.cwrap('attnviz_text_input', null, ['string']); // a keystroke or an IME commit: small
    api.paste = viaHeap(Module.cwrap('attnviz_paste', null, ['number']));
    api.language = Module.cwrap('attnviz_language', 'string', []);
    api.setLanguage = Module.cwrap('attnviz_set_language', 'string', ['string', 'number']);
    api.input = Module.cwrap('attnviz_input_state', 'string', []);
  }
  // The app draws only when something may have changed (app/platform_web.cpp): every call
  // into it from JavaScript, through any cwrap or ccall made from here on (this file's API,
  // links.js, model_loader.js, attention_drop.js), marks Module.attnvizCalled, which wakes it.
  function markCallsIntoTheApp() {
    const cwrap = Module.cwrap, ccall = Module.ccall;
    Module.cwrap = (...spec) => {
      const fn = cwrap(...spec);
      return (...args) => { Module.attnvizCalled = true; return fn(...args); };
    };
    Module.ccall = (...args) => { Module.attnvizCalled = true; return ccall(...args); };
  }
  function call(name, ...args) {
    if (!api[name]) throw new Error('attnviz is not ready yet: await attnviz.ready first');
    return api[name](...args);
  }

  const lastErrors = []; // the app's stderr, quoted when it stops
  var Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => {
      console.warn(text);
      lastErrors.push(text);
      if (lastErrors.length > 5) lastErrors.shift();
    },
    // Emscripten's own texts ("Running...") only mean the runtime is starting.
    setStatus: (text) => { if (text && !started) setProgress(0.95, say('page.starting')); },
    monitorRunDependencies: (left) => { if (left === 0) setProgress(0.95, say('page.starting')); },
    instantiateWasm(imports, receiveInstance) {
      setProgress(0, say('page.downloading'));
      instantiate(imports)
        .then((result) => receiveInstance(result.instance, result.module))
        .catch((e) => fail(say('page.load_failed', { file: WASM_URL, error: e.message || e })));
      return {}; // exports arrive asynchronously through receiveInstance
    },
    onRuntimeInitialized() {
      started = true;
      markCallsIntoTheApp();
      bindApi();
      waitForFirstFrames();
    },
    onAbort(what) {
      fail(say('page.stopped', { what: what || 'abort' }) + (lastErrors.length ? '\n' + lastErrors.join('\n') : ''));
    },
    onExit(status) {
      if (status !== 0) fail(say('page.exited', { status }) + (lastErrors.length ? '\n' + lastErrors.join('\n') : ''));
    },
  };
  window.Module = Module;

  // ---- 3. window.attnviz -------------------------------------------------------------

  window.attnviz = {
    ready,
    setScenario(scenario) {
      const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
      const error = call('setScenario', text);
      if (error) throw new Error(error);
    },
    getScenario: () => JSON.parse(call('getScenario')),
    result: () => JSON.parse(call('getResult')),
    selectQuery(i) { call('selectQuery', i | 0); },
    widgetRect: (name) => JSON.parse(call('widgetRect', String(name))),
    widgetNames: () => JSON.parse(call('widgetNames')),
    tooltip: () => call('tooltip'),
    frameMs: () => call('frameMs'),
    uiMs: () => call('uiMs'),
    lesson: () => JSON.parse(call('lesson')),
    openLesson(id, step = 1) {
      const error = call('openLesson', String(id), step | 0);
      if (error) throw new Error(error);
    },
    leaveLesson() { call('leaveLesson'); },
    training: () => JSON.parse(call('training')),
    openTraining(config) {
      const error = call('openTraining', typeof config === 'string' ? config : JSON.stringify(config));
      if (error) throw new Error(error);
    },
    trainingControl(action, n = 1) {
      const error = call('trainingControl', String(action), n | 0);
      if (error) throw new Error(error);
    },
    trainingTry(text) {
      const error = call('trainingTry', String(text));
      if (error) throw new Error(error);
    },
    language: () => call('language'),
    setLanguage(code) {
      const error = call('setLanguage', String(code), 1);
      if (error) throw new Error(error);
    },
    input: () => JSON.parse(call('input')),
  };

  // ---- 4. Lessons: progress and deep links ------------------------------------------------

  const PROGRESS_KEY = 'attnviz-progress';
  let applyingHash = false;

  function storage() {
    try { return window.localStorage; } catch (e) { return null; } // blocked in some privacy modes
  }

  // Called by the app (app/main.cpp) whenever lesson progress changes.
  let restored = false; // until then the app's first frames would overwrite what the last visit saved
  window.attnvizSaveProgress = (text) => {
    if (!restored) return;
    const store = storage();
    if (store) { try { store.setItem(PROGRESS_KEY, text); } catch (e) { /* full or blocked: progress is a convenience */ } }
    if (applyingHash) return;
    let progress = null;
    try { progress = JSON.parse(text); } catch (e) { return; }
    const hash = progress && progress.lesson ? `#lesson=${encodeURIComponent(progress.lesson)}&step=${progress.step}`
               : progress && progress.train ? `#train=${encodeURIComponent(progress.train.task)}&seed=${progress.train.seed}` : '';
    if (hash && location.hash === hash) return;
    // Opening or leaving a lesson or the playground is a new history entry, so the
    // browser's Back returns to where the learner was instead of leaving the app; moving
    // between a lesson's steps replaces the entry.
    const place = (h) => (h.match(/^#(lesson=[^&]*|train=[^&]*)/) || ['', ''])[1];
    // In Explore the hash is a #s= link to the learner's scenario and view (web/links.js).
    if (!hash && window.attnvizLinks) { window.attnvizLinks.follow(place(location.hash) !== ''); return; }
    const target = location.pathname + location.search + hash;
    if (place(location.hash) !== place(hash)) history.pushState(null, '', target);
    else history.replaceState(null, '', target);
  };

  function lessonFromHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const id = params.get('lesson');
    if (!id) return null;
    const step = parseInt(params.get('step') || '1', 10);
    return { id, step: Number.isFinite(step) ? step : 1 };
  }

  function openLink(link) {
    if (!link) return;
    const open = window.attnviz.lesson();
    if (open && open.id === link.id && open.step === link.step) return;
    applyingHash = true;
    try {
      window.attnviz.openLesson(link.id, link.step);
    } catch (e) {
      console.warn('attnviz: ' + location.hash + ': ' + e.message);
    } finally {
      applyingHash = false;
    }
  }
  // #train=<task>[&seed=<n>]: the training playground, e.g. a teacher's link to the sort task.
  function openTrainingFromHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const task = params.get('train');
    if (!task) return;
    const seed = params.get('seed');
    const open = window.attnviz.training();
    if (open && open.config.task === task && (seed === null || String(open.config.seed) === seed)) return;
    // JSON text, not an object: a 64-bit seed keeps every digit (a JS number would round it).
    const config = `{"task": ${JSON.stringify(task)}` + (seed === null ? '' : `, "seed": ${/^\d+$/.test(seed) ? seed : JSON.stringify(seed)}`) + '}';
    applyingHash = true;
    try {
      window.attnviz.openTraining(config);
    } catch (e) {
      console.warn('attnviz: ' + location.hash + ': ' + e.message);
    } finally {
      applyingHash = false;
    }
  }
  // Back or Forward to an entry without a lesson or training: leave what is open, which
  // gives the learner's own scenario back.
  function leaveIfHashEmpty() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    if (params.get('lesson') || params.get('train')) return;
    applyingHash = true;
    try {
      if (window.attnviz.lesson()) window.attnviz.leaveLesson();
      if (window.attnviz.training()) window.attnviz.trainingControl('leave');
    } finally {
      applyingHash = false;
    }
  }
  // ---- 5. Language ---------------------------------------------------------------------
  // The choice saved with the progress (ui/session.cpp writes "lang" once the learner chose).
  function savedLanguage() {
    const store = storage();
    try {
      const lang = JSON.parse((store && store.getItem(PROGRESS_KEY)) || '{}').lang;
      return lang === 'zh' || lang === 'en' ? lang : null;
    } catch (e) {
      return null;
    }
  }
  // 'zh', 'zh-CN' → 'zh'; 'en-GB' → 'en'; a language attnviz does not speak → null.
  function ourLanguage(code) {
    const c = String(code).toLowerCase();
    if (c === 'zh' || c.startsWith('zh-')) return 'zh';
    if (c === 'en' || c.startsWith('en-')) return 'en';
    return null;
  }
  function browserLanguage() {
    for (const code of (navigator.languages || [navigator.language || ''])) {
      const lang = ourLanguage(code);
      if (lang) return lang;
    }
    return 'en';
  }
  const hashLanguage = () => new URLSearchParams(location.hash.replace(/^#/, '')).get('lang');
  function applyLanguage(lang) {
    if (!lang) return;
    applyingHash = true; // the rest of the link (#lang=en&lesson=…) is still to be read
    try {
      const error = call('setLanguage', lang, 1);
      if (error) console.warn('attnviz: #lang=' + lang + ': ' + error);
    } finally {
      applyingHash = false;
    }
  }
  // #lang=… alone switches the language where the learner is; with #lesson=… it opens that too.
  function languageOnlyHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    applyLanguage(params.get('lang'));
    return params.has('lang') && !params.get('lesson') && !params.get('train');
  }

  // A #s= link typed or pasted into the address bar, or Back to one (not the hash the page
  // itself just wrote): its scenario and view.
  function openStateFromHash() {
    const links = window.attnvizLinks;
    if (links && links.isStateLink(location.hash) && !links.isOurs(location.hash))
      return links.openLink(location.hash).catch(() => {}); // the app shows why
    return Promise.resolve();
  }
  const openFromHash = () => { if (languageOnlyHash()) return; leaveIfHashEmpty(); openLink(lessonFromHash()); openTrainingFromHash(); openStateFromHash(); };

  // Once the app is up: earlier progress first, then a deep link takes precedence (read
  // before restoring, which rewrites the hash to the restored step).
  function restoreLessons() {
    const link = lessonFromHash();
    const lang = hashLanguage();
    const store = storage();
    const saved = store && store.getItem(PROGRESS_KEY);
    call('setLanguage', browserLanguage(), 0); // unless the saved progress has the learner's choice
    restored = true;
    if (saved) call('restoreProgress', saved);
    applyLanguage(lang);
    openLink(link);
    openTrainingFromHash();
    window.addEventListener('hashchange', openFromHash);
    window.addEventListener('popstate', openFromHash);
    return openStateFromHash();
  }

  // ---- Input methods and the clipboard ----------------------------------------------------
  // The canvas gets key presses, but an input method (Chinese, Japanese, Korean…) composes
  // only in an editable element. While an ImGui text field is active, a transparent
  // textarea at its caret holds the focus: the IME's candidate window opens there, and what
  // it commits (compositionend, or an insertText input) goes to ImGui, through SDL's queue
  // in order with the keys around it. Plain typing still reaches SDL's key handlers on the
  // window, which cancel the keypress, so nothing arrives twice.
  const ime = document.createElement('textarea');
  ime.id = 'ime';
  ime.setAttribute('aria-label', 'text input');
  ime.setAttribute('autocomplete', 'off');
  ime.setAttribute('autocapitalize', 'off');
  ime.spellcheck = false;
  Object.assign(ime.style, { position: 'fixed', left: '0px', top: '0px', width: '2px', height: '1.2em', opacity: '0',
                             padding: '0', border: '0', margin: '0', resize: 'none', overflow: 'hidden',
                             background: 'transparent', color: 'transparent', caretColor: 'transparent',
                             outline: 'none', zIndex: '0', pointerEvents: 'none', fontSize: '16px' });
  document.body.appendChild(ime);
  let textFieldActive = false;
  let composing = false;
  function commitIme() {
    const text = ime.value;
    ime.value = '';
    if (text && api.textInput) api.textInput(text);
  }
  ime.addEventListener('compositionstart', () => { composing = true; });
  ime.addEventListener('compositionend', () => { composing = false; commitIme(); });
  ime.addEventListener('input', (e) => { if (!composing && !e.isComposing) commitIme(); });
  window.attnvizTextField = (active, x, y, lineHeight) => {
    textFieldActive = active;
    if (!active) {
      if (document.activeElement === ime) canvas.focus();
      return;
    }
    const c = canvas.getBoundingClientRect();
    ime.style.left = (c.left + x) + 'px';
    ime.style.top = (c.top + y) + 'px';
    ime.style.height = Math.max(8, lineHeight) + 'px';
    if (document.activeElement !== ime) ime.focus({ preventScroll: true });
  };
  // A click on the canvas moves the focus there; a text field that stays active keeps it.
  canvas.addEventListener('focus', () => { if (textFieldActive) setTimeout(() => ime.focus({ preventScroll: true }), 0); });
  // Ctrl+V: the browser's paste event carries the system clipboard, read before ImGui asks
  // for it in the next frame. Copying goes the other way through navigator.clipboard.
  // SDL cancels every Ctrl+key press, which would also cancel the browser's paste; so
  // Ctrl+V in a text field is kept from SDL, the browser pastes into the hidden field and
  // the text goes to ImGui as typed text (one line: the sentence field has no newlines).
  ime.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'v' || e.key === 'V')) e.stopPropagation();
  });
  // ImGui drops characters typed while Ctrl is down (they are shortcuts), so a paste by
  // Ctrl+V is handed over when Ctrl comes up.
  let ctrlDown = false, pendingPaste = null;
  window.addEventListener('keydown', (e) => { ctrlDown = e.ctrlKey || e.metaKey; }, true);
  window.addEventListener('keyup', (e) => {
    ctrlDown = e.ctrlKey || e.metaKey;
    if (ctrlDown || pendingPaste === null) return;
    // After SDL has seen this release too: the text joins SDL's queue behind it (attnviz_text_input).
    const text = pendingPaste;
    pendingPaste = null;
    setTimeout(() => api.textInput(text), 0);
  }, true);
  document.addEventListener('paste', (e) => {
    const text = e.clipboardData && e.clipboardData.getData('text/plain');
    if (!text || !api.paste) return;
    e.preventDefault();
    api.paste(text);
    if (!textFieldActive) return;
    const line = text.replace(/\s*[\r\n]+\s*/g, ' ');
    if (ctrlDown) pendingPaste = line;
    else api.textInput(line);
  });
  window.attnvizCopy = (text) => {
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).catch((e) => console.warn('attnviz: copy to the clipboard refused: ' + e.message));
  };

  // ---- Start ---------------------------------------------------------------------------

  window.addEventListener('error', (event) => {
    fail(say('page.unexpected', { error: event.message || (event.error && event.error.message) || 'unknown' }));
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    fail(say('page.unexpected', { error: (reason && reason.message) || reason }));
  });
  canvas.addEventListener('webglcontextlost', (event) => {
    event.preventDefault();
    fail(say('page.context_lost'));
  });

  translatePage();
  const missing = missingFeature();
  if (missing) {
    fail(missing);
    return;
  }
  const script = document.createElement('script');
  script.src = SCRIPT_URL;
  script.async = true;
  script.onerror = () => fail(say('page.script_failed', { file: SCRIPT_URL }));
  document.body.appendChild(script);
})();
