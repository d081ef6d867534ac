// The tile map of Last Address, for readers with JavaScript on and a
// server with tiles configured (memoria serve --tiles). Without either, the
// page keeps its list of buildings and its server-drawn SVG map.
(function () {
  'use strict';
  var box = document.getElementById('tilemap');
  if (!box || typeof L === 'undefined') return;
  box.hidden = false;
  var map = L.map(box);
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || '' }).addTo(map);
  fetch(box.dataset.geojson, { credentials: 'omit' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var n = feature.properties.persons || 1;
          return L.circleMarker(latlng, { radius: Math.min(4 + n, 14) });
        },
        onEachFeature: function (feature, marker) {
          // Built as text nodes: addresses come from the archive.
          var p = document.createElement('p');
          p.textContent = feature.properties.address + ' (' + feature.properties.persons + ')';
          marker.bindPopup(p);
        }
      }).addTo(map);
      if (layer.getLayers().length > 0) map.fitBounds(layer.getBounds(), { maxZoom: 17 });
    })
    .catch(function () { box.hidden = true; });
})();
