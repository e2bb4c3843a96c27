/* noteforge: loads the big bundles only where they are needed, when needed.
   The graph bundle once a graph container (.nf-graph) comes near the
   viewport, the Mermaid bundle once a diagram (pre.mermaid) does: each as a
   classic <script> (works from file://), at a URL relative to data-root.
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
  whenNear(".nf-graph", "noteforge-graph.js");
  whenNear("pre.mermaid", "noteforge-mermaid.js");
})();
