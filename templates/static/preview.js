/* noteforge hover previews: hovering or focusing a link to a note (or a missing note) shows
   a popover with its title, status, summary and start, or the section or block the link
   points at. The data ships as scripts (assets/previews/index.js, then one shard) injected on
   the first hover or focus, since Chromium refuses fetch() from file://. See docs/views.md. */
(function () {
  "use strict";
  var SHOW_DELAY = 350, HIDE_DELAY = 300, GAP = 6, MARGIN = 8;
  var hoverable = window.matchMedia && window.matchMedia("(hover: hover)").matches;
  var root = document.body.getAttribute("data-root") || "";
  var rootUrl = new URL(root || "./", location.href).href;
  var count = null, shards = {}, loading = {}, waiting = [];
  var box = null, current = null, shown = null, showTimer = 0, hideTimer = 0, lastPointer = "";

  window.nfPreviews = {
    shards: function (n) { count = n; waiting.splice(0).forEach(function (run) { run(); }); },
    add: function (n, entries) { shards[n] = entries; }
  };

  function inject(name, done) {
    var script = document.createElement("script");
    script.src = root + "assets/previews/" + name + ".js";
    script.onload = done;
    document.head.appendChild(script);
  }

  function shardOf(key) {
    var bytes = new TextEncoder().encode(key), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash & (count - 1);
  }

  function withShard(key, run) {
    if (count === null) {
      waiting.push(function () { withShard(key, run); });
      if (waiting.length === 1) inject("index");
      return;
    }
    var n = shardOf(key);
    if (shards[n]) return run(shards[n]);
    (loading[n] = loading[n] || []).push(run);
    if (loading[n].length === 1) inject(String(n), function () {
      loading[n].splice(0).forEach(function (go) { go(shards[n] || {}); });
    });
  }

  /* The preview key of a link: its target's site path, with the anchor for a fragment. */
  function target(link) {
    var url = new URL(link.href, location.href), page = url.href.split("#")[0].split("?")[0];
    if (page.indexOf(rootUrl) !== 0) return null;
    try {
      var path = decodeURIComponent(page.slice(rootUrl.length));
      var anchor = url.hash ? decodeURIComponent(url.hash.slice(1)) : "";
    } catch (e) { return null; }
    var key = anchor ? path + "#" + anchor : path;
    return { key: key, page: path, shard: link.classList.contains("missing") ? key : path };
  }

  function previewLink(node) {
    var link = node && node.closest && node.closest("a.internal[href], a.missing[href]");
    return link && !(box && box.contains(link)) ? link : null;
  }

  /* A URL of the preview's HTML (relative to the previewed page) made relative to this page. */
  function fromHere(value, link) {
    var url = new URL(value, link.href).href;
    return url.indexOf(rootUrl) === 0 ? root + url.slice(rootUrl.length) : value;
  }

  function content(entry, link) {
    var frag = document.createDocumentFragment();
    var head = document.createElement("p"), title = document.createElement("a");
    head.className = "nf-preview-title";
    title.href = link.getAttribute("href");
    title.textContent = entry.title;
    head.appendChild(title);
    if (entry.status) {
      var badge = document.createElement("span"), label = document.createElement("span");
      badge.className = "badge badge-" + entry.status[0];
      label.className = "badge-label";
      label.textContent = entry.status[1];
      badge.appendChild(label);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(badge);
    }
    frag.appendChild(head);
    if (entry.summary) {
      var summary = document.createElement("p");
      summary.className = "nf-preview-summary";
      summary.textContent = entry.summary;
      frag.appendChild(summary);
    }
    if (entry.html) {
      var body = document.createElement("template");
      body.innerHTML = entry.html;
      body.content.querySelectorAll("[href], [src]").forEach(function (el) {
        ["href", "src"].forEach(function (name) {
          if (el.hasAttribute(name)) el.setAttribute(name, fromHere(el.getAttribute(name), link));
        });
      });
      var wrap = document.createElement("div");
      wrap.className = "nf-preview-body";
      wrap.appendChild(body.content);
      frag.appendChild(wrap);
    }
    return frag;
  }

  function popover() {
    if (box) return box;
    box = document.createElement("div");
    box.id = "nf-preview";
    box.className = "nf-preview";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(box);
    return box;
  }

  function place(link) {
    var rect = link.getClientRects()[0] || link.getBoundingClientRect();
    var width = box.offsetWidth, height = box.offsetHeight;
    var below = rect.bottom + GAP, above = rect.top - GAP - height;
    var top = below + height + MARGIN > window.innerHeight && above >= MARGIN ? above : below;
    var left = Math.max(MARGIN, Math.min(rect.left, window.innerWidth - width - MARGIN));
    box.style.top = Math.round(top + window.scrollY) + "px";
    box.style.left = Math.round(left + window.scrollX) + "px";
  }

  function show(link) {
    var found = target(link);
    if (!found) return;
    current = link;
    withShard(found.shard, function (entries) {
      var entry = entries[found.key] || entries[found.page];
      if (current !== link || !entry) return;
      var el = popover();
      el.replaceChildren(content(entry, link));
      el.classList.toggle("nf-preview-missing", !!entry.missing);
      el.hidden = false;
      el.scrollTop = 0;
      place(link);
      release();
      shown = link;
      link.setAttribute("aria-describedby", "nf-preview");
      if (link.title) {  /* the popover says it all: no native tooltip over it */
        link.setAttribute("data-nf-title", link.title);
        link.removeAttribute("title");
      }
    });
  }

  /* The link last shown gets back what showing it took. */
  function release() {
    if (!shown) return;
    shown.removeAttribute("aria-describedby");
    if (shown.hasAttribute("data-nf-title")) {
      shown.title = shown.getAttribute("data-nf-title");
      shown.removeAttribute("data-nf-title");
    }
    shown = null;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    release();
    current = null;
    if (box) box.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function scheduleShow(link, delay) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (link === current && box && !box.hidden) return;
    showTimer = setTimeout(function () { show(link); }, delay);
  }

  /* Focus that follows a click or tap shows nothing: the pointer has its own way in. */
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
  document.addEventListener("keydown", function (event) {
    lastPointer = "";
    if (event.key === "Escape" && current) hide();
  });
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch" || !hoverable) return;
    var link = previewLink(event.target);
    if (link) scheduleShow(link, SHOW_DELAY);
  });
  document.addEventListener("pointerout", function (event) {
    var link = previewLink(event.target);
    if (link && !link.contains(event.relatedTarget)) scheduleHide();
  });
  document.addEventListener("focusin", function (event) {
    var link = previewLink(event.target);
    if (link && hoverable && !lastPointer) scheduleShow(link, 0);
  });
  document.addEventListener("focusout", function (event) {
    if (previewLink(event.target) && !(box && box.contains(event.relatedTarget))) hide();
  });
})();
