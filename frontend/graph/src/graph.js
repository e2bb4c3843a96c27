/*
 * noteforge graph view.
 *
 * Bundled by build.mjs into one classic-script IIFE
 * (templates/static/vendor/noteforge-graph.js) so that it works from file://
 * and under any sub-path, with no module scripts, no fetch() and no requests
 * to other hosts (the data comes as the site's own assets/graph/*.js, injected
 * as classic <script>s).
 *
 * Runtime contract (produced by the Python side):
 *   - <body data-root="../">: relative path from the page to the site root;
 *     every URL in the data is relative to the site root.
 *   - the data, in shards keyed by note: assets/graph/index.js calls
 *     window.nfGraphData.shards(n), and assets/graph/<k>.js (k < n) calls
 *     window.nfGraphData.add(k, [{nodes, edges}, ...]), one entry per note: its
 *     node first, then the attachment and missing nodes its links reach (such a
 *     node may come in several shards), and its outgoing edges as [target, kind]. loadGraphData() injects them
 *     all and merges them into {nodes, edges}, both sorted, nodes once each;
 *     window.noteforgeGraphData, if some script set it, is used instead.
 *   - graph.html: <div id="nf-graph">; the data is loaded from
 *     root + "assets/graph/index.js" once this bundle runs.
 *   - note pages: <div id="nf-local-graph" data-center="ID"
 *     data-graph-data="../assets/graph/index.js">, no embedded data. When the
 *     container comes within 600px of the viewport (IntersectionObserver; at
 *     once without it), the whole-wiki data is loaded (on error: a message in
 *     the box), and the note's capped depth-2 neighbourhood is computed here,
 *     as the Python build once did (see neighbourhood()).
 *
 * Test hook: window.noteforgeGraph = {renderer, graph, layout, timings, ...};
 * on note pages also setDepth, center and data (the neighbourhood).
 */

// The rendering libraries are pulled in lazily (esbuild wraps required
// modules in lazy initialisers), because sigma reads WebGLRenderingContext
// at module evaluation time: loading it eagerly would throw in browsers
// without WebGL before we get a chance to show a fallback message.
function loadLibs() {
  var sigmaMod = require("sigma");
  return {
    Sigma: sigmaMod.default || sigmaMod.Sigma || sigmaMod,
    Graph: require("graphology").default || require("graphology"),
    forceAtlas2: require("graphology-layout-forceatlas2"),
    FA2Layout: require("graphology-layout-forceatlas2/worker"),
    createNodeBorderProgram: require("@sigma/node-border").createNodeBorderProgram,
  };
}

var STATUSES = ["hypothesis", "active", "retired", ""];
var STATUS_WORDS = {
  hypothesis: "thick ring",
  active: "ring",
  retired: "thin ring, faded",
  "": "no ring",
};
var EDGE_KINDS = ["related", "cites", "embeds", "property", "mentions"];
var EDGE_WORDS = {
  related: "thickest line",
  cites: "thick line",
  embeds: "thick line",
  property: "line",
  mentions: "thin line",
};
var EDGE_SIZE = { related: 3, cites: 2, embeds: 2, property: 1.6, mentions: 1 };
var STATUS_RING = { hypothesis: 0.34, active: 0.22, retired: 0.14, "": 0 };

// Colours live in CSS only: note types in style.css (--type-thesis ...
// --type-other, shared with the rest of the site), the graph's own ones in
// graph.css (--nf-graph-*). These are the names read, not colours.
var GRAPH_COLOURS = [
  "bg",
  "fg",
  "muted",
  "dim",
  "status-hypothesis",
  "status-active",
  "status-retired",
  "missing",
  "attachment",
  "edge-related",
  "edge-cites",
  "edge-embeds",
  "edge-property",
  "edge-mentions",
];
var OTHER_TYPE = "other";
var FALLBACK_COLOUR = "#808080";

// A CSS colour as the canvas spells it ("#rrggbb" or "rgba(...)"), which
// sigma can parse whatever notation the stylesheet used.
var colourProbe = null;
function normaliseColour(value) {
  if (!value) return "";
  if (!colourProbe) colourProbe = document.createElement("canvas").getContext("2d");
  if (!colourProbe) return value;
  colourProbe.fillStyle = FALLBACK_COLOUR;
  colourProbe.fillStyle = value;
  return colourProbe.fillStyle;
}

// The --type-* key of a note type: its own property when the stylesheet
// defines one, else "other".
function typeKey(style, type) {
  if (type && /^[a-z0-9-]+$/.test(type) && style.getPropertyValue("--type-" + type).trim()) return type;
  return OTHER_TYPE;
}

function readColors(el) {
  var cs = window.getComputedStyle(el);
  var out = { types: {} };
  GRAPH_COLOURS.forEach(function (k) {
    out[k] = normaliseColour(cs.getPropertyValue("--nf-graph-" + k).trim()) || FALLBACK_COLOUR;
  });
  out.type = function (type) {
    var key = typeKey(cs, type);
    if (!out.types[key]) out.types[key] = normaliseColour(cs.getPropertyValue("--type-" + key).trim()) || out.fg;
    return out.types[key];
  };
  out.typeKey = function (type) {
    return typeKey(cs, type);
  };
  return out;
}

