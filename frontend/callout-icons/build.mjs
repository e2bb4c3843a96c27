// Builds templates/static/vendor/callout-icons.css: the Lucide icons that style.css
// names as `var(--nf-icon-NAME)`, as CSS custom properties holding SVG data URLs (used
// as mask images, so they take the callout's colour), plus the licence file.
//
//   cd frontend/callout-icons && npm ci && node build.mjs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lucide = join(here, "node_modules", "lucide-static");
const styleFile = resolve(here, "../../templates/static/style.css");
const outDir = resolve(here, "../../templates/static/vendor");

const names = [...new Set([...readFileSync(styleFile, "utf8").matchAll(/var\(--nf-icon-([a-z0-9-]+)\)/g)].map((m) => m[1]))].sort();
if (names.length === 0) throw new Error("style.css names no --nf-icon-* icon");

function dataUrl(name) {
  const svg = readFileSync(join(lucide, "icons", `${name}.svg`), "utf8")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\s*class="[^"]*"/, "")
    .replace(/\s+/g, " ")
    .replace(/> </g, "><")
    .replace(/"/g, "'")
    .trim();
  return `url("data:image/svg+xml,${svg.replace(/[%#<>"]/g, encodeURIComponent)}")`;
}

const version = JSON.parse(readFileSync(join(lucide, "package.json"), "utf8")).version;
const properties = names.map((name) => `  --nf-icon-${name}: ${dataUrl(name)};`).join("\n");
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, "callout-icons.css"),
  `/*! Lucide icons ${version} (ISC): ${names.join(", ")}. See callout-icons.LICENSES.txt. */\n:root {\n${properties}\n}\n`,
);
writeFileSync(
  join(outDir, "callout-icons.LICENSES.txt"),
  `callout-icons.css holds icons of lucide-static ${version} (https://lucide.dev):\n${names.join(", ")}.\n\n` +
    readFileSync(join(lucide, "LICENSE"), "utf8"),
);
console.log(`callout-icons.css: ${names.length} icons`);
