// The map beside a list of places (Leaflet, served with the app). It only adds to the page: the
// list, its links and its directions work without it. Markers and list cards stay in step: a
// marker opens its card's place, and pointing at or focusing a card opens its marker.
//
// Leaflet itself (its script and style sheet) is fetched only once the page has loaded and painted:
// the list is what a resident came for, and a phone on a slow network shows it first.
(function () {
  'use strict';
  var panel = document.getElementById('place-map');
  if (!panel) return;
  var places = JSON.parse(panel.getAttribute('data-places') || '[]');
  if (!places.length) return;
  var afterPaint = function () {
    requestAnimationFrame(function () { setTimeout(fetchLeaflet, 0); });
  };
  if (document.readyState === 'complete') afterPaint();
  else window.addEventListener('load', afterPaint, { once: true });

  function fetchLeaflet() {
    var waiting = 2;
    var ready = function () { if (--waiting === 0 && window.L) build(panel, places); };
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/vendor/leaflet/leaflet.css';
    css.onload = ready;
    document.head.appendChild(css);
    var js = document.createElement('script');
    js.src = '/vendor/leaflet/leaflet.js';
    js.onload = ready;
    document.head.appendChild(js);
  }
})();

function build(panel, places) {
  'use strict';
  var status = document.getElementById('place-map-status');
  panel.hidden = false;
  var map = L.map(panel.querySelector('.map-canvas'), { scrollWheelZoom: false });
  var tiles = L.tileLayer(panel.getAttribute('data-tiles'), {
    attribution: panel.getAttribute('data-attribution') || '',
    maxZoom: 18,
  });
  var loaded = false;
  tiles.on('tileload', function () {
    loaded = true;
    status.textContent = '';
  });
  tiles.on('tileerror', function () {
    if (!loaded) status.textContent = panel.getAttribute('data-unavailable');
  });
  tiles.addTo(map);
  var bounds = [];
  places.forEach(function (p) {
    // Not in the tab order: keyboard and screen-reader users have the list, which does the same.
    var marker = L.marker([p.lat, p.lng], { title: p.name, alt: p.name, keyboard: false }).addTo(map);
    var link = document.createElement('a');
    link.href = p.href;
    link.textContent = p.name;
    marker.bindPopup(link);
    var heading = document.getElementById('place-' + p.id);
    var card = heading && heading.closest('.place-card');
    if (card) {
      marker.on('click', function () {
        var current = document.querySelector('.place-card.is-selected');
        if (current) current.classList.remove('is-selected');
        card.classList.add('is-selected');
      });
      var open = function () { marker.openPopup(); };
      card.addEventListener('mouseenter', open);
      card.addEventListener('focusin', open);
    }
    bounds.push([p.lat, p.lng]);
  });
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
}
