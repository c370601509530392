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
