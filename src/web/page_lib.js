/* The pure helpers of incmap's page (page.js uses them as window.incmapLib): building
 * elements and SVG without markup, reading dates, the incident symbols of
 * render/symbols.c (shapes, sizes in millimetres, precision marks), the cluster disc,
 * and CSV cells. Nothing here touches the page's state or its data.
 */
var incmapLib = (function () {
  'use strict';
  var MM = 96 / 25.4;          /* CSS pixels per millimetre: PNG sizes on the screen */
  var SVGNS = 'http://www.w3.org/2000/svg';
  var DAY = 86400000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  /* ---- dates ---------------------------------------------------------------- */
  function dateStart(s) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(s || '');
    if (!m) return null;
    return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1);
  }
  function iso(t) { return new Date(t).toISOString().slice(0, 10); }
  var TIME_PREC = {1: 'exact day', 2: 'approximate (within about a week)', 3: 'month or coarser'};
  var GEO_PREC = {1: 'town or site', 2: 'near a town, or the district', 3: 'province or coarser'};

  /* ---- symbols (render/symbols.c's shapes, sizes and precision marks) ------- */
  function darker(hex) {
    var n = parseInt(hex.slice(1), 16), f = 0.85;
    var r = Math.round(((n >> 16) & 255) * f), g = Math.round(((n >> 8) & 255) * f), b = Math.round((n & 255) * f);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }
  function poly(cx, cy, r, n, rot) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = rot + 2 * Math.PI * i / n;
      pts.push((cx + r * Math.sin(a)).toFixed(2) + ',' + (cy - r * Math.cos(a)).toFixed(2));
    }
    return svg('polygon', {points: pts.join(' ')});
  }
  function shape(name, c, d) {
    var r = d / 2;
    switch (name) {
    case 'square': return svg('rect', {x: c - r * 0.886, y: c - r * 0.886, width: r * 1.772, height: r * 1.772});
    case 'triangle': return poly(c, c + r * 0.15, r * 1.35, 3, 0);
    case 'diamond': return poly(c, c, r * 1.25, 4, 0);
    case 'pentagon': return poly(c, c, r * 1.1, 5, 0);
    case 'hexagon': return poly(c, c, r * 1.07, 6, Math.PI / 6);
    case 'star':
      var pts = [];
      for (var i = 0; i < 10; i++) {
        var a = 2 * Math.PI * i / 10, rr = (i % 2) ? r * 0.62 : r * 1.42;
        pts.push((c + rr * Math.sin(a)).toFixed(2) + ',' + (c - rr * Math.cos(a)).toFixed(2));
      }
      return svg('polygon', {points: pts.join(' ')});
    default: return svg('circle', {cx: c, cy: c, r: r});
    }
  }
  /* An incident's symbol as an SVG element `box` pixels square, from the style S. */
  function symbol(S, cls, sizeMm, geoPrec, unknown) {
    var k = S.classes[cls], d = sizeMm * MM, box = Math.ceil(d * 1.5 + 4), c = box / 2;
    var s = svg('svg', {width: box, height: box, viewBox: '0 0 ' + box + ' ' + box});
    var p = shape(k.shape, c, d);
    if (geoPrec <= 1) {
      p.setAttribute('fill', k.fill);
      p.setAttribute('stroke', S.outline);
      p.setAttribute('stroke-width', S.outline_mm * MM);
      s.appendChild(p);
    } else {
      var under = shape(k.shape, c, d);
      under.setAttribute('fill', k.fill);
      under.setAttribute('fill-opacity', '0.22');
      under.setAttribute('stroke', '#ffffff');
      under.setAttribute('stroke-width', 0.55 * MM);
      s.appendChild(under);
      p.setAttribute('fill', 'none');
      p.setAttribute('stroke', darker(k.fill));
      p.setAttribute('stroke-width', 0.42 * MM);
      if (geoPrec >= 3) p.setAttribute('stroke-dasharray', (0.6 * MM) + ' ' + (0.45 * MM));
      s.appendChild(p);
    }
    if (unknown) {
      s.appendChild(svg('circle', {cx: c, cy: c, r: d * 0.17, fill: '#ffffff', stroke: S.outline,
                                   'stroke-width': 0.12 * MM}));
    }
    return {el: s, box: box};
  }

  function clusterIcon(n, maxD) {
    /* grows with the count, but stays under the clustering radius so clusters do not
     * cover each other */
    var d = Math.min(Math.round(18 + 3.5 * Math.log(n) / Math.LN2), maxD);
    var s = svg('svg', {width: d, height: d, viewBox: '0 0 ' + d + ' ' + d});
    s.appendChild(svg('circle', {cx: d / 2, cy: d / 2, r: d / 2 - 1, fill: 'rgb(33,33,33)', stroke: '#ffffff',
                                 'stroke-width': 1.2}));
    var t = svg('text', {x: d / 2, y: d / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central',
                         fill: '#ffffff', 'font-size': 11, 'font-weight': 'bold'});
    t.textContent = String(n);
    s.appendChild(t);
    return {el: s, box: d};
  }
  /* A CSV cell; text that a spreadsheet would read as a formula gets a leading quote. */
  function cell(v) {
    var s = v === null || v === undefined ? '' : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  return {MM: MM, DAY: DAY, el: el, svg: svg, clear: clear, dateStart: dateStart, iso: iso,
          TIME_PREC: TIME_PREC, GEO_PREC: GEO_PREC, symbol: symbol, clusterIcon: clusterIcon,
          cell: cell};
})();
