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
      deepLinking: false,  /* its links inside the operation buttons are nested controls (WCAG 4.1.2) */
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
      theme: {
        colors: { primary: { main: "#005b7f" }, text: { primary: "#1d2a33", secondary: "#4f5f69" },
                  success: { main: "#1b6b30" }, warning: { main: "#7a4f00" }, error: { main: "#a30000" },
                  responses: { success: { color: "#14532d", backgroundColor: "#e6f4ea" },
                               error: { color: "#8a0000", backgroundColor: "#fbe9e9" },
                               redirect: { color: "#6b4f00", backgroundColor: "#fff4dc" },
                               info: { color: "#1a4f8b", backgroundColor: "#e8f0fa" } } },
        typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } },
    }, redoc);
    /* universal design: ReDoc's media-type choosers have no name */
    var name = redoc.getAttribute("data-select-label") || "Content type";
    new MutationObserver(function () {
      Array.prototype.forEach.call(redoc.querySelectorAll("select:not([aria-label])"), function (s) {
        s.setAttribute("aria-label", name);
      });
    }).observe(redoc, { childList: true, subtree: true });
  }
})();
