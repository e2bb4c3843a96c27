/* noteforge explorer: folders open and close, the state is remembered between pages, and
 * the listing of a folder the page did not include is loaded when it is opened, from a
 * script (assets/explorer/<folder>.js) that calls noteforgeExplorer(key, entries, more,
 * folderPage) — a <script> works from file://, where fetch does not. */
(function () {
  "use strict";
  var STORE = "nf-explorer";
  var nav = document.getElementById("nf-explorer");
  if (!nav) return;
  var root = document.body.getAttribute("data-root") || "";
  var waiting = {};
  var state = readState();

  function readState() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE) || "{}");
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {};
    }
  }

  function saveState() {
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch (e) {
      /* storage refused (private mode, file:// policy): the state lasts this page only */
    }
  }

  function listOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function setOpen(button, open) {
    var list = listOf(button);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.hidden = !open;
    if (open && !list.hasAttribute("data-loaded")) load(button.parentNode.getAttribute("data-folder"), list);
  }

  function load(key, list) {
    list.setAttribute("data-loaded", "loading");
    waiting[key] = list;
    var script = document.createElement("script");
    script.src = list.getAttribute("data-src");
    script.onerror = function () {
      list.setAttribute("data-loaded", "failed");
    };
    document.head.appendChild(script);
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = root + href;
    a.textContent = text;
    return a;
  }

  function folderItem(entry) {
    var item = document.createElement("li");
    item.className = "explorer-folder";
    item.setAttribute("data-folder", entry.k);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "explorer-toggle";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "nf-folder-" + entry.k);
    var name = document.createElement("span");
    name.className = "explorer-name";
    name.textContent = entry.t;
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = String(entry.n);
    button.appendChild(name);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(count);
    var list = document.createElement("ul");
    list.className = "explorer-list";
    list.id = "nf-folder-" + entry.k;
    list.hidden = true;
    list.setAttribute("data-src", root + entry.d);
    item.appendChild(button);
    item.appendChild(list);
    return item;
  }

  function noteItem(entry) {
    var item = document.createElement("li");
    item.className = "explorer-note";
    item.appendChild(link(entry.u, entry.t));
    return item;
  }

  window.noteforgeExplorer = function (key, entries, more, folderPage) {
    var list = waiting[key];
    if (!list) return;
    delete waiting[key];
    var title = list.parentNode.querySelector(".explorer-name").textContent;
    var opened = [];
    entries.forEach(function (entry) {
      var item = entry.k ? folderItem(entry) : noteItem(entry);
      list.appendChild(item);
      if (entry.k && state[entry.k] === true) opened.push(item.querySelector("button"));
    });
    if (more) {
      var rest = document.createElement("li");
      rest.className = "explorer-more";
      rest.appendChild(link(folderPage, more + " more in " + title + " \u2192"));
      list.appendChild(rest);
    }
    list.setAttribute("data-loaded", "true");
    opened.forEach(function (button) {
      setOpen(button, true);
    });
  };

  nav.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".explorer-toggle");
    if (!button || !nav.contains(button)) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    setOpen(button, open);
    state[button.parentNode.getAttribute("data-folder")] = open;
    saveState();
  });

  /* Folders the reader opened on earlier pages open again; those the page opened (the way
   * to the current note) stay open. */
  Array.prototype.forEach.call(nav.querySelectorAll(".explorer-toggle[aria-expanded=false]"), function (button) {
    if (state[button.parentNode.getAttribute("data-folder")] === true) setOpen(button, true);
  });
})();
