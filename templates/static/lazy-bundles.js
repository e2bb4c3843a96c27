/* noteforge: loads the big bundles only where they are needed, when needed.
   The graph bundle once a graph container (.nf-graph) comes near the
   viewport, the Mermaid bundle once a diagram (pre.mermaid) does: each as a
   classic <script> (works from file://), at a URL relative to data-root. */
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
  whenNear(".nf-graph", "noteforge-graph.js");
  whenNear("pre.mermaid", "noteforge-mermaid.js");
})();
