/* Starts Swagger UI or ReDoc on /docs and /redoc from a file, not an inline script, so the app's
   Content-Security-Policy holds unchanged. Everything comes from this server: the OpenAPI
   description, the viewer, no validator badge, no fonts from elsewhere. */
(function () {
  "use strict";
  var swagger = document.getElementById("swagger-ui");
  if (swagger && typeof SwaggerUIBundle !== "undefined") {
    window.lagetDocs = SwaggerUIBundle({
      url: swagger.getAttribute("data-url"),
      dom_id: "#swagger-ui",
      layout: "BaseLayout",
      deepLinking: true,
      validatorUrl: null,
      presets: [SwaggerUIBundle.presets.apis],
      defaultModelsExpandDepth: 0,
      docExpansion: "list",
      tryItOutEnabled: false,
    });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && typeof Redoc !== "undefined") {
    Redoc.init(redoc.getAttribute("data-url"), {
      hideDownloadButton: false, disableSearch: false, expandResponses: "200", hideHostname: true,
      theme: { colors: { primary: { main: "#005b7f" } }, typography: { fontFamily: "system-ui, sans-serif",
               headings: { fontFamily: "system-ui, sans-serif" } } },
    }, redoc);
  }
})();
