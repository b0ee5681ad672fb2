// Starts Swagger UI. It lives in its own file because the server's
// Content-Security-Policy (script-src 'self') forbids inline scripts.
(function () {
  "use strict";
  // Resolve the document against this script's URL, which is always under
  // the docs prefix, rather than against the page's: the page is served both
  // as /api/v1/docs and /api/v1/docs/, and "./json" relative to the former
  // would point at /api/v1/json. currentScript is only set while this file
  // is first evaluated, so read it now.
  var spec = new URL("./json", document.currentScript.src).href;
  window.ui = SwaggerUIBundle({
    url: spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default validator badge loads an image from validator.swagger.io,
    // which img-src 'self' blocks; the page must also work offline.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout"
  });
})();
