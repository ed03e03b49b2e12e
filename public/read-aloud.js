// "Read this page aloud" in the header, with the browser's own speech synthesis. The button is
// rendered hidden; page.js shows it where speech works and loads this script on the first press
// (marked `data-start`, so reading starts at once). Every word it says comes from the page (the
// main content, in the page's language), and both of its labels come from the server.
//
// Chrome cuts off long utterances, so the text is spoken in pieces of at most 200 characters,
// broken at the ends of sentences and lines, one after the other.
//
// Another script that needs the speaker (the kiosk's "are you still there?" prompt) first sends
// `bianmin:speech-stop` on the document; reading then stops and the button returns to rest.
(function () {
  'use strict';

  const button = document.getElementById('read-aloud');
  if (!button || !('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') {
    return;
  }
  const synth = window.speechSynthesis;
  const MAX_CHUNK = 200;
  // Parts of the main content that are not read (besides what is hidden, which innerText leaves
  // out anyway): code, the breadcrumb trail, the kiosk's number pad, and what assistive
  // technology is told to skip as well (decorative icons).
  const SKIP = 'script, style, template, noscript, nav.breadcrumbs, [aria-hidden="true"], .numpad';

  // The label as rendered, so it can be put back whatever the server wrote.
  if (button.dataset.startLabel === undefined) button.dataset.startLabel = button.textContent;
  button.setAttribute('aria-pressed', 'false');
  button.hidden = false;

  // Each reading has a number; events from a reading that was stopped are ignored.
  let reading = 0;
  let speaking = false;
  // The utterance being spoken is kept referenced: Chrome may otherwise collect it and never
  // send its `end`.
  let current = null;

  function setSpeaking(on) {
    speaking = on;
    button.textContent = on
      ? button.dataset.stopLabel || button.dataset.startLabel
      : button.dataset.startLabel;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // The main content's rendered text (innerText keeps the breaks between blocks and leaves out
  // what is not displayed). Parts to skip that are displayed are hidden for the moment of reading
  // (the `hidden` attribute, or SVG's `display` attribute) and shown again before anything is
  // painted. Attributes rather than inline styles: Chrome leaves style="" behind.
  function pageText() {
    const main = document.getElementById('main');
    if (!main) return '';
    const undo = [];
    for (const el of main.querySelectorAll(SKIP)) {
      if (el instanceof HTMLElement) {
        if (el.hidden) continue;
        el.hidden = true;
        undo.push(() => { el.hidden = false; });
      } else if (el instanceof SVGElement) {
        const before = el.getAttribute('display');
        el.setAttribute('display', 'none');
        undo.push(() => {
          if (before === null) el.removeAttribute('display');
          else el.setAttribute('display', before);
        });
      }
    }
    try {
      return main.innerText || '';
    } finally {
      for (const step of undo) step();
    }
  }

  // Splits text into pieces of at most `MAX_CHUNK` characters. A line (heading, list item,
  // paragraph) always starts a new piece so that it is followed by a pause; the sentences of a
  // long paragraph are gathered up to the limit; a sentence longer than the limit is cut at a
  // comma or a space if it can be, otherwise at the limit.
  function chunks(text) {
    const pieces = [];
    for (const rawLine of text.split(/\n+/)) {
      const line = rawLine.replace(/\s+/g, ' ').trim();
      if (!line) continue;
      // Sentence ends: 。！？!? (and runs of them), or a full stop followed by a space or the end
      // of the line (so "12.50" stays whole), each with any closing quote or bracket.
      const sentences = line
        .replace(/([。！？!?]+[”"’'）)」]*|\.[”"’'）)」]*(?=\s|$))/g, '$1\u0000')
        .split('\u0000');
      let piece = '';
      for (const raw of sentences) {
        const sentence = raw.trim();
        if (!sentence) continue;
        for (const part of splitLong(sentence)) {
          // Chinese sentences run on without a space; others get one.
          const joined = piece + (/[。！？，；：、」”）]$/.test(piece) ? '' : ' ') + part;
          if (!piece) {
            piece = part;
          } else if (joined.length <= MAX_CHUNK) {
            piece = joined;
          } else {
            pieces.push(piece);
            piece = part;
          }
        }
      }
      if (piece) pieces.push(piece);
    }
    return pieces;
  }

  function splitLong(sentence) {
    const parts = [];
    let rest = sentence;
    while (rest.length > MAX_CHUNK) {
      const head = rest.slice(0, MAX_CHUNK);
      // The last pause mark or space in the first half-or-more of the window.
      let cut = -1;
      for (let i = head.length - 1; i >= MAX_CHUNK / 2; i--) {
        if ('，,；;：:、 '.includes(head[i])) {
          cut = i + 1;
          break;
        }
      }
      if (cut < 0) cut = MAX_CHUNK;
      parts.push(rest.slice(0, cut).trim());
      rest = rest.slice(cut).trim();
    }
    if (rest) parts.push(rest);
    return parts;
  }

  // A voice for the page's language where the browser does not pick one from `lang` itself:
  // the same language and region first, then the same language, local voices before network ones.
  function voiceFor(lang) {
    const voices = synth.getVoices ? synth.getVoices() : [];
    if (!voices.length || !lang) return null;
    const want = lang.toLowerCase();
    const base = want.split('-')[0];
    const norm = (v) => (v.lang || '').replace('_', '-').toLowerCase();
    const rank = (v) => (norm(v) === want ? 0 : norm(v).split('-')[0] === base ? 2 : 9) + (v.localService ? 0 : 1);
    let best = null;
    for (const v of voices) {
      if (rank(v) < 9 && (!best || rank(v) < rank(best))) best = v;
    }
    return best;
  }

  function start() {
    const pieces = chunks(pageText());
    if (!pieces.length) return;
    const mine = ++reading;
    const lang = document.documentElement.lang || '';
    const voice = voiceFor(lang);
    // Only when something is queued: some Chrome versions drop a `speak` right after `cancel`.
    if (synth.speaking || synth.pending) synth.cancel();
    setSpeaking(true);
    let index = 0;
    const next = () => {
      if (mine !== reading) return;
      if (index >= pieces.length) {
        finish(mine);
        return;
      }
      const utterance = new SpeechSynthesisUtterance(pieces[index++]);
      utterance.lang = lang;
      if (voice) utterance.voice = voice;
      utterance.addEventListener('end', next);
      utterance.addEventListener('error', () => finish(mine));
      current = utterance;
      synth.speak(utterance);
    };
    next();
  }

  function finish(which) {
    if (which !== reading) return;
    reading++;
    current = null;
    setSpeaking(false);
  }

  function stop() {
    const wasSpeaking = speaking;
    reading++;
    current = null;
    if (wasSpeaking) {
      synth.cancel();
      setSpeaking(false);
    }
  }

  button.addEventListener('click', () => {
    if (speaking) stop();
    else start();
  });
  document.addEventListener('bianmin:speech-stop', stop);
  window.addEventListener('pagehide', () => {
    reading++;
    current = null;
    synth.cancel();
    setSpeaking(false);
  });
  // Voices load late in Chrome; asking once makes them ready for the next click.
  if (synth.getVoices) synth.getVoices();
  // Loaded by the first press: that press asked to read.
  if (button.hasAttribute('data-start')) {
    button.removeAttribute('data-start');
    start();
  }
})();
