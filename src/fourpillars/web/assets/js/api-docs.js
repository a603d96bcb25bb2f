// The API's interactive documentation: Swagger UI from the project's own npm build (no CDN),
// started from this file rather than inline script (Content-Security-Policy). The page names
// the OpenAPI document in a JSON data block.
const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
settings.dom_id = "#swagger-ui";
settings.presets = [SwaggerUIBundle.presets.apis];
window.ui = SwaggerUIBundle(settings);
