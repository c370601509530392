/* The collaboration network view: draws #network-data with vis-network, then lets the reader search,
   open an aggregated municipality and export PNG/SVG. Every text goes through textContent or
   vis-network's plain-text labels and tooltips, never through innerHTML. */
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof vis === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var status = document.getElementById("network-status");
  var state = { data: data, network: null, ready: false };
  window.lagetNetwork = state;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function ready() {
    state.ready = true;
    holder.setAttribute("data-state", "ready");
  }

  if (!data.nodes.length) {
    status.textContent = data.text.empty;
    ready();
    return;
  }
  status.textContent = data.text.count;

  var showEdgeLabels = data.edges.length <= 80;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, title: n.title, shape: n.shape, size: n.size,
             color: { background: n.color, border: "#ffffff", highlight: { background: n.color, border: "#000000" } },
             font: { size: 12, color: "#1d2a33" }, borderWidth: n.core ? 1 : 2,
             shapeProperties: { borderDashes: n.core ? false : [3, 3] } };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, title: e.title, label: showEdgeLabels ? e.label : undefined,
             color: { color: e.color, highlight: e.color, opacity: 0.8 }, arrows: e.arrows, width: e.width,
             dashes: e.dashes ? [6, 4] : false,
             font: { size: 9, color: "#5b6b75", strokeWidth: 3, align: "middle" } };
  }));
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, {
    physics: { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -60, springLength: 90 },
               stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true } },
    interaction: { hover: true, tooltipDelay: 120 },
    layout: { improvedLayout: data.nodes.length <= 150 },  /* the improved layout gives up on big graphs */
    edges: { smooth: false },
  });
  state.network = network;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });  /* settle once, then stay still */
    network.fit({ animation: false });  /* whatever the filters left, it fills the view */
    ready();
  });
  window.addEventListener("resize", function () { network.fit({ animation: false }); });

  /* folded posts: a click on their organisation shows them around it, a second click folds them again */
  var unfolded = {};
  function togglePosts(n) {
    var ids = [];
    n.posts.forEach(function (_, i) { ids.push(n.id + "-post-" + i); });
    if (unfolded[n.id]) {
      nodes.remove(ids);
      edges.remove(ids.map(function (id) { return id + "-edge"; }));
      delete unfolded[n.id];
    } else {
      var at = network.getPositions([n.id])[n.id];
      nodes.add(n.posts.map(function (label, i) {
        var angle = 2 * Math.PI * i / n.posts.length;
        return { id: ids[i], label: label, title: label, shape: "dot", size: 8,
                 x: at.x + 70 * Math.cos(angle), y: at.y + 70 * Math.sin(angle),
                 color: { background: "#969696", border: "#ffffff" }, font: { size: 11, color: "#1d2a33" } };
      }));
      edges.add(ids.map(function (id) {
        return { id: id + "-edge", from: id, to: n.id, dashes: true, color: { color: "#c7c7c7" } };
      }));
      unfolded[n.id] = true;
    }
  }
  state.togglePosts = function (id) { togglePosts(byId[id]); };
  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      var n = byId[params.nodes[0]];
      if (n && n.href && n.href.charAt(0) === "/") { window.location.assign(n.href); return; }
      if (n && n.posts && n.posts.length) { togglePosts(n); }
    }
  });

  /* search: matching actors are listed and selected; a click on one focuses it */
  var search = document.getElementById("network-search");
  var results = document.getElementById("network-results");
  if (search && results) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      while (results.firstChild) { results.removeChild(results.firstChild); }
      if (!q) { network.unselectAll(); return; }
      var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; });
      network.selectNodes(hits.map(function (n) { return n.id; }));
      hits.slice(0, 20).forEach(function (n) {
        var li = document.createElement("li");
        li.textContent = n.label;
        li.addEventListener("click", function () {
          network.selectNodes([n.id]);
          network.focus(n.id, { scale: 1.2, animation: true });
        });
        results.appendChild(li);
      });
      results.setAttribute("data-hits", String(hits.length));
    });
  }

  /* the filter form reloads the page with its choices; a county and a municipality never contradict:
     a new county clears the municipality, a new municipality brings its county */
  var form = document.getElementById("network-filters");
  if (form) {
    var countyOf = {};
    var map = document.getElementById("municipality-counties");
    if (map) { countyOf = JSON.parse(map.textContent); }
    var municipality = document.getElementById("filter-municipality");
    var county = document.getElementById("filter-county");
    Array.prototype.forEach.call(form.querySelectorAll("select, input[type=checkbox]"), function (el) {
      el.addEventListener("change", function () {
        if (el === county && municipality) { municipality.value = ""; }
        if (el === municipality && county && municipality.value) { county.value = countyOf[municipality.value] || ""; }
        form.submit();
      });
    });
  }

  function download(url, name) {
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  /* SVG: rebuilt from the node positions, so it stays sharp and editable */
  var SVG = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function shape(n, p) {
    var r = n.size;
    if (n.shape === "square") { return el("rect", { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r }); }
    var corners = { diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]], triangle: [[0, -1], [1, 0.8], [-1, 0.8]],
                    triangleDown: [[0, 1], [1, -0.8], [-1, -0.8]],
                    hexagon: [[-0.5, -0.87], [0.5, -0.87], [1, 0], [0.5, 0.87], [-0.5, 0.87], [-1, 0]] }[n.shape];
    if (n.shape === "star") {
      corners = [];
      for (var i = 0; i < 10; i++) {
        var a = Math.PI * i / 5 - Math.PI / 2, f = i % 2 ? 0.45 : 1;
        corners.push([f * Math.cos(a), f * Math.sin(a)]);
      }
    }
    if (!corners) { return el("circle", { cx: p.x, cy: p.y, r: r }); }
    return el("polygon", { points: corners.map(function (c) { return (p.x + c[0] * r) + "," + (p.y + c[1] * r); }).join(" ") });
  }
  var caption = data.export || {};
  function svgDocument() {
    var pos = network.getPositions(data.nodes.map(function (n) { return n.id; }));
    var xs = [], ys = [];
    Object.keys(pos).forEach(function (id) { xs.push(pos[id].x); ys.push(pos[id].y); });
    var pad = 80, minX = Math.min.apply(null, xs) - pad, minY = Math.min.apply(null, ys) - pad;
    var gw = Math.max.apply(null, xs) - minX + pad, gh = Math.max.apply(null, ys) - minY + pad;
    /* a header (title, scope, filters, date) above, the legend to the right */
    var legend = data.legend.groups.length + data.legend.relations.length;
    var head = 120, legendW = 360, legendH = 70 + 24 * (legend + 2);
    var w = Math.max(gw, 900) + legendW, h = head + Math.max(gh, legendH);
    var x0 = minX, y0 = minY - head;
    var svg = el("svg", { xmlns: SVG, viewBox: [x0, y0, w, h].join(" "), width: Math.round(w), height: Math.round(h),
                          "font-family": "sans-serif" });
    svg.appendChild(el("rect", { x: x0, y: y0, width: w, height: h, fill: "#ffffff" }));
    svg.appendChild(el("text", { x: x0 + 24, y: y0 + 40, "font-size": 28, "font-weight": "bold", fill: "#1d2a33",
                                 "class": "export-title" }, (caption.title || "") + " – " + (caption.scope || "")));
    svg.appendChild(el("text", { x: x0 + 24, y: y0 + 72, "font-size": 16, fill: "#1d2a33", "class": "export-filters" },
                       caption.filters || ""));
    svg.appendChild(el("text", { x: x0 + 24, y: y0 + 98, "font-size": 14, fill: "#4f5f69", "class": "export-date" },
                       (caption.date || "") + " · " + data.text.count));
    var legendGroup = el("g", { "class": "export-legend" });
    var lx = x0 + w - legendW + 16, ly = y0 + head + 10;
    legendGroup.appendChild(el("text", { x: lx, y: ly, "font-size": 18, "font-weight": "bold", fill: "#1d2a33" },
                               caption.legend || "Legend"));
    ly += 30;
    legendGroup.appendChild(el("text", { x: lx, y: ly, "font-size": 14, "font-weight": "bold", fill: "#1d2a33" },
                               caption.actors || ""));
    data.legend.groups.forEach(function (g) {
      ly += 24;
      var s = shape({ size: 7, shape: g.shape }, { x: lx + 8, y: ly - 5 });
      s.setAttribute("fill", g.colour);
      legendGroup.appendChild(s);
      legendGroup.appendChild(el("text", { x: lx + 24, y: ly, "font-size": 13, fill: "#1d2a33" }, g.label));
    });
    ly += 34;
    legendGroup.appendChild(el("text", { x: lx, y: ly, "font-size": 14, "font-weight": "bold", fill: "#1d2a33" },
                               caption.relations || ""));
    data.legend.relations.forEach(function (r) {
      ly += 24;
      var mark = { x1: lx, y1: ly - 5, x2: lx + 18, y2: ly - 5, stroke: r.colour, "stroke-width": 3 };
      if (r.family === "governance") { mark["stroke-dasharray"] = "6 4"; }
      legendGroup.appendChild(el("line", mark));
      legendGroup.appendChild(el("text", { x: lx + 24, y: ly, "font-size": 13, fill: "#1d2a33" }, r.label));
    });
    svg.appendChild(legendGroup);
    data.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      var attrs = { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.color, "stroke-width": e.width,
                    "stroke-opacity": 0.8 };
      if (e.dashes) { attrs["stroke-dasharray"] = "6 4"; }  /* governance lines, as on the page */
      var line = el("line", attrs);
      line.appendChild(el("title", {}, e.title));
      svg.appendChild(line);
    });
    data.nodes.forEach(function (n) {
      var p = pos[n.id];
      var g = el("g", {});
      var s = shape(n, p);
      s.setAttribute("fill", n.color);
      s.setAttribute("stroke", "#ffffff");
      g.appendChild(s);
      g.appendChild(el("title", {}, n.title));
      g.appendChild(el("text", { x: p.x, y: p.y + n.size + 12, "font-size": 12, "text-anchor": "middle",
                                 fill: "#1d2a33" }, n.label));
      svg.appendChild(g);
    });
    return new XMLSerializer().serializeToString(svg);
  }
  state.svg = svgDocument;

  /* PNG at print resolution: the SVG (with header and legend) drawn on a canvas 3508 pixels wide,
     an A4 page in landscape at 300 dpi */
  var PRINT_WIDTH = 3508;
  function pngDocument() {
    var text = svgDocument();
    var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var scale = PRINT_WIDTH / img.width;
        var out = document.createElement("canvas");
        out.width = PRINT_WIDTH;
        out.height = Math.round(img.height * scale);
        var ctx = out.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, out.width, out.height);
        ctx.drawImage(img, 0, 0, out.width, out.height);
        URL.revokeObjectURL(url);
        resolve(out);
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("svg")); };
      img.src = url;
    });
  }
  state.png = function () { return pngDocument().then(function (c) { return c.toDataURL("image/png"); }); };
  var png = document.getElementById("network-png");
  if (png) {
    png.addEventListener("click", function () {
      pngDocument().then(function (canvas) {
        canvas.toBlob(function (blob) {
          var url = URL.createObjectURL(blob);
          download(url, "network.png");
          setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        }, "image/png");
      });
    });
  }
  var svgButton = document.getElementById("network-svg");
  if (svgButton) {
    svgButton.addEventListener("click", function () {
      var url = URL.createObjectURL(new Blob([svgDocument()], { type: "image/svg+xml" }));
      download(url, "network.svg");
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }
})();