function h(tag, attrs, children) {
  var el = document.createElement(tag);
  if (attrs)
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "className") el.className = v;
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    });
  (children || []).forEach(function (c) {
    if (c) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return el;
}

function webglAvailable() {
  try {
    if (typeof WebGLRenderingContext === "undefined") return false;
    var c = document.createElement("canvas");
    var gl = c.getContext("webgl2") || c.getContext("webgl") || c.getContext("experimental-webgl");
    if (!gl) return false;
    var ext = gl.getExtension("WEBGL_lose_context");
    if (ext) ext.loseContext();
    return true;
  } catch (e) {
    return false;
  }
}

function showMessage(container, text) {
  container.textContent = "";
  container.classList.add("nf-graph-failed");
  container.appendChild(h("p", { className: "nf-graph-message", text: text }));
}

// Small deterministic hash -> [0, 1), so initial positions (and hence the
// layout) are stable between page loads.
function hash01(str, salt) {
  var x = 2166136261 ^ salt;
  for (var i = 0; i < str.length; i++) {
    x ^= str.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  x ^= x >>> 15;
  x = Math.imul(x, 2246822507);
  x ^= x >>> 13;
  return (x >>> 0) / 4294967296;
}

function nodeKind(n) {
  return n.kind === "missing" || n.kind === "attachment" ? n.kind : "note";
}

/* ------------------------------------------------------------------ */
/* Graph construction                                                  */
/* ------------------------------------------------------------------ */

// Builds an undirected simple graph: parallel edges (several kinds, either
// direction) between a pair are merged into one drawn edge whose style is
// that of its most significant kind; weight = number of merged links.
function buildGraph(libs, data, opts) {
  var graph = new libs.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  var nodes = data.nodes || [];
  var edges = data.edges || [];
  var n = nodes.length;
  var radius = Math.sqrt(n) * 10 + 10;
  nodes.forEach(function (raw) {
    if (!raw || raw.id === undefined || raw.id === null) return;
    var id = String(raw.id);
    if (graph.hasNode(id)) return;
    if (opts.keepNode && !opts.keepNode(raw)) return;
    // Random (hash-seeded) position in a disc.
    var r = radius * Math.sqrt(hash01(id, 1));
    var a = 2 * Math.PI * hash01(id, 2);
    graph.addNode(id, {
      x: r * Math.cos(a),
      y: r * Math.sin(a),
      label: String(raw.label || id),
      url: raw.url || "",
      nfKind: nodeKind(raw),
      nfType: String(raw.type || ""),
      nfStatus: STATUSES.indexOf(raw.status || "") >= 0 ? raw.status || "" : "",
      nfTags: Array.isArray(raw.tags) ? raw.tags.map(String) : [],
      nfDepth: typeof raw.depth === "number" ? raw.depth : null,
    });
  });
  edges.forEach(function (e) {
    if (!e) return;
    var s = String(e.source),
      t = String(e.target);
    if (s === t || !graph.hasNode(s) || !graph.hasNode(t)) return;
    var kind = EDGE_KINDS.indexOf(e.kind) >= 0 ? e.kind : "mentions";
    var key = graph.edge(s, t);
    if (key === undefined) {
      graph.addEdge(s, t, { kinds: [kind], nfKind: kind, weight: 1 });
    } else {
      var attrs = graph.getEdgeAttributes(key);
      if (attrs.kinds.indexOf(kind) < 0) attrs.kinds.push(kind);
      attrs.weight += 1;
      if (EDGE_KINDS.indexOf(kind) < EDGE_KINDS.indexOf(attrs.nfKind)) attrs.nfKind = kind;
    }
  });
  return graph;
}

// Visual attributes derived from semantic ones + current theme colours.
function styleGraph(graph, colors, opts) {
  var maxDeg = 1;
  graph.forEachNode(function (node) {
    var d = graph.degree(node);
    if (d > maxDeg) maxDeg = d;
  });
  graph.updateEachNodeAttributes(
    function (node, a) {
      var deg = graph.degree(node);
      var size = opts.baseSize + opts.sizeRange * Math.sqrt(deg / maxDeg);
      var fill, border, ring;
      if (a.nfKind === "missing") {
        fill = colors.bg;
        border = colors.missing;
        ring = 0.3;
        size *= 0.85;
      } else if (a.nfKind === "attachment") {
        fill = colors.attachment;
        border = colors.attachment;
        ring = 0;
        size = Math.max(2, size * 0.6);
      } else {
        fill = colors.type(a.nfType);
        border = a.nfStatus ? colors["status-" + a.nfStatus] : fill;
        ring = STATUS_RING[a.nfStatus];
        if (a.nfStatus === "retired") fill = withAlpha(fill, 0.55);
      }
      var center = opts.center === node;
      if (center) size = Math.max(size, opts.baseSize + opts.sizeRange) * 1.15;
      a.size = size;
      a.color = fill;
      a.borderColor = border;
      a.borderSize = ring;
      a.type = "bordered";
      a.zIndex = center ? 2 : 0;
      return a;
    },
    { attributes: ["size", "color", "borderColor", "borderSize", "type", "zIndex"] }
  );
  // Dense graphs get more transparent edges so that structure shows through.
  var dense = graph.size > 3000;
  var edgeAlpha = dense ? 0.3 : 0.75;
  graph.updateEachEdgeAttributes(
    function (edge, a) {
      a.color = withAlpha(colors["edge-" + a.nfKind], a.nfKind === "mentions" ? edgeAlpha * 0.7 : edgeAlpha);
      a.size = EDGE_SIZE[a.nfKind];
      return a;
    },
    { attributes: ["color", "size"] }
  );
}

function withAlpha(color, alpha) {
  var m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  var v = parseInt(m[1], 16);
  return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
}

/* ------------------------------------------------------------------ */
/* Renderer                                                            */
/* ------------------------------------------------------------------ */

function makeRenderer(libs, graph, container, state, opts) {
  var NodeBordered = libs.createNodeBorderProgram({
    borders: [
      { size: { attribute: "borderSize", defaultValue: 0 }, color: { attribute: "borderColor" } },
      { size: { fill: true }, color: { attribute: "color" } },
    ],
  });
  var big = graph.order > 2000 || graph.size > 8000;
  var renderer = new libs.Sigma(graph, container, {
    nodeProgramClasses: { bordered: NodeBordered },
    defaultNodeType: "bordered",
    renderEdgeLabels: false,
    enableEdgeEvents: false,
    hideEdgesOnMove: big,
    hideLabelsOnMove: big,
    zIndex: true,
    renderLabels: false, // makeLabeller() draws them
    minCameraRatio: 0.02,
    maxCameraRatio: 20,
    allowInvalidContainer: true,
    defaultDrawNodeHover: function (ctx, data) {
      drawHover(ctx, data, state.colors);
    },
    nodeReducer: function (node, data) {
      var res = data;
      if (state.hidden && state.hidden[node]) return Object.assign({}, data, { hidden: true });
      var focus = state.hovered;
      if (focus && node !== focus && !state.hoverNeighbours[node]) {
        res = Object.assign({}, data, { color: state.colors.dim, borderColor: state.colors.dim, zIndex: -1 });
      } else if (focus) {
        res = Object.assign({}, data, { zIndex: 3 });
      }
      return res;
    },
    edgeReducer: function (edge, data) {
      if (state.edgesHidden) return Object.assign({}, data, { hidden: true });
      if (state.hidden) {
        var ext = graph.extremities(edge);
        if (state.hidden[ext[0]] || state.hidden[ext[1]]) return Object.assign({}, data, { hidden: true });
      }
      if (state.hiddenEdgeKinds && state.hiddenEdgeKinds[data.nfKind]) {
        // Keep the edge if another of its merged kinds is still shown.
        var shown = data.kinds.filter(function (k) {
          return !state.hiddenEdgeKinds[k];
        });
        if (!shown.length) return Object.assign({}, data, { hidden: true });
      }
      if (state.hovered) {
        var e = graph.extremities(edge);
        if (e[0] !== state.hovered && e[1] !== state.hovered)
          return Object.assign({}, data, { hidden: graph.size > 2000, color: state.colors.dim, zIndex: -1 });
        return Object.assign({}, data, { zIndex: 2 });
      }
      return data;
    },
  });
  return renderer;
}

// The hovered node gets a halo; its label is drawn by the label layer.
function drawHover(ctx, data, colors) {
  ctx.fillStyle = colors.bg;
  ctx.shadowOffsetX = 0;
  ctx.shadowOffsetY = 0;
  ctx.shadowBlur = 6;
  ctx.shadowColor = "rgba(0,0,0,0.5)";
  ctx.beginPath();
  ctx.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
  ctx.closePath();
  ctx.fill();
  ctx.shadowBlur = 0;
}

/* ------------------------------------------------------------------ */
/* Labels: greedy placement without overlaps, inside the canvas        */
/* ------------------------------------------------------------------ */

var LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
var LABEL_GAP = 3; // between a node and its label
var LABEL_MARGIN = 2; // between a label and the canvas edge
var GRID_CELL = 64;
var NODE_OBSTACLES_BELOW = 500;
var LABEL_AREA = 16000; // at most one label (bar the ones that must show) per this many px²

// Draws node labels on a canvas layer of their own after each sigma render
// (sigma renders at most once per animation frame). Candidates come in order
// of importance: the hovered node and its neighbours (then nothing else), or
// the centre of a local graph, then by degree. Each label tries the right of
// its node, then the left, below and above, and takes the first box that
// stays inside the canvas and overlaps no label placed before it, nor a
// labelled node. A node drawn smaller than `threshold` px gets no label
// unless it is among the `always` most connected, and there is at most one
// label per LABEL_AREA px² of canvas: zooming in enlarges nodes and spreads
// them out, so more get labels.
function makeLabeller(renderer, graph, state, opts) {
  renderer.createCanvasContext("nfLabels", { afterLayer: "hoverNodes" });
  renderer.resize(true);
  var ctx = renderer.getCanvases().nfLabels.getContext("2d");
  var fontSize = opts.fontSize || 13;
  var font = "500 " + fontSize + "px " + LABEL_FONT;
  var boxHeight = fontSize + 4;
  var widths = new Map();
  var ranked = null;
  var placed = [];
  ["nodeAdded", "nodeDropped", "edgeAdded", "edgeDropped", "cleared"].forEach(function (ev) {
    graph.on(ev, function () {
      ranked = null;
    });
  });

  function rankedNodes() {
    if (!ranked)
      ranked = graph.nodes().sort(function (a, b) {
        return graph.degree(b) - graph.degree(a) || (a < b ? -1 : a > b ? 1 : 0);
      });
    return ranked;
  }
  function textWidth(text) {
    var w = widths.get(text);
    if (w === undefined) {
      w = ctx.measureText(text).width;
      widths.set(text, w);
    }
    return w;
  }
  function candidates() {
    if (state.hovered && graph.hasNode(state.hovered))
      return [state.hovered].concat(
        rankedNodes().filter(function (n) {
          return state.hoverNeighbours[n];
        })
      );
    var list = rankedNodes();
    return opts.center && graph.hasNode(opts.center) ? [opts.center].concat(list) : list;
  }

  function draw() {
    var dims = renderer.getDimensions();
    var W = dims.width,
      H = dims.height;
    ctx.clearRect(0, 0, W, H);
    ctx.font = font;
    ctx.textBaseline = "middle";
    placed = [];
    var labelGrid = new Map();
    var nodeGrid = new Map();
    function cells(b, fn) {
      for (var gx = Math.floor(b.x / GRID_CELL); gx <= Math.floor((b.x + b.width) / GRID_CELL); gx++)
        for (var gy = Math.floor(b.y / GRID_CELL); gy <= Math.floor((b.y + b.height) / GRID_CELL); gy++)
          if (fn(gx + "," + gy)) return true;
      return false;
    }
    function collides(grid, b) {
      return cells(b, function (key) {
        var list = grid.get(key);
        return (
          !!list &&
          list.some(function (o) {
            return o.node !== b.node && b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height;
          })
        );
      });
    }
    function occupy(grid, b) {
      cells(b, function (key) {
        var list = grid.get(key);
        if (!list) grid.set(key, (list = []));
        list.push(b);
      });
    }
    function inside(b) {
      return b.x >= LABEL_MARGIN && b.y >= LABEL_MARGIN && b.x + b.width <= W - LABEL_MARGIN && b.y + b.height <= H - LABEL_MARGIN;
    }
    // Small graphs: a label does not cover another node either (unless it
    // must show: the hovered node, its neighbours, the centre; or is among
    // the `always` most connected).
    if (graph.order <= NODE_OBSTACLES_BELOW)
      graph.forEachNode(function (n) {
        var d = renderer.getNodeDisplayData(n);
        if (!d || d.hidden) return;
        var p = renderer.framedGraphToViewport(d);
        var r = renderer.scaleSize(d.size);
        if (p.x < -r || p.y < -r || p.x > W + r || p.y > H + r) return;
        occupy(nodeGrid, { node: n, x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r });
      });
    var seen = {};
    var always = opts.always || 0;
    var room = Math.max(always, Math.floor((W * H) / LABEL_AREA));
    var list = candidates();
    for (var i = 0; i < list.length; i++) {
      var node = list[i];
      if (seen[node]) continue;
      seen[node] = true;
      var d = renderer.getNodeDisplayData(node);
      if (!d || d.hidden || !d.label) continue;
      var p = renderer.framedGraphToViewport(d);
      var r = renderer.scaleSize(d.size);
      if (p.x < -r || p.y < -r || p.x > W + r || p.y > H + r) continue;
      var must = node === state.hovered || !!state.hoverNeighbours[node] || node === opts.center;
      if (!must && (placed.length >= room || (i >= always && r < opts.threshold))) continue;
      var text = String(d.label);
      var w = Math.min(textWidth(text), W - 2 * LABEL_MARGIN);
      var hh = boxHeight;
      var spots = [
        { x: p.x + r + LABEL_GAP, y: p.y - hh / 2 },
        { x: p.x - r - LABEL_GAP - w, y: p.y - hh / 2 },
        { x: p.x - w / 2, y: p.y + r + 1 },
        { x: p.x - w / 2, y: p.y - r - 1 - hh },
      ];
      if (must)
        // Hovered and neighbours: also a box pushed back inside the canvas.
        spots.push({
          x: Math.max(LABEL_MARGIN, Math.min(p.x + r + LABEL_GAP, W - LABEL_MARGIN - w)),
          y: Math.max(LABEL_MARGIN, Math.min(p.y - hh / 2, H - LABEL_MARGIN - hh)),
        });
      // First a spot clear of other nodes; the most connected may then take
      // one over a node (never over a label).
      var passes = must ? [false] : i < always ? [true, false] : [true];
      var box = null;
      for (var pass = 0; pass < passes.length && !box; pass++)
        for (var k = 0; k < spots.length && !box; k++) {
          var b = { node: node, text: text, x: spots[k].x, y: spots[k].y, width: w, height: hh };
          if (inside(b) && !collides(labelGrid, b) && !(passes[pass] && collides(nodeGrid, b))) box = b;
        }
      if (!box) continue;
      occupy(labelGrid, box);
      occupy(labelGrid, { node: node, x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r });
      placed.push(box);
    }
    placed.forEach(function (b) {
      var text = b.text;
      if (textWidth(text) > b.width) text = fitText(ctx, text, b.width);
      if (b.node === state.hovered) {
        ctx.fillStyle = state.colors.bg;
        ctx.shadowBlur = 6;
        ctx.shadowColor = "rgba(0,0,0,0.35)";
        ctx.fillRect(b.x - 1, b.y, b.width + 2, b.height);
        ctx.shadowBlur = 0;
      } else {
        ctx.lineWidth = 3;
        ctx.lineJoin = "round";
        ctx.strokeStyle = state.colors.bg;
        ctx.strokeText(text, b.x, b.y + b.height / 2);
      }
      ctx.fillStyle = state.colors.fg;
      ctx.fillText(text, b.x, b.y + b.height / 2);
    });
  }
  renderer.on("afterRender", draw);
  return {
    // Test hook: the label boxes drawn, in CSS pixels from the canvas's top left.
    boxes: function () {
      return placed.map(function (b) {
        return { node: b.node, text: b.text, x: b.x, y: b.y, width: b.width, height: b.height };
      });
    },
  };
}

// The longest start of `text` that fits `width` with an ellipsis.
function fitText(ctx, text, width) {
  var lo = 0,
    hi = text.length;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + "…").width <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + "…";
}

/* ------------------------------------------------------------------ */
/* Shared interaction: hover highlight, tooltip, click, keyboard       */
/* ------------------------------------------------------------------ */

function describeNode(a) {
  if (a.nfKind === "missing") return "missing note (not written yet)";
  if (a.nfKind === "attachment") return "attachment";
  var bits = [a.nfType || "untyped note"];
  if (a.nfStatus) bits.push("status: " + a.nfStatus);
  return bits.join(", ");
}

function wireInteractions(renderer, graph, container, state, root) {
  var tooltip = h("div", { className: "nf-graph-tooltip", role: "tooltip", hidden: true });
  container.appendChild(tooltip);

  function hideTooltip() {
    tooltip.hidden = true;
  }
  function showTooltip(node) {
    var a = graph.getNodeAttributes(node);
    tooltip.textContent = "";
    tooltip.appendChild(h("strong", { text: a.label }));
    tooltip.appendChild(h("span", { className: "nf-graph-tooltip-meta", text: describeNode(a) }));
    if (a.nfTags.length)
      tooltip.appendChild(h("span", { className: "nf-graph-tooltip-tags", text: "tags: " + a.nfTags.join(", ") }));
    var deg = graph.degree(node);
    tooltip.appendChild(h("span", { className: "nf-graph-tooltip-meta", text: deg + (deg === 1 ? " link" : " links") }));
    var p = renderer.graphToViewport({ x: a.x, y: a.y });
    var w = container.clientWidth;
    tooltip.hidden = false;
    var left = Math.min(Math.max(4, p.x + 12), Math.max(4, w - tooltip.offsetWidth - 4));
    var top = p.y + 14;
    if (top + tooltip.offsetHeight > container.clientHeight - 4) top = Math.max(4, p.y - tooltip.offsetHeight - 14);
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }

  // Highlights a node (hovered in the graph, or focused in the text list):
  // it and its neighbours stay in colour and labelled; null clears.
  function highlight(node) {
    state.hovered = node && graph.hasNode(node) ? node : null;
    state.hoverNeighbours = {};
    if (state.hovered)
      graph.forEachNeighbor(state.hovered, function (nb) {
        state.hoverNeighbours[nb] = true;
      });
    renderer.refresh({ skipIndexation: true, schedule: true });
  }
  renderer.on("enterNode", function (ev) {
    highlight(ev.node);
    container.classList.add("nf-graph-pointer");
    showTooltip(ev.node);
  });
  renderer.on("leaveNode", function () {
    highlight(null);
    container.classList.remove("nf-graph-pointer");
    hideTooltip();
  });
  renderer.on("clickNode", function (ev) {
    var url = graph.getNodeAttribute(ev.node, "url");
    if (url) window.location.href = root + url;
  });
  renderer.getCamera().on("updated", hideTooltip);

  // Keyboard: the container is focusable; arrows pan, +/- zoom, 0 resets.
  container.tabIndex = 0;
  container.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var cam = renderer.getCamera();
    var st = cam.getState();
    var step = 0.1 * st.ratio;
    var next = null;
    switch (ev.key) {
      case "ArrowLeft":
        next = { x: st.x - step };
        break;
      case "ArrowRight":
        next = { x: st.x + step };
        break;
      case "ArrowUp":
        next = { y: st.y + step };
        break;
      case "ArrowDown":
        next = { y: st.y - step };
        break;
      case "+":
      case "=":
        cam.animatedZoom({ duration: 150 });
        break;
      case "-":
      case "_":
        cam.animatedUnzoom({ duration: 150 });
        break;
      case "0":
        cam.animatedReset({ duration: 150 });
        break;
      default:
        return;
    }
    ev.preventDefault();
    if (next) cam.setState(next);
  });
  return highlight;
}

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

