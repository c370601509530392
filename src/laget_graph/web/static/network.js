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
    ready();
  });
  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      var n = byId[params.nodes[0]];
      if (n && n.href && n.href.charAt(0) === "/") { window.location.assign(n.href); }
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

  /* the filter form reloads the page with its choices */
  var form = document.getElementById("network-filters");
  if (form) {
    Array.prototype.forEach.call(form.querySelectorAll("select, input[type=checkbox]"), function (el) {
      el.addEventListener("change", function () { form.submit(); });
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

  /* PNG: the canvas as drawn, on white */
  var png = document.getElementById("network-png");
  if (png) {
    png.addEventListener("click", function () {
      var canvas = holder.querySelector("canvas");
      var out = document.createElement("canvas");
      out.width = canvas.width;
      out.height = canvas.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(canvas, 0, 0);
      download(out.toDataURL("image/png"), "network.png");
    });
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
  function svgDocument() {
    var pos = network.getPositions();
    var xs = [], ys = [];
    Object.keys(pos).forEach(function (id) { xs.push(pos[id].x); ys.push(pos[id].y); });
    var pad = 80, minX = Math.min.apply(null, xs) - pad, minY = Math.min.apply(null, ys) - pad;
    var w = Math.max.apply(null, xs) - minX + pad, h = Math.max.apply(null, ys) - minY + pad;
    var svg = el("svg", { xmlns: SVG, viewBox: [minX, minY, w, h].join(" "), width: Math.round(w), height: Math.round(h),
                          "font-family": "sans-serif" });
    svg.appendChild(el("rect", { x: minX, y: minY, width: w, height: h, fill: "#ffffff" }));
    data.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.color, "stroke-width": e.width,
                              "stroke-opacity": 0.8 });
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
  var svgButton = document.getElementById("network-svg");
  if (svgButton) {
    svgButton.addEventListener("click", function () {
      var url = URL.createObjectURL(new Blob([svgDocument()], { type: "image/svg+xml" }));
      download(url, "network.svg");
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }
})();
