//! The pre-check on one page, for a hotline agent filling it in while a caller talks: every
//! question the answers so far lead to, each problem at its field, then the result with a short
//! text to read out. Plain server-rendered forms; the same questions, rules and result as the
//! resident's step-by-step pre-check.

use super::{fields::ErrorSummary, result, screens, PrecheckSetup};
use crate::{
    components::form::form_field,
    domain::eligibility::{
        evaluate::{Amount, Program, Status},
        guidance::{documents, where_to_apply},
        questions::{steps, validate, Answers, Step, Wizard},
    },
    domain::money::format_yuan,
    i18n::{Locale, Msg},
};
use leptos::prelude::*;

/// What a submitted one-page form asks for: the questions again (after a change that adds or
/// removes some, such as the household's size), or the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Questions,
    Result,
}

/// The state of the one-page form: the answers, the questions they lead to, and the problems
/// when the result was asked for before every answer was right.
pub struct CompactCheck {
    pub answers: Answers,
    pub questions: Vec<Step>,
    pub errors: Vec<crate::error::FieldError>,
    pub asked: Asked,
}

impl CompactCheck {
    /// Reads a posted form (`go=result` asks for the result; anything else shows the questions).
    /// A result asked for while the answers lead to questions the form did not show (Enter
    /// pressed in the household's size, say) shows the new questions instead: nobody is told off
    /// for questions they have not seen.
    pub fn submit(form: &[(String, String)], regions: &[&str]) -> CompactCheck {
        let answers = Answers::from_pairs(
            form.iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        let questions: Vec<Step> = steps(&answers)
            .into_iter()
            .filter(|s| s.is_question())
            .collect();
        let shown = form_field(form, "shown");
        let asked = if form_field(form, "go") == "result" && shown == shown_keys(&questions) {
            Asked::Result
        } else {
            Asked::Questions
        };
        let errors = match asked {
            Asked::Result => questions
                .iter()
                .flat_map(|step| validate(*step, &answers, regions))
                .collect(),
            Asked::Questions => Vec::new(),
        };
        CompactCheck {
            answers,
            questions,
            errors,
            asked,
        }
    }

    /// Whether the result can be shown: it was asked for and every answer is right.
    pub fn shows_result(&self) -> bool {
        self.asked == Asked::Result && self.errors.is_empty()
    }

    fn wizard(&self, step: Step) -> Wizard {
        let fields = step.fields();
        Wizard {
            answers: self.answers.clone(),
            step,
            errors: self
                .errors
                .iter()
                .filter(|e| fields.contains(&e.field))
                .cloned()
                .collect(),
            returning: false,
        }
    }
}

/// The questions a form shows, as it says so in its `shown` field: `region,hukou,size,person-1`.
fn shown_keys(questions: &[Step]) -> String {
    questions
        .iter()
        .map(|s| s.key())
        .collect::<Vec<_>>()
        .join(",")
}

/// The text an agent reads to the caller: what they may qualify for and roughly how much, what
/// to bring and where to apply, and that it is not a decision. `None` when the answers are not
/// complete or the region has no figures.
pub fn read_out(answers: &Answers, setup: &PrecheckSetup) -> Option<String> {
    let locale = setup.locale;
    let result::Evaluated {
        household: h,
        evaluation,
        region_name,
        ..
    } = result::evaluated(answers, setup)?;
    let listed = |status: Status| -> Vec<String> {
        evaluation
            .programs
            .iter()
            .filter(|p| p.status == status)
            .map(|p| match p.amount {
                Some(Amount::Monthly(fen)) => locale.t_with(
                    if p.up_to {
                        Msg::ReadOutProgramMonthlyUpTo
                    } else {
                        Msg::ReadOutProgramMonthly
                    },
                    &[
                        ("program", locale.t(p.program.name())),
                        ("amount", &format_yuan(fen)),
                    ],
                ),
                Some(Amount::OneOff(fen)) => locale.t_with(
                    Msg::ReadOutProgramOneOff,
                    &[
                        ("program", locale.t(p.program.name())),
                        ("amount", &format_yuan(fen)),
                    ],
                ),
                None => locale.t(p.program.name()).to_string(),
            })
            .collect()
    };
    let separator = locale.t(Msg::ListSeparator);
    let mut lines = vec![locale.t_with(Msg::ReadOutIntro, &[("region", &region_name)])];
    let likely = listed(Status::Likely);
    let possible = listed(Status::Possible);
    if !likely.is_empty() {
        lines.push(locale.t_with(Msg::ReadOutLikely, &[("programs", &likely.join(separator))]));
    }
    if !possible.is_empty() {
        lines.push(locale.t_with(
            Msg::ReadOutPossible,
            &[("programs", &possible.join(separator))],
        ));
    }
    // Funeral benefit is not applied for while living.
    let applying: Vec<_> = evaluation
        .programs
        .iter()
        .filter(|p| p.status != Status::Unlikely && p.program != Program::FuneralBenefit)
        .collect();
    if applying.is_empty() {
        lines.push(locale.t(Msg::ReadOutNone).to_string());
    } else {
        let mut bring: Vec<Msg> = Vec::new();
        let mut places: Vec<Msg> = Vec::new();
        for p in &applying {
            for doc in documents(p.program, &h) {
                if !bring.contains(&doc) {
                    bring.push(doc);
                }
            }
            let place = where_to_apply(p.program);
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let words = |msgs: &[Msg]| {
            msgs.iter()
                .map(|m| locale.t(*m).trim_end_matches(['。', '.']).to_string())
                .collect::<Vec<_>>()
                .join(separator)
        };
        lines.push(locale.t_with(Msg::ReadOutBring, &[("documents", &words(&bring))]));
        lines.push(locale.t_with(Msg::ReadOutWhere, &[("places", &words(&places))]));
    }
    lines.push(locale.t(Msg::ResultDisclaimer).to_string());
    // Chinese sentences follow each other without spaces; English ones with one.
    Some(lines.join(match locale {
        Locale::ZhCn => "",
        Locale::En => " ",
    }))
}

/// The one-page form, and below it the result when it was asked for and the answers are right.
/// `hidden` goes inside the form (the staff session's token); `action` is where it posts.
pub fn compact_form(
    check: &CompactCheck,
    setup: &PrecheckSetup,
    action: &'static str,
    hidden: AnyView,
) -> AnyView {
    let locale = setup.locale;
    let summary = Wizard {
        answers: check.answers.clone(),
        step: Step::Region,
        errors: check.errors.clone(),
        returning: false,
    };
    let questions = check
        .questions
        .iter()
        .map(|step| {
            let heading = format!("q-{}", step.key());
            view! {
                <section class="compact-question" aria-labelledby=heading.clone()>
                    {screens::question_with_heading(&check.wizard(*step), setup, &heading)}
                </section>
            }
        })
        .collect_view();
    let outcome = check.shows_result().then(|| {
        let text = read_out(&check.answers, setup).unwrap_or_default();
        let full = Wizard {
            answers: check.answers.clone(),
            step: Step::Result,
            errors: Vec::new(),
            returning: false,
        };
        view! {
            <section class="compact-result" aria-labelledby="readout-heading">
                <h2 id="readout-heading">{locale.t(Msg::ReadOutHeading)}</h2>
                <p class="readout precheck-readout" id="precheck-readout" tabindex="-1">{text}</p>
                <details class="compact-details">
                    <summary>{locale.t(Msg::ReadOutDetails)}</summary>
                    {result::result(&full, setup, None, Signal::stored(false))}
                </details>
            </section>
        }
    });
    view! {
        {outcome}
        <form method="post" action=action class="precheck compact-precheck" novalidate>
            {hidden}
            <input type="hidden" name="shown" value=shown_keys(&check.questions)/>
            <ErrorSummary w=summary locale/>
            {questions}
            <div class="form-actions">
                <button type="submit" name="go" value="result" class="button button-primary" accesskey="r">
                    {locale.t(Msg::ReadOutShow)}
                </button>
                <button type="submit" name="go" value="update" class="button button-secondary">
                    {locale.t(Msg::ReadOutUpdate)}
                </button>
            </div>
        </form>
    }
    .into_any()
}