// Runs ForceAtlas2 in a (blob-URL) web worker for a bounded time, falling
// back to bounded synchronous iterations in small chunks if workers are
// unavailable. Calls onDone(ctl) once per run.
//
// The layout works on a bare "shadow" copy of the graph, and positions are
// copied to the rendered graph at most every `flushMs`: re-rendering 40k
// edges after every single iteration would make the main thread (and with
// software WebGL the whole machine) the bottleneck instead of the layout.
function runLayout(libs, graph, opts, onDone) {
  var settings = Object.assign({}, libs.forceAtlas2.inferSettings(graph), opts.settings || {});
  // Small graphs: stronger gravity keeps isolated nodes and small components
  // from drifting to the edges (which would shrink everything else).
  if (!opts.settings && graph.order < 2000) settings.gravity = graph.order < 200 ? 1 : 0.3;
  var n = graph.order;
  var budgetMs = opts.budgetMs || Math.min(opts.restart ? 5000 : 12000, 2000 + n * 0.6);
  var maxIter = opts.maxIterations || 1500;
  var ctl = {
    mode: null,
    running: false,
    iterations: 0,
    stop: function () {},
    start: function () {},
    kill: function () {},
  };
  var done = false;
  function finish() {
    if (done) return;
    done = true;
    ctl.running = false;
    onDone(ctl);
  }
  if (n < 2) {
    setTimeout(finish, 0);
    return ctl;
  }

  // Small graphs (note neighbourhoods): settle synchronously, no animation.
  if (opts.syncBelow && n <= opts.syncBelow) {
    ctl.mode = "sync";
    ctl.running = true;
    libs.forceAtlas2.assign(graph, { iterations: opts.syncIterations || 300, settings: settings });
    ctl.iterations = opts.syncIterations || 300;
    setTimeout(finish, 0);
    return ctl;
  }

  var shadow = new libs.Graph({ type: "undirected", multi: false });
  graph.forEachNode(function (node, a) {
    shadow.addNode(node, { x: a.x, y: a.y, size: a.size });
  });
  graph.forEachEdge(function (e, a, s, t) {
    shadow.addEdge(s, t, { weight: a.weight || 1 });
  });
  var flushMs = opts.flushMs !== undefined ? opts.flushMs : graph.size > 20000 ? 2500 : graph.size > 3000 ? 500 : 0;
  var lastFlush = 0;
  var frame = null;
  function flush() {
    frame = null;
    lastFlush = Date.now();
    graph.updateEachNodeAttributes(
      function (node, a) {
        var p = shadow.getNodeAttributes(node);
        a.x = p.x;
        a.y = p.y;
        return a;
      },
      { attributes: ["x", "y"] }
    );
  }
  function maybeFlush() {
    if (frame === null && Date.now() - lastFlush >= flushMs) frame = requestAnimationFrame(flush);
  }
  function flushNow() {
    if (frame !== null) cancelAnimationFrame(frame);
    flush();
  }

  function syncFallback() {
    ctl.mode = "sync";
    var budget = opts.syncIterations || (n > 5000 ? 120 : n > 1000 ? 300 : 600);
    var chunk = n > 5000 ? 2 : n > 1000 ? 10 : 50;
    var timer = null;
    var t0 = Date.now();
    ctl.running = true;
    function step() {
      timer = null;
      if (!ctl.running) return;
      libs.forceAtlas2.assign(shadow, { iterations: chunk, settings: settings });
      ctl.iterations += chunk;
      if (ctl.iterations >= budget || Date.now() - t0 > budgetMs) return ctl.stop();
      maybeFlush();
      timer = setTimeout(step, 0);
    }
    ctl.stop = function () {
      if (timer) clearTimeout(timer);
      timer = null;
      flushNow();
      finish();
    };
    ctl.start = function () {
      if (ctl.running) return;
      done = false;
      ctl.running = true;
      t0 = Date.now();
      budget = ctl.iterations + 100;
      step();
    };
    step();
  }

  var fa2 = null;
  try {
    if (typeof Worker === "undefined" || typeof Blob === "undefined") throw new Error("no workers");
    fa2 = new libs.FA2Layout(shadow, { settings: settings, getEdgeWeight: "weight" });
  } catch (e) {
    fa2 = null;
  }
  if (!fa2) {
    syncFallback();
    return ctl;
  }
  ctl.mode = "worker";
  var timer = null;
  var failed = false;
  function onIter() {
    if (ctl.mode !== "worker") return;
    ctl.iterations++;
    if (ctl.iterations >= maxIter) ctl.stop();
    else maybeFlush();
  }
  shadow.on("eachNodeAttributesUpdated", onIter);
  fa2.worker.addEventListener("error", function (ev) {
    // e.g. a Content-Security-Policy forbidding blob: workers.
    if (ev && ev.preventDefault) ev.preventDefault();
    if (failed) return;
    failed = true;
    if (timer) clearTimeout(timer);
    shadow.removeListener("eachNodeAttributesUpdated", onIter);
    try {
      fa2.kill();
    } catch (e2) {
      /* ignore */
    }
    ctl.running = false;
    syncFallback();
  });
  ctl.stop = function () {
    if (ctl.mode !== "worker") return;
    if (timer) clearTimeout(timer);
    timer = null;
    fa2.stop();
    flushNow();
    finish();
  };
  ctl.start = function () {
    if (ctl.mode !== "worker" || fa2.isRunning()) return;
    done = false;
    ctl.running = true;
    maxIter = ctl.iterations + 400;
    fa2.start();
    timer = setTimeout(ctl.stop, Math.min(budgetMs, 6000));
  };
  ctl.kill = function () {
    if (timer) clearTimeout(timer);
    shadow.removeListener("eachNodeAttributesUpdated", onIter);
    if (frame !== null) cancelAnimationFrame(frame);
    fa2.kill();
    ctl.running = false;
  };
  ctl.running = true;
  fa2.start();
  timer = setTimeout(ctl.stop, budgetMs);
  return ctl;
}

