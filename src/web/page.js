/* incmap's interactive briefing page: reads the data element written by src/web/
 * (incidents, links, regions, style, basemap) and builds the map (Leaflet), the
 * incident card, the timeline with its brush, the type and region toggles, the search
 * box and the table with its CSV export.
 *
 * Safety: every string from a report reaches the document as text (textContent,
 * createTextNode, attribute values set one by one); this file never parses markup
 * (tools/embed_web.py refuses it if it tries). The page loads nothing: the basemap is
 * the embedded GeoJSON, the symbols are SVG built here.
 *
 * Filtering: an incident is shown when its type is on, it lies in a region that is on
 * (or in none of the listed regions while "elsewhere" is on), every search word occurs
 * in its places or actors, and -- when a period is brushed -- its date (the first day
 * of what the date knows: a month stands for its first day) falls in the period;
 * undated incidents are hidden while a period is brushed.
 */
(function () {
  'use strict';
  var marks = {start: performance.now()};   /* ms from navigation, for the benchmark */
  var D = JSON.parse(document.getElementById('incmap-data').textContent);
  marks.parsed = performance.now();
  var lib = window.incmapLib;
  var MM = lib.MM, DAY = lib.DAY, el = lib.el, svg = lib.svg, clear = lib.clear;
  var dateStart = lib.dateStart, iso = lib.iso, TIME_PREC = lib.TIME_PREC, GEO_PREC = lib.GEO_PREC;
  var cell = lib.cell;
  function symbol(cls, sizeMm, geoPrec, unknown) { return lib.symbol(S, cls, sizeMm, geoPrec, unknown); }
  function clusterIcon(n) { return lib.clusterIcon(n, RADIUS - 6); }
  var S = D.style, B = D.basemap, BS = B.style;
  /* incidents travel as rows under one list of field names: objects again here */
  var FIELDS = D.incidents.fields;
  var incs = D.incidents.rows.map(function (r) {
    var o = {};
    for (var k = 0; k < FIELDS.length; k++) o[FIELDS[k]] = r[k];
    return o;
  });
  /* ---- the incidents, prepared once ------------------------------------------ */
  var regions = D.regions.map(function (r) {
    var set = {};
    r.countries.split(' ').forEach(function (c) { set[c] = true; });
    return {name: r.name, title: r.title, bbox: r.bbox, has: set, on: true};
  });
  var elsewhereOn = true;
  incs.forEach(function (e, i) {
    e._i = i;
    e._t = dateStart(e.event_date);
    e._xy = e.latitude === null ? null : L.CRS.EPSG3857.latLngToPoint(L.latLng(e.latitude, e.longitude), 0);
    e._hay = [e.location, e.admin2, e.admin1, e.country, e.place_txt, e.actor1, e.actor2,
              e.assoc_act1].join('\n').toLowerCase();
    e._regions = [];
    regions.forEach(function (r, k) { if (r.has[e.iso2]) e._regions.push(k); });
  });
  var typeOn = S.classes.map(function () { return true; });
  var query = [];
  var range = null;            /* [from, to) in ms, or null */
  var selected = null;

  function passExceptTime(e) {
    if (!typeOn[e.cls]) return false;
    if (e._regions.length) {
      var any = false;
      for (var k = 0; k < e._regions.length; k++) if (regions[e._regions[k]].on) { any = true; break; }
      if (!any) return false;
    } else if (!elsewhereOn) {
      return false;
    }
    for (var q = 0; q < query.length; q++) if (e._hay.indexOf(query[q]) < 0) return false;
    return true;
  }
  function inRange(e) { return !range || (e._t !== null && e._t >= range[0] && e._t < range[1]); }
  function pass(e) { return passExceptTime(e) && inRange(e); }

  /* ---- the map and its basemap ------------------------------------------------ */
  var map = L.map('map', {preferCanvas: true, attributionControl: false, minZoom: 1, maxZoom: 13,
                          worldCopyJump: false, zoomSnap: 0.5});
  var canvas = L.canvas({padding: 0.5});
  function lineStyle(colour, mm, extra) {
    var o = {renderer: canvas, interactive: false, smoothFactor: 1.5, color: colour,
             weight: Math.max(mm * MM, 0.5),
             fill: false, opacity: 1};
    for (var k in extra) if (Object.prototype.hasOwnProperty.call(extra, k)) o[k] = extra[k];
    return o;
  }
  L.geoJSON(B.countries, {style: function (f) {
    var focus = f.properties.focus;
    return {renderer: canvas, interactive: false, smoothFactor: 1.5,
            fillColor: focus ? BS.focus : BS.land, fillOpacity: 1,
            color: focus ? BS.focus_border : BS.border,
            weight: Math.max((focus ? BS.focus_border_mm : BS.border_mm) * MM, 0.5)};
  }}).addTo(map);
  L.geoJSON(B.provinces, {style: function () { return lineStyle(BS.province, BS.province_mm); }}).addTo(map);
  L.geoJSON(B.disputed, {style: function () { return lineStyle('#ffffff', 0.45); }}).addTo(map);
  L.geoJSON(B.disputed, {style: function () {
    return lineStyle(BS.disputed, BS.disputed_mm, {dashArray: (1.2 * MM).toFixed(1) + ' ' + (0.8 * MM).toFixed(1)});
  }}).addTo(map);

  marks.basemap = performance.now();
  /* credits in the map's corner, as text */
  var Credit = L.Control.extend({options: {position: 'bottomright'}, onAdd: function () {
    return el('div', 'im-credit', 'Leaflet | Natural Earth | GeoNames CC BY 4.0');
  }});
  map.addControl(new Credit());
  L.control.scale({imperial: false}).addTo(map);

  /* ---- links as arrows (render/links.c: curved, origin left and route right) -- */
  var LINK_COLOUR = {origin: 'rgb(41,77,115)', route: 'rgb(77,77,77)'};
  var linkLayer = L.layerGroup().addTo(map);
  var idIndex = {};
  incs.forEach(function (e) { if (e.event_id) idIndex[e.event_id] = e; });
  var links = D.links.map(function (l) {
    var a = L.CRS.EPSG3857.latLngToPoint(L.latLng(l.from[0], l.from[1]), 0);
    var b = L.CRS.EPSG3857.latLngToPoint(L.latLng(l.to[0], l.to[1]), 0);
    var dx = b.x - a.x, dy = b.y - a.y, side = l.kind === 'route' ? -1 : 1;
    var cx = (a.x + b.x) / 2 + side * dy / 5, cy = (a.y + b.y) / 2 - side * dx / 5;
    var pts = [];
    for (var i = 0; i <= 24; i++) {
      var t = i / 24, u = 1 - t;
      pts.push(L.CRS.EPSG3857.pointToLatLng(L.point(u * u * a.x + 2 * u * t * cx + t * t * b.x,
                                                    u * u * a.y + 2 * u * t * cy + t * t * b.y), 0));
    }
    /* the head points along the curve's last stretch; Mercator keeps angles, so one
     * angle serves every zoom */
    var angle = Math.atan2(b.y - cy, b.x - cx) * 180 / Math.PI;
    return {l: l, pts: pts, angle: angle, e: l.event_id ? idIndex[l.event_id] : null};
  });
  function drawLinks() {
    linkLayer.clearLayers();
    links.forEach(function (k) {
      if (k.e && !pass(k.e)) return;
      var colour = LINK_COLOUR[k.l.kind] || LINK_COLOUR.route;
      L.polyline(k.pts, {interactive: false, color: '#ffffff', opacity: 0.55, weight: 0.75 * MM}).addTo(linkLayer);
      L.polyline(k.pts, {interactive: false, color: colour, opacity: 0.8, weight: 0.32 * MM,
                         dashArray: k.l.kind === 'route' ? (1.4 * MM) + ' ' + (0.9 * MM) : null}).addTo(linkLayer);
      var s = svg('svg', {width: 16, height: 16, viewBox: '0 0 16 16'});
      s.appendChild(svg('polygon', {points: '16,8 2,2 2,14', fill: colour, stroke: '#ffffff', 'stroke-width': 1}));
      s.style.transform = 'rotate(' + k.angle.toFixed(1) + 'deg)';
      var head = L.marker(k.pts[k.pts.length - 1], {interactive: false, keyboard: false,
        icon: L.divIcon({className: 'im-arrowhead', html: s, iconSize: [16, 16], iconAnchor: [16, 8]})});
      head.addTo(linkLayer);
      var title = (k.l.kind || 'link') + ': ' + (k.l.from_name || '') + ' \u2192 ' + (k.l.to_name || '');
      s.appendChild(svg('title', {})).textContent = title;
    });
  }

  /* ---- clusters that split on zoom ----------------------------------------------
   * Greedy, in screen pixels at the current zoom: the incidents with the most
   * fatalities first, each gathering the not yet gathered ones within RADIUS (found
   * through a grid of RADIUS-sized cells). Zooming in spreads them, and they split. */
  var RADIUS = 48;
  var markerLayer = L.layerGroup().addTo(map);
  var bySeverity = incs.filter(function (e) { return e._xy; }).sort(function (a, b) {
    return (b.fatalities || 0) - (a.fatalities || 0) || a._i - b._i;
  });
  function drawMarkers() {
    markerLayer.clearLayers();
    var z = map.getZoom(), scale = Math.pow(2, z);
    var view = map.getPixelBounds(), w = view.max.x - view.min.x, h = view.max.y - view.min.y;
    var x0 = view.min.x - w, x1 = view.max.x + w, y0 = view.min.y - h, y1 = view.max.y + h;
    var pts = [], grid = {};
    for (var i = 0; i < bySeverity.length; i++) {
      var e = bySeverity[i];
      if (!pass(e)) continue;
      var x = e._xy.x * scale, y = e._xy.y * scale;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      var p = {e: e, x: x, y: y, taken: false};
      var key = Math.floor(x / RADIUS) + ':' + Math.floor(y / RADIUS);
      (grid[key] || (grid[key] = [])).push(p);
      pts.push(p);
    }
    var order = [];
    pts.forEach(function (p) {
      if (p.taken) return;
      p.taken = true;
      var c = {m: [p.e], sx: p.e._xy.x, sy: p.e._xy.y};
      var gx = Math.floor(p.x / RADIUS), gy = Math.floor(p.y / RADIUS);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var cell = grid[(gx + dx) + ':' + (gy + dy)];
          if (!cell) continue;
          for (var k = 0; k < cell.length; k++) {
            var q = cell[k];
            if (q.taken || (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) > RADIUS * RADIUS) continue;
            q.taken = true;
            c.m.push(q.e); c.sx += q.e._xy.x; c.sy += q.e._xy.y;
          }
        }
      }
      order.push(c);
    });
    var shown = 0;
    order.forEach(function (c) {
      var n = c.m.length, icon, mk;
      shown += n;
      if (n === 1) {
        var e = c.m[0];
        icon = symbol(e.cls, e.size_mm, e.geo_prec, e.fatalities === null);
        mk = L.marker([e.latitude, e.longitude], {keyboard: true, riseOnHover: true,
          icon: L.divIcon({className: 'im-marker im-incident' + (selected === e ? ' im-selected' : ''),
                           html: icon.el, iconSize: [icon.box, icon.box]})});
        mk.on('click', function () { select(e, false); });
        mk.on('add', function () {
          var node = mk.getElement();
          node.setAttribute('data-n', '1');
          node.setAttribute('data-id', String(e._i));
          node.setAttribute('aria-label', (e.location || 'incident') + ', ' + (e.event_date || 'undated'));
        });
      } else {
        icon = clusterIcon(n);
        var at = L.CRS.EPSG3857.pointToLatLng(L.point(c.sx / n, c.sy / n), 0);
        mk = L.marker(at, {keyboard: true, riseOnHover: true,
          icon: L.divIcon({className: 'im-marker im-cluster', html: icon.el, iconSize: [icon.box, icon.box]})});
        mk.on('click', function () { openCluster(c.m); });
        mk.on('add', function () {
          var node = mk.getElement();
          node.setAttribute('data-n', String(n));
          node.setAttribute('aria-label', n + ' incidents');
        });
      }
      mk.addTo(markerLayer);
    });
    markerLayer.shown = shown;
  }
  function boundsOf(list) {
    var b = L.latLngBounds([]);
    list.forEach(function (e) { if (e._xy) b.extend([e.latitude, e.longitude]); });
    return b;
  }
  function openCluster(members) {
    var b = boundsOf(members);
    var spread = b.getNorthEast().distanceTo(b.getSouthWest());
    if (map.getZoom() < map.getMaxZoom() && spread > 1) {
      map.fitBounds(b.pad(0.3), {maxZoom: Math.max(map.getZoom() + 1, Math.min(map.getMaxZoom(), map.getBoundsZoom(b)))});
      return;
    }
    /* together at one spot: list them in the card */
    var card = document.getElementById('card');
    clear(card);
    card.appendChild(el('h3', null, members.length + ' incidents at ' + (members[0].location || 'one place')));
    var ul = el('ul', 'im-members');
    members.forEach(function (e) {
      var b2 = el('button', 'linklike', (e.event_date || 'undated') + ' \u2014 ' + (e.sub_type || e.event_type || 'incident'));
      b2.type = 'button';
      b2.addEventListener('click', function () { select(e, false); });
      var li = el('li');
      li.appendChild(b2);
      ul.appendChild(li);
    });
    card.appendChild(ul);
  }

  /* ---- the incident card ------------------------------------------------------- */
  function row(dl, label, value) {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', null, label));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function count(v) { return v === null ? 'not stated' : String(v); }
  /* The report's sentence with the place shown as <mark>: text nodes only. */
  function sentence(e) {
    var q = el('blockquote', 'im-sentence');
    var text = e.notes || '', needle = e.place_txt || e.location || '';
    var at = needle ? text.toLowerCase().indexOf(needle.toLowerCase()) : -1;
    if (at < 0) { q.textContent = text; return q; }
    q.appendChild(document.createTextNode(text.slice(0, at)));
    q.appendChild(el('mark', null, text.slice(at, at + needle.length)));
    q.appendChild(document.createTextNode(text.slice(at + needle.length)));
    return q;
  }
  function select(e, pan) {
    selected = e;
    var card = document.getElementById('card');
    clear(card);
    var k = S.classes[e.cls];
    var h = el('h3');
    var sw = symbol(e.cls, Math.min(e.size_mm, 5), e.geo_prec, e.fatalities === null).el;
    sw.setAttribute('aria-hidden', 'true');
    h.appendChild(sw);
    h.appendChild(document.createTextNode(' ' + (e.location || 'Unplaced incident')));
    card.appendChild(h);
    var dl = el('dl');
    row(dl, 'Date', (e.event_date || 'undated') + (e.event_date ? ' (' + (TIME_PREC[e.time_prec] || 'precision unknown') + ')' : ''));
    row(dl, 'Type', e.event_type || k.label);
    row(dl, 'Sub-type', e.sub_type);
    row(dl, 'Fatalities', count(e.fatalities));
    row(dl, 'Injuries', count(e.injuries));
    var actors = [e.actor1, e.assoc_act1, e.actor2].filter(function (a) { return a; });
    row(dl, 'Actors', actors.join('; '));
    var place = [e.location, e.admin2, e.admin1, e.country].filter(function (a, i, all) {
      return a && all.indexOf(a) === i;
    }).join(', ');
    row(dl, 'Place', place ? place + (e.geo_prec ? ' (' + (GEO_PREC[e.geo_prec] || '') + ')' : '') : 'not placed');
    if (e.latitude !== null) row(dl, 'Coordinates', e.latitude.toFixed(4) + ', ' + e.longitude.toFixed(4));
    card.appendChild(dl);
    if (e.notes) card.appendChild(sentence(e));
    var src = el('dl', 'im-source');
    row(src, 'Paragraph', e.para > 0 ? e.para : null);
    row(src, 'Source', e.source || e.doc_id);
    row(src, 'Event id', e.event_id);
    card.appendChild(src);
    card.setAttribute('data-id', String(e._i));
    document.getElementById('side').scrollTop = 0;
    if (pan && e._xy) map.setView([e.latitude, e.longitude], Math.max(map.getZoom(), 7));
    drawMarkers();
  }

  /* ---- toggles: event types and regions, with zoom presets ---------------------- */
  function toggle(list, label, swatch, checked, onChange, extra) {
    var li = el('li'), lab = el('label'), box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', function () { onChange(box.checked); });
    lab.appendChild(box);
    if (swatch) lab.appendChild(swatch);
    lab.appendChild(document.createTextNode(' ' + label));
    li.appendChild(lab);
    if (extra) li.appendChild(extra);
    list.appendChild(li);
    return box;
  }
  var typeCounts = S.classes.map(function () { return 0; });
  incs.forEach(function (e) { typeCounts[e.cls]++; });
  var typeList = document.querySelector('#types ul');
  S.classes.forEach(function (k, i) {
    if (!typeCounts[i]) return;
    var sw = symbol(i, 3, 1, false).el;
    sw.setAttribute('aria-hidden', 'true');
    var box = toggle(typeList, k.label + ' (' + typeCounts[i] + ')', sw, true, function (on) {
      typeOn[i] = on; update();
    });
    box.setAttribute('data-type', String(i));
  });
  function zoomButton(label, fn) {
    var b = el('button', 'zoom', label);
    b.type = 'button';
    b.title = 'Zoom to ' + label;
    b.addEventListener('click', fn);
    return b;
  }
  var regionList = document.querySelector('#regions ul');
  regions.forEach(function (r) {
    var z = zoomButton('zoom', function () {
      map.fitBounds([[r.bbox[1], r.bbox[0]], [r.bbox[3], r.bbox[2]]]);
    });
    z.setAttribute('data-region', r.name);
    toggle(regionList, r.title, null, true, function (on) { r.on = on; update(); }, z);
  });
  if (incs.some(function (e) { return !e._regions.length; }) && regions.length)
    toggle(regionList, 'Elsewhere', null, true, function (on) { elsewhereOn = on; update(); });
  var all = zoomButton('all incidents', function () { fitAll(); });
  all.id = 'zoom-all';
  var li = el('li');
  li.appendChild(all);
  regionList.appendChild(li);

  var timer = null;
  document.getElementById('search').addEventListener('input', function (ev) {
    var v = ev.target.value;
    clearTimeout(timer);
    timer = setTimeout(function () {
      query = v.toLowerCase().split(/\s+/).filter(function (w) { return w; });
      update();
    }, 120);
  });

  /* ---- the timeline: a histogram whose brush sets the period ------------------- */
  var dated = incs.filter(function (e) { return e._t !== null; });
  var hist = document.getElementById('hist');
  var tmin = Infinity, tmax = -Infinity;
  dated.forEach(function (e) { if (e._t < tmin) tmin = e._t; if (e._t > tmax) tmax = e._t; });
  var bins = [];
  var byMonth = dated.length && tmax - tmin > 180 * DAY;
  if (dated.length) {
    var t = tmin, d0 = new Date(tmin);
    if (byMonth) t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), 1);
    else t = tmin - ((d0.getUTCDay() + 6) % 7) * DAY;   /* weeks from Monday */
    while (t <= tmax) {
      var d1 = new Date(t), next = byMonth ? Date.UTC(d1.getUTCFullYear(), d1.getUTCMonth() + 1, 1) : t + 7 * DAY;
      bins.push([t, next]);
      t = next;
    }
  }
  function binOf(t) {
    var lo = 0, hi = bins.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (bins[mid][0] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }
  var HW = 0, HH = 90, PAD = 4, brushEl = null, drag = null;
  function drawHist() {
    if (!HW) HW = hist.clientWidth || 800;
    clear(hist);
    hist.setAttribute('viewBox', '0 0 ' + HW + ' ' + HH);
    if (!bins.length) {
      var none = svg('text', {x: 8, y: HH / 2, fill: '#555'});
      none.textContent = 'No dated incidents.';
      hist.appendChild(none);
      return;
    }
    var counts = bins.map(function () { return 0; }), counts2 = counts.slice();
    dated.forEach(function (e) {
      if (!passExceptTime(e)) return;
      var b = binOf(e._t);
      counts[b]++;
      if (inRange(e)) counts2[b]++;
    });
    var max = Math.max.apply(null, counts.concat([1]));
    var bw = (HW - 2 * PAD) / bins.length;
    hist.appendChild(svg('line', {x1: PAD, x2: HW - PAD, y1: HH - 16, y2: HH - 16, stroke: '#999'}));
    bins.forEach(function (b, i) {
      var hgt = (HH - 22) * counts[i] / max, x = PAD + i * bw;
      var r = svg('rect', {x: x + 0.5, y: HH - 16 - hgt, width: Math.max(bw - 1, 0.5), height: hgt,
                           fill: range && !counts2[i] ? '#c9c9c9' : '#4d6f8f'});
      r.appendChild(svg('title', {})).textContent = iso(b[0]) + ': ' + counts[i];
      hist.appendChild(r);
    });
    /* a label at each year (months) or every few weeks */
    var last = -1e9;
    bins.forEach(function (b, i) {
      var x = PAD + i * bw, d = new Date(b[0]);
      var label = byMonth ? (d.getUTCMonth() === 0 || i === 0 ? String(d.getUTCFullYear()) : null) : iso(b[0]).slice(5);
      if (!label || x - last < 60) return;
      last = x;
      var tx = svg('text', {x: x + 1, y: HH - 4, 'font-size': 10, fill: '#333'});
      tx.textContent = label;
      hist.appendChild(tx);
    });
    brushEl = svg('rect', {y: 0, height: HH - 16, fill: 'rgba(213,94,0,0.15)', stroke: '#d55e00',
                           'stroke-width': 1, visibility: range ? 'visible' : 'hidden', 'class': 'brush'});
    if (range) {
      var a = PAD + binOf(range[0]) * bw, z = PAD + (binOf(range[1] - 1) + 1) * bw;
      brushEl.setAttribute('x', a);
      brushEl.setAttribute('width', z - a);
    }
    hist.appendChild(brushEl);
  }
  function binAtX(clientX) {
    var box = hist.getBoundingClientRect();
    var x = (clientX - box.left) * HW / box.width;
    var i = Math.floor((x - PAD) / ((HW - 2 * PAD) / bins.length));
    return Math.max(0, Math.min(bins.length - 1, i));
  }
  hist.addEventListener('pointerdown', function (ev) {
    if (!bins.length) return;
    drag = {a: binAtX(ev.clientX)};
    drag.b = drag.a;
    if (hist.setPointerCapture) hist.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });
  hist.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    drag.b = binAtX(ev.clientX);
    var lo = Math.min(drag.a, drag.b), hi = Math.max(drag.a, drag.b), bw = (HW - 2 * PAD) / bins.length;
    brushEl.setAttribute('x', PAD + lo * bw);
    brushEl.setAttribute('width', (hi - lo + 1) * bw);
    brushEl.setAttribute('visibility', 'visible');
  });
  hist.addEventListener('pointerup', function (ev) {
    if (!drag) return;
    drag.b = binAtX(ev.clientX);
    var lo = Math.min(drag.a, drag.b), hi = Math.max(drag.a, drag.b);
    drag = null;
    setRange([bins[lo][0], bins[hi][1]]);
  });
  function setRange(r) {
    range = r;
    var label = document.getElementById('range'), btn = document.getElementById('clear-range');
    if (r) {
      label.textContent = iso(r[0]) + ' to ' + iso(r[1] - DAY);
      label.setAttribute('data-from', iso(r[0]));
      label.setAttribute('data-to', iso(r[1]));
    } else {
      label.textContent = '';
      label.removeAttribute('data-from');
      label.removeAttribute('data-to');
    }
    btn.hidden = !r;
    update();
  }
  document.getElementById('clear-range').addEventListener('click', function () { setRange(null); });

  /* ---- the table and its CSV ---------------------------------------------------- */
  /* The table lists PAGE rows at a time (a button adds more); the CSV holds them all. */
  var PAGE = 200, listed = 0;
  var shownList = [];
  function drawTable() {
    var body = document.querySelector('#table tbody');
    clear(body);
    listed = 0;
    shownList = incs.filter(pass).sort(function (a, b) {
      return (a._t === null) - (b._t === null) || (a._t || 0) - (b._t || 0) || a._i - b._i;
    });
    moreRows();
    var c = document.getElementById('count');
    c.textContent = '(' + shownList.length + ' of ' + incs.length + ')';
    c.setAttribute('data-visible', String(shownList.length));
  }
  function moreRows() {
    var body = document.querySelector('#table tbody');
    var frag = document.createDocumentFragment();
    shownList.slice(listed, listed + PAGE).forEach(function (e) {
      var tr = el('tr');
      tr.tabIndex = 0;
      tr.setAttribute('data-id', String(e._i));
      [e.event_date || 'undated', e.event_type, e.sub_type, e.location, e.country,
       count(e.fatalities), count(e.injuries),
       [e.actor1, e.actor2].filter(function (a) { return a; }).join('; ')].forEach(function (v) {
        tr.appendChild(el('td', null, v || ''));
      });
      tr.addEventListener('click', function () { select(e, true); });
      tr.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') select(e, true); });
      frag.appendChild(tr);
    });
    body.appendChild(frag);
    listed = Math.min(listed + PAGE, shownList.length);
    var more = document.getElementById('more');
    clear(more);
    if (listed < shownList.length) {
      more.appendChild(document.createTextNode(listed + ' of ' + shownList.length +
                                               ' listed (the CSV export holds all). '));
      var b = el('button', null, 'List ' + Math.min(PAGE, shownList.length - listed) + ' more');
      b.type = 'button';
      b.id = 'more-rows';
      b.addEventListener('click', moreRows);
      more.appendChild(b);
    }
  }
  var CSV_FIELDS = ['event_id', 'event_date', 'year', 'time_prec', 'event_type', 'sub_type', 'actor1',
                    'assoc_act1', 'actor2', 'iso2', 'country', 'admin1', 'admin2', 'location', 'latitude',
                    'longitude', 'geo_prec', 'fatalities', 'injuries', 'notes', 'source', 'place_txt',
                    'doc_id', 'para'];
  function csv() {
    var lines = [CSV_FIELDS.join(',')];
    shownList.forEach(function (e) {
      lines.push(CSV_FIELDS.map(function (f) { return cell(e[f]); }).join(','));
    });
    return lines.join('\r\n') + '\r\n';
  }
  document.getElementById('csv').addEventListener('click', function () {
    var url = URL.createObjectURL(new Blob([csv()], {type: 'text/csv'}));
    var a = el('a');
    a.href = url;
    a.download = 'incidents.csv';
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  /* ---- putting it together ------------------------------------------------------ */
  /* Reads of the layout (the timeline's width, the map's size) come before the writes
   * of a redraw, and the table -- the largest part of the document -- comes last, so
   * that a redraw lays the page out once. */
  function update() {
    drawHist();
    drawMarkers();
    drawLinks();
    drawTable();
  }
  function fitAll() {
    var b = boundsOf(incs);
    if (b.isValid()) map.fitBounds(b.pad(0.15), {maxZoom: 8});
    else map.fitBounds([[-50, -160], [70, 170]]);
  }
  document.getElementById('title').textContent = D.title;
  document.title = D.title;
  var placed = incs.filter(function (e) { return e._xy; }).length;
  document.getElementById('subtitle').textContent = incs.length + ' incidents (' + placed + ' on the map)' +
    (dated.length ? ', ' + iso(tmin) + ' to ' + iso(tmax) : '') + ' \u2014 from ' + D.source +
    (D.made ? ', made ' + D.made : '');
  if (D.banner) {
    ['banner-top', 'banner-bottom'].forEach(function (id) {
      var b = document.getElementById(id);
      b.textContent = D.banner;
      b.hidden = false;
    });
    document.body.classList.add('has-banner');
  }
  var credits = document.getElementById('credits');
  [['Made with incmap from ', D.source + '.'],
   ['Place names: ', 'GeoNames (geonames.org), CC BY 4.0.'],
   ['Borders, land and provinces: ', 'Natural Earth (naturalearthdata.com), public domain.'],
   ['Map library: ', 'Leaflet ' + L.version + ' \u00a9 Vladimir Agafonkin and CloudMade, BSD 2-Clause licence.'],
   ['Symbols: ', 'colour and shape by ACLED event type (Okabe\u2013Ito colours); area by fatalities; ' +
                 'ring = approximate place, dashed ring = province only; hollow centre = fatalities not stated.']
  ].forEach(function (p) {
    var para = el('p');
    para.appendChild(el('strong', null, p[0]));
    para.appendChild(document.createTextNode(p[1]));
    credits.appendChild(para);
  });
  window.addEventListener('resize', function () { HW = 0; drawHist(); });
  marks.controls = performance.now();
  fitAll();
  marks.fitted = performance.now();
  update();
  /* from now on every move redraws the markers (the first view is drawn once, above) */
  map.on('moveend', drawMarkers);   /* also fired at the end of every zoom */
  /* for tests and benchmarks: when the page became usable, and how many incidents the
   * markers on the map stand for */
  window.incmap = {
    readyAt: performance.now(),
    marks: marks,
    markersShown: function () { return markerLayer.shown; },
    visible: function () { return shownList.length; },
    map: map
  };
  document.body.setAttribute('data-ready', '1');
})();
