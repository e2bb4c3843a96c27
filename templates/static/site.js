/* noteforge's page shell: the theme toggle, the phone drawer and search button, and the
   outline's current heading. Vanilla, no dependencies, works from file:// and over http.
   The theme itself is applied before first paint by base.html's inline head script. */
(function () {
  "use strict";
  var root = document.documentElement;
  var THEMES = ["system", "light", "dark"];
  var THEME_KEY = "nf-theme";

  function storedTheme() {
    try {
      var value = localStorage.getItem(THEME_KEY);
      return THEMES.indexOf(value) >= 0 ? value : "system";
    } catch (e) {
      return "system";
    }
  }

  function applyTheme(theme) {
    if (theme === "system") delete root.dataset.theme;
    else root.dataset.theme = theme;
    var label = "Colour theme: " + theme;
    document.querySelectorAll(".nf-theme-toggle").forEach(function (button) {
      button.setAttribute("aria-label", label);
      button.title = label;
    });
  }

  function setUpThemeToggle() {
    applyTheme(storedTheme());
    document.querySelectorAll(".nf-theme-toggle").forEach(function (button) {
      button.addEventListener("click", function () {
        var next = THEMES[(THEMES.indexOf(storedTheme()) + 1) % THEMES.length];
        try {
          if (next === "system") localStorage.removeItem(THEME_KEY);
          else localStorage.setItem(THEME_KEY, next);
        } catch (e) {
          /* storage refused (private mode): the choice lasts for this page only */
        }
        applyTheme(next);
      });
    });
  }

  function setUpDrawer() {
    var button = document.querySelector(".nf-menu-button");
    var drawer = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!drawer) return;
    function setOpen(open) {
      root.classList.toggle("nf-drawer-open", open);
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) {
        var first = drawer.querySelector("a[href], button");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (button.getAttribute("aria-expanded") !== "true") return;
      var link = event.target.closest("a[href]");
      var outside = !drawer.contains(event.target) && !button.contains(event.target);
      if (outside || (link && drawer.contains(link))) setOpen(false);
    });
  }

  /* The search bundle (assets/vendor/noteforge-search.js, named by the form's data-nf-script)
     is loaded on the first sign the reader wants to search: the field is focused or touched,
     or "/" or Ctrl/Cmd-K is pressed. Once it runs, it is told about the focus and any text
     typed meanwhile, as if it had been there all along. */
  function setUpLazySearch() {
    var input = document.getElementById("nf-search-input");
    var url = input && input.form && input.form.getAttribute("data-nf-script");
    if (!url) return;
    var requested = false;
    function load() {
      if (requested) return;
      requested = true;
      var script = document.createElement("script");
      script.src = url;
      script.addEventListener("load", function () {
        if (document.activeElement !== input) return;
        input.dispatchEvent(new FocusEvent("focus"));
        if (input.value) input.dispatchEvent(new Event("input"));
      });
      document.head.appendChild(script);
    }
    input.addEventListener("focus", load);
    input.addEventListener("pointerdown", load);
    document.addEventListener("keydown", function (event) {
      if (requested || event.defaultPrevented || event.isComposing || event.altKey) return;
      var slash = event.key === "/" && !event.ctrlKey && !event.metaKey;
      var k = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.shiftKey;
      if (!slash && !k) return;
      var target = event.target;
      if (slash && target !== input && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  function setUpSearchButton() {
    var button = document.querySelector(".nf-search-button");
    var input = document.getElementById("nf-search-input");
    if (!button || !input) return;
    var form = input.form;
    button.addEventListener("click", function () {
      root.classList.add("nf-search-open");
      input.focus();
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) root.classList.remove("nf-search-open");
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !input.value) {
        root.classList.remove("nf-search-open");
        button.focus();
      }
    });
  }

  /* The outline marks the last heading above a line 30% down the window. An
     IntersectionObserver whose root box ends at that line says when a heading crosses it. */
  function setUpOutline() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".outline-list a[href^='#']"));
    if (!links.length || typeof IntersectionObserver === "undefined") return;
    var ids = [];
    links.forEach(function (link) {
      var id = link.getAttribute("href").slice(1);
      if (ids.indexOf(id) < 0) ids.push(id);
    });
    var headings = ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
    if (!headings.length) return;
    var current = null;

    function mark() {
      var line = innerHeight * 0.3;
      var active = null;
      headings.forEach(function (heading) {
        if (heading.getBoundingClientRect().top <= line) active = heading;
      });
      var atEnd = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
      if (atEnd && headings[headings.length - 1].getBoundingClientRect().top < innerHeight) {
        active = headings[headings.length - 1];
      }
      if (active === current) return;
      current = active;
      links.forEach(function (link) {
        if (active !== null && link.getAttribute("href") === "#" + active.id) {
          link.setAttribute("aria-current", "location");
          keepInView(link);
        } else {
          link.removeAttribute("aria-current");
        }
      });
    }

    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -70% 0px" });
    headings.forEach(function (heading) { observer.observe(heading); });
    addEventListener("scroll", function () {
      if (innerHeight + scrollY >= document.documentElement.scrollHeight - 2) mark();
    }, { passive: true });
    addEventListener("hashchange", mark);
    mark();
  }

  /* Scroll the outline's own column (never the page) so the marked entry stays visible. */
  function keepInView(link) {
    var box = link.closest(".sidebar");
    if (!box || box.scrollHeight <= box.clientHeight) return;
    var top = link.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (top < 0 || top > box.clientHeight - link.offsetHeight) {
      box.scrollTop += top - box.clientHeight / 3;
    }
  }

  function start() {
    setUpLazySearch();
    setUpThemeToggle();
    setUpDrawer();
    setUpSearchButton();
    setUpOutline();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
