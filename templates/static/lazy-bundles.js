/* noteforge: loads the big bundles only where they are needed, when needed.
   The graph bundle on the graph page once its graph (#nf-graph) comes near
   the viewport, and on a note page only when the reader presses "Explore"
   under the static local graph (which it then swaps for the interactive
   one, adding the graph's stylesheet, assets/graph.css, too); the Mermaid bundle once a diagram (pre.mermaid) comes near the
   viewport. Each as a classic <script> (works from file://), at a URL
   relative to data-root.
   On graph.html (which includes this script without defer, so it runs
   before the first paint) it also sets --nf-graph-top, the height of what
   sits above the graph, for the graph to fill the rest of the viewport. */
(function () {
  "use strict";
  var NEAR = "600px";
  var root = document.body.getAttribute("data-root") || "";
  function inject(name) {
    var script = document.createElement("script");
    script.src = root + "assets/vendor/" + name;
    script.async = true;
    document.head.appendChild(script);
  }
  function whenNear(selector, name) {
    var elements = document.querySelectorAll(selector);
    if (!elements.length) return;
    if (typeof IntersectionObserver === "undefined") return inject(name);
    var observer = new IntersectionObserver(
      function (entries) {
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].isIntersecting) {
            observer.disconnect();
            inject(name);
            return;
          }
        }
      },
      { rootMargin: NEAR }
    );
    for (var i = 0; i < elements.length; i++) observer.observe(elements[i]);
  }
  function fitGraphPage(page) {
    function fit() {
      var top = page.getBoundingClientRect().top + window.scrollY;
      document.documentElement.style.setProperty("--nf-graph-top", Math.max(0, Math.round(top)) + "px");
    }
    fit();
    window.addEventListener("resize", fit);
  }
  var graphPage = document.getElementById("nf-graph-page");
  if (graphPage) fitGraphPage(graphPage);
  function exploreOnClick(button) {
    button.addEventListener("click", function () {
      var figure = document.getElementById("nf-local-graph-static");
      var graph = document.getElementById("nf-local-graph");
      var more = document.getElementById("nf-local-graph-more");
      if (!graph) return;
      graph.hidden = false;
      if (more) more.hidden = false;
      if (figure) figure.hidden = true;
      graph.setAttribute("tabindex", "-1");
      graph.focus();
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = root + "assets/graph.css";
      document.head.appendChild(style);
      inject("noteforge-graph.js");
    });
  }
  whenNear("#nf-graph", "noteforge-graph.js");
  var explore = document.getElementById("nf-local-graph-explore");
  if (explore) exploreOnClick(explore);
  whenNear("pre.mermaid", "noteforge-mermaid.js");
})();
