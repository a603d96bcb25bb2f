// Run at the top of <body>, before the page is drawn: GOV.UK Frontend styles the page for
// JavaScript from these classes. A file, not inline script, so that the Content-Security-Policy
// allows scripts from this site only.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
