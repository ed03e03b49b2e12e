// Staff pages: two minutes before an idle session ends, a warning with "stay signed in" appears.
// Staying posts the same form the button posts without JavaScript, in the background, so work
// in progress on the page is kept. When the session has ended, the page goes to sign-in.
(function () {
  'use strict';
  var bar = document.querySelector('.staff-bar[data-session-left]');
  if (!bar) return;
  var warning = document.getElementById('session-warning');
  var form = document.getElementById('stay-form-warning');
  var idleSeconds = 15 * 60;
  // Counted from the page's arrival, so a browser clock that differs from the server's does not matter.
  var ends = Date.now() + Number(bar.getAttribute('data-session-left')) * 1000;
  var timer = null;

  function schedule() {
    clearTimeout(timer);
    var left = ends - Date.now();
    if (left <= 0) {
      var next = location.pathname + location.search;
      location.href = '/staff/sign-in?next=' + encodeURIComponent(next);
      return;
    }
    if (left <= 120 * 1000) {
      if (warning.hidden) {
        warning.hidden = false;
        var button = warning.querySelector('button');
        if (button) button.focus();
      }
      timer = setTimeout(schedule, Math.min(left, 1000));
      return;
    }
    timer = setTimeout(schedule, Math.min(left - 120 * 1000, 30 * 1000));
  }

  if (form && warning) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        redirect: 'manual',
      }).then(function (response) {
        if (response.type === 'opaqueredirect' || response.ok) {
          ends = Date.now() + idleSeconds * 1000;
          warning.hidden = true;
          schedule();
        } else {
          form.submit();
        }
      }, function () { form.submit(); });
    });
  }
  schedule();
})();
