// The web UI's own script (a module, loaded at the end of every page; no inline script
// anywhere, so that the Content-Security-Policy allows scripts from this site only).
import { initAll } from "./govuk-frontend.min.js";

initAll();

// A link to the former one-page form of a task list (#scenarios, #pillar-supervision) opens
// the section that now holds it; the page lists where each anchor went in a JSON data block.
const oldAnchors = document.getElementById("fp-old-anchors");
if (oldAnchors) {
  const anchor = decodeURIComponent(location.hash.slice(1));
  if (anchor) {
    const where = JSON.parse(oldAnchors.textContent);
    const key = anchor.replace(/^section-/, "");
    const url = where[key] || where[key.split("-")[0]];
    if (url) location.replace(url + "#" + anchor);
  }
}
