// Builds the web UI's assets into src/fourpillars/static/build/ (gitignored):
// compiles the SCSS with the `sass` package and copies the JavaScript and images
// from node_modules (Swagger UI among them), and the project's own scripts. Run by
// `npm run build` (the Makefile calls it after `npm ci`).
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/fourpillars/static/build");
const nm = (...parts) => join(root, "node_modules", ...parts);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "images"), { recursive: true });

const css = sass.compile(join(root, "src/fourpillars/web/assets/application.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // MoJ Frontend still calls mixins that GOV.UK Frontend has deprecated; those warnings are
  // theirs to fix, not ours. Our own warnings are still shown.
  logger: {
    warn(message, options) {
      const trace = options.stack ?? "";
      if (!trace.includes("node_modules/@ministryofjustice")) console.warn(message, trace);
    },
  },
});
writeFileSync(join(out, "application.css"), css.css);

const scripts = {
  "govuk-frontend.min.js": nm("govuk-frontend/dist/govuk/govuk-frontend.min.js"),
  "moj-frontend.min.js": nm("@ministryofjustice/frontend/moj/moj-frontend.min.js"),
  "htmx.min.js": nm("htmx.org/dist/htmx.min.js"),
  "axe.min.js": nm("axe-core/axe.min.js"),
};
for (const [name, source] of Object.entries(scripts)) {
  copyFileSync(source, join(out, name));
}
// Our own scripts (no inline script in any template: the Content-Security-Policy allows
// scripts from this site only).
for (const name of ["js-enabled.js", "application.js", "api-docs.js", "security-keys.js"]) {
  copyFileSync(join(root, "src/fourpillars/web/assets/js", name), join(out, name));
}
// SimpleWebAuthn's browser library (ES modules, imported by security-keys.js): security keys
// and passkeys, served from here (no CDN).
cpSync(nm("@simplewebauthn/browser/esm"), join(out, "simplewebauthn"), {
  recursive: true,
  filter: (src) => !src.endsWith(".d.ts") && !src.endsWith(".map"),
});
// Swagger UI for the API's interactive documentation, served from here (no CDN).
mkdirSync(join(out, "swagger-ui"), { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
  copyFileSync(nm("swagger-ui-dist", name), join(out, "swagger-ui", name));
}
// Our own icon (four columns), not the GOV.UK crown.
copyFileSync(join(root, "src/fourpillars/web/assets/favicon.svg"), join(out, "favicon.svg"));

// Images only: no fonts (Arial is used), and nothing with the crown or GOV.UK branding.
const branded = /crest|crown|govuk-icon|opengraph|favicon|logotype|apple-touch-icon/;
const copyImages = (dir) =>
  cpSync(dir, join(out, "images"), {
    recursive: true,
    filter: (src) => !branded.test(src),
  });
copyImages(nm("govuk-frontend/dist/govuk/assets/images"));
copyImages(nm("@ministryofjustice/frontend/moj/assets/images"));

console.log(`assets built in ${out}`);
