// Every page's few enhancements; each control also works without this script.
//  - The text-size switch changes the size in place and stores the cookie its button carries
//    (without JavaScript the form posts and the page reloads).
//  - Print buttons, rendered hidden (printing needs JavaScript), show and print.
//  - "Read this page aloud" shows where the browser can speak, and loads its WebAssembly on the
//    first press only (with the app's, on pages that do not load the app anyway).
(function () {
  'use strict';
  var root = document.documentElement;
  var sizes = document.querySelector('form[data-switch="text-size"]');
  if (sizes) {
    sizes.addEventListener('click', function (event) {
      var chosen = event.target.closest('button[data-cookie]');
      if (!chosen) return;
      event.preventDefault();
      var large = chosen.value === 'large';
      root.classList.toggle('text-large', large);
      root.classList.toggle('text-standard', !large);
      document.cookie = chosen.getAttribute('data-cookie');
      sizes.querySelectorAll('button[data-cookie]').forEach(function (b) {
        b.setAttribute('aria-pressed', String(b === chosen));
      });
    });
    sizes.setAttribute('data-enhanced', 'true');
  }
  document.querySelectorAll('button[data-print]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
  // Read-aloud is an island of the app's WebAssembly, fetched on the first press only.
  var reader = document.getElementById('read-aloud');
  var island = reader && reader.closest('leptos-island');
  var speech = 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
  var module = reader && reader.getAttribute('data-module');
  if (island && speech && module) {
    // A page that does not load the app names it on the button: the first press loads it and
    // wakes the island, which starts reading at once.
    reader.hidden = false;
    reader.addEventListener('click', function load() {
      reader.removeEventListener('click', load);
      reader.setAttribute('data-start', '');
      import(module).then(function (mod) {
        return mod.default({ module_or_path: reader.getAttribute('data-wasm') }).then(function () {
          mod.hydrate();
          return mod[island.dataset.component](island);
        });
      });
    });
  } else if (island && speech && island.dataset.component && !root.hasAttribute('data-awake')) {
    // A page that wakes other islands (a kiosk's, the pre-check, staff pages): read-aloud stays
    // out of that first wake, so its code is not fetched with theirs. A copy of the button stands
    // in its place; the first press puts the island back and wakes it once the app is awake.
    var id = island.dataset.component;
    var stand = document.createElement('span');
    stand.className = 'read-aloud-stand';
    var copy = reader.cloneNode(true);
    copy.hidden = false;
    stand.appendChild(copy);
    island.replaceWith(stand);
    copy.addEventListener('click', function () {
      reader.setAttribute('data-start', '');
      reader.hidden = false;
      stand.replaceWith(island);
      reader.focus();
      whenAwake(function () { window.__hydrateIsland(island, id); });
    }, { once: true });
  }
  // Runs `then` once the app's WebAssembly has started (`data-awake` on the root, set by it).
  function whenAwake(then) {
    if (root.hasAttribute('data-awake')) return then();
    var watch = new MutationObserver(function () {
      if (!root.hasAttribute('data-awake')) return;
      watch.disconnect();
      then();
    });
    watch.observe(root, { attributes: true, attributeFilter: ['data-awake'] });
  }
})();
