/*
 * noteforge Mermaid diagrams.
 *
 * Bundled by build.mjs into one classic-script IIFE
 * (templates/static/vendor/noteforge-mermaid.js) that assets/lazy-bundles.js
 * injects only on pages with a diagram, when one comes near the viewport.
 *
 * Runtime contract (produced by the Python side): each ```mermaid block is
 * <pre class="mermaid">escaped source</pre>. Each becomes
 * <figure class="nf-mermaid"> holding the drawn <svg> and, folded, the
 * source; a diagram that does not parse shows an error box above its source
 * instead. Mermaid runs with securityLevel "strict" (no HTML labels, no click
 * callbacks), its theme following the site's (<html data-theme>, else
 * prefers-color-scheme), redrawn when that changes.
 *
 * Test hook: window.noteforgeMermaid = {done, rendered, failed}.
 */
import mermaid from "mermaid";

var blocks = [];
var counter = 0;

function isDark() {
  var theme = document.documentElement.getAttribute("data-theme");
  if (theme === "dark") return true;
  if (theme === "light") return false;
  return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
}

function configure() {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: isDark() ? "dark" : "default",
    suppressErrorRendering: true,
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
  });
}

function el(tag, className, text) {
  var e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

// Wraps a <pre class="mermaid"> in a figure with a place for the drawing.
function prepare(pre) {
  var figure = el("figure", "nf-mermaid");
  var canvas = el("div", "nf-mermaid-diagram");
  pre.parentNode.insertBefore(figure, pre);
  figure.appendChild(canvas);
  var source = el("details", "nf-mermaid-source");
  source.appendChild(el("summary", null, "Diagram source"));
  source.appendChild(pre);
  figure.appendChild(source);
  return { figure: figure, canvas: canvas, source: source, pre: pre, text: pre.textContent };
}

function firstLine(message) {
  var text = String(message || "unknown error");
  return text.length > 600 ? text.slice(0, 600) + "…" : text;
}

function showError(block, error) {
  block.canvas.textContent = "";
  block.figure.classList.add("nf-mermaid-failed");
  var box = el("div", "nf-mermaid-error");
  box.setAttribute("role", "note");
  box.appendChild(el("strong", null, "This diagram could not be drawn."));
  box.appendChild(el("pre", "nf-mermaid-error-message", firstLine(error && (error.message || error.str || error))));
  block.canvas.appendChild(box);
  block.source.open = true;
}

async function draw(block) {
  try {
    await mermaid.parse(block.text);
    var id = "nf-mermaid-" + ++counter;
    var out = await mermaid.render(id, block.text);
    block.canvas.innerHTML = out.svg; // sanitised by mermaid (securityLevel strict)
    block.figure.classList.remove("nf-mermaid-failed");
    block.source.open = false;
    return true;
  } catch (error) {
    var stray = document.getElementById("d" + "nf-mermaid-" + counter);
    if (stray) stray.remove();
    showError(block, error);
    return false;
  }
}

async function drawAll() {
  configure();
  var rendered = 0,
    failed = 0;
  for (var i = 0; i < blocks.length; i++) {
    if (await draw(blocks[i])) rendered++;
    else failed++;
  }
  window.noteforgeMermaid = { done: true, rendered: rendered, failed: failed };
  document.dispatchEvent(new CustomEvent("nf-mermaid-done"));
}

function watchTheme() {
  var redraw = function () {
    drawAll();
  };
  if (typeof MutationObserver !== "undefined")
    new MutationObserver(redraw).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  if (window.matchMedia) {
    var mq = window.matchMedia("(prefers-color-scheme: dark)");
    if (mq.addEventListener) mq.addEventListener("change", redraw);
  }
}

function init() {
  var pres = document.querySelectorAll("pre.mermaid");
  for (var i = 0; i < pres.length; i++) blocks.push(prepare(pres[i]));
  if (!blocks.length) return;
  drawAll();
  watchTheme();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
