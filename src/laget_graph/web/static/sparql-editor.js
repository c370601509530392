/* laget-graph query editor: YASGUI on this server's /sparql, with the project's prefixes and the
   named queries. Configuration comes from data-config (no inline script, so CSP 'self' holds).
   Nothing here contacts another host: autocompleters that would ask prefix.cc or LOV are off. */
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") { return; }
  var config = JSON.parse(root.getAttribute("data-config"));
  var prefixLines = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n");
  var starter = prefixLines + "\n\nSELECT ?class (COUNT(?s) AS ?n) WHERE {\n  ?s a ?class\n}\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 20\n";

  Yasgui.Yasqe.defaults.value = starter;
  /* only local completion: the prefix/class/property completers download prefix.cc's and LOV's lists */
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false
  });
  window.lagetYasgui = yasgui;

  /* universal design: YASGUI draws an unlabelled editor, a tab list with no tabs when one tab is open
     and a scroll area the keyboard cannot reach; mend them whenever it redraws */
  function mend() {
    Array.prototype.forEach.call(root.querySelectorAll("textarea:not([aria-label])"), function (t) {
      t.setAttribute("aria-label", config.editorLabel || "SPARQL");
    });
    /* the tab strip holds an "add tab" button besides its tabs, which a tablist may not: a plain list then */
    Array.prototype.forEach.call(root.querySelectorAll(".tabsList[role=tablist]"), function (list) {
      list.removeAttribute("role");
      Array.prototype.forEach.call(list.querySelectorAll("[role=tab]"), function (tab) {
        ["role", "aria-selected", "aria-controls"].forEach(function (a) { tab.removeAttribute(a); });
      });
    });
    Array.prototype.forEach.call(root.querySelectorAll(".CodeMirror-scroll"), function (s) {
      if (s.getAttribute("tabindex") !== "0") { s.setAttribute("tabindex", "0"); }
    });
    Array.prototype.forEach.call(root.querySelectorAll("select:not([aria-label]), input:not([aria-label]):not([type=hidden])"),
      function (el) { if (!el.labels || !el.labels.length) { el.setAttribute("aria-label", el.title || el.placeholder || el.name || "SPARQL"); } });
  }
  mend();
  new MutationObserver(mend).observe(root, { childList: true, subtree: true });

  function currentTab() { return yasgui.getTab(); }

  var select = document.getElementById("named-queries");
  var describe = document.getElementById("named-description");
  var queries = {};
  fetch(config.queries + "?lang=" + encodeURIComponent(config.lang), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (list) {
      list.forEach(function (q) {
        queries[q.name] = q;
        var option = document.createElement("option");
        option.value = q.name;
        option.textContent = q.title;
        select.appendChild(option);
      });
      select.setAttribute("data-loaded", String(list.length));
    });
  select.addEventListener("change", function () {
    var q = queries[select.value];
    if (!q) { return; }
    describe.textContent = q.description;
    var tab = currentTab();
    tab.setQuery(q.sparql);
    tab.setName(q.title.length > 40 ? q.title.slice(0, 39) + "…" : q.title);
  });
})();
