// Copies Noto Sans Math (SIL OFL 1.1) to templates/static/vendor/: browsers draw MathML
// with the font's OpenType MATH table, without which delimiters and matrix bars cannot
// stretch. The woff2 is the whole font (the package's "latin" file holds every glyph;
// its unicode-range, which style.css does not copy, is what limits it).
//
//   cd frontend/math-font && npm ci && node build.mjs
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "node_modules", "@fontsource", "noto-sans-math");
const outDir = resolve(here, "../../templates/static/vendor");
const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;

mkdirSync(outDir, { recursive: true });
copyFileSync(join(pkg, "files", "noto-sans-math-latin-400-normal.woff2"), join(outDir, "noto-sans-math.woff2"));
writeFileSync(
  join(outDir, "noto-sans-math.LICENSES.txt"),
  `noto-sans-math.woff2 is Noto Sans Math from @fontsource/noto-sans-math ${version}.\n\n` +
    readFileSync(join(pkg, "LICENSE"), "utf8"),
);
console.log("noto-sans-math.woff2 copied");