/* ------------------------------------------------------------------ */
/* Legend and text list                                                */
/* ------------------------------------------------------------------ */

function swatch(className, style) {
  var s = h("span", { className: "nf-graph-swatch " + className, "aria-hidden": "true" });
  if (style) s.setAttribute("style", style);
  return s;
}

// Note types present, most common first, untyped last.
function presentTypes(present) {
  return Object.keys(present.types).sort(function (a, b) {
    if (!a !== !b) return a ? -1 : 1;
    return present.types[b] - present.types[a] || (a < b ? -1 : a > b ? 1 : 0);
  });
}

function typeItems(present, colors) {
  return presentTypes(present).map(function (t) {
    return h("li", null, [
      swatch("nf-graph-swatch-node", "background: var(--type-" + colors.typeKey(t) + ")"),
      t || "untyped note",
    ]);
  });
}

// One line of type swatches: the always-visible key of the graph page.
function buildTypeKey(present, colors) {
  return h("ul", { className: "nf-graph-key-list", "aria-label": "Node colour: note type" }, typeItems(present, colors));
}

function buildLegend(graph, present, colors) {
  var statusItems = STATUSES.filter(function (s) {
    return present.statuses[s];
  }).map(function (s) {
    return h("li", null, [
      swatch(
        "nf-graph-swatch-node nf-graph-swatch-ring nf-graph-swatch-ring-" + (s || "none"),
        s ? "border-color: var(--nf-graph-status-" + s + ")" : ""
      ),
      (s || "no status") + " (" + STATUS_WORDS[s] + ")",
    ]);
  });
  var otherItems = [];
  if (present.kinds.missing)
    otherItems.push(
      h("li", null, [swatch("nf-graph-swatch-node nf-graph-swatch-missing"), "missing note (hollow red circle)"])
    );
  if (present.kinds.attachment)
    otherItems.push(
      h("li", null, [swatch("nf-graph-swatch-node nf-graph-swatch-attachment"), "attachment (small grey dot)"])
    );
  var edgeItems = EDGE_KINDS.filter(function (k) {
    return present.edges[k];
  }).map(function (k) {
    return h("li", null, [swatch("nf-graph-swatch-edge nf-graph-swatch-edge-" + k), k + " (" + EDGE_WORDS[k] + ")"]);
  });
  function group(title, items) {
    if (!items.length) return null;
    return h("div", { className: "nf-graph-legend-group" }, [
      h("p", { className: "nf-graph-legend-title", text: title }),
      h("ul", null, items),
    ]);
  }
  return h("section", { className: "nf-graph-legend", "aria-label": "Graph legend" }, [
    group("Fill colour: note type", typeItems(present, colors)),
    group("Ring: status", statusItems),
    group("Other nodes", otherItems),
    group("Lines: link kind", edgeItems),
    h("p", {
      className: "nf-graph-help",
      text: "Bigger nodes have more links. Hover a node for details; click it to open its page. With the graph focused, arrow keys pan, + and − zoom, 0 resets the view.",
    }),
  ]);
}

