// "Near me" on the finding page: asks the browser for the phone's position only when the button
// is tapped, then searches from there. Without a position the street list still works.
(function () {
  'use strict';
  var button = document.getElementById('near-me');
  if (!button || !navigator.geolocation) return;
  var form = button.form;
  var status = document.getElementById('near-me-status');
  button.hidden = false;
  button.addEventListener('click', function () {
    status.textContent = '';
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.near.value =
          position.coords.latitude.toFixed(5) + ',' + position.coords.longitude.toFixed(5);
        if (form.elements.from) form.elements.from.value = '';
        form.submit();
      },
      function () {
        status.textContent = button.getAttribute('data-failed');
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
    );
  });
})();
