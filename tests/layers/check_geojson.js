// Strict RFC 7946 check of GeoJSON files: @placemarkio/check-geojson (installed into
// tests/layers/node_modules by `npm install --prefix tests/layers`), plus what that
// validator leaves out and RFC 7946 still asks of a writer: no `crs` member (§4),
// longitude/latitude within range (§3.1.1), a fixed, bounded coordinate precision
// (≤ 6 decimals, as incmap writes), closed LineStrings with ≥ 2 positions.
//
//   node check_geojson.js FILE...      exit 0 valid, 1 invalid, 77 validator missing
'use strict';
const fs = require('fs');
const path = require('path');

let checker;
try {
  checker = require(path.join(__dirname, 'node_modules', '@placemarkio', 'check-geojson'));
} catch (e) {
  console.log('SKIP: @placemarkio/check-geojson is not installed (npm install --prefix tests/layers @placemarkio/check-geojson)');
  process.exit(77);
}

let bad = 0;
let checked = 0;
function problem(file, msg) {
  console.log(`FAIL: ${file}: ${msg}`);
  bad++;
}

function decimals(n) {
  const s = String(n);
  const e = s.indexOf('e');
  if (e >= 0) return 99;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function positions(geom, out) {
  if (!geom) return;
  if (geom.type === 'Point') out.push(geom.coordinates);
  else if (geom.type === 'LineString' || geom.type === 'MultiPoint') out.push(...geom.coordinates);
}

for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  const issues = checker.getIssues(text);
  for (const i of issues) problem(file, `${i.message} (at ${i.from})`);
  const doc = JSON.parse(text);
  if ('crs' in doc) problem(file, 'has a crs member (RFC 7946 §4 removed it)');
  if (doc.type !== 'FeatureCollection') problem(file, `type is ${doc.type}`);
  if (!Array.isArray(doc.features) || doc.features.length === 0) problem(file, 'no features');
  for (const f of doc.features || []) {
    if ('crs' in f) problem(file, 'a feature has a crs member');
    const pos = [];
    positions(f.geometry, pos);
    if (f.geometry && f.geometry.type === 'LineString' && f.geometry.coordinates.length < 2)
      problem(file, 'LineString with fewer than 2 positions');
    for (const p of pos) {
      const [x, y] = p;
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90))
        problem(file, `position ${p} outside lon/lat range (axis order?)`);
      if (decimals(x) > 6 || decimals(y) > 6)
        problem(file, `position ${p} has more than 6 decimals`);
    }
  }
  checked++;
}
if (bad) {
  console.log(`0 passed, ${bad} failed`);
  process.exit(1);
}
console.log(`${checked} GeoJSON files valid under RFC 7946`);