function presentValues(graph) {
  var p = { types: {}, statuses: {}, kinds: {}, edges: {}, tags: {} };
  graph.forEachNode(function (n, a) {
    p.kinds[a.nfKind] = true;
    if (a.nfKind === "note") {
      p.types[a.nfType] = (p.types[a.nfType] || 0) + 1;
      p.statuses[a.nfStatus] = true;
    }
    a.nfTags.forEach(function (t) {
      // Hierarchical tags: "area/sub" also counts for "area".
      var parts = t.split("/");
      for (var i = 1; i <= parts.length; i++) {
        var k = parts.slice(0, i).join("/");
        p.tags[k] = (p.tags[k] || 0) + 1;
      }
    });
  });
  graph.forEachEdge(function (e, a) {
    a.kinds.forEach(function (k) {
      p.edges[k] = true;
    });
  });
  return p;
}

// A plain list of links to the visible nodes: the keyboard / screen-reader
// route to every page in the graph. Filled lazily when opened.
function buildTextList(graph, state, root, title) {
  var list = h("ul", { className: "nf-graph-list-items" });
  var details = h("details", { className: "nf-graph-list" }, [h("summary", { text: title }), list]);
  function fill() {
    if (!details.open) return;
    list.textContent = "";
    var nodes = graph.filterNodes(function (n) {
      return !(state.hidden && state.hidden[n]);
    });
    nodes.sort(function (a, b) {
      var da = graph.getNodeAttribute(a, "nfDepth") || 0,
        db = graph.getNodeAttribute(b, "nfDepth") || 0;
      if (da !== db) return da - db;
      return graph.getNodeAttribute(a, "label").localeCompare(graph.getNodeAttribute(b, "label"));
    });
    var frag = document.createDocumentFragment();
    nodes.forEach(function (n) {
      var a = graph.getNodeAttributes(n);
      var link = a.url
        ? h("a", { href: root + a.url, className: a.nfKind === "missing" ? "missing" : null, text: a.label })
        : h("span", { text: a.label });
      frag.appendChild(h("li", { "data-node": n }, [link, " — " + describeNode(a) + ", " + graph.degree(n) + " links"]));
    });
    list.appendChild(frag);
  }
  details.addEventListener("toggle", fill);
  // Focusing a note in the list highlights it in the graph.
  var onFocus = null;
  list.addEventListener("focusin", function (ev) {
    var item = ev.target.closest("[data-node]");
    if (item && onFocus) onFocus(item.getAttribute("data-node"));
  });
  list.addEventListener("focusout", function (ev) {
    if (onFocus && !list.contains(ev.relatedTarget)) onFocus(null);
  });
  return {
    el: details,
    refresh: fill,
    highlightWith: function (fn) {
      onFocus = fn;
    },
  };
}

/* ------------------------------------------------------------------ */
/* Whole-wiki graph                                                    */
/* ------------------------------------------------------------------ */

function checkboxGroup(legend, values, labelOf, onChange) {
  var boxes = {};
  var items = values.map(function (v) {
    var input = h("input", { type: "checkbox", checked: true, value: v, onchange: onChange });
    boxes[v] = input;
    return h("label", { className: "nf-graph-check" }, [input, " " + labelOf(v)]);
  });
  var fs = h("fieldset", { className: "nf-graph-fieldset" }, [h("legend", { text: legend })].concat(items));
  return { el: fs, boxes: boxes };
}

// The filter panel of graph.html opens and closes from its toggle button
// (aria-controls names the panel) and closes with Escape.
function wirePanelToggle(panel) {
  var toggle = document.querySelector('[aria-controls="' + panel.id + '"]');
  if (!toggle) return;
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
  }
  toggle.disabled = false;
  toggle.addEventListener("click", function () {
    setOpen(panel.hidden);
  });
  panel.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    setOpen(false);
    toggle.focus();
  });
}

