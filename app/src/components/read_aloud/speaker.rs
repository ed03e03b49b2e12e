//! The browser side of reading aloud: the page's text, its pieces spoken one after another, and
//! the button's state.

use super::{pieces::pieces, SPEECH_STOP_EVENT};
use gloo::events::EventListener;
use leptos::prelude::{Set, WriteSignal};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

/// Parts of the main content that are not read (besides what is hidden, which innerText leaves
/// out anyway): code, the breadcrumb trail, the kiosk's number pad, and what assistive
/// technology is told to skip as well (decorative icons).
const SKIP: &str =
    "script, style, template, noscript, nav.breadcrumbs, [aria-hidden=\"true\"], .numpad";

struct Reader {
    synth: SpeechSynthesis,
    set_speaking: WriteSignal<bool>,
    speaking: Cell<bool>,
    /// Each reading has a number; events from a reading that was stopped are ignored.
    reading: Cell<u32>,
    /// The utterance being spoken and its listeners, kept: Chrome may otherwise collect it and
    /// never send its `end`.
    current: RefCell<Option<Spoken>>,
    /// Utterances done with, dropped at the next start: a listener cannot be dropped while it
    /// runs, and the next piece is queued from the last one's `end`.
    retired: RefCell<Vec<Spoken>>,
}

type Spoken = (SpeechSynthesisUtterance, [EventListener; 2]);

thread_local! {
    static READER: RefCell<Option<&'static Reader>> = const { RefCell::new(None) };
}

fn reader() -> Option<&'static Reader> {
    READER.with(|r| *r.borrow())
}

/// Where the browser can speak, gets ready and answers true; a press that loaded this
/// (`data-start` on the button) starts reading at once.
pub fn install(set_speaking: WriteSignal<bool>) -> bool {
    if reader().is_some() {
        return true;
    }
    let Some(window) = web_sys::window() else {
        return false;
    };
    let has = |name: &str| js_sys::Reflect::has(&window, &name.into()).unwrap_or(false);
    if !has("speechSynthesis") || !has("SpeechSynthesisUtterance") {
        return false;
    }
    let Ok(synth) = window.speech_synthesis() else {
        return false;
    };
    // Voices load late in Chrome; asking once makes them ready for the first press.
    let _ = synth.get_voices();
    let made: &'static Reader = Box::leak(Box::new(Reader {
        synth,
        set_speaking,
        speaking: Cell::new(false),
        reading: Cell::new(0),
        current: RefCell::new(None),
        retired: RefCell::new(Vec::new()),
    }));
    READER.with(|r| *r.borrow_mut() = Some(made));
    let document = gloo::utils::document();
    EventListener::new(&document, SPEECH_STOP_EVENT, |_| stop()).forget();
    EventListener::new(&window, "pagehide", |_| {
        if let Some(r) = reader() {
            r.reading.set(r.reading.get() + 1);
            r.retire();
            r.synth.cancel();
            r.set(false);
        }
    })
    .forget();
    if let Some(button) = document.get_element_by_id("read-aloud") {
        if button.has_attribute("data-start") {
            let _ = button.remove_attribute("data-start");
            start();
        }
    }
    true
}

/// The button was pressed.
pub fn toggle() {
    match reader() {
        Some(r) if r.speaking.get() => stop(),
        Some(_) => start(),
        None => {}
    }
}

impl Reader {
    fn set(&self, on: bool) {
        self.speaking.set(on);
        self.set_speaking.set(on);
    }

    fn retire(&self) {
        if let Some(done) = self.current.take() {
            self.retired.borrow_mut().push(done);
        }
    }
}

fn start() {
    let Some(r) = reader() else { return };
    let pieces = pieces(&page_text());
    if pieces.is_empty() {
        return;
    }
    let mine = r.reading.get() + 1;
    r.reading.set(mine);
    r.retire();
    r.retired.borrow_mut().clear();
    let lang = gloo::utils::document_element()
        .get_attribute("lang")
        .unwrap_or_default();
    let voice = voice_for(&r.synth, &lang);
    // Only when something is queued: some Chrome versions drop a `speak` right after `cancel`.
    if r.synth.speaking() || r.synth.pending() {
        r.synth.cancel();
    }
    r.set(true);
    speak_next(std::rc::Rc::new((pieces, Cell::new(0))), mine, lang, voice);
}

