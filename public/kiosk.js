// Enrolled kiosks in service halls (the server adds class="kiosk" to <html> and loads this
// script only there). One visitor after another uses the same screen, so this script makes sure
// the next one finds nothing of the last:
//
//  1. Idle prompt: after `data-kiosk-idle` seconds without a touch or key, #kiosk-idle asks
//     whether the visitor is still there and counts down `data-kiosk-grace` seconds; only its
//     "continue" button keeps the visit, and at zero the visit is wiped.
//  2. Wipe: every form is cleared, session and local storage emptied, speech stopped, and the
//     #kiosk-finish form posted; the server drops the visit's cookies and shows the home page.
//     Tapping "finish" does the same.
//  3. History: links and GET forms replace the current history entry instead of adding one, and a
//     page of an earlier visit (its data-visit differs from the bianmin_visit cookie) or one
//     restored from the back/forward cache is not shown.
//  4. No surprises: no context menu, dragging or text selection outside fields, and nothing
//     leaves the site (phone links, map apps, new windows).
//  5. Number pad: ID numbers and other digits are typed on an on-screen pad (cloned from
//     #kiosk-numpad-template) instead of the system keyboard.
//
// Every word shown or spoken comes from the server's markup. Timers compare Date.now() with the
// last activity rather than counting ticks, so throttled timers (and test clocks that jump
// ahead) still end at the right moment.
(function () {
  'use strict';

  const root = document.documentElement;
  if (!root.classList.contains('kiosk')) return;
  const body = document.body;

  const finishForm = document.getElementById('kiosk-finish');
  const prompt = document.getElementById('kiosk-idle');
  const continueButton = document.getElementById('kiosk-continue');
  const countdown = prompt ? prompt.querySelector('.kiosk-countdown') : null;
  const padTemplate = document.getElementById('kiosk-numpad-template');
  const VISIT_COOKIE = 'bianmin_visit';

  const positive = (value, fallback) => {
    const n = Number(value);
    return Number.isFinite(n) && n > 0 ? n : fallback;
  };
  const IDLE_MS = positive(body.dataset.kioskIdle, 60) * 1000;
  const GRACE_S = Math.max(1, Math.round(positive(body.dataset.kioskGrace, 30)));
  // Reading the page aloud counts as use, but not for ever: a speaker that never reports its end
  // must not keep a visit open.
  const LISTEN_LIMIT_MS = 10 * 60 * 1000;

  const HTML_FORM = HTMLFormElement.prototype;
  const formGetter = (name) => Object.getOwnPropertyDescriptor(HTML_FORM, name).get;
  // Read through the prototype: a field named "action" or "method" would shadow the property.
  const formAction = formGetter('action');
  const formMethod = formGetter('method');
  const formTarget = formGetter('target');

  /* ---------- Speech ---------- */

  const canSpeak = 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
  let utterance = null; // kept referenced until spoken (Chrome may otherwise drop its events)

  // Stops whatever is being said; read-aloud.js resets its button on this event.
  function stopSpeech() {
    document.dispatchEvent(new Event('bianmin:speech-stop'));
    if (!canSpeak) return;
    const synth = window.speechSynthesis;
    if (synth.speaking || synth.pending) synth.cancel();
    utterance = null;
  }

  function say(text) {
    if (!canSpeak || !text) return;
    utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = root.lang || '';
    window.speechSynthesis.speak(utterance);
  }

  const textOf = (id) => {
    const el = document.getElementById(id);
    return el ? el.textContent.replace(/\s+/g, ' ').trim() : '';
  };

  /* ---------- 1. Idle prompt ---------- */

  let lastTouch = Date.now();    // the visitor's last touch, key, scroll or input
  let lastActivity = lastTouch;  // the same, or the last moment the page was being read aloud
  let idleTimer = 0;
  let countdownTimer = 0;
  let promptShownAt = 0;         // 0 while the prompt is hidden
  let focusBefore = null;
  let wiping = false;

  function activity() {
    // While the prompt shows, touches elsewhere on it do not count: only "continue" keeps the visit.
    if (promptShownAt || wiping) return;
    lastTouch = lastActivity = Date.now();
  }
  for (const type of ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel']) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }

  function readingAloud() {
    const button = document.getElementById('read-aloud');
    return !!(
      canSpeak &&
      button &&
      button.getAttribute('aria-pressed') === 'true' &&
      window.speechSynthesis.speaking
    );
  }

  function scheduleIdle(delay) {
    clearTimeout(idleTimer);
    const due = delay !== undefined ? delay : lastActivity + IDLE_MS - Date.now();
    idleTimer = setTimeout(checkIdle, Math.max(0, due));
  }

  function checkIdle() {
    idleTimer = 0;
    if (promptShownAt || wiping) return;
    const now = Date.now();
    if (readingAloud() && now - lastTouch < LISTEN_LIMIT_MS) {
      lastActivity = now;
      scheduleIdle(5000);
      return;
    }
    if (now - lastActivity < IDLE_MS) {
      scheduleIdle();
      return;
    }
    showPrompt();
  }

  function setCountdown(seconds) {
    if (countdown) countdown.textContent = String(seconds);
  }

  function showPrompt() {
    if (!prompt || !continueButton) {
      // Without the prompt's markup there is no one to ask: the visit simply ends.
      endVisit();
      return;
    }
    promptShownAt = Date.now();
    focusBefore = document.activeElement;
    setCountdown(GRACE_S);
    prompt.hidden = false;
    continueButton.focus();
    stopSpeech();
    say([textOf('kiosk-idle-title'), textOf('kiosk-idle-text')].filter(Boolean).join(' '));
    tick();
  }

  function tick() {
    countdownTimer = 0;
    if (!promptShownAt || wiping) return;
    const elapsed = Math.max(0, Date.now() - promptShownAt);
    const left = GRACE_S - Math.floor(elapsed / 1000);
    if (left <= 0) {
      setCountdown(0);
      endVisit();
      return;
    }
    setCountdown(left);
    // Next whole second since the prompt appeared.
    countdownTimer = setTimeout(tick, 1000 - (elapsed % 1000));
  }

  function continueVisit() {
    if (!promptShownAt || wiping) return;
    promptShownAt = 0;
    clearTimeout(countdownTimer);
    countdownTimer = 0;
    prompt.hidden = true;
    stopSpeech();
    lastTouch = lastActivity = Date.now();
    scheduleIdle();
    const back = focusBefore;
    focusBefore = null;
    if (back && back !== document.body && back.isConnected && typeof back.focus === 'function') {
      back.focus({ preventScroll: true });
    }
  }

  if (prompt && continueButton) {
    continueButton.addEventListener('click', continueVisit);
    // Touching the prompt's backdrop or text neither dismisses it nor takes focus from it.
    const holdFocus = (event) => {
      if (!(event.target instanceof Element) || !event.target.closest('button')) event.preventDefault();
    };
    prompt.addEventListener('pointerdown', holdFocus);
    prompt.addEventListener('mousedown', holdFocus);
    // A modal: focus stays on the prompt's two buttons.
    document.addEventListener('focusin', (event) => {
      if (promptShownAt && !prompt.contains(event.target)) continueButton.focus();
    });
    prompt.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab') return;
      const items = Array.from(prompt.querySelectorAll('button, [href], input, select, textarea')).filter(
        (el) => !el.disabled && el.getClientRects().length > 0
      );
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  /* ---------- 2. Wipe ---------- */

  const CLEARED_TYPES = new Set([
    'text', 'search', 'tel', 'number', 'email', 'url', 'password',
    'date', 'datetime-local', 'month', 'week', 'time',
  ]);

  function clearFields() {
    for (const form of Array.from(document.forms)) {
      if (form !== finishForm) HTML_FORM.reset.call(form);
    }
    // reset() brings back what the server wrote into the fields (the visitor's own answers), so
    // the defaults go as well.
    for (const el of document.querySelectorAll('input, textarea, select')) {
      if (finishForm && el.form === finishForm) continue;
      if (el instanceof HTMLTextAreaElement) {
        el.value = '';
        el.defaultValue = '';
      } else if (el instanceof HTMLSelectElement) {
        for (const option of el.options) option.defaultSelected = false;
        el.selectedIndex = el.multiple ? -1 : 0;
      } else if (el instanceof HTMLInputElement) {
        if (el.type === 'checkbox' || el.type === 'radio') {
          el.checked = false;
          el.defaultChecked = false;
        } else if (CLEARED_TYPES.has(el.type)) {
          el.value = '';
          el.defaultValue = '';
        } else if (el.type === 'file') {
          el.value = '';
        }
      }
    }
  }

  // Clears what this page and the browser hold of the visit. Safe to call more than once.
  function wipe() {
    if (wiping) return;
    wiping = true;
    clearTimeout(idleTimer);
    clearTimeout(countdownTimer);
    closePad();
    clearFields();
    try {
      window.sessionStorage.clear();
    } catch (_) { /* storage may be unavailable */ }
    try {
      window.localStorage.clear();
    } catch (_) { /* storage may be unavailable */ }
    stopSpeech();
  }

  // The countdown ran out: wipe, then post "finish" (the server clears the cookies and sends the
  // kiosk home).
  function endVisit() {
    wipe();
    if (finishForm) HTML_FORM.submit.call(finishForm);
    else location.replace('/');
  }

  /* ---------- 3. History ---------- */

  const SAME_WINDOW = new Set(['', '_self', '_top', '_parent']);
  const sameOrigin = (url) =>
    (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === location.origin;

  function resolve(raw) {
    try {
      return new URL(raw, document.baseURI);
    } catch (_) {
      return null;
    }
  }

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link) return;
    const url = resolve(link.getAttribute('href'));
    const target = (link.getAttribute('target') || '').trim().toLowerCase();
    // 4. Nothing leaves the site or opens a window: phone links, map apps, other hosts.
    if (!url || !sameOrigin(url) || !SAME_WINDOW.has(target)) {
      event.preventDefault();
      return;
    }
    // A modified or middle click would open a tab or window.
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      event.preventDefault();
      return;
    }
    // A download leaves the page where it is and adds no history entry.
    if (link.hasAttribute('download')) return;
    event.preventDefault();
    location.replace(url.href);
  });

  // Middle clicks on links open tabs.
  document.addEventListener('auxclick', (event) => {
    if (event.target instanceof Element && event.target.closest('a[href]')) event.preventDefault();
  });

  // The query string a GET form would send, with the button that sent it.
  function formQuery(form, submitter) {
    let data;
    try {
      data = new FormData(form, submitter || null);
    } catch (_) {
      data = new FormData(form);
    }
    if (
      submitter &&
      submitter.name &&
      submitter.type === 'submit' &&
      !data.getAll(submitter.name).includes(submitter.value)
    ) {
      // Browsers without FormData's submitter argument leave the button out.
      data.append(submitter.name, submitter.value);
    }
    const params = new URLSearchParams();
    for (const [name, value] of data) params.append(name, typeof value === 'string' ? value : value.name);
    return params.toString();
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form === finishForm) {
      // 2. "Finish" tapped (in the header or on the prompt): clear first, then let it post.
      if (!event.defaultPrevented) wipe();
      return;
    }
    if (event.defaultPrevented) return;
    const submitter = event.submitter || null;
    const has = (attr) => submitter && submitter.hasAttribute(attr);
    const method = (has('formmethod') ? submitter.formMethod : formMethod.call(form)).toLowerCase();
    const target = (has('formtarget') ? submitter.formTarget : formTarget.call(form)).trim().toLowerCase();
    const action = resolve(has('formaction') ? submitter.formAction : formAction.call(form));
    if (!SAME_WINDOW.has(target) || !action || !sameOrigin(action)) {
      event.preventDefault();
      return;
    }
    if (method !== 'get') return;
    event.preventDefault();
    action.search = formQuery(form, submitter);
    location.replace(action.href);
  });

  function cookie(name) {
    for (const part of document.cookie.split(';')) {
      const eq = part.indexOf('=');
      // Over HTTPS the server sends it as __Host-<name>.
      const key = part.slice(0, eq).trim().replace(/^__Host-/, '');
      if (eq < 0 || key !== name) continue;
      let value = part.slice(eq + 1).trim();
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      try {
        return decodeURIComponent(value);
      } catch (_) {
        return value;
      }
    }
    return null;
  }

  window.addEventListener('pageshow', (event) => {
    const visit = body.dataset.visit;
    // A page of an earlier visit (reached with Back, or from a cache): go home. The home page
    // holds nothing of a visit, and going there again would loop if its own copy were stale.
    if (visit && cookie(VISIT_COOKIE) !== visit && location.pathname !== '/') {
      location.replace('/');
      return;
    }
    // Restored from the back/forward cache with its fields and scripts as they were: load it
    // afresh (without the fragment, which would only scroll).
    if (event.persisted) {
      const url = new URL(location.href);
      url.hash = '';
      location.replace(url.href);
    }
  });

  /* ---------- 4. No surprises ---------- */

  function inField(target) {
    const el = target instanceof Element ? target : target && target.parentElement;
    return !!(el && el.closest('input, textarea'));
  }
  for (const type of ['contextmenu', 'dragstart', 'selectstart']) {
    document.addEventListener(type, (event) => {
      if (!inField(event.target)) event.preventDefault();
    });
  }

  /* ---------- 5. Number pad ---------- */

  let pad = null;            // { el, input } while a pad shows
  let pointerOnPad = false;  // a finger or button is down on the pad
  const inputmodes = new WeakMap(); // each field's own inputmode while the pad replaces its keyboard

  const NOT_FIELDS = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  const isField = (el) =>
    (el instanceof HTMLInputElement && !NOT_FIELDS.has(el.type)) ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement;
  const isSubmit = (el) =>
    (el instanceof HTMLButtonElement && el.type === 'submit') ||
    (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'image'));
  const usable = (el) => !el.disabled && el.getClientRects().length > 0 && !el.closest('[inert]');

  function hideKeyboard(input) {
    if (!inputmodes.has(input)) inputmodes.set(input, input.getAttribute('inputmode'));
    input.setAttribute('inputmode', 'none');
  }

  function restoreKeyboard(input) {
    if (!inputmodes.has(input)) return;
    const before = inputmodes.get(input);
    inputmodes.delete(input);
    if (before === null) input.removeAttribute('inputmode');
    else input.setAttribute('inputmode', before);
  }

  function openPad(input) {
    if (promptShownAt || wiping || input.disabled || input.readOnly) return;
    if (pad && pad.input === input) return;
    closePad();
    const source = padTemplate && padTemplate.content ? padTemplate.content.querySelector('.numpad') : null;
    if (!source) return;
    const el = source.cloneNode(true);
    const forId = input.dataset.numpad === 'id';
    for (const key of el.querySelectorAll('[data-key="X"]')) key.hidden = !forId;
    hideKeyboard(input);
    input.after(el);
    pad = { el, input };
    keepOnScreen(input, el);
    el.addEventListener('click', (event) => {
      const key = event.target instanceof Element ? event.target.closest('button[data-key]') : null;
      if (!key || !pad || pad.el !== el) return;
      // A click from Enter or Space has detail 0: the keyboard user stays on the pad.
      press(input, key.dataset.key, event.detail === 0);
    });
  }

  // The field and the whole pad under it on screen: scrolled up just enough for the pad's last
  // row, never so far that the field itself leaves the top.
  function keepOnScreen(input, el) {
    const margin = 16;
    const below = el.getBoundingClientRect().bottom + margin - window.innerHeight;
    const room = input.getBoundingClientRect().top - margin;
    const by = Math.min(below, room);
    if (by > 0) window.scrollBy({ top: by, left: 0, behavior: 'instant' });
  }

  // An ID number reads in its parts as it is typed: 6 (where), 8 (born), 4 (sequence and check),
  // "110105 19491001 002X". The caret stays after the same character; the server ignores spaces.
  function groupIdNumber(input) {
    const raw = input.value;
    const caret = selection(input)[1];
    const before = raw.slice(0, caret).replace(/\s/g, '').length;
    const plain = raw.replace(/\s/g, '').toUpperCase();
    const grouped = [plain.slice(0, 6), plain.slice(6, 14), plain.slice(14)].filter(Boolean).join(' ');
    if (grouped === raw) return;
    input.value = grouped;
    let at = 0;
    for (let seen = 0; at < grouped.length && seen < before; at += 1) {
      if (grouped[at] !== ' ') seen += 1;
    }
    placeCaret(input, at);
  }

  document.addEventListener('input', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.matches('input[data-numpad="id"]')) groupIdNumber(input);
  });

  function closePad() {
    if (!pad) return;
    const { el, input } = pad;
    pad = null;
    pointerOnPad = false;
    el.remove();
    restoreKeyboard(input);
  }

  function selection(input) {
    let start = null;
    let end = null;
    try {
      start = input.selectionStart;
      end = input.selectionEnd;
    } catch (_) { /* fields without a caret (type=number) */ }
    const length = input.value.length;
    if (start === null || end === null) return [length, length];
    return [Math.min(start, end), Math.max(start, end)];
  }

  function placeCaret(input, at) {
    try {
      input.setSelectionRange(at, at);
    } catch (_) { /* fields without a caret */ }
  }

  function changed(input) {
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function insert(input, text) {
    const value = input.value;
    const [start, end] = selection(input);
    const max = input.maxLength;
    if (max >= 0 && value.length - (end - start) + text.length > max) return;
    input.value = value.slice(0, start) + text + value.slice(end);
    placeCaret(input, start + text.length);
    changed(input);
  }

  function erase(input) {
    const value = input.value;
    let [start, end] = selection(input);
    if (start === end) {
      if (start === 0) return;
      start -= 1;
    }
    input.value = value.slice(0, start) + value.slice(end);
    placeCaret(input, start);
    changed(input);
  }

  // The next field of the form (or the page) after `input`, else the form's submit button.
  function nextStop(input) {
    const scope = input.form
      ? Array.from(input.form.elements)
      : Array.from(document.querySelectorAll('input, select, textarea, button'));
    const after = scope.slice(scope.indexOf(input) + 1);
    const field = after.find((el) => isField(el) && usable(el));
    if (field) return field;
    if (!input.form) return null;
    return after.find((el) => isSubmit(el) && usable(el)) || scope.find((el) => isSubmit(el) && usable(el)) || null;
  }

  function press(input, key, fromKeyboard) {
    if (input.disabled || input.readOnly) return;
    if (key === 'done') {
      const next = nextStop(input);
      if (next) next.focus();
      if (pad && pad.input === input) {
        closePad();
        if (document.activeElement === input) input.blur();
      }
      return;
    }
    if (key === 'back') erase(input);
    else if (/^[0-9]$/.test(key) || (key === 'X' && input.dataset.numpad === 'id')) insert(input, key);
    // A touch leaves the caret in the field (in case the tap did move focus to the key).
    if (!fromKeyboard && document.activeElement !== input) input.focus({ preventScroll: true });
  }

  document.addEventListener('focusin', (event) => {
    const input = event.target instanceof Element ? event.target.closest('input[data-numpad]') : null;
    if (input) openPad(input);
  });

  document.addEventListener('focusout', (event) => {
    if (!pad) return;
    const from = event.target;
    if (from !== pad.input && !pad.el.contains(from)) return;
    const to = event.relatedTarget;
    if (to && (to === pad.input || pad.el.contains(to))) return;
    // Some browsers drop focus to the page while a key is pressed; the key's click puts it back.
    if (!to && pointerOnPad) return;
    // A tap elsewhere (say on "confirm" below the pad) moves focus as the finger goes down. The
    // pad closes once that tap has ended, so nothing moves under the finger and the tap lands.
    if (pointerDown) {
      closeAfterTap = true;
      return;
    }
    closePad();
  });

  let pointerDown = false;
  let closeAfterTap = false;
  document.addEventListener('pointerdown', () => { pointerDown = true; }, true);
  const tapEnded = () => {
    pointerDown = false;
    if (!closeAfterTap) return;
    closeAfterTap = false;
    // After the tap's click, which the browser sends in the same task as the pointer going up.
    setTimeout(() => {
      if (!pad) return;
      const active = document.activeElement;
      if (active !== pad.input && !pad.el.contains(active)) closePad();
    }, 0);
  };
  document.addEventListener('pointerup', tapEnded, true);
  document.addEventListener('pointercancel', tapEnded, true);

  // The system keyboard is told to stay away before a tap focuses a pad field.
  document.addEventListener(
    'pointerdown',
    (event) => {
      const input = event.target instanceof Element ? event.target.closest('input[data-numpad]') : null;
      if (input && !input.disabled && !input.readOnly) hideKeyboard(input);
    },
    true
  );

  // Pressing a key must not take focus (and the caret) away from the field.
  const keepFocus = (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('.numpad')) return;
    if (event.type === 'pointerdown') pointerOnPad = true;
    event.preventDefault();
  };
  document.addEventListener('pointerdown', keepFocus);
  document.addEventListener('mousedown', keepFocus);
  // When a key is let go and focus went nowhere, it goes back to the field; if the press ended
  // off the pad, the pad closes as on any other blur.
  const pointerUp = (event) => {
    if (!pointerOnPad) return;
    pointerOnPad = false;
    if (!pad) return;
    const active = document.activeElement;
    if (active === pad.input || pad.el.contains(active)) return;
    if (event.type === 'pointerup' && event.target instanceof Element && pad.el.contains(event.target)) {
      pad.input.focus({ preventScroll: true });
    } else {
      closePad();
    }
  };
  document.addEventListener('pointerup', pointerUp, true);
  document.addEventListener('pointercancel', pointerUp, true);

  // A field that already has focus when the script starts gets its pad too.
  if (document.activeElement instanceof HTMLInputElement && document.activeElement.matches('[data-numpad]')) {
    openPad(document.activeElement);
  }

  scheduleIdle();
})();
