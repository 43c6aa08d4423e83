// attnviz page: links that reproduce what the user sees, and files in and out (issue 14).
// Loaded by index.html after web/attnviz.js, which calls window.attnvizLinks at start
// (open a #s= link), whenever the learner's own scenario or view changes (keep the hash
// current) and on hashchange/popstate.
//
// The link format (core/link_codec.h, docs/links.md): #s=1.<base64url(deflate-raw(state))>,
// the state being JSON from the app (attnviz_link_state). The desktop app reads and writes
// the same bytes with zlib. Also adds to window.attnviz:
//   link()              Promise of the page link to what is on screen (what Copy link copies)
//   openLink(url)       Promise: opens a #s= link; rejects with the reason (also shown in the app)
//   notice()            the message the app shows about a link or file that was not opened, or ''
//   openFile(name, data) opens a file's contents (string or Uint8Array) as a drop does; throws why not
//   exportFile(what)    'weights.png', 'weights@2x.png', 'scores.csv', 'result.json', 'view.png', 'view@2x.png', 'q.png', …: downloads it
(function () {
  'use strict';

  const VERSION = 1;
  const PREFIX = `s=${VERSION}.`;
  const MAX_STATE_BYTES = 8 << 20; // as kLinkMaxStateBytes: a bigger state is refused

  const cwrap = (name, ret, args) => { let f = null; return (...a) => (f = f || Module.cwrap(name, ret, args))(...a); };
  const linkState = cwrap('attnviz_link_state', 'string', []);
  const place = cwrap('attnviz_place', 'string', []);
  const openLinkState = cwrap('attnviz_open_link_state', 'string', ['string']);
  const setNotice = cwrap('attnviz_set_notice', null, ['string']);
  const notice = cwrap('attnviz_notice', 'string', []);
  const exportFile = cwrap('attnviz_export', 'string', ['string']);

  // ---- The codec: base64url (RFC 4648 §5, no padding) over raw deflate -------------------

  function base64url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64url(text) {
    const bad = text.search(/[^A-Za-z0-9_-]/);
    if (bad >= 0) throw new Error(`the link is damaged: character ${bad + 1} of the state is not base64url`);
    if (text.length % 4 === 1) throw new Error('the link is damaged: the state\'s length is impossible for base64url (cut short?)');
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  async function pipe(bytes, stream) {
    const out = new Response(new Blob([bytes]).stream().pipeThrough(stream)).body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await out.read();
      if (done) break;
      size += value.length;
      if (size > MAX_STATE_BYTES) { out.cancel(); throw new Error(`more than ${MAX_STATE_BYTES >> 20} MB`); }
      chunks.push(value);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return all;
  }
  async function encodeState(json) {
    return PREFIX + base64url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
  }
  // The state JSON of a link, or an Error saying why there is none.
  async function decodeLink(link) {
    const m = /(?:^|[#&])s=([^&]*)/.exec(link.slice(Math.max(0, link.indexOf('#'))));
    if (!m) throw new Error(`not an attnviz link: expected "#${PREFIX}" followed by the state`);
    const dot = m[1].indexOf('.');
    const version = m[1].slice(0, dot);
    if (dot < 0 || !/^\d{1,6}$/.test(version))
      throw new Error(`the link has no version: expected "${PREFIX}" followed by the state`);
    if (Number(version) !== VERSION)
      throw new Error(`the link is version ${Number(version)}, and this attnviz reads version ${VERSION}` +
                      (Number(version) > VERSION ? ' (a newer attnviz made it)' : ''));
    const compressed = fromBase64url(m[1].slice(dot + 1));
    if (!compressed.length) throw new Error('the link is cut short: it holds no state');
    let bytes;
    try {
      bytes = await pipe(compressed, new DecompressionStream('deflate-raw'));
    } catch (e) {
      throw new Error(`the link is damaged or cut short: its state does not decompress (${e.message || e})`);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new Error('the link\'s state is not valid JSON');
    }
  }
  const isStateLink = (hash) => /^#(?:[^#]*&)?s=/.test(hash);

  // ---- Opening links and keeping the hash current -------------------------------------

  let lastHash = null; // the #s= hash this page wrote or opened: a hashchange to it is our own
  let sequence = 0;    // the hash follows the latest state only (compression is asynchronous)

  async function openLink(link) {
    let error;
    try {
      error = openLinkState(await decodeLink(link));
    } catch (e) {
      error = 'This link could not be opened: ' + e.message + '. Showing what was here before.';
      setNotice(error);
    }
    if (error) {
      console.warn('attnviz: ' + error);
      throw new Error(error);
    }
    lastHash = '#' + link.slice(link.indexOf('#') + 1).replace(/^#/, '');
  }

  // The page link to what is on screen: the lesson step or training task while one is open.
  async function currentLink() {
    const where = place();
    const hash = '#' + (where || await encodeState(linkState()));
    return location.origin + location.pathname + location.search + hash;
  }

  // The learner's own scenario or view changed in Explore: the hash follows, replacing the
  // history entry (push: a new entry, when coming back from a lesson or the playground).
  async function follow(push) {
    const mine = ++sequence;
    const hash = '#' + await encodeState(linkState());
    if (mine !== sequence || place()) return; // a newer state, or a lesson opened meanwhile
    if (location.hash === hash) return;
    lastHash = hash;
    const target = location.pathname + location.search + hash;
    if (push) history.pushState(null, '', target);
    else history.replaceState(null, '', target);
  }

  // ---- Files: downloads, the file picker, drag and drop --------------------------------

  window.attnvizDownload = (name, bytes) => {
    const type = name.endsWith('.png') ? 'image/png' : name.endsWith('.csv') ? 'text/csv' : 'application/json';
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };

  function openBytes(name, bytes) {
    const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const ptr = Module._malloc(Math.max(1, data.length));
    try {
      Module.writeArrayToMemory(data, ptr);
      return Module.ccall('attnviz_open_file', 'string', ['string', 'number', 'number'], [name, ptr, data.length]);
    } finally {
      Module._free(ptr);
    }
  }
  async function openFileObject(file) {
    let error;
    try {
      error = openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      error = `${file.name} was not opened: ${String(e.message || e).replace(/\.$/, '')}.`; // the catalogue's notice.file_not_opened
      setNotice(error);
    }
    if (error) console.warn('attnviz: ' + error);
  }

  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = '.json,.safetensors,application/json';
  picker.style.display = 'none';
  document.body.appendChild(picker);
  picker.addEventListener('change', () => {
    if (picker.files && picker.files[0]) openFileObject(picker.files[0]);
    picker.value = '';
  });
  window.attnvizPickFile = () => picker.click();

  // A file dragged over the page: accepted anywhere, opened on drop.
  const carriesFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
  window.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  // A model's files or its folder are web/model_loader.js's to open (one attention file is
  // claimed before this by web/attention_drop.js): opened here too, the first of them was
  // refused as a scenario, and a folder as a file that cannot be read, beside the model.
  const GPT2_FILES = ['config.json', 'model.safetensors', 'vocab.json', 'merges.txt'];
  function isModelDrop(dt) {
    const files = Array.from(dt.files || []);
    if (files.length !== 1) return files.length > 1;
    const item = dt.items && dt.items[0];
    const entry = item && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    return !!(entry && entry.isDirectory) || GPT2_FILES.includes(files[0].name);
  }
  window.addEventListener('drop', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (isModelDrop(e.dataTransfer)) return;
    const file = e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) openFileObject(file);
  });

  window.attnvizCopyLink = () => {
    currentLink().then((link) => {
      window.attnvizLinks.lastCopied = link;
      if (navigator.clipboard && navigator.clipboard.writeText)
        return navigator.clipboard.writeText(link);
    }).catch((e) => console.warn('attnviz: copying the link failed: ' + (e.message || e)));
  };

  window.attnvizLinks = { isStateLink, openLink, follow, isOurs: (hash) => hash === lastHash, lastCopied: null };

  Object.assign(window.attnviz, {
    link: currentLink,
    openLink,
    notice: () => notice(),
    openFile(name, data) {
      const error = openBytes(String(name), data);
      if (error) throw new Error(error);
    },
    exportFile(what) {
      const error = exportFile(String(what));
      if (error) throw new Error(error);
    },
  });
})();