function initWholeGraph(container, libs, timings, data) {
  var root = document.body.dataset.root || "";
  var state = { colors: readColors(container), hidden: null, hovered: null, hoverNeighbours: {}, hiddenEdgeKinds: null };
  var graph = buildGraph(libs, data, {});
  timings.graphBuilt = performance.now();
  var bigGraph = graph.order > 2000;
  // Smaller nodes on a small screen (a phone), so the graph is not a blob.
  var fit = Math.max(0.55, Math.min(1, Math.min(container.clientWidth, container.clientHeight) / 700));
  var styleOpts = { baseSize: (bigGraph ? 1 : 4) * fit, sizeRange: (bigGraph ? 10 : 12) * fit };
  styleGraph(graph, state.colors, styleOpts);
  if (!graph.order) {
    showMessage(container, "There are no notes to show yet.");
    return null;
  }
  var present = presentValues(graph);

  // ---- filter controls
  var typeGroup = checkboxGroup(
    "Type",
    presentTypes(present),
    function (t) {
      return t || "untyped";
    },
    applyFilters
  );
  var statusGroup = checkboxGroup(
    "Status",
    STATUSES.filter(function (s) {
      return present.statuses[s];
    }),
    function (s) {
      return s || "no status";
    },
    applyFilters
  );
  var kindGroup = checkboxGroup(
    "Also show",
    ["missing", "attachment"].filter(function (k) {
      return present.kinds[k];
    }),
    function (k) {
      return k === "missing" ? "missing notes" : "attachments";
    },
    applyFilters
  );
  var edgeGroup = checkboxGroup(
    "Links",
    EDGE_KINDS.filter(function (k) {
      return present.edges[k];
    }),
    function (k) {
      return k;
    },
    applyFilters
  );
  var tagNames = Object.keys(present.tags).sort();
  var uid = container.id || "nf-graph";
  var tagSelect = h(
    "select",
    { id: uid + "-tag", onchange: applyFilters },
    [h("option", { value: "", text: "All tags" })].concat(
      tagNames.map(function (t) {
        return h("option", { value: t, text: t + " (" + present.tags[t] + ")" });
      })
    )
  );
  var textInput = h("input", {
    type: "search",
    id: uid + "-text",
    placeholder: "Filter by name",
    autocomplete: "off",
    oninput: debounce(applyFilters, 120),
  });
  var count = h("p", { className: "nf-graph-count", role: "status", "aria-live": "polite" });
  var layoutBtn = h("button", { type: "button", className: "nf-graph-button", text: "Stop layout" });
  var resetBtn = h("button", {
    type: "button",
    className: "nf-graph-button",
    text: "Reset view",
    onclick: function () {
      renderer.getCamera().animatedReset({ duration: 200 });
    },
  });
  var controls = h("form", { className: "nf-graph-controls", "aria-label": "Graph filters", onsubmit: preventDefault }, [
    typeGroup.el,
    statusGroup.el,
    kindGroup.boxes && Object.keys(kindGroup.boxes).length ? kindGroup.el : null,
    edgeGroup.el,
    h("div", { className: "nf-graph-fieldset nf-graph-inputs" }, [
      tagNames.length
        ? h("label", { for: uid + "-tag", className: "nf-graph-field" }, [h("span", { text: "Tag" }), tagSelect])
        : null,
      h("label", { for: uid + "-text", className: "nf-graph-field" }, [h("span", { text: "Name" }), textInput]),
      h("div", { className: "nf-graph-buttons" }, [layoutBtn, resetBtn]),
    ]),
    count,
  ]);
  var legend = buildLegend(graph, present, state.colors);
  var list = buildTextList(graph, state, root, "Text list of the notes shown");
  // graph.html has the panel, its toggle and the key; elsewhere they go around the container.
  var panel = document.getElementById("nf-graph-panel");
  var key = document.getElementById("nf-graph-key");
  if (panel) {
    panel.textContent = "";
    panel.appendChild(controls);
    panel.appendChild(h("details", { className: "nf-graph-legend-wrap" }, [h("summary", { text: "Legend" }), legend]));
    wirePanelToggle(panel);
  } else {
    container.parentNode.insertBefore(controls, container);
    container.parentNode.insertBefore(legend, container.nextSibling);
  }
  if (key) key.appendChild(buildTypeKey(present, state.colors));
  var listAnchor = (panel && panel.parentNode) || legend;
  listAnchor.parentNode.insertBefore(list.el, listAnchor.nextSibling);

  container.setAttribute("role", "application");
  container.setAttribute("aria-roledescription", "graph");
  var renderer = makeRenderer(libs, graph, container, state, {});
  timings.firstRender = performance.now(); // sigma renders synchronously in its constructor
  var labels = makeLabeller(renderer, graph, state, { threshold: 8 * fit, always: bigGraph ? 12 : 10, fontSize: 13 });
  list.highlightWith(wireInteractions(renderer, graph, container, state, root));
  watchSize(container, renderer);

  function applyFilters() {
    var types = checkedSet(typeGroup.boxes),
      statuses = checkedSet(statusGroup.boxes),
      kinds = checkedSet(kindGroup.boxes),
      ekinds = checkedSet(edgeGroup.boxes);
    var tag = tagSelect.value;
    var text = textInput.value.trim().toLowerCase();
    var hidden = {};
    var shown = 0;
    var any = false;
    graph.forEachNode(function (n, a) {
      var ok;
      if (a.nfKind === "note") ok = types[a.nfType] && statuses[a.nfStatus];
      else ok = !!kinds[a.nfKind];
      if (ok && tag)
        ok = a.nfTags.some(function (t) {
          return t === tag || t.slice(0, tag.length + 1) === tag + "/";
        });
      if (ok && text) ok = a.label.toLowerCase().indexOf(text) >= 0 || n.toLowerCase().indexOf(text) >= 0;
      if (ok) shown++;
      else {
        hidden[n] = true;
        any = true;
      }
    });
    state.hidden = any ? hidden : null;
    var hek = null;
    Object.keys(edgeGroup.boxes).forEach(function (k) {
      if (!ekinds[k]) (hek = hek || {})[k] = true;
    });
    state.hiddenEdgeKinds = hek;
    if (state.hovered && hidden[state.hovered]) state.hovered = null;
    count.textContent = "Showing " + shown + " of " + graph.order + " nodes.";
    renderer.refresh({ skipIndexation: false });
    list.refresh();
  }

  var api = {
    renderer: renderer,
    graph: graph,
    state: state,
    applyFilters: applyFilters,
    layout: null,
    labels: labels.boxes,
  };
  var layout = startLayout(libs, graph, renderer, container, timings, state, {}, function () {
    layoutBtn.textContent = "Restart layout";
  });
  api.layout = layout;
  layoutBtn.addEventListener("click", function () {
    if (layout.running) layout.stop();
    else {
      layoutBtn.textContent = "Stop layout";
      layout.kill();
      layout = api.layout = startLayout(libs, graph, renderer, container, timings, state, { restart: true }, function () {
        layoutBtn.textContent = "Restart layout";
      });
    }
  });
  applyFilters();
  watchTheme(container, graph, renderer, state, styleOpts);
  return api;
}

function startLayout(libs, graph, renderer, container, timings, state, opts, after) {
  container.classList.add("nf-graph-busy");
  container.setAttribute("aria-busy", "true");
  // Large graphs: draw links only once the layout has settled. Redrawing
  // tens of thousands of moving edges competes with the layout for CPU/GPU.
  var hideEdges = graph.size > 5000;
  if (hideEdges) {
    state.edgesHidden = true;
    container.classList.add("nf-graph-busy-edges");
    renderer.refresh();
  }
  return runLayout(libs, graph, opts, function (ctl) {
    container.classList.remove("nf-graph-busy");
    container.classList.remove("nf-graph-busy-edges");
    container.removeAttribute("aria-busy");
    state.edgesHidden = false;
    if (!timings.layoutDone) {
      timings.layoutDone = performance.now();
      timings.layoutIterations = ctl.iterations;
      timings.layoutMode = ctl.mode;
      renderer.once("afterRender", function () {
        timings.layoutRendered = performance.now();
        container.dispatchEvent(new CustomEvent("nf-graph-layout-done", { detail: timings }));
      });
    }
    renderer.refresh();
    if (after) after(ctl);
  });
}

