/*
 * noteforge full-text search (runtime).
 *
 * Bundled by build.mjs into ONE classic-script IIFE (templates/static/vendor/noteforge-search.js)
 * so it works from file:// and under any sub-path: no ES modules, no fetch(), no other host.
 *
 * Contract with the Python side:
 *   - <body data-root="../"> : relative path from the page to the site root ("" at the root).
 *   - header markup:
 *       <form class="nf-search" role="search">
 *         <label for="nf-search-input" class="nf-visually-hidden">Search notes</label>
 *         <input id="nf-search-input" type="search" ... aria-controls="nf-search-results" aria-expanded="false">
 *         <div id="nf-search-results" class="nf-search-results" role="listbox" hidden></div>
 *       </form>
 *   - the data, in shards: root + "assets/search/index.js" calls window.nfSearchData.shards(n),
 *     and "assets/search/<k>.js" (k < n) calls window.nfSearchData.add(k, [doc, ...]), each doc
 *     keyed by its "url". They are injected as classic <script>s only on first use (focus or
 *     shortcut), and indexed once all have come.
 *
 * All note text is untrusted: every node is built with createElement/textContent, never innerHTML.
 */
import MiniSearch from 'minisearch';

const DATA_FOLDER = 'assets/search/';
const MAX_RESULTS = 10;
const SNIPPET_CHARS = 180;
const SEARCH_FIELDS = ['title', 'aliases', 'tags', 'facts', 'questions', 'body'];
const BOOST = { title: 4, aliases: 3, tags: 2 };
// Field order used to pick the snippet when several fields match equally well.
const SNIPPET_FIELDS = ['facts', 'questions', 'body', 'aliases', 'tags'];
// Same tokenizer MiniSearch uses by default; reused for highlighting so marks line up with matches.
const SPLIT = /[\n\r\p{Z}\p{P}]+/u;
const SPLIT_KEEP = /([\n\r\p{Z}\p{P}]+)/u;
const COMBINING = /[\u0300-\u036f]/g;

function normalizeTerm(term) {
  return term.normalize('NFKD').replace(COMBINING, '').toLowerCase();
}

