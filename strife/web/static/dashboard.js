/* Strife dashboard: map, time chart, filters, event table, event, dyad and actor panels.
 *
 * The page never pulls every event: the map, the time chart and the dyads come from the
 * aggregate endpoints (/stats/places, /stats/timeline, /stats/dyads), the table pages
 * through /events.  Its whole state (filters, sort, map view, selected event) lives in the
 * URL, so a link reproduces the view and back/forward walk through it.
 *
 * Article text is untrusted: every string from the API reaches the page through
 * textContent / createTextNode, never parsed as HTML.  Links are only made for http(s) URLs.
 */
(function () {
  "use strict";

  var PAGE = 100;           // table rows per page
  var EVENT_ZOOM = 7;       // from this zoom on, the map also draws the events in view
  var EVENTS_IN_VIEW = 1000;
  var LABEL_ZOOM = 8;       // from this zoom on, the places with most events in view are named
  var LABELS = 40;
  // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies); the map
  // symbols, event points and the legend all take their colour from this one table.
  var TYPE_COLOURS = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#E69F00",
    "Violence against civilians": "#CC79A7",
    "Protests": "#0072B2",
    "Riots": "#F0E442",
    "Strategic developments": "#009E73"
  };
  var OTHER_COLOUR = "#56B4E9";
  var FILTER_KEYS = ["type", "actor", "actor1", "actor2", "country", "admin1", "text", "since", "until"];
  var DEFAULT_SORT = "-date";
  var DESC_FIRST = { date: true, fatalities: true, sources: true };

  // state: what the URL holds
  var state = { f: {}, sort: DEFAULT_SORT, view: null, event: null, inview: false };
  var map, placeLayer, eventLayer, labelLayer, selectedLayer, glossary = {};
  var loadSeq = 0, userMoved = false, autoMove = false;
  var pages = [null], pageIndex = 0, pageTotal = 0;

  // ---------- small helpers ----------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function $(id) { return document.getElementById(id); }
  function button(text, onClick, attrs) {
    var b = el("button", Object.assign({ type: "button", "class": "link" }, attrs || {}), text);
    b.addEventListener("click", onClick);
    return b;
  }

  function query(params) {
    var qs = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== undefined && v !== null && v !== "" && v !== false) { qs.set(k, v); }
    });
    return qs.toString();
  }

  /** One readable line from an API error body: "country: unknown country 'Syrai'; did you mean Syria?". */
  function errorLine(status, body) {
    var detail = body && body.detail;
    if (Array.isArray(detail)) {
      return detail.map(function (d) {
        var where = (d.loc || []).filter(function (x) { return x !== "query"; }).join(".");
        return (where ? where + ": " : "") + (d.msg || "invalid");
      }).join("; ");
    }
    if (typeof detail === "string") { return detail; }
    return "the server answered " + status;
  }

  function getJSON(path, params) {
    var qs = query(params);
    return fetch(path + (qs ? "?" + qs : ""), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var err = new Error(errorLine(r.status, body));
            err.status = r.status;
            throw err;
          });
        }
        return r.json();
      });
  }

  function safeHttpUrl(value) {
    if (typeof value !== "string") { return null; }
    try {
      var u = new URL(value);
      return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
    } catch (e) { return null; }
  }

  function colourFor(type) { return TYPE_COLOURS[type] || OTHER_COLOUR; }
  function fmt(n) { return Number(n || 0).toLocaleString("en"); }

  function setStatus(text, attrs) {
    var s = $("status");
    s.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { s.dataset[k] = String(attrs[k]); });
  }

  function showError(message) {
    var box = $("error");
    box.textContent = message ? "Error: " + message : "";
    box.hidden = !message;
  }

  // ---------- state <-> URL ----------
  function readURL() {
    var qs = new URLSearchParams(window.location.search);
    var s = { f: {}, sort: qs.get("sort") || DEFAULT_SORT, view: null, event: qs.get("event"), inview: qs.get("inview") === "1" };
    FILTER_KEYS.forEach(function (k) { s.f[k] = qs.get(k) || ""; });
    var m = (qs.get("map") || "").split(",").map(Number);
    if (m.length === 3 && m.every(isFinite)) { s.view = { lat: m[0], lon: m[1], zoom: m[2] }; }
    return s;
  }

  function stateQuery() {
    var p = Object.assign({}, state.f);
    if (state.sort !== DEFAULT_SORT) { p.sort = state.sort; }
    if (state.view) { p.map = [state.view.lat.toFixed(4), state.view.lon.toFixed(4), state.view.zoom].join(","); }
    if (state.event) { p.event = state.event; }
    if (state.inview) { p.inview = "1"; }
    return query(p);
  }

  function writeURL(push) {
    var qs = stateQuery();
    var url = window.location.pathname + (qs ? "?" + qs : "");
    if (url === window.location.pathname + window.location.search) { return; }
    if (push) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
  }

  function formToState() {
    FILTER_KEYS.forEach(function (k) { state.f[k] = $("f-" + k).value.trim(); });
  }

  function stateToForm() {
    FILTER_KEYS.forEach(function (k) {
      var input = $("f-" + k), v = state.f[k] || "";
      if (input.tagName === "SELECT" && v && !Array.prototype.some.call(input.options, function (o) { return o.value === v; })) {
        input.appendChild(el("option", { value: v }, v));  // a value from the URL the list lacks
      }
      input.value = v;
    });
    $("only-in-view").checked = state.inview;
  }

  function filterParams(extra) { return Object.assign({}, state.f, extra || {}); }

  // ---------- map ----------
  function initMap(config) {
    map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14, keyboard: true }).setView([30, 40], 4);
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { maxZoom: 19, attribution: "tiles: configured tile server" }).addTo(map);
    }
    fetch("/static/vendor/world-atlas/countries-110m.json")
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        var countries = topojson.feature(topo, topo.objects.countries);
        L.geoJSON(countries, {
          interactive: false, className: "country",
          style: { weight: 0.8, fillOpacity: config.tile_url ? 0 : 1 }
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the map still works without outlines */ });
    placeLayer = L.layerGroup().addTo(map);
    eventLayer = L.layerGroup().addTo(map);
    labelLayer = L.layerGroup().addTo(map);
    selectedLayer = L.layerGroup().addTo(map);
    map.on("movestart", function () { if (!autoMove) { userMoved = true; } });
    map.on("moveend", function () {
      if (!autoMove && userMoved) {
        var c = map.getCenter();
        state.view = { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
        writeURL(false);  // panning adds no history entry
      }
      userMoved = false;
      loadEventsInView();
      loadLabels();
      if (state.inview) { loadTable(true); }
    });
    map.attributionControl.addAttribution("Natural Earth");
  }

  /** Move the map for the page (not the user): unanimated, so its move events fire inside
   *  ``fn`` and are not taken for a view to keep in the URL. */
  function moveMap(fn) {
    autoMove = true;
    try { fn(); } finally { autoMove = false; }
  }

  function drawPlaces(body) {
    placeLayer.clearLayers();
    var max = Math.max.apply(null, body.places.map(function (p) { return p.events; }).concat([1]));
    body.places.forEach(function (p) {
      var m = L.circleMarker([p.latitude, p.longitude], {
        radius: 4 + 26 * Math.sqrt(p.events / max), weight: 1, className: "place-symbol",
        fillColor: colourFor(p.top_type), fillOpacity: 0.55
      });
      var tip = el("div", { "class": "marker-tip" });
      tip.appendChild(el("strong", null, (p.admin1 || "(no admin1)") + ", " + (p.country || "?")));
      tip.appendChild(el("div", null, fmt(p.events) + " events · " + fmt(p.fatalities) + " killed"));
      tip.appendChild(el("div", null, "mostly " + (p.top_type || "?")));
      m.bindTooltip(tip);
      if (p.admin1) {
        m.on("click", function () {
          state.f.admin1 = p.admin1;
          if (p.country) { state.f.country = p.country; }
          apply(true);
        });
      }
      m.on("add", function () {
        var path = m.getElement();
        if (path) { path.dataset.admin1 = p.admin1 || ""; path.dataset.events = p.events; path.dataset.type = p.top_type || ""; }
      });
      placeLayer.addLayer(m);
    });
    return body.places;
  }

  function fitPlaces(places) {
    if (state.view) {
      moveMap(function () { map.setView([state.view.lat, state.view.lon], state.view.zoom, { animate: false }); });
    } else if (places.length) {
      moveMap(function () {
        map.fitBounds(L.latLngBounds(places.map(function (p) { return [p.latitude, p.longitude]; })),
                      { padding: [30, 30], maxZoom: 6, animate: false });
      });
    }
  }

  function viewBbox() {
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)); };
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
            clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map(function (v) { return v.toFixed(4); }).join(",");
  }

  var eventsSeq = 0;
  function loadEventsInView() {
    var seq = ++eventsSeq;
    if (!map || map.getZoom() < EVENT_ZOOM) { eventLayer.clearLayers(); return Promise.resolve(); }
    return getJSON("/events", filterParams({ bbox: viewBbox(), limit: EVENTS_IN_VIEW, evidence: "false" }))
      .then(function (body) {
        if (seq !== eventsSeq) { return; }
        eventLayer.clearLayers();
        body.events.forEach(function (e) {
          if (e.latitude === null || e.longitude === null) { return; }
          var m = L.circleMarker([e.latitude, e.longitude], {
            radius: 5, weight: 1, className: "event-point", fillColor: colourFor(e.event_type), fillOpacity: 0.9
          });
          var tip = el("div", { "class": "marker-tip" });
          tip.appendChild(el("strong", null, (e.event_date || "?") + " " + (e.sub_event_type || e.event_type || "")));
          tip.appendChild(el("div", null, [e.location, e.admin1, e.country].filter(Boolean).join(", ")));
          tip.appendChild(el("div", null, (e.fatalities || 0) + " killed"));
          m.bindTooltip(tip);
          m.on("click", function () { selectEvent(e.event_id_cnty, false); });
          eventLayer.addLayer(m);
        });
      }).catch(function () { /* the symbols stay; the table still lists the events */ });
  }

  /** Names of the locations with most events in view (the basemap has no labels of its own). */
  var labelSeq = 0;
  function loadLabels() {
    var seq = ++labelSeq;
    if (!map || map.getZoom() < LABEL_ZOOM) { labelLayer.clearLayers(); return Promise.resolve(); }
    return getJSON("/stats/places", filterParams({ by: "location", bbox: viewBbox(), limit: LABELS }))
      .then(function (body) {
        if (seq !== labelSeq) { return; }
        labelLayer.clearLayers();
        body.places.forEach(function (p) {
          var icon = L.divIcon({ className: "place-label", html: el("span", null, p.location), iconSize: null });
          labelLayer.addLayer(L.marker([p.latitude, p.longitude], { icon: icon, interactive: false, keyboard: false }));
        });
      }).catch(function () { /* the map works without labels */ });
  }

  function drawLegend() {
    var box = $("legend");
    clear(box);
    Object.keys(TYPE_COLOURS).concat(["other"]).forEach(function (t) {
      var item = el("span", { "class": "legend-item", "data-type": t });
      var sw = el("span", { "class": "swatch" });
      sw.style.backgroundColor = t === "other" ? OTHER_COLOUR : TYPE_COLOURS[t];
      item.appendChild(sw);
      item.appendChild(document.createTextNode(t));
      box.appendChild(item);
    });
    box.appendChild(el("span", null, "· circle area: events per admin1, colour: its most frequent type; zoom in for single events"));
  }

  // ---------- table ----------
  function cell(v) { return el("td", null, v === null || v === undefined ? "" : v); }

  function renderRows(list) {
    var body = document.querySelector("#events tbody");
    clear(body);
    list.forEach(function (e) {
      var tr = el("tr", { "data-id": e.event_id_cnty, tabindex: "0" });
      [e.event_date, e.time_precision, e.event_type, e.sub_event_type, e.actor1, e.actor2, e.location, e.admin1,
       e.country, e.fatalities, e.source_count].forEach(function (v) { tr.appendChild(cell(v)); });
      if (e.event_id_cnty === state.event) { tr.classList.add("selected"); }
      tr.addEventListener("click", function () { selectEvent(e.event_id_cnty, true); });
      tr.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); selectEvent(e.event_id_cnty, true); }
      });
      body.appendChild(tr);
    });
    return list.length;
  }

  function markSort() {
    document.querySelectorAll("#events th[data-sort]").forEach(function (th) {
      var key = th.dataset.sort;
      th.setAttribute("aria-sort", state.sort === key ? "ascending" : state.sort === "-" + key ? "descending" : "none");
    });
  }

  function tableParams() {
    var p = filterParams({ sort: state.sort, limit: PAGE, evidence: "false" });
    if (state.inview && map) { p.bbox = viewBbox(); }
    return p;
  }

  var tableSeq = 0;
  function loadTable(fromStart) {
    var seq = ++tableSeq;
    if (fromStart) { pages = [null]; pageIndex = 0; }
    var p = tableParams();
    if (pages[pageIndex]) { p.cursor = pages[pageIndex]; }
    markSort();
    return getJSON("/events", p).then(function (body) {
      if (seq !== tableSeq) { return null; }
      var rows = renderRows(body.events);
      pageTotal = body.total;
      pages[pageIndex + 1] = body.next_cursor;
      $("prev-page").disabled = pageIndex === 0;
      $("next-page").disabled = !body.next_cursor;
      var first = pageIndex * PAGE + 1;
      $("page-info").textContent = rows ? "rows " + fmt(first) + "–" + fmt(first + rows - 1) + " of " + fmt(body.total) : "";
      $("status").dataset.rows = String(rows);
      return body;
    });
  }

  function updateExports() {
    var p = filterParams({ sort: state.sort !== DEFAULT_SORT ? state.sort : "" });
    if (state.inview && map) { p.bbox = viewBbox(); }
    var qs = query(p);
    $("export-csv").href = "/events.csv" + (qs ? "?" + qs : "");
    $("export-geojson").href = "/events.geojson" + (qs ? "?" + qs : "");
  }

  // ---------- time chart ----------
  var chart = { bins: [], first: null, last: null, size: "day" };
  var DAY = 86400000;
  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function isoOf(n) { return new Date(n * DAY).toISOString().slice(0, 10); }

  function niceMax(v) {
    if (v <= 0) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= v) { return steps[i] * p; } }
    return 10 * p;
  }

  function showTimeline(body) {
    chart.bins = body.bins;
    chart.size = body.bin;
    chart.first = body.bins.length ? dayNumber(body.bins[0].start) : null;
    chart.last = body.bins.length ? dayNumber(body.bins[body.bins.length - 1].end) : null;
    drawChart($("timechart"), chart, true);
  }

  /** Bars (events, left axis) and a line (fatalities, right axis) over a date axis. */
  function drawChart(box, data, brushable) {
    clear(box);
    var W = Math.max(200, box.clientWidth || 600), H = Math.max(80, box.clientHeight || 150);
    var m = { l: 44, r: 44, t: 8, b: 20 };
    box.setAttribute("viewBox", "0 0 " + W + " " + H);
    box.dataset.bin = data.size;
    if (data.first === null) {
      box.appendChild(svg("text", { x: W / 2, y: H / 2, "class": "axis-label", "text-anchor": "middle" }, "no dated events"));
      return;
    }
    var span = data.last - data.first + 1;
    var x = function (n) { return m.l + (n - data.first) * (W - m.l - m.r) / span; };
    var maxE = niceMax(Math.max.apply(null, data.bins.map(function (b) { return b.events; }))),
        maxF = niceMax(Math.max.apply(null, data.bins.map(function (b) { return b.fatalities; })));
    var yE = function (v) { return H - m.b - v * (H - m.t - m.b) / maxE; },
        yF = function (v) { return H - m.b - v * (H - m.t - m.b) / maxF; };
    var g = svg("g", { "class": "bars" });
    var line = [], after = null;  // the day after the previous bin: a gap means empty bins (0 killed)
    var point = function (n, v) { line.push(x(n).toFixed(1) + "," + yF(v).toFixed(1)); };
    data.bins.forEach(function (b) {
      var a = dayNumber(b.start), z = dayNumber(b.end) + 1;
      if (after !== null && a > after) { point(after, 0); point(a, 0); }
      after = z;
      var rect = svg("rect", {
        "class": "bar", x: x(a).toFixed(1), y: yE(b.events).toFixed(1),
        width: Math.max(1, x(z) - x(a) - 0.5).toFixed(1), height: Math.max(0.5, H - m.b - yE(b.events)).toFixed(1),
        "data-start": b.start, "data-events": b.events
      });
      rect.appendChild(svg("title", {}, b.start + (b.end !== b.start ? " – " + b.end : "") + ": " +
        fmt(b.events) + " events, " + fmt(b.fatalities) + " killed"));
      g.appendChild(rect);
      point((a + z) / 2, b.fatalities);
    });
    box.appendChild(g);
    box.appendChild(svg("polyline", { "class": "fatalities", points: line.join(" ") }));
    // axes: left events, right fatalities, bottom dates
    var axes = svg("g", { "class": "axes" });
    axes.appendChild(svg("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }));
    axes.appendChild(svg("line", { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b }));
    axes.appendChild(svg("line", { x1: W - m.r, x2: W - m.r, y1: m.t, y2: H - m.b }));
    [0, 0.5, 1].forEach(function (f) {
      axes.appendChild(svg("text", { x: m.l - 4, y: yE(f * maxE) + 3, "text-anchor": "end", "class": "tick y-events" }, fmt(f * maxE)));
      axes.appendChild(svg("text", { x: W - m.r + 4, y: yF(f * maxF) + 3, "text-anchor": "start", "class": "tick y-fatalities" }, fmt(f * maxF)));
    });
    var ticks = Math.max(2, Math.min(8, Math.floor((W - m.l - m.r) / 90)));
    for (var i = 0; i <= ticks; i++) {
      var n = Math.round(data.first + i * (span - 1) / ticks);
      var label = data.size === "month" ? isoOf(n).slice(0, 7) : isoOf(n);
      axes.appendChild(svg("line", { x1: x(n), x2: x(n), y1: H - m.b, y2: H - m.b + 3 }));
      axes.appendChild(svg("text", { x: x(n), y: H - 5, "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle", "class": "tick x" }, label));
    }
    axes.appendChild(svg("text", { x: 2, y: m.t + 8, "class": "axis-label" }, "events"));
    axes.appendChild(svg("text", { x: W - 2, y: m.t + 8, "class": "axis-label", "text-anchor": "end" }, "killed"));
    box.appendChild(axes);
    if (brushable) {
      data.x = x;
      data.width = W;
      data.margin = m;
      data.brush = svg("rect", { "class": "brush", x: 0, y: m.t, width: 0, height: H - m.t - m.b });
      box.appendChild(data.brush);
      highlightChart();
    }
  }

  function highlightChart() {
    if (!chart.brush || chart.first === null) { return; }
    var since = state.f.since, until = state.f.until;
    if (!since && !until) { chart.brush.setAttribute("width", 0); }
    var a = since ? dayNumber(since) : chart.first, b = until ? dayNumber(until) : chart.last;
    if (since || until) {
      chart.brush.setAttribute("x", chart.x(a).toFixed(1));
      chart.brush.setAttribute("width", Math.max(1, chart.x(b + 1) - chart.x(a)).toFixed(1));
    }
    $("timechart").querySelectorAll("rect.bar").forEach(function (r) {
      var n = dayNumber(r.getAttribute("data-start"));
      r.classList.toggle("in", Boolean((since || until) && n >= a && n <= b));
    });
  }

  function xToDay(clientX) {
    var r = $("timechart").getBoundingClientRect();
    var px = (clientX - r.left) * chart.width / r.width;
    var frac = (px - chart.margin.l) / (chart.width - chart.margin.l - chart.margin.r);
    frac = Math.min(1, Math.max(0, frac));
    return chart.first + Math.round(frac * (chart.last - chart.first));
  }

  function initBrush() {
    var box = $("timechart"), start = null;
    box.addEventListener("mousedown", function (ev) {
      if (chart.first === null) { return; }
      start = xToDay(ev.clientX);
      ev.preventDefault();
    });
    window.addEventListener("mousemove", function (ev) {
      if (start === null) { return; }
      var now = xToDay(ev.clientX);
      state.f.since = isoOf(Math.min(start, now));
      state.f.until = isoOf(Math.max(start, now));
      $("f-since").value = state.f.since;
      $("f-until").value = state.f.until;
      highlightChart();
    });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) { return; }
      var end = xToDay(ev.clientX);
      state.f.since = isoOf(Math.min(start, end));
      state.f.until = isoOf(Math.max(start, end));
      start = null;
      stateToForm();
      apply(true, true);
    });
    box.addEventListener("dblclick", function () {
      state.f.since = "";
      state.f.until = "";
      stateToForm();
      apply(true, true);
    });
    window.addEventListener("resize", function () { drawChart($("timechart"), chart, true); });
  }

  // ---------- dyads and actor page ----------
  function renderDyads(list) {
    var tbody = document.querySelector("#dyads tbody");
    clear(tbody);
    list.forEach(function (d) {
      var tr = el("tr", { "data-actor1": d.actor1, "data-actor2": d.actor2 });
      [d.actor1, d.actor2].forEach(function (name) {
        var td = el("td");
        td.appendChild(button(name, function () { openActor(name, true); }, { "class": "link actor", title: "actor page" }));
        tr.appendChild(td);
      });
      var td = el("td");
      td.appendChild(button(fmt(d.events), function () { filterDyad(d.actor1, d.actor2); },
        { "class": "link count", title: "show these " + d.events + " events (" + d.fatalities + " killed)" }));
      tr.appendChild(td);
      tbody.appendChild(tr);
    });
  }

  function filterDyad(a1, a2) {
    state.f.actor = "";
    state.f.actor1 = a1 || "";
    state.f.actor2 = a2 || "";
    stateToForm();
    apply(true);
  }

  function openActor(name, push) {
    var panel = $("actor-profile");
    state.actorPage = name;
    return getJSON("/stats/actor", filterParams({ name: name })).then(function (p) {
      clear(panel);
      panel.hidden = false;
      panel.dataset.actor = p.actor;
      var head = el("div", { "class": "panel-head" });
      head.appendChild(el("h2", null, p.actor));
      head.appendChild(button("close", function () { panel.hidden = true; }, { "class": "link close", "aria-label": "close the actor page" }));
      panel.appendChild(head);
      panel.appendChild(el("p", null, fmt(p.events) + " events · " + fmt(p.fatalities) + " killed (with the current filters)"));
      var tools = el("p");
      tools.appendChild(button("events as actor 1", function () { filterDyad(p.actor, ""); }));
      tools.appendChild(document.createTextNode(" · "));
      tools.appendChild(button("events as actor 2", function () { filterDyad("", p.actor); }));
      panel.appendChild(tools);
      var small = svg("svg", { "class": "mini-chart", role: "img", "aria-label": "events of " + p.actor + " over time" });
      panel.appendChild(small);
      var tl = p.timeline, data = { bins: tl.bins, size: tl.bin,
        first: tl.bins.length ? dayNumber(tl.bins[0].start) : null,
        last: tl.bins.length ? dayNumber(tl.bins[tl.bins.length - 1].end) : null };
      drawChart(small, data, false);
      panel.appendChild(el("h3", null, "Counterparts"));
      var ul = el("ul", { "class": "counterparts" });
      p.counterparts.forEach(function (c) {
        var li = el("li");
        if (c.actor) {
          li.appendChild(button(c.actor, function () {
            if (c.role === "actor1") { filterDyad(p.actor, c.actor); } else { filterDyad(c.actor, p.actor); }
          }, { title: "show the events of this pair" }));
        } else {
          li.appendChild(document.createTextNode("(no second actor)"));
        }
        li.appendChild(document.createTextNode(" — " + fmt(c.events) + " events, " + fmt(c.fatalities) + " killed (" +
          (c.role === "actor1" ? "as actor 1" : "as actor 2") + ")"));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
      panel.appendChild(el("h3", null, "Places"));
      var ol = el("ul", { "class": "places" });
      p.places.forEach(function (pl) {
        ol.appendChild(el("li", null, [pl.admin1 || "(no admin1)", pl.country || "?"].join(", ") + " — " +
          fmt(pl.events) + " events, " + fmt(pl.fatalities) + " killed"));
      });
      panel.appendChild(ol);
      if (push) { panel.scrollIntoView({ block: "nearest" }); }
    }).catch(function (err) { showError(err.message); });
  }

  // ---------- event panel ----------
  var SHOWN_FIELDS = ["event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "interaction",
    "civilian_targeting", "location", "admin2", "admin1", "country", "latitude", "longitude",
    "geo_precision", "fatalities", "plover_type", "plover_mode", "reported_by", "confidence",
    "source_count", "report_count"];

  function selectEvent(id, centre) {
    state.event = id;
    writeURL(true);
    return openEvent(id, centre);
  }

  function openEvent(id, centre) {
    document.querySelectorAll("#events tbody tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
    var row = document.querySelector('#events tbody tr[data-id="' + CSS.escape(id) + '"]');
    if (row) { row.classList.add("selected"); }
    return getJSON("/events/" + encodeURIComponent(id)).then(function (e) {
      renderEvent(e);
      selectedLayer.clearLayers();
      if (e.latitude !== null && e.longitude !== null) {
        selectedLayer.addLayer(L.circleMarker([e.latitude, e.longitude], {
          radius: 9, weight: 3, className: "selected-event", fill: false, interactive: false }));
        if (centre) {
          moveMap(function () { map.setView([e.latitude, e.longitude], Math.max(map.getZoom(), EVENT_ZOOM), { animate: false }); });
          state.view = { lat: e.latitude, lon: e.longitude, zoom: map.getZoom() };
          writeURL(false);
        }
      }
    }).catch(function (err) {
      var panel = $("event-panel");
      clear(panel);
      panel.appendChild(el("h2", null, "Event"));
      panel.appendChild(el("p", { "class": "hint" }, "could not load event " + id + ": " + err.message));
    });
  }

  function clearEvent() {
    var panel = $("event-panel");
    clear(panel);
    delete panel.dataset.eventId;
    panel.appendChild(el("h2", null, "Event"));
    panel.appendChild(el("p", { "class": "hint" }, "Click a table row, or zoom in and click a point."));
    selectedLayer.clearLayers();
    document.querySelectorAll("#events tbody tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
  }

  function fieldTerm(k) {
    var dt = el("dt", null, k);
    if (glossary[k]) { dt.title = glossary[k].text; dt.classList.add("has-tip"); }
    return dt;
  }

  function renderEvent(e) {
    var panel = $("event-panel");
    clear(panel);
    panel.dataset.eventId = e.event_id_cnty;
    panel.appendChild(el("h2", null, (e.sub_event_type || e.event_type || "Event") + " · " + (e.event_date || "date unknown")));
    var link = el("a", { href: "/?event=" + encodeURIComponent(e.event_id_cnty), "class": "permalink" }, "permalink");
    panel.appendChild(el("p")).appendChild(link);
    var dl = el("dl", { "class": "fields" });
    var coded = e.coded || {};
    SHOWN_FIELDS.forEach(function (k) {
      var v = e[k];
      if (v === null || v === undefined || v === "") { return; }
      dl.appendChild(fieldTerm(k));
      var dd = el("dd", null, v);
      if (Object.prototype.hasOwnProperty.call(coded, k)) {
        dd.classList.add("corrected");
        dd.title = "corrected; coded value: " + String(coded[k]);
        dd.appendChild(document.createTextNode(" (corrected; was " + String(coded[k]) + ")"));
      }
      dl.appendChild(dd);
    });
    panel.appendChild(dl);

    panel.appendChild(el("h3", null, "Sources (" + (e.reports || []).length + ")"));
    (e.reports || []).forEach(function (rep) {
      var box = el("div", { "class": "report", "data-article": rep.article_id });
      box.appendChild(el("div", { "class": "title" }, rep.title || "(untitled)"));
      var meta = el("div", { "class": "meta" });
      meta.appendChild(document.createTextNode([rep.outlet, rep.published].filter(Boolean).join(" · ") + " "));
      var href = safeHttpUrl(rep.url);
      if (href) {
        meta.appendChild(el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, "article"));
      } else if (rep.url) {
        meta.appendChild(el("span", null, "(" + rep.url + ")"));
      }
      box.appendChild(meta);
      var spans = (e.evidence || []).filter(function (v) { return v.article_id === rep.article_id; });
      box.appendChild(highlightedSentence(rep, spans));
      box.appendChild(evidenceList(spans));
      panel.appendChild(box);
    });

    if ((e.corrections || []).length) {
      panel.appendChild(el("h3", null, "Corrections"));
      var ul = el("ul", { "class": "evidence-list" });
      e.corrections.forEach(function (c) {
        ul.appendChild(el("li", null, c.created_at + " " + c.author + ": " + c.field + " " +
          JSON.stringify(c.old_value) + " → " + JSON.stringify(c.new_value) + (c.reason ? " (" + c.reason + ")" : "")));
      });
      panel.appendChild(ul);
    }
  }

  /** The report's sentence as text nodes, evidence spans inside it wrapped in <mark>. */
  function highlightedSentence(rep, spans) {
    var quote = el("blockquote", { "class": "sentence" });
    var sentence = rep.sentence || "";
    var offset = rep.sentence_start || 0;
    var inside = spans.map(function (v) {
      return { a: v.start - offset, b: v.end - offset, field: v.field, text: v.text };
    }).filter(function (s) {
      return s.a >= 0 && s.a < s.b && s.b <= sentence.length && sentence.slice(s.a, s.b) === s.text;
    });
    var cuts = [0, sentence.length];
    inside.forEach(function (s) { cuts.push(s.a, s.b); });
    cuts = cuts.filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (x, y) { return x - y; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = sentence.slice(a, b);
      var fields = inside.filter(function (s) { return s.a <= a && b <= s.b; }).map(function (s) { return s.field; });
      if (fields.length) {
        var mark = el("mark", { "class": "evidence", "data-fields": fields.join(" ") }, piece);
        mark.title = fields.join(", ");
        quote.appendChild(mark);
      } else {
        quote.appendChild(document.createTextNode(piece));
      }
    }
    return quote;
  }

  function evidenceList(spans) {
    var ul = el("ul", { "class": "evidence-list" });
    spans.forEach(function (v) {
      var li = el("li");
      li.appendChild(el("strong", null, v.field + " "));
      li.appendChild(el("code", null, v.text));
      li.appendChild(document.createTextNode(" [" + v.start + ":" + v.end + "]" + (v.note ? " " + v.note : "")));
      ul.appendChild(li);
    });
    return ul;
  }

  // ---------- filter choices, glossary, audit ----------
  function fillSelect(select, values) {
    var keep = select.value;
    while (select.options.length > 1) { select.remove(1); }
    values.forEach(function (v) {
      if (v === null || v === undefined || v === "") { return; }
      select.appendChild(el("option", { value: v }, v));
    });
    if (keep && !values.includes(keep)) { select.appendChild(el("option", { value: keep }, keep)); }
    select.value = keep;
  }

  function loadFilterOptions() {
    var stats = getJSON("/stats").then(function (s) {
      fillSelect($("f-type"), s.by_type.map(function (r) { return r.key; }));
      fillSelect($("f-country"), s.by_country.map(function (r) { return r.key; }));
      showSources(s.sources);
    });
    var actors = getJSON("/actors", { limit: 500, dyads: 0 }).then(function (body) {
      var list = $("actor-list");
      clear(list);
      body.actors.forEach(function (a) { list.appendChild(el("option", { value: a.actor })); });
    });
    return Promise.all([stats, actors, loadAdmin1Options()]);
  }

  function loadAdmin1Options() {  // admin1 choices follow the country
    return getJSON("/stats/places", { country: state.f.country }).then(function (body) {
      var names = body.places.map(function (p) { return p.admin1; }).filter(Boolean);
      fillSelect($("f-admin1"), names.filter(function (v, i) { return names.indexOf(v) === i; }).sort());
    }).catch(function () { /* an unknown country is reported by the main load */ });
  }

  function loadGlossary() {
    return fetch("/static/glossary.json").then(function (r) { return r.json(); }).then(function (g) {
      glossary = g;
      var dl = $("glossary-list");
      clear(dl);
      Object.keys(g).forEach(function (k) {
        dl.appendChild(el("dt", null, g[k].short === k ? k : g[k].short + " (" + k + ")"));
        dl.appendChild(el("dd", null, g[k].text));
      });
      document.querySelectorAll("#events th[data-glossary]").forEach(function (th) {
        var entry = g[th.dataset.glossary];
        if (entry) { th.title = entry.text; th.classList.add("has-tip"); }
      });
    }).catch(function () { glossary = {}; });
  }

  function loadAudit() {
    return getJSON("/stats/audit").then(function (body) {
      var tbody = document.querySelector("#audit tbody");
      clear(tbody);
      body.lines.forEach(function (line) {
        var tr = el("tr");
        tr.appendChild(el("td", null, line.label));
        tr.appendChild(el("td", null, line.key === "events_per_article" ? "mean " + line.mean : line.count));
        tr.appendChild(el("td", null, line.share === null ? "" : (100 * line.share).toFixed(1) + " %"));
        var td = el("td");
        line.ids.forEach(function (id) {
          if (line.key === "skipped_language") { td.appendChild(el("div", null, id)); return; }
          var a = el("a", { href: "/?event=" + encodeURIComponent(id), title: "show this event" }, id);
          a.addEventListener("click", function (ev) { ev.preventDefault(); selectEvent(id, true); });
          td.appendChild(el("div")).appendChild(a);
        });
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
    }).catch(function () { /* the rest of the dashboard works without it */ });
  }

  // ---------- loading everything for the current state ----------
  /** Take the state (filters changed): record it in the URL and reload what depends on it. */
  function apply(push, keepView) {
    if (!keepView) { state.view = null; }
    writeURL(push);
    return refresh(!keepView);
  }

  function refresh(fitMap) {
    var seq = ++loadSeq;
    document.body.dataset.state = "loading";
    setStatus("loading…");
    showError("");
    stateToForm();
    updateExports();
    // map, time chart and dyads: one aggregate request (one scan of the store)
    var overview = getJSON("/stats/overview", filterParams({ dyads: 50 })).then(function (body) {
      if (seq !== loadSeq) { return body; }
      drawPlaces(body.places);
      if (fitMap) { fitPlaces(body.places.places); }
      showTimeline(body.timeline);
      renderDyads(body.dyads);
      return body;
    });
    return Promise.all([overview, loadTable(true)]).then(function (out) {
      if (seq !== loadSeq) { return; }
      var placesBody = out[0].places, page = out[1], total = page ? page.total : 0;
      var symbols = placesBody.places.length;
      var mapped = placesBody.places.reduce(function (n, p) { return n + p.events; }, 0);
      $("no-results").hidden = total !== 0;
      setStatus(fmt(total) + " events · " + fmt(mapped) + " on the map in " + fmt(symbols) + " places",
                { count: total, mapped: mapped, symbols: symbols });
      highlightChart();
      loadEventsInView();
      loadLabels();
      document.body.dataset.state = "ready";
    }).catch(function (err) {
      if (seq !== loadSeq) { return; }
      showError(err.message);
      setStatus("error", { count: "", mapped: "", symbols: "" });
      document.body.dataset.state = "error";
    });
  }

  // ---------- freshness: followed sources, and new events while `strife watch` runs ----------
  var seenState = null;
  var POLL_MS = 30000;

  function showSources(sources) {
    var panel = $("sources-panel");
    panel.hidden = !sources || !sources.length;
    var tbody = document.querySelector("#sources tbody");
    clear(tbody);
    (sources || []).forEach(function (s) {
      var tr = el("tr");
      tr.appendChild(el("td", null, s.source));
      tr.appendChild(el("td", null, s.last_success || "never"));
      tr.appendChild(el("td", null, s.last_error ? (s.last_error_at + ": " + s.last_error) : ""));
      tr.appendChild(el("td", null, String(s.items_24h)));
      tr.appendChild(el("td", null, String(s.events_24h)));
      tbody.appendChild(tr);
    });
  }

  function poll() {
    return getJSON("/events", { limit: 1, evidence: "false", background: "true" }).then(function (body) {
      var now = JSON.stringify([body.total, body.events.length ? body.events[0].event_id_cnty : null]);
      if (seenState !== null && now !== seenState) { refresh(false); }
      seenState = now;
    }).catch(function () { /* the next poll tries again */ });
  }

  function init() {
    state = readURL();
    drawLegend();
    initBrush();
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); formToState(); apply(true); });
    function reset() {
      FILTER_KEYS.forEach(function (k) { state.f[k] = ""; });
      state.event = null;
      clearEvent();
      apply(true);
    }
    $("f-reset").addEventListener("click", reset);
    $("no-results-reset").addEventListener("click", reset);
    ["f-type", "f-admin1"].forEach(function (id) {
      $(id).addEventListener("change", function () { formToState(); apply(true); });
    });
    $("f-country").addEventListener("change", function () {
      formToState();
      state.f.admin1 = "";
      loadAdmin1Options();
      apply(true);
    });
    $("only-in-view").addEventListener("change", function () {
      state.inview = $("only-in-view").checked;
      writeURL(true);
      updateExports();
      loadTable(true);
    });
    document.querySelectorAll("#events th[data-sort] button").forEach(function (b) {
      b.addEventListener("click", function () {
        var key = b.parentNode.dataset.sort;
        if (state.sort === key) { state.sort = "-" + key; } else if (state.sort === "-" + key) { state.sort = key; } else {
          state.sort = DESC_FIRST[key] ? "-" + key : key;
        }
        writeURL(true);
        updateExports();
        loadTable(true).catch(function (err) { showError(err.message); });
      });
    });
    $("next-page").addEventListener("click", function () { pageIndex += 1; loadTable(false); });
    $("prev-page").addEventListener("click", function () { pageIndex = Math.max(0, pageIndex - 1); loadTable(false); });
    window.addEventListener("popstate", function () {
      var before = state;
      state = readURL();
      if (state.view) {
        moveMap(function () { map.setView([state.view.lat, state.view.lon], state.view.zoom, { animate: false }); });
      }
      var same = JSON.stringify(before.f) === JSON.stringify(state.f) && before.sort === state.sort && before.inview === state.inview;
      if (same) {
        stateToForm();
        if (state.event) { openEvent(state.event, false); } else { clearEvent(); }
      } else {
        refresh(!state.view).then(function () { if (state.event) { openEvent(state.event, false); } });
      }
    });
    // the audit reads the whole store (seconds on a million events): only when asked for
    $("audit-panel").addEventListener("toggle", function () {
      if ($("audit-panel").open && !$("audit-panel").dataset.loaded) {
        $("audit-panel").dataset.loaded = "1";
        loadAudit();
      }
    });
    stateToForm();
    getJSON("/config.json").catch(function () { return {}; }).then(function (config) {
      initMap(config || {});
      loadFilterOptions().catch(function () { /* the main load reports errors */ });
      loadGlossary();
      return refresh(true);
    }).then(function () {
      if (state.event) { openEvent(state.event, !state.view); }
      poll();
      setInterval(poll, POLL_MS);
    }).catch(function (err) {
      showError(err.message);
      document.body.dataset.state = "error";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
