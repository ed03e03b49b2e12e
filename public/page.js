// Every page's few enhancements; each control also works without this script.
//  - The text-size switch changes the size in place and stores the cookie its button carries
//    (without JavaScript the form posts and the page reloads).
//  - Print buttons, rendered hidden (printing needs JavaScript), show and print.
//  - "Read this page aloud" shows where the browser can speak, and loads the app's WebAssembly
//    on the first press only (pages that load it anyway wake the button themselves).
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
  // Read-aloud is an island of the app's WebAssembly. A page that does not load it names it on
  // the button: the first press loads it and wakes the island, which starts reading at once.
  var reader = document.getElementById('read-aloud');
  var module = reader && reader.getAttribute('data-module');
  if (module && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function') {
    reader.hidden = false;
    reader.addEventListener('click', function load() {
      reader.removeEventListener('click', load);
      reader.setAttribute('data-start', '');
      var island = reader.closest('leptos-island');
      import(module).then(function (mod) {
        return mod.default({ module_or_path: reader.getAttribute('data-wasm') }).then(function () {
          mod.hydrate();
          return mod[island.dataset.component](island);
        });
      });
    });
  }
})();
