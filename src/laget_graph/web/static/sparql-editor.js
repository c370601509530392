/* laget-graph query editor: YASGUI on this server's /sparql, taught the project's model.
   - named queries open with a form for their typed parameters (pickers by name from
     /api/queries/{name}/choices/{param}); the server binds them (?format=sparql) and the bound
     query runs in the editor, shown on demand with its header and PREFIX block folded;
   - classes and properties complete from the local ontology (/api/vocabulary);
   - IRIs in result tables link to the app's own pages (/id/…, /def/…), not out to w3id.org;
   - tabs persist, earlier queries can be brought back, share links open the same query;
   - the answer downloads as CSV, TSV or JSON, and a count column can be drawn as a bar chart.
   Configuration comes from data-config (no inline script, so CSP 'self' holds). Nothing here
   contacts another host: the completers that would ask LOV or prefix.cc are replaced or off. */
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") { return; }
  var config = JSON.parse(root.getAttribute("data-config"));
  var text = config.text;
  var Yasqe = Yasgui.Yasqe;
  var Yasr = Yasgui.Yasr;
  var HISTORY_KEY = "laget-graph-history";
  var HISTORY_SIZE = 30;
  var prefixLines = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n");
  var starter = prefixLines + "\n\nSELECT ?class (COUNT(?s) AS ?n) WHERE {\n  ?s a ?class\n}\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 20\n";

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); });
  }

  /* -- result tables: project IRIs open the app's page for them ------------------------------ */
  function localPath(iri) {
    if (Object.prototype.hasOwnProperty.call(config.links.exact, iri)) { return config.links.exact[iri]; }
    for (var i = 0; i < config.links.prefixes.length; i++) {
      var namespace = config.links.prefixes[i][0], path = config.links.prefixes[i][1];
      if (iri.indexOf(namespace) === 0) {
        var rest = iri.slice(namespace.length);
        return path + (path === "/def/" ? encodeURIComponent(rest) : rest.split("/").map(encodeURIComponent).join("/"));
      }
    }
    return null;
  }
  var Table = Yasr.plugins.table;
  var tableLink = Table.prototype.getUriLinkFromBinding;
  Table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    var html = tableLink.call(this, binding, prefixes);
    var local = localPath(binding.value);
    return local ? html.replace(/href=(["'])[^"']*\1/, 'href="' + local + '"') : html;
  };

  /* -- a bar chart of a count column (Chart.js from npm, if installed) ----------------------- */
  var NUMERIC = /#(integer|int|long|short|decimal|double|float|nonNegativeInteger|positiveInteger)$/;
  function columns(results) {
    var vars = results.getVariables(), rows = results.getBindings() || [];
    var numeric = vars.filter(function (v) {
      return rows.length > 0 && rows.every(function (row) { return !row[v] || NUMERIC.test(row[v].datatype || ""); }) &&
        rows.some(function (row) { return row[v]; });
    });
    if (!numeric.length) { return null; }
    var value = numeric.filter(function (v) { return /^(n|count|antall|number)|count$/i.test(v); })[0] || numeric[0];
    var label = vars.filter(function (v) { return /label$/i.test(v) && numeric.indexOf(v) < 0; })[0] ||
      vars.filter(function (v) { return numeric.indexOf(v) < 0; })[0];
    return { value: value, label: label, rows: rows };
  }
  function shortName(term) {
    if (!term) { return ""; }
    if (term.type !== "uri") { return term.value; }
    for (var p in config.prefixes) {
      if (term.value.indexOf(config.prefixes[p]) === 0) { return p + ":" + term.value.slice(config.prefixes[p].length); }
    }
    return term.value;
  }
  function ChartPlugin(yasr) { this.yasr = yasr; this.chart = null; }
  ChartPlugin.prototype.priority = 5;
  ChartPlugin.prototype.label = text.chart;
  ChartPlugin.prototype.canHandleResults = function () {
    var r = this.yasr.results;
    return !!(r && r.getType && r.getType() === "json" && r.getVariables && r.getBindings && columns(r));
  };
  ChartPlugin.prototype.getIcon = function () {
    var icon = document.createElement("span");
    icon.textContent = "▇";
    return icon;
  };
  ChartPlugin.prototype.draw = function () {
    var found = columns(this.yasr.results);
    var holder = document.createElement("div");
    holder.className = "laget-chart";
    var canvas = document.createElement("canvas");
    canvas.id = "laget-chart";
    holder.appendChild(canvas);
    this.yasr.resultsEl.appendChild(holder);
    var labels = found.rows.map(function (row) { return shortName(row[found.label]); });
    var data = found.rows.map(function (row) { return row[found.value] ? Number(row[found.value].value) : 0; });
    this.chart = new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: found.value, data: data, backgroundColor: "#005b7f" }] },
      options: { indexAxis: labels.length > 12 ? "y" : "x", animation: false, responsive: true,
                 plugins: { legend: { display: false } } }
    });
    holder.setAttribute("data-bars", String(data.length));
  };
  ChartPlugin.prototype.destroy = function () { if (this.chart) { this.chart.destroy(); this.chart = null; } };
  if (typeof Chart !== "undefined") { Yasr.registerPlugin("chart", ChartPlugin); }

  /* -- autocompletion from the local ontology; prefixes from the project and YASQE's own list - */
  var vocabulary = getJson(config.vocabulary);
  Yasqe.forkAutocompleter("class", { name: "laget-classes", bulk: true, persistenceId: null,
    get: function () { return vocabulary.then(function (v) { return v.classes; }); } }, false);
  Yasqe.forkAutocompleter("property", { name: "laget-properties", bulk: true, persistenceId: null,
    get: function () { return vocabulary.then(function (v) { return v.properties; }); } }, false);
  var ownPrefixes = Object.keys(config.prefixes).map(function (p) { return p + ": <" + config.prefixes[p] + ">"; });
  Yasqe.forkAutocompleter("prefixes", { name: "laget-prefixes", persistenceId: null,
    get: function (yasqe) {
      return Yasqe.Autocompleters.prefixes.get(yasqe).then(function (bundled) { return ownPrefixes.concat(bundled); });
    } }, false);
  Yasqe.defaults.value = starter;
  Yasr.defaults.prefixes = config.prefixes;  /* result tables show lg:, lgd: … whatever the query declares */
  Yasqe.defaults.autocompleters = ["variables", "laget-prefixes", "laget-classes", "laget-properties"];

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    populateFromUrl: true
  });
  window.lagetYasgui = yasgui;
  function tab() { return yasgui.getTab(); }

  /* -- folding: the named query's header and the PREFIX block ------------------------------- */
  function fold(yasqe) {
    var doc = yasqe.getDoc(), last = -1;
    for (var i = 0; i <= doc.lastLine() && /^\s*#/.test(doc.getLine(i)); i++) { last = i; }
    if (last > 0) {
      yasqe.foldCode({ line: 0, ch: 0 }, { rangeFinder: function () {
        return { from: { line: 0, ch: doc.getLine(0).length }, to: { line: last, ch: doc.getLine(last).length } };
      } });
    }
    yasqe.collapsePrefixes(true);
  }

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


  /* -- history: every query run, newest first, in this browser only -------------------------- */
  var historySelect = document.getElementById("history");
  function loadHistory() {
    try { return JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]"); } catch (e) { return []; }
  }
  function drawHistory() {
    while (historySelect.options.length > 1) { historySelect.remove(1); }
    loadHistory().forEach(function (entry, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = entry.name + " · " + entry.when;
      historySelect.appendChild(option);
    });
  }
  yasgui.on("query", function (_yasgui, runTab) {
    var query = runTab.getQuery();
    var entries = loadHistory().filter(function (e) { return e.query !== query; });
    entries.unshift({ query: query, name: runTab.getName(), when: new Date().toLocaleString(config.lang) });
    try { window.localStorage.setItem(HISTORY_KEY, JSON.stringify(entries.slice(0, HISTORY_SIZE))); } catch (e) { /* full */ }
    drawHistory();
  });
  historySelect.addEventListener("change", function () {
    var entry = loadHistory()[Number(historySelect.value)];
    historySelect.value = "";
    if (!entry) { return; }
    leaveForm();
    tab().setQuery(entry.query);
    tab().setName(entry.name);
  });
  drawHistory();

  /* -- named queries and their form ---------------------------------------------------------- */
  var select = document.getElementById("named-queries");
  var describe = document.getElementById("named-description");
  var form = document.getElementById("named-form");
  var fields = document.getElementById("named-fields");
  var toggle = document.getElementById("toggle-sparql");
  var errorBox = document.getElementById("named-error");
  var queries = {};
  var current = null;

  function expand(value) {
    var m = /^([A-Za-z][\w-]*):(.*)$/.exec(value || "");
    if (m && config.prefixes[m[1]] && m[2].indexOf("//") !== 0) { return config.prefixes[m[1]] + m[2]; }
    return value || "";
  }
  function control(query, param) {
    var wanted = expand(param.default);
    if (param.range) {
      var picker = document.createElement("select");
      picker.disabled = true;
      getJson(config.queries + "/" + encodeURIComponent(query.name) + "/choices/" + encodeURIComponent(param.name) +
              "?lang=" + encodeURIComponent(config.lang)).then(function (choices) {
        if (!param.default) { picker.appendChild(new Option(text.any, "")); }
        choices.forEach(function (c) {
          var name = c.code ? c.label + " (" + c.code + ")" : c.label;
          picker.appendChild(new Option(name, c.value, false, c.value === wanted));
        });
        picker.disabled = false;
        picker.setAttribute("data-loaded", String(choices.length));
      });
      return picker;
    }
    var input = document.createElement("input");
    input.type = { integer: "number", decimal: "number", date: "date" }[param.type] || "text";
    if (param.type === "decimal") { input.step = "any"; }
    input.value = param.default || "";
    return input;
  }
  function openForm(query) {
    current = query;
    fields.innerHTML = "";
    errorBox.textContent = "";
    query.params.forEach(function (param) {
      var id = "param-" + param.name;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = param.label;
      var input = control(query, param);
      input.id = id;
      input.name = param.name;
      fields.appendChild(label);
      fields.appendChild(input);
    });
    form.hidden = false;
    showSparql(false);
  }
  function leaveForm() {
    current = null;
    form.hidden = true;
    select.value = "";
    describe.textContent = "";
    root.classList.remove("form-mode");
  }
  function showSparql(visible) {
    root.classList.toggle("form-mode", !visible);
    toggle.textContent = visible ? text.hide_sparql : text.show_sparql;
    toggle.setAttribute("aria-expanded", String(visible));
    if (visible) { tab().getYasqe().refresh(); }
  }
  /* the server binds the values (typed, escaped, as VALUES) and says what is wrong with one */
  function bound() {
    var params = new URLSearchParams({ format: "sparql", lang: config.lang });
    Array.prototype.forEach.call(fields.querySelectorAll("input, select"), function (input) {
      if (input.value !== "") { params.set(input.name, input.value); }
    });
    return fetch(config.queries + "/" + encodeURIComponent(current.name) + "?" + params.toString()).then(function (r) {
      if (r.ok) { return r.text(); }
      return r.json().then(function (body) { throw new Error(body.error); });
    });
  }
  function load(then) {
    errorBox.textContent = "";
    bound().then(function (query) {
      var t = tab();
      t.setQuery(query);
      t.setName(current.title.length > 40 ? current.title.slice(0, 39) + "…" : current.title);
      fold(t.getYasqe());
      if (then) { then(t); }
    }).catch(function (error) { errorBox.textContent = text.failed.replace("{message}", error.message); });
  }
  fetch(config.queries + "?lang=" + encodeURIComponent(config.lang), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (list) {
      list.forEach(function (q) {
        queries[q.name] = q;
        select.appendChild(new Option(q.title, q.name));
      });
      select.setAttribute("data-loaded", String(list.length));
    });
  select.addEventListener("change", function () {
    var q = queries[select.value];
    if (!q) { leaveForm(); return; }
    describe.textContent = q.description;
    openForm(q);
    load();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(function (t) { t.query(); });
  });
  toggle.addEventListener("click", function () {
    var visible = root.classList.contains("form-mode");
    if (visible) { load(function () { showSparql(true); }); } else { showSparql(false); }
  });
  /* another tab leaves the form behind */
  yasgui.on("tabSelect", function () { if (current) { leaveForm(); } });

  /* -- downloads: the same query again, answered by the server in the chosen format ---------- */
  Array.prototype.forEach.call(document.querySelectorAll("button.download"), function (button) {
    button.addEventListener("click", function () {
      var t = tab();
      fetch(config.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: button.getAttribute("data-media") },
        body: new URLSearchParams({ query: t.getQuery() }).toString()
      }).then(function (r) {
        if (!r.ok) { return r.text().then(function (message) { throw new Error(message); }); }
        return r.blob();
      }).then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = (t.getName() || "answer").replace(/[^\w\-æøåÆØÅ]+/g, "-") + "." + button.getAttribute("data-ext");
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
      }).catch(function (error) { window.alert(text.failed.replace("{message}", error.message)); });
    });
  });
})();
