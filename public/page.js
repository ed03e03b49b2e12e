// Every page's few enhancements; each control also works without this script.
//  - The text-size switch changes the size in place and stores the cookie its button carries
//    (without JavaScript the form posts and the page reloads).
//  - Print buttons, rendered hidden (printing needs JavaScript), show and print.
//  - "Read this page aloud" shows where the browser can speak, and loads its script
//    (read-aloud.js) on the first press only.
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
  var reader = document.getElementById('read-aloud');
  if (reader && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function') {
    reader.hidden = false;
    reader.addEventListener('click', function load() {
      reader.removeEventListener('click', load);
      reader.setAttribute('data-start', '');
      var script = document.createElement('script');
      script.src = reader.getAttribute('data-script');
      document.head.appendChild(script);
    });
  }
})();