// Colours are re-read from CSS when the theme changes: the site's toggle sets
// <html data-theme>, and "system" follows prefers-color-scheme.
function watchTheme(container, graph, renderer, state, styleOpts) {
  function restyle() {
    state.colors = readColors(container);
    styleGraph(graph, state.colors, styleOpts);
    renderer.refresh();
  }
  if (typeof MutationObserver !== "undefined")
    new MutationObserver(restyle).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  if (!window.matchMedia) return;
  var mq = window.matchMedia("(prefers-color-scheme: dark)");
  if (mq.addEventListener) mq.addEventListener("change", restyle);
  else if (mq.addListener) mq.addListener(restyle);
}

// Redraw when the container changes size (sidebar shown or hidden, phone
// rotated), not only when the window does.
function watchSize(container, renderer) {
  if (typeof ResizeObserver === "undefined") return;
  new ResizeObserver(function () {
    renderer.refresh({ schedule: true });
  }).observe(container);
}

function checkedSet(boxes) {
  var s = {};
  Object.keys(boxes).forEach(function (k) {
    if (boxes[k].checked) s[k] = true;
  });
  return s;
}

function debounce(fn, ms) {
  var t = null;
  return function () {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

function preventDefault(ev) {
  ev.preventDefault();
}

/* ------------------------------------------------------------------ */
/* Local (neighbourhood) graph on note pages                           */
/* ------------------------------------------------------------------ */

function initLocalGraph(container, libs, timings, whole) {
  var center = container.getAttribute("data-center") || "";
  var data = whole && Array.isArray(whole.nodes) ? neighbourhood(whole, center) : null;
  timings.neighbourhood = performance.now();
  if (!data) {
    showMessage(container, NO_NEIGHBOURHOOD);
    return null;
  }
  var root = document.body.dataset.root || "";
  var state = { colors: readColors(container), hidden: null, hovered: null, hoverNeighbours: {} };
  var styleOpts = { baseSize: 4, sizeRange: 9, center: center };
  var depth = 1;

  function keepAt(d) {
    return function (raw) {
      return String(raw.id) === center || typeof raw.depth !== "number" || raw.depth <= d;
    };
  }
  var graph = buildGraph(libs, data, { keepNode: keepAt(depth) });
  var present = presentValues(buildGraph(libs, data, {}));
  if (!graph.order) {
    showMessage(container, "This note has no links yet.");
    return null;
  }
  styleGraph(graph, state.colors, styleOpts);
  placeLocal(libs, graph, center);

  var uid = container.id || "nf-local-graph";
  var maxDepth = 0;
  data.nodes.forEach(function (n) {
    if (n && typeof n.depth === "number" && n.depth > maxDepth) maxDepth = n.depth;
  });
  var radios = [1, 2].map(function (d) {
    var input = h("input", {
      type: "radio",
      name: uid + "-depth",
      value: String(d),
      checked: d === depth,
      onchange: function () {
        if (input.checked) setDepth(d);
      },
    });
    return h("label", { className: "nf-graph-check" }, [input, " " + (d === 1 ? "Direct links" : "Two steps")]);
  });
  var count = h("span", { className: "nf-graph-count nf-visually-hidden", role: "status", "aria-live": "polite" });
  var controls = h(
    "form",
    { className: "nf-graph-overlay nf-graph-depth", "aria-label": "Neighbourhood depth", onsubmit: preventDefault },
    [h("fieldset", null, [h("legend", { className: "nf-visually-hidden", text: "Depth" })].concat(radios)), count]
  );
  if (maxDepth < 2) radios[1].querySelector("input").disabled = true;
  var list = buildTextList(graph, state, root, "Text list of linked notes");
  var legend = buildLegend(graph, present, state.colors);
  // note.html reserves a "more" box after the graph (no layout shift); fill it.
  var more = document.getElementById(container.id + "-more");
  if (!more) {
    more = h("details", { className: "nf-graph-more" }, [h("summary", { text: "Legend and list" })]);
    container.parentNode.insertBefore(more, container.nextSibling);
  }
  Array.prototype.slice.call(more.children, 1).forEach(function (c) {
    more.removeChild(c);
  });
  more.appendChild(legend);
  more.appendChild(list.el);
  list.el.open = true;
  more.addEventListener("toggle", list.refresh);

  container.setAttribute("role", "application");
  container.setAttribute("aria-roledescription", "graph");
  var renderer = makeRenderer(libs, graph, container, state, {});
  container.appendChild(controls);
  timings.firstRender = performance.now();
  var labels = makeLabeller(renderer, graph, state, { threshold: 0, center: center, fontSize: 12 });
  list.highlightWith(wireInteractions(renderer, graph, container, state, root));
  watchSize(container, renderer);
  var api = {
    renderer: renderer,
    graph: graph,
    state: state,
    layout: null,
    setDepth: setDepth,
    center: center,
    data: data,
    labels: labels.boxes,
  };

  function updateCount() {
    count.textContent = graph.order - 1 + (graph.order === 2 ? " linked node" : " linked nodes") + " shown.";
  }

  function setDepth(d) {
    depth = d;
    if (api.layout && api.layout.kill) api.layout.kill();
    var fresh = buildGraph(libs, data, { keepNode: keepAt(d) });
    // Keep positions of nodes that were already placed.
    fresh.updateEachNodeAttributes(function (n, a) {
      if (graph.hasNode(n)) {
        a.x = graph.getNodeAttribute(n, "x");
        a.y = graph.getNodeAttribute(n, "y");
      }
      return a;
    });
    // Style before importing: updating attributes of edges that sigma has
    // not processed yet makes sigma 3.0 throw ("can't be repaint").
    styleGraph(fresh, state.colors, styleOpts);
    state.hovered = null;
    graph.clear();
    graph.import(fresh.export());
    if (d > 1 || graph.order > 1) layoutLocal();
    updateCount();
    list.refresh();
    renderer.getCamera().animatedReset({ duration: 200 });
  }

  function layoutLocal() {
    api.layout = startLayout(
      libs,
      graph,
      renderer,
      container,
      timings,
      state,
      { budgetMs: 1500, maxIterations: 500, syncBelow: 300, syncIterations: 300, settings: { barnesHutOptimize: false, gravity: 1, strongGravityMode: false } },
      null
    );
  }
  layoutLocal();
  updateCount();
  watchTheme(container, graph, renderer, state, styleOpts);
  return api;
}

var NO_NEIGHBOURHOOD = "No neighbourhood data for this note.";
var NEIGHBOURHOOD_DEPTH = 2;
var NEIGHBOURHOOD_LIMIT = 60;

// Undirected adjacency of the whole-wiki data, built once per page (and only
// on pages that show a neighbourhood). Ranked neighbour lists are sorted on
// first use: a neighbourhood only ever looks at a few nodes.
var graphIndexCache = null;
function graphIndex(whole) {
  if (graphIndexCache && graphIndexCache.whole === whole) return graphIndexCache;
  var byId = new Map();
  (whole.nodes || []).forEach(function (n) {
    if (n && n.id !== undefined && n.id !== null && !byId.has(String(n.id))) byId.set(String(n.id), n);
  });
  var adjacent = new Map();
  function link(a, b) {
    var around = adjacent.get(a);
    if (!around) adjacent.set(a, (around = new Set()));
    around.add(b);
  }
  (whole.edges || []).forEach(function (e) {
    if (!e) return;
    var s = String(e.source),
      t = String(e.target);
    link(s, t);
    link(t, s);
  });
  // Rank (-degree, id), ascending: most connected first, then by id (plain
  // string comparison, the same order as Python's for the ids noteforge makes).
  function byRank(a, b) {
    var da = adjacent.get(a).size,
      db = adjacent.get(b).size;
    if (da !== db) return db - da;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  var ranked = new Map();
  graphIndexCache = {
    whole: whole,
    byId: byId,
    byRank: byRank,
    ranked: function (node) {
      var list = ranked.get(node);
      if (!list) {
        var around = adjacent.get(node);
        list = around ? Array.from(around).sort(byRank) : [];
        ranked.set(node, list);
      }
      return list;
    },
  };
  return graphIndexCache;
}

// The note's neighbourhood, as {nodes, edges} with a `depth` (0, 1, 2) on
// each node. A hub can put most of the wiki within two links, so it is
// capped: direct neighbours first (most connected first), then second-degree
// ones, up to NEIGHBOURHOOD_LIMIT nodes. At each depth, with room = limit -
// placed, the candidates are the first `room` ranked neighbours of each
// frontier node not yet placed, and the `room` best ranked of them get that
// depth. Edges: every edge of the whole data with both ends inside.
function neighbourhood(whole, center) {
  var index = graphIndex(whole);
  var depths = new Map([[center, 0]]);
  var frontier = [center];
  for (var depth = 1; depth <= NEIGHBOURHOOD_DEPTH; depth++) {
    var room = NEIGHBOURHOOD_LIMIT - depths.size;
    var around = new Set();
    frontier.forEach(function (node) {
      index
        .ranked(node)
        .slice(0, room)
        .forEach(function (n) {
          if (!depths.has(n)) around.add(n);
        });
    });
    frontier = Array.from(around).sort(index.byRank).slice(0, room);
    for (var i = 0; i < frontier.length; i++) depths.set(frontier[i], depth);
  }
  var nodes = [];
  index.byId.forEach(function (n, id) {
    if (depths.has(id)) nodes.push(Object.assign({}, n, { depth: depths.get(id) }));
  });
  var edges = (whole.edges || []).filter(function (e) {
    return e && depths.has(String(e.source)) && depths.has(String(e.target));
  });
  return { nodes: nodes, edges: edges };
}

// Centre node at the origin, depth-1 ring around it, depth-2 further out.
function placeLocal(libs, graph, center) {
  var rings = { 1: [], 2: [] };
  graph.forEachNode(function (n, a) {
    if (n === center) return;
    (rings[a.nfDepth === 2 ? 2 : 1] || rings[1]).push(n);
  });
  [1, 2].forEach(function (d) {
    var list = rings[d];
    list.forEach(function (n, i) {
      var ang = (2 * Math.PI * i) / list.length + hash01(n, 3) * 0.3;
      graph.mergeNodeAttributes(n, { x: d * 50 * Math.cos(ang), y: d * 50 * Math.sin(ang) });
    });
  });
  if (graph.hasNode(center)) graph.mergeNodeAttributes(center, { x: 0, y: 0 });
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

function init() {
  var whole = document.getElementById("nf-graph");
  var local = document.getElementById("nf-local-graph");
  var container = whole || local;
  if (!container) return;
  var timings = { start: performance.now() };
  if (!webglAvailable()) {
    showMessage(
      container,
      "The interactive graph needs WebGL, which this browser has disabled or does not support." +
        (local ? " The links of this note are listed on the page." : "")
    );
    return;
  }
  var defaultUrl = (document.body.dataset.root || "") + DATA_INDEX;
  if (whole) {
    loadGraphData(
      defaultUrl,
      function (data) {
        timings.dataLoaded = performance.now();
        show(container, timings, function (libs) {
          return initWholeGraph(container, libs, timings, data);
        });
      },
      function () {
        showMessage(container, "The graph data (" + DATA_INDEX + ") could not be loaded.");
      }
    );
    return;
  }
  // Note pages load the whole-wiki data only when the graph is about to be seen.
  whenNear(container, function () {
    timings.dataRequested = performance.now();
    var url = container.getAttribute("data-graph-data") || defaultUrl;
    loadGraphData(
      url,
      function (data) {
        timings.dataLoaded = performance.now();
        show(container, timings, function (libs) {
          return initLocalGraph(container, libs, timings, data);
        });
      },
      function () {
        showMessage(container, NO_NEIGHBOURHOOD);
      }
    );
  });
}

function show(container, timings, start) {
  try {
    var api = start(loadLibs());
    if (!api) return;
    api.timings = timings;
    window.noteforgeGraph = api;
  } catch (e) {
    showMessage(container, "The interactive graph could not be displayed in this browser.");
    if (window.console && console.warn) console.warn("noteforge graph:", e);
  }
}

// Calls fn once the element is within 600px of the viewport (at once where
// IntersectionObserver is missing).
function whenNear(el, fn) {
  if (typeof IntersectionObserver === "undefined") return fn();
  var observer = new IntersectionObserver(
    function (entries) {
      if (
        !entries.some(function (entry) {
          return entry.isIntersecting;
        })
      )
        return;
      observer.disconnect();
      fn();
    },
    { rootMargin: "600px" }
  );
  observer.observe(el);
}

var DATA_INDEX = "assets/graph/index.js";

// The whole-wiki graph: window.noteforgeGraphData if some script set it, else
// the index script at `url` and every shard it names, each a classic <script>
// (not fetch(), which file:// pages may not use) next to it, merged.
function loadGraphData(url, done, fail) {
  if (window.noteforgeGraphData) return done(window.noteforgeGraphData);
  var folder = url.replace(/[^/]*$/, "");
  var shards = null;
  var waiting = 0;
  var failed = false;
  function failOnce() {
    if (failed) return;
    failed = true;
    fail();
  }
  window.nfGraphData = {
    shards: function (count) {
      shards = new Array(count);
      waiting = count;
      for (var k = 0; k < count; k++) inject(folder + k + ".js", null);
    },
    add: function (k, entries) {
      if (!shards || shards[k]) return;
      shards[k] = entries;
      if (--waiting === 0) done(mergeShards(shards));
    },
  };
  function inject(src, onload) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    if (onload) script.addEventListener("load", onload);
    script.addEventListener("error", failOnce);
    document.head.appendChild(script);
  }
  inject(url, function () {
    if (!shards) failOnce();
  });
}

// One {nodes, edges} from the shards' entries: each node once, nodes sorted by
// id and edges by (source, target, kind), as the whole graph was once written.
function mergeShards(shards) {
  var nodes = new Map();
  var edges = [];
  shards.forEach(function (entries) {
    entries.forEach(function (entry) {
      var source = entry.nodes[0].id;
      entry.nodes.forEach(function (node) {
        nodes.set(node.id, node);
      });
      entry.edges.forEach(function (edge) {
        edges.push({ source: source, target: edge[0], kind: edge[1] });
      });
    });
  });
  function byKeys(a, b, keys) {
    for (var i = 0; i < keys.length; i++) {
      if (a[keys[i]] !== b[keys[i]]) return a[keys[i]] < b[keys[i]] ? -1 : 1;
    }
    return 0;
  }
  var ids = Array.from(nodes.keys()).sort();
  return {
    nodes: ids.map(function (id) {
      return nodes.get(id);
    }),
    edges: edges.sort(function (a, b) {
      return byKeys(a, b, ["source", "target", "kind"]);
    }),
  };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