type Queue = std::rc::Rc<(Vec<String>, Cell<usize>)>;

fn speak_next(queue: Queue, mine: u32, lang: String, voice: Option<SpeechSynthesisVoice>) {
    let Some(r) = reader() else { return };
    if r.reading.get() != mine {
        return;
    }
    let index = queue.1.get();
    let Some(text) = queue.0.get(index) else {
        finish(mine);
        return;
    };
    queue.1.set(index + 1);
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
        finish(mine);
        return;
    };
    utterance.set_lang(&lang);
    if let Some(voice) = &voice {
        utterance.set_voice(Some(voice));
    }
    let (next_lang, next_voice) = (lang.clone(), voice.clone());
    let ended = EventListener::new(&utterance, "end", move |_| {
        speak_next(queue.clone(), mine, next_lang.clone(), next_voice.clone())
    });
    let failed = EventListener::new(&utterance, "error", move |_| finish(mine));
    let spoken = utterance.clone();
    r.retire();
    r.current.replace(Some((utterance, [ended, failed])));
    r.synth.speak(&spoken);
}

fn finish(which: u32) {
    let Some(r) = reader() else { return };
    if which != r.reading.get() {
        return;
    }
    r.reading.set(which + 1);
    r.retire();
    r.set(false);
}

fn stop() {
    let Some(r) = reader() else { return };
    let was_speaking = r.speaking.get();
    r.reading.set(r.reading.get() + 1);
    r.retire();
    if was_speaking {
        r.synth.cancel();
        r.set(false);
    }
}

/// The main content's rendered text (innerText keeps the breaks between blocks and leaves out
/// what is not displayed). Parts to skip that are displayed are hidden for the moment of reading
/// (the `hidden` attribute, or SVG's `display` attribute) and shown again before anything is
/// painted. Attributes rather than inline styles: Chrome leaves style="" behind.
fn page_text() -> String {
    let document = gloo::utils::document();
    let Some(main) = document
        .get_element_by_id("main")
        .and_then(|m| m.dyn_into::<HtmlElement>().ok())
    else {
        return String::new();
    };
    let mut undo: Vec<Box<dyn FnOnce()>> = Vec::new();
    if let Ok(list) = main.query_selector_all(SKIP) {
        for i in 0..list.length() {
            let Some(node) = list.item(i) else { continue };
            if let Some(el) = node.dyn_ref::<HtmlElement>() {
                if el.hidden() {
                    continue;
                }
                el.set_hidden(true);
                let el = el.clone();
                undo.push(Box::new(move || el.set_hidden(false)));
            } else if let Some(el) = node.dyn_ref::<web_sys::SvgElement>() {
                let before = el.get_attribute("display");
                let _ = el.set_attribute("display", "none");
                let el = el.clone();
                undo.push(Box::new(move || match before {
                    Some(b) => {
                        let _ = el.set_attribute("display", &b);
                    }
                    None => {
                        let _ = el.remove_attribute("display");
                    }
                }));
            }
        }
    }
    let text = main.inner_text();
    for step in undo {
        step();
    }
    text
}

/// A voice for the page's language where the browser does not pick one from `lang` itself: the
/// same language and region first, then the same language, local voices before network ones.
fn voice_for(synth: &SpeechSynthesis, lang: &str) -> Option<SpeechSynthesisVoice> {
    if lang.is_empty() {
        return None;
    }
    let want = lang.to_ascii_lowercase();
    let base = want.split('-').next().unwrap_or_default().to_string();
    let rank = |v: &SpeechSynthesisVoice| {
        let norm = v.lang().replace('_', "-").to_ascii_lowercase();
        let lang_rank = if norm == want {
            0
        } else if norm.split('-').next() == Some(base.as_str()) {
            2
        } else {
            return 9;
        };
        lang_rank + u8::from(!v.local_service())
    };
    synth
        .get_voices()
        .iter()
        .filter_map(|v| v.dyn_into::<SpeechSynthesisVoice>().ok())
        .filter(|v| rank(v) < 9)
        .min_by_key(|v| rank(v))
}