function str(value) {
  if (value == null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function isEditable(el) {
  if (!el || el === document.body) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const t = (el.type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(t);
  }
  return false;
}

// Yield to the event loop without setTimeout's 4 ms clamp.
function yieldToBrowser() {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'function') {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(0);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

function now() {
  return (window.performance && performance.now) ? performance.now() : Date.now();
}

function siteRoot() {
  const body = document.body;
  if (body && body.hasAttribute('data-root')) {
    let root = body.getAttribute('data-root') || '';
    if (root && !root.endsWith('/')) root += '/';
    return root;
  }
  return '';
}

function init() {
  if (window.__noteforgeSearchInit) return;
  const form = document.querySelector('form.nf-search');
  const input = document.getElementById('nf-search-input');
  const list = document.getElementById('nf-search-results');
  if (!form || !input || !list) return;

  window.__noteforgeSearchInit = true;
  const root = siteRoot();

  // Complete the ARIA 1.2 combobox pattern (the static markup carries the rest).
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-haspopup', 'listbox');
  if (!list.hasAttribute('aria-label')) list.setAttribute('aria-label', 'Search results');

  // Live region for "Loading…", "No results", counts. A listbox may only contain options,
  // so messages live next to it, not inside it.
  const status = document.createElement('div');
  status.className = 'nf-search-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  status.hidden = true;
  form.appendChild(status);

  let state = 'idle'; // idle | loading | indexing | ready | error
  let mini = null;
  let docsById = new Map();
  let results = [];
  let active = -1;
  let searchTimer = 0;
  let lastQuery = null;
  let indexedCount = 0;
  let totalCount = 0;

  /* ---------- panel state ---------- */

  function setStatus(text, visible) {
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle('nf-visually-hidden', !!text && !visible);
  }

  function isOpen() {
    return !list.hidden;
  }

  function closePanel() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
    setStatus('', false);
    form.classList.remove('nf-search-open');
  }

  function openList() {
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    form.classList.add('nf-search-open');
  }

  function setActive(i) {
    const options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
    active = i;
    if (active >= 0 && options[active]) {
      const opt = options[active];
      opt.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', opt.id);
      if (opt.scrollIntoView) opt.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  /* ---------- loading and indexing ---------- */

  function ensureLoaded() {
    if (state !== 'idle') return;
    state = 'loading';
    showProgress();
    let shards = null;
    let waiting = 0;
    window.nfSearchData = {
      shards(count) {
        shards = new Array(count);
        waiting = count;
        for (let k = 0; k < count; k++) inject(DATA_FOLDER + k + '.js', null);
      },
      add(k, docs) {
        if (!shards || shards[k]) return;
        shards[k] = docs;
        if (--waiting === 0) buildIndex(shards.flat());
      },
    };
    inject(DATA_FOLDER + 'index.js', () => {
      if (!shards) fail();
    });
  }

  function inject(path, onload) {
    const script = document.createElement('script');
    script.src = root + path;
    script.async = true;
    if (onload) script.onload = onload;
    script.onerror = fail;
    document.head.appendChild(script);
  }

  function fail() {
    if (state === 'error') return;
    state = 'error';
    form.classList.remove('nf-search-indexing');
    showProgress();
  }

  function showProgress() {
    if (document.activeElement !== input && !input.value.trim()) return;
    if (state === 'error') {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setStatus('Search is unavailable: the search index could not be loaded.', true);
      form.classList.add('nf-search-open');
      return;
    }
    if (results.length) return; // keep partial results visible while indexing continues
    let text = 'Loading search index…';
    if (state === 'indexing' && totalCount) {
      text = 'Loading… (' + Math.floor((100 * indexedCount) / totalCount) + '%)';
    }
    setStatus(text, true);
    form.classList.add('nf-search-open');
  }

  async function buildIndex(docs) {
    state = 'indexing';
    totalCount = docs.length;
    form.classList.add('nf-search-indexing');
    mini = new MiniSearch({
      idField: 'url',
      fields: SEARCH_FIELDS,
      // idField goes through extractField too: keep it as is so ids match the docs.
      extractField: (doc, field) => (field === 'url' ? doc.url : str(doc[field])),
      processTerm: (term) => normalizeTerm(term),
      searchOptions: {
        boost: BOOST,
        processTerm: (term) => normalizeTerm(term),
      },
    });
    docsById = new Map();
    for (const doc of docs) docsById.set(doc.url, doc);

    // Index in time-sliced chunks so the page stays responsive; results from the
    // part already indexed are shown while the rest is added.
    let i = 0;
    let lastRefresh = now();
    while (i < docs.length) {
      const start = now();
      while (i < docs.length && now() - start < 12) {
        const doc = docs[i++];
        try {
          mini.add(doc);
        } catch (e) {
          // duplicate or missing id: skip that note rather than break search
        }
      }
      indexedCount = i;
      form.style.setProperty('--nf-progress', String(Math.floor((100 * i) / docs.length)));
      if (input.value.trim() && now() - lastRefresh > 250) {
        lastRefresh = now();
        lastQuery = null;
        runSearch();
      } else {
        showProgress();
      }
      await yieldToBrowser();
    }
    state = 'ready';
    form.classList.remove('nf-search-indexing');
    form.style.removeProperty('--nf-progress');
    lastQuery = null;
    runSearch();
  }

  /* ---------- searching ---------- */

  function doSearch(query) {
    const opts = {
      prefix: (term, i, terms) => i === terms.length - 1,
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      combineWith: 'AND',
    };
    let hits = mini.search(query, opts);
    if (!hits.length) {
      opts.combineWith = 'OR';
      hits = mini.search(query, opts);
    }
    return hits.slice(0, MAX_RESULTS);
  }

  function scheduleSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 60);
  }

  function runSearch() {
    const query = input.value.trim();
    if (!query) {
      lastQuery = '';
      results = [];
      list.textContent = '';
      closePanel();
      if (state === 'loading' || state === 'indexing') showProgress();
      return;
    }
    if (!mini) {
      showProgress();
      return;
    }
    if (query === lastQuery && isOpen()) return;
    lastQuery = query;
    let hits = [];
    try {
      hits = doSearch(query);
    } catch (e) {
      hits = [];
    }
    render(hits);
  }

  function render(hits) {
    results = hits;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    list.textContent = '';
    const partial = state === 'indexing';
    if (!hits.length) {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      if (partial) {
        showProgress();
      } else {
        setStatus('No notes match “' + input.value.trim() + '”.', true);
        form.classList.add('nf-search-open');
      }
      return;
    }
    const frag = document.createDocumentFragment();
    hits.forEach((hit, i) => frag.appendChild(renderOption(hit, i)));
    list.appendChild(frag);
    openList();
    let msg = hits.length + (hits.length === 1 ? ' result' : ' results');
    if (hits.length >= MAX_RESULTS) msg = 'Top ' + hits.length + ' results';
    if (partial) {
      setStatus('Still loading… ' + msg.toLowerCase() + ' so far', false);
    } else {
      setStatus(msg + '. Use up and down arrows to choose, Enter to open.', false);
    }
  }

  function renderOption(hit, i) {
    const doc = docsById.get(hit.id) || {};
    const terms = new Set(hit.terms.map(normalizeTerm));

    const a = document.createElement('a');
    a.className = 'nf-search-result';
    a.id = 'nf-search-opt-' + i;
    a.setAttribute('role', 'option');
    a.setAttribute('aria-selected', 'false');
    a.tabIndex = -1;
    a.href = root + str(doc.url);

    const head = document.createElement('span');
    head.className = 'nf-search-result-head';
    const title = document.createElement('span');
    title.className = 'nf-search-result-title';
    appendHighlighted(title, str(doc.title) || str(doc.url), terms);
    head.appendChild(title);
    const statusWord = str(doc.status).trim();
    if (statusWord) {
      const badge = document.createElement('span');
      const cls = statusWord.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
      badge.className = 'nf-search-badge badge badge-' + cls;
      badge.textContent = statusWord;
      head.appendChild(document.createTextNode(' '));
      head.appendChild(badge);
    }
    const typeWord = str(doc.type).trim();
    if (typeWord) {
      const type = document.createElement('span');
      type.className = 'nf-search-result-type';
      type.textContent = typeWord;
      head.appendChild(document.createTextNode(' '));
      head.appendChild(type);
    }
    a.appendChild(head);

    const field = bestField(hit, doc);
    if (field) {
      const snip = document.createElement('span');
      snip.className = 'nf-search-result-snippet';
      const text = str(doc[field]);
      appendSnippet(snip, text, terms);
      if (snip.textContent) a.appendChild(snip);
    }
    return a;
  }

  // The field (other than the title, which is always shown) that matched the most query terms.
  function bestField(hit, doc) {
    const counts = {};
    for (const term of Object.keys(hit.match || {})) {
      for (const f of hit.match[term]) counts[f] = (counts[f] || 0) + 1;
    }
    let best = null;
    let bestCount = 0;
    for (const f of SNIPPET_FIELDS) {
      if ((counts[f] || 0) > bestCount && str(doc[f]).trim()) {
        best = f;
        bestCount = counts[f];
      }
    }
    if (best) return best;
    for (const f of ['facts', 'body', 'questions']) if (str(doc[f]).trim()) return f;
    return null;
  }

  // Split text into alternating [word, separator, word, …] pieces with a "hit" flag on words.
  function tokenize(text, terms) {
    const parts = text.split(SPLIT_KEEP);
    const out = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (!p) continue;
      const isWord = i % 2 === 0;
      out.push({ text: p, hit: isWord && terms.has(normalizeTerm(p)) });
    }
    return out;
  }

  function appendHighlighted(el, text, terms) {
    for (const piece of tokenize(text, terms)) appendPiece(el, piece);
  }

  function appendPiece(el, piece) {
    if (piece.hit) {
      const m = document.createElement('mark');
      m.textContent = piece.text;
      el.appendChild(m);
    } else {
      el.appendChild(document.createTextNode(piece.text));
    }
  }

  function appendSnippet(el, rawText, terms) {
    const text = rawText.replace(/\s+/g, ' ').trim();
    if (!text) return;
    const pieces = tokenize(text, terms);
    // Choose the window (by character count) containing the most distinct matched words.
    let bestStart = 0;
    let bestScore = -1;
    for (let i = 0; i < pieces.length; i++) {
      if (!pieces[i].hit) continue;
      const seen = new Set();
      let len = 0;
      for (let j = i; j < pieces.length && len < SNIPPET_CHARS; j++) {
        if (pieces[j].hit) seen.add(normalizeTerm(pieces[j].text));
        len += pieces[j].text.length;
      }
      if (seen.size > bestScore) {
        bestScore = seen.size;
        bestStart = i;
      }
      if (bestScore === terms.size) break;
    }
    // Give a little leading context before the first mark.
    let start = bestStart;
    let lead = 0;
    while (start > 0 && lead + pieces[start - 1].text.length <= 40) {
      start--;
      lead += pieces[start].text.length;
    }
    if (start > 0 && SPLIT.test(pieces[start].text)) start++;
    let len = 0;
    let end = start;
    while (end < pieces.length && len < SNIPPET_CHARS) {
      len += pieces[end].text.length;
      end++;
    }
    if (start > 0) el.appendChild(document.createTextNode('… '));
    for (let k = start; k < end; k++) appendPiece(el, pieces[k]);
    if (end < pieces.length) el.appendChild(document.createTextNode(' …'));
  }

  /* ---------- events ---------- */

  form.addEventListener('submit', (e) => {
    e.preventDefault();
  });

  input.addEventListener('focus', () => {
    ensureLoaded();
    if (state === 'ready' && input.value.trim()) {
      lastQuery = null;
      runSearch();
    } else {
      showProgress();
    }
  });

  // A click in the already-focused field reopens a panel closed with Escape.
  input.addEventListener('click', () => {
    if (!isOpen() && state === 'ready' && input.value.trim()) {
      lastQuery = null;
      runSearch();
    }
  });

  // Coming back through the back/forward cache: don't show a stale open panel.
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) closePanel();
  });

  input.addEventListener('input', () => {
    ensureLoaded();
    scheduleSearch();
  });

  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const n = results.length;
    switch (e.key) {
      case 'ArrowDown':
        if (!n) return;
        e.preventDefault();
        if (!isOpen()) { openList(); }
        setActive(active < n - 1 ? active + 1 : 0);
        break;
      case 'ArrowUp':
        if (!n) return;
        e.preventDefault();
        if (!isOpen()) { openList(); }
        setActive(active > 0 ? active - 1 : n - 1);
        break;
      case 'Home':
      case 'End':
        if (!isOpen() || !n || !e.ctrlKey) return;
        e.preventDefault();
        setActive(e.key === 'Home' ? 0 : n - 1);
        break;
      case 'Enter': {
        e.preventDefault();
        clearTimeout(searchTimer);
        if (lastQuery !== input.value.trim()) runSearch();
        const opt = list.children[active >= 0 ? active : 0];
        if (opt && results.length) window.location.href = opt.href;
        break;
      }
      case 'Escape':
        e.preventDefault(); // also stops Chromium clearing the search field
        if (isOpen() || !status.hidden && !status.classList.contains('nf-visually-hidden')) {
          closePanel();
        } else {
          input.blur();
        }
        break;
      default:
    }
  });

  // Keep focus in the input while clicking a result (the link still navigates).
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('mousemove', (e) => {
    const opt = e.target.closest && e.target.closest('[role="option"]');
    if (!opt) return;
    const i = Array.prototype.indexOf.call(list.children, opt);
    if (i >= 0 && i !== active) setActive(i);
  });

  document.addEventListener('pointerdown', (e) => {
    if (!form.contains(e.target)) closePanel();
  });

  form.addEventListener('focusout', (e) => {
    if (!e.relatedTarget || !form.contains(e.relatedTarget)) closePanel();
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    const target = e.target;
    const isSlash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey;
    const isK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
    if (!isSlash && !isK) return;
    if (target === input) {
      if (isK) { e.preventDefault(); input.select(); }
      return;
    }
    if (isEditable(target)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init);
} else {
  init();
}
