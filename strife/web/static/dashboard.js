/* Strife dashboard: map, timeline, filters, event table, event and actor panels.
 *
 * Article text is untrusted: every string from the API reaches the page through
 * textContent / createTextNode, never parsed as HTML.  Links are only made for http(s) URLs.
 */
(function () {
  "use strict";

  var MAX_EVENTS = 10000;   // events drawn at once; the status line says when there are more
  var PAGE = 2000;
  var TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#1f77b4",
    "Riots": "#bcbd22",
    "Strategic developments": "#7f7f7f"
  };
  var OTHER_COLOUR = "#17344d";
  var FILTER_KEYS = ["type", "actor", "country", "admin1", "text", "since", "until"];

  var map, clusters, events = [], markersById = {}, selectedId = null, loadSeq = 0;

  // ---------- small helpers ----------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function $(id) { return document.getElementById(id); }

  function getJSON(path, params) {
    var qs = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== undefined && v !== null && v !== "") { qs.set(k, v); }
    });
    var url = path + (qs.toString() ? "?" + qs.toString() : "");
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var detail = body && body.detail ? JSON.stringify(body.detail) : r.statusText;
            throw new Error(r.status + " " + detail);
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
  function radiusFor(fatalities) { return Math.min(22, 5 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0))); }

  function filters() {
    var f = {};
    FILTER_KEYS.forEach(function (k) { f[k] = $("f-" + k).value.trim(); });
    return f;
  }

  function setStatus(text, attrs) {
    var s = $("status");
    s.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { s.dataset[k] = String(attrs[k]); });
  }

  // ---------- map ----------
  function initMap(config) {
    map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([30, 40], 4);
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { maxZoom: 19, attribution: "tiles: configured tile server" }).addTo(map);
    }
    fetch("/static/vendor/world-atlas/countries-110m.json")
      .then(function (r) { return r.json(); })
      .then(function (topo) {
        var countries = topojson.feature(topo, topo.objects.countries);
        L.geoJSON(countries, {
          interactive: false,
          style: { color: "#8796a5", weight: 0.8, fillColor: "#f7f4ea", fillOpacity: config.tile_url ? 0 : 1 }
        }).addTo(map).bringToBack();
      })
      .catch(function () { /* the map still works without outlines */ });
    clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 40 });
    map.addLayer(clusters);
    map.on("moveend", function () { if ($("only-in-view").checked) { renderTable(); } });
    map.attributionControl.addAttribution("Natural Earth");
  }

  function drawMarkers() {
    clusters.clearLayers();
    markersById = {};
    var layers = [], points = [];
    events.forEach(function (e) {
      if (e.latitude === null || e.longitude === null || e.latitude === undefined) { return; }
      var m = L.circleMarker([e.latitude, e.longitude], {
        radius: radiusFor(e.fatalities), color: "#222", weight: 1,
        fillColor: colourFor(e.event_type), fillOpacity: 0.85
      });
      var tip = el("div", { "class": "marker-tip" });
      tip.appendChild(el("strong", null, (e.event_date || "?") + " " + (e.sub_event_type || e.event_type || "")));
      tip.appendChild(el("div", null, [e.location, e.admin1, e.country].filter(Boolean).join(", ")));
      tip.appendChild(el("div", null, (e.fatalities || 0) + " killed"));
      m.bindTooltip(tip);
      m.on("click", function () { openEvent(e.event_id_cnty, false); });
      markersById[e.event_id_cnty] = m;
      layers.push(m);
      points.push([e.latitude, e.longitude]);
    });
    clusters.addLayers(layers);
    if (points.length) {  // from the points: chunked loading fills the cluster group later
      map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 8 });
    }
    return layers.length;
  }

  function drawLegend() {
    var box = $("legend");
    clear(box);
    Object.keys(TYPE_COLOURS).concat(["other"]).forEach(function (t) {
      var item = el("span", { "class": "legend-item" });
      var sw = el("span", { "class": "swatch" });
      sw.style.backgroundColor = t === "other" ? OTHER_COLOUR : TYPE_COLOURS[t];
      item.appendChild(sw);
      item.appendChild(document.createTextNode(t));
      box.appendChild(item);
    });
    box.appendChild(el("span", null, "· marker size: fatalities"));
  }

  // ---------- table ----------
  function renderTable() {
    var body = document.querySelector("#events tbody");
    clear(body);
    var bounds = $("only-in-view").checked ? map.getBounds() : null;
    var rows = 0;
    events.forEach(function (e) {
      if (bounds && (e.latitude === null || !bounds.contains([e.latitude, e.longitude]))) { return; }
      var tr = el("tr", { "data-id": e.event_id_cnty });
      [e.event_date, e.event_type, e.sub_event_type, e.actor1, e.actor2, e.location, e.admin1,
       e.country, e.fatalities, e.source_count].forEach(function (v) {
        tr.appendChild(el("td", null, v === null || v === undefined ? "" : v));
      });
      if (e.event_id_cnty === selectedId) { tr.classList.add("selected"); }
      tr.addEventListener("click", function () { openEvent(e.event_id_cnty, true); });
      body.appendChild(tr);
      rows += 1;
    });
    $("status").dataset.rows = String(rows);
    return rows;
  }

  function selectRow(id) {
    document.querySelectorAll("#events tbody tr.selected").forEach(function (tr) { tr.classList.remove("selected"); });
    var row = document.querySelector('#events tbody tr[data-id="' + CSS.escape(id) + '"]');
    if (row) {
      row.classList.add("selected");
      var pane = $("table-pane");  // scroll the table only, never the page
      if (row.offsetTop < pane.scrollTop || row.offsetTop > pane.scrollTop + pane.clientHeight - row.offsetHeight) {
        pane.scrollTop = Math.max(0, row.offsetTop - pane.clientHeight / 2);
      }
    }
  }

  // ---------- loading events ----------
  function loadEvents() {
    var seq = ++loadSeq;
    var params = filters();
    params.limit = PAGE;
    params.evidence = "false";
    params.count = "true";
    document.body.dataset.state = "loading";
    setStatus("loading…");
    var collected = [], total = 0;

    function page(cursor) {
      var p = Object.assign({}, params);
      if (cursor) { p.cursor = cursor; delete p.count; }
      return getJSON("/events", p).then(function (body) {
        if (seq !== loadSeq) { return null; }
        if (body.count !== undefined) { total = body.count; }
        collected = collected.concat(body.events);
        if (body.next_cursor && collected.length < MAX_EVENTS) { return page(body.next_cursor); }
        return collected;
      });
    }

    return page(null).then(function (list) {
      if (list === null) { return; }
      events = list;
      var markers = drawMarkers();
      var rows = renderTable();
      var text = total + " events" + (total > events.length ? " (showing " + events.length + ")" : "") +
        " · " + markers + " on the map";
      setStatus(text, { count: total, loaded: events.length, markers: markers, rows: rows });
      highlightTimeline();
      document.body.dataset.state = "ready";
    }).catch(function (err) {
      setStatus("error: " + err.message, { count: "", markers: "", rows: "" });
      document.body.dataset.state = "error";
    });
  }

  // ---------- timeline ----------
  var timeline = { days: [], first: null, last: null, brush: null };

  function dayNumber(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000); }
  function isoOf(dayNum) { return new Date(dayNum * 86400000).toISOString().slice(0, 10); }

  function loadTimeline() {
    var f = filters();
    delete f.since;
    delete f.until;
    return getJSON("/stats", f).then(function (stats) {
      timeline.days = stats.by_day.filter(function (d) { return d.key; });
      timeline.first = stats.first_date ? dayNumber(stats.first_date) : null;
      timeline.last = stats.last_date ? dayNumber(stats.last_date) : null;
      drawTimeline();
    });
  }

  function drawTimeline() {
    var box = $("timeline");
    clear(box);
    $("t-first").textContent = timeline.first === null ? "" : isoOf(timeline.first);
    $("t-last").textContent = timeline.last === null ? "" : isoOf(timeline.last);
    if (timeline.first === null) { return; }
    var span = Math.max(1, timeline.last - timeline.first + 1);
    var width = 1000 / span;
    var max = Math.max.apply(null, timeline.days.map(function (d) { return d.events; }).concat([1]));
    timeline.days.forEach(function (d) {
      var n = dayNumber(d.key);
      var h = Math.max(1, 86 * d.events / max);
      var bar = svg("rect", {
        "class": "bar", x: ((n - timeline.first) * 1000 / span).toFixed(2), y: (90 - h).toFixed(2),
        width: Math.max(0.8, width - 0.6).toFixed(2), height: h.toFixed(2), "data-day": d.key
      });
      var title = svg("title", {});
      title.textContent = d.key + ": " + d.events + " events, " + d.fatalities + " killed";
      bar.appendChild(title);
      box.appendChild(bar);
    });
    timeline.brush = svg("rect", { "class": "brush", x: 0, y: 0, width: 0, height: 90 });
    box.appendChild(timeline.brush);
    highlightTimeline();
  }

  function xToDay(clientX) {
    var r = $("timeline").getBoundingClientRect();
    var frac = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return timeline.first + Math.round(frac * (timeline.last - timeline.first));
  }

  function dayToX(n) {
    var span = Math.max(1, timeline.last - timeline.first + 1);
    return (n - timeline.first) * 1000 / span;
  }

  function highlightTimeline() {
    if (!timeline.brush || timeline.first === null) { return; }
    var since = $("f-since").value, until = $("f-until").value;
    var a = since ? dayNumber(since) : null, b = until ? dayNumber(until) : null;
    document.querySelectorAll("#timeline rect.bar").forEach(function (bar) {
      var n = dayNumber(bar.getAttribute("data-day"));
      bar.classList.toggle("in", (a !== null || b !== null) && (a === null || n >= a) && (b === null || n <= b));
    });
    if (a === null && b === null) {
      timeline.brush.setAttribute("width", 0);
      return;
    }
    var x0 = dayToX(a === null ? timeline.first : a), x1 = dayToX((b === null ? timeline.last : b) + 1);
    timeline.brush.setAttribute("x", x0.toFixed(2));
    timeline.brush.setAttribute("width", Math.max(1, x1 - x0).toFixed(2));
  }

  function initBrush() {
    var box = $("timeline"), start = null;
    box.addEventListener("mousedown", function (ev) {
      if (timeline.first === null) { return; }
      start = xToDay(ev.clientX);
      ev.preventDefault();
    });
    window.addEventListener("mousemove", function (ev) {
      if (start === null) { return; }
      var now = xToDay(ev.clientX);
      $("f-since").value = isoOf(Math.min(start, now));
      $("f-until").value = isoOf(Math.max(start, now));
      highlightTimeline();
    });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) { return; }
      var end = xToDay(ev.clientX);
      $("f-since").value = isoOf(Math.min(start, end));
      $("f-until").value = isoOf(Math.max(start, end));
      start = null;
      loadEvents();
    });
    box.addEventListener("dblclick", function () {
      $("f-since").value = "";
      $("f-until").value = "";
      loadEvents();
    });
  }

  // ---------- event panel ----------
  var SHOWN_FIELDS = ["event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "interaction",
    "civilian_targeting", "location", "admin2", "admin1", "country", "latitude", "longitude",
    "geo_precision", "fatalities", "plover_type", "plover_mode", "reported_by", "confidence",
    "source_count", "report_count"];

  function openEvent(id, fromTable) {
    selectedId = id;
    selectRow(id);
    var m = markersById[id];
    if (m && fromTable) {
      map.once("moveend", function () {
        if (clusters.getVisibleParent(m) === m) { m.openTooltip(); }
      });
      map.setView(m.getLatLng(), Math.max(map.getZoom(), 6));
    }
    return getJSON("/events/" + encodeURIComponent(id)).then(renderEvent).catch(function (err) {
      var panel = $("event-panel");
      clear(panel);
      panel.appendChild(el("h2", null, "Event"));
      panel.appendChild(el("p", { "class": "hint" }, "could not load: " + err.message));
    });
  }

  function renderEvent(e) {
    var panel = $("event-panel");
    clear(panel);
    panel.dataset.eventId = e.event_id_cnty;
    panel.appendChild(el("h2", null, (e.sub_event_type || e.event_type || "Event") + " · " + (e.event_date || "date unknown")));
    var dl = el("dl", { "class": "fields" });
    var coded = e.coded || {};
    SHOWN_FIELDS.forEach(function (k) {
      var v = e[k];
      if (v === null || v === undefined || v === "") { return; }
      dl.appendChild(el("dt", null, k));
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
        var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer nofollow" }, "article");
        meta.appendChild(a);
      } else if (rep.url) {
        meta.appendChild(el("span", null, "(" + rep.url + ")"));
      }
      box.appendChild(meta);
      var spans = (e.evidence || []).filter(function (v) { return v.article_id === rep.article_id; });
      box.appendChild(highlightedSentence(rep, spans));
      box.appendChild(evidenceList(rep, spans));
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
      var fields = inside.filter(function (s) { return s.a <= a && b <= s.b; })
        .map(function (s) { return s.field; });
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

  function evidenceList(rep, spans) {
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

  // ---------- filters and actor panel ----------
  function fillSelect(select, values) {
    var keep = select.value;
    while (select.options.length > 1) { select.remove(1); }
    values.forEach(function (v) {
      if (v === null || v === undefined || v === "") { return; }
      var o = el("option", { value: v }, v);
      select.appendChild(o);
    });
    select.value = keep;
  }

  function loadFilterOptions() {
    var stats = getJSON("/stats").then(function (s) {
      fillSelect($("f-type"), s.by_type.map(function (r) { return r.key; }));
      fillSelect($("f-country"), s.by_country.map(function (r) { return r.key; }));
      fillSelect($("f-admin1"), s.by_admin1.map(function (r) { return r.key; }).sort());
    });
    var actors = getJSON("/actors", { limit: 500, dyads: 100 }).then(function (body) {
      var list = $("actor-list");
      clear(list);
      body.actors.forEach(function (a) { list.appendChild(el("option", { value: a.actor })); });
      var tbody = document.querySelector("#dyads tbody");
      clear(tbody);
      body.dyads.forEach(function (d) {
        var tr = el("tr");
        tr.appendChild(el("td", null, d.actor1));
        tr.appendChild(el("td", null, d.actor2));
        tr.appendChild(el("td", null, d.events));
        tr.title = "filter on " + d.actor1;
        tr.addEventListener("click", function () { $("f-actor").value = d.actor1; refresh(); });
        tbody.appendChild(tr);
      });
    });
    return Promise.all([stats, actors, loadAudit()]);
  }

  // ---------- data quality (the figures of `strife audit`) ----------
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
          var a = el("a", { href: "#", title: "show this event" }, id);
          a.addEventListener("click", function (ev) { ev.preventDefault(); openEvent(id, true); });
          td.appendChild(el("div", null, "")).appendChild(a);
        });
        tr.appendChild(td);
        tbody.appendChild(tr);
      });
    }).catch(function () { /* the rest of the dashboard works without it */ });
  }

  function refresh() {
    return Promise.all([loadTimeline(), loadEvents()]);
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
    return getJSON("/stats").then(function (s) {
      showSources(s.sources);
      var now = JSON.stringify([s.events, s.fatalities, (s.sources || []).map(function (x) { return x.items_24h; })]);
      if (seenState !== null && now !== seenState) { refresh(); }
      seenState = now;
    }).catch(function () { /* the next poll tries again */ });
  }

  function init() {
    drawLegend();
    initBrush();
    $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); refresh(); });
    $("f-reset").addEventListener("click", function () {
      FILTER_KEYS.forEach(function (k) { $("f-" + k).value = ""; });
      refresh();
    });
    ["f-type", "f-admin1"].forEach(function (id) {
      $(id).addEventListener("change", refresh);
    });
    $("f-country").addEventListener("change", function () {
      // admin1 choices follow the country
      $("f-admin1").value = "";
      getJSON("/stats", { country: $("f-country").value }).then(function (s) {
        fillSelect($("f-admin1"), s.by_admin1.map(function (r) { return r.key; }).sort());
      });
      refresh();
    });
    $("only-in-view").addEventListener("change", renderTable);
    getJSON("/config.json").catch(function () { return {}; }).then(function (config) {
      initMap(config || {});
      return loadFilterOptions();
    }).then(refresh).then(function () {
      poll();
      setInterval(poll, POLL_MS);
    }).catch(function (err) {
      setStatus("error: " + err.message);
      document.body.dataset.state = "error";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
