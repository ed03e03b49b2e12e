//! The result: programs grouped by status with amounts, reasons, papers and where to apply; the
//! household's income per person against the lines; what-if; and ways to take the result away.

use super::{fields::NumberField, PrecheckSetup};
use crate::{
    domain::{
        eligibility::{
            evaluate::{evaluate, Amount, Evaluation, Program, ProgramResult, Status},
            explain::describe,
            guidance::{documents_for, where_to_apply, IncomePicture},
            household::Household,
            policy::PolicyInForce,
            questions::{household, parse_yuan, with_income, Answers, Wizard},
            summary::{summarise, Summary},
        },
        money::format_yuan,
        qr::qr_path,
    },
    i18n::{Locale, Msg},
    HOTLINE,
};
use leptos::prelude::*;

fn status_msg(status: Status) -> Msg {
    match status {
        Status::Likely => Msg::StatusLikely,
        Status::Possible => Msg::StatusPossible,
        Status::Unlikely => Msg::StatusUnlikely,
    }
}

fn amount_text(p: &ProgramResult, locale: Locale) -> Option<String> {
    let (msg, fen) = match (p.amount?, p.up_to) {
        (Amount::Monthly(fen), false) => (Msg::AmountMonthly, fen),
        (Amount::Monthly(fen), true) => (Msg::AmountMonthlyUpTo, fen),
        (Amount::OneOff(fen), _) => (Msg::AmountOneOff, fen),
    };
    Some(locale.t_with(msg, &[("amount", &format_yuan(fen))]))
}

/// What the answers come to: the household, its region's figures, their evaluation and the
/// region's name. `None` while the answers are incomplete or the region has no figures.
pub(super) struct Evaluated<'a> {
    pub household: Household,
    pub policy: &'a PolicyInForce,
    pub evaluation: Evaluation,
    pub region_name: String,
}

pub(super) fn evaluated<'a>(answers: &Answers, setup: &'a PrecheckSetup) -> Option<Evaluated<'a>> {
    let (region, household) = household(answers, &setup.region_ids())?;
    let policy = setup.policies.iter().find(|p| p.region == region)?;
    let evaluation = evaluate(&household, policy);
    let region_name = setup
        .regions
        .iter()
        .find(|r| r.id == region)
        .map(|r| r.name.clone())
        .unwrap_or(region);
    Some(Evaluated {
        household,
        policy,
        evaluation,
        region_name,
    })
}

/// The result screen. `link` is the address that reopens these answers (in its fragment); with
/// none, the ways to take the result away are left out.
pub fn result(w: &Wizard, setup: &PrecheckSetup, link: Option<String>, enhanced: bool) -> AnyView {
    let locale = setup.locale;
    let Some(Evaluated {
        household: h,
        policy,
        evaluation,
        region_name,
    }) = evaluated(&w.answers, setup)
    else {
        return ().into_any();
    };
    let picture = IncomePicture::new(&h, policy);
    let (common_documents, extras) = documents_for(&evaluation, &h);
    let summary = summarise(&evaluation);
    let what_if = w
        .answers
        .get("whatif")
        .and_then(parse_yuan)
        .map(|fen| (fen, evaluate(&with_income(&h, fen), policy)));

    let group = |status: Status, heading: Msg| {
        // Funeral benefit is not applied for while living: a line below says it.
        let programs: Vec<&ProgramResult> = evaluation
            .programs
            .iter()
            .filter(|p| p.status == status && p.program != Program::FuneralBenefit)
            .collect();
        let cards = programs
            .iter()
            .map(|p| {
                let extra = extras
                    .iter()
                    .find(|(program, _)| *program == p.program)
                    .map(|(_, docs)| docs.clone())
                    .unwrap_or_default();
                program_card(p, extra, locale)
            })
            .collect_view();
        let body = if programs.is_empty() {
            view! { <p>{locale.t(Msg::NoProgramsInGroup)}</p> }.into_any()
        } else {
            cards.into_any()
        };
        let id = format!("group-{}", status_key(status));
        let labelledby = id.clone();
        let title = format!("{} ({})", locale.t(heading), programs.len());
        if status == Status::Unlikely {
            view! {
                <section class="result-group group-unlikely" aria-labelledby=labelledby>
                    <details>
                        <summary><h3 id=id>{title}</h3></summary>
                        {body}
                    </details>
                </section>
            }
            .into_any()
        } else {
            view! {
                <section class=format!("result-group group-{}", status_key(status)) aria-labelledby=labelledby>
                    <h3 id=id>{title}</h3>
                    {body}
                </section>
            }
            .into_any()
        }
    };

    view! {
        <h2 id="question" tabindex="-1">{locale.t(Msg::ResultHeading)}</h2>
        <p>{locale.t_with(Msg::ResultFor, &[("region", &region_name), ("date", &evaluation.policy_date.to_string())])}</p>
        {evaluation.uses_sample_values.then(|| view! {
            <p class="sample-note"><span class="sample-tag">{locale.t(Msg::SampleData)}</span>" "{locale.t(Msg::ResultSamples)}</p>
        })}
        {evaluation.figures_are_old.then(|| {
            let text = match evaluation.figures_from {
                Some(from) => locale.t_with(Msg::ResultFiguresOld, &[("year", &from.year().to_string())]),
                None => locale.t(Msg::ResultFiguresNone).to_string(),
            };
            view! { <p class="notice notice-info figures-old">{text}</p> }
        })}
        {summary_view(&summary, &evaluation, locale)}
        <p class="notice notice-info disclaimer">{locale.t(Msg::ResultDisclaimer)}</p>
        {group(Status::Likely, Msg::GroupLikely)}
        {group(Status::Possible, Msg::GroupPossible)}
        {picture_view(&picture, locale)}
        {what_if_view(w, &evaluation, what_if, locale)}
        {group(Status::Unlikely, Msg::GroupUnlikely)}
        {(!common_documents.is_empty()).then(|| view! {
            <section aria-labelledby="bring-heading">
                <h3 id="bring-heading">{locale.t(Msg::BringAllHeading)}</h3>
                <ul class="documents">
                    {common_documents.iter().map(|d| view! { <li>{locale.t(*d)}</li> }).collect_view()}
                </ul>
            </section>
        })}
        {summary.funeral_free.then(|| view! {
            <p class="funeral-free">{locale.t(Msg::FuneralFreeLine)}" "
                <a href="/funeral/after-a-death">{locale.t(Msg::FuneralGuideLink)}</a>
            </p>
        })}
        <section aria-labelledby="where-heading">
            <h3 id="where-heading">{locale.t(Msg::WhereHeading)}</h3>
            <p>{locale.t(Msg::ApplyStreetOffice)}</p>
            <p>{locale.t_with(Msg::ApplyHotline, &[("hotline", HOTLINE)])}</p>
        </section>
        {link.map(|link| take_away(link, enhanced, locale))}
    }
    .into_any()
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Likely => "likely",
        Status::Possible => "possible",
        Status::Unlikely => "unlikely",
    }
}

/// The opening sentences: what the household most likely gets, and what is not received together.
fn summary_view(s: &Summary, e: &Evaluation, locale: Locale) -> impl IntoView {
    let name = |p: Program| locale.t(p.name()).to_string();
    let lead = match s.lead {
        Some((program, status, _, _)) => {
            let amount = amount_text(e.program(program), locale);
            let (with_amount, plain) = match status {
                Status::Likely => (Msg::SummaryLeadLikely, Msg::SummaryLeadLikelyPlain),
                _ => (Msg::SummaryLeadPossible, Msg::SummaryLeadPossiblePlain),
            };
            match amount {
                Some(a) => {
                    locale.t_with(with_amount, &[("program", &name(program)), ("amount", &a)])
                }
                None => locale.t_with(plain, &[("program", &name(program))]),
            }
        }
        None => locale.t(Msg::SummaryNone).to_string(),
    };
    let instead = s.lead.zip(s.instead_of).map(|((chosen, ..), other)| {
        locale.t_with(
            Msg::SummaryInstead,
            &[("chosen", &name(chosen)), ("other", &name(other))],
        )
    });
    let also = (!s.also.is_empty()).then(|| {
        let separator = match locale {
            Locale::ZhCn => "、",
            Locale::En => ", ",
        };
        let names: Vec<String> = s.also.iter().map(|p| name(*p)).collect();
        locale.t_with(Msg::SummaryAlso, &[("programs", &names.join(separator))])
    });
    view! {
        <div class="result-summary">
            <p class="summary-lead">{lead}</p>
            {instead.map(|t| view! { <p>{t}</p> })}
            {also.map(|t| view! { <p>{t}</p> })}
        </div>
    }
}

fn program_card(p: &ProgramResult, extra_documents: Vec<Msg>, locale: Locale) -> impl IntoView {
    let reasons = p
        .reasons
        .iter()
        .map(|r| {
            let (class, mark) = if r.passed {
                ("reason reason-met", Msg::ReasonMet)
            } else {
                ("reason reason-not-met", Msg::ReasonNotMet)
            };
            view! {
                <li class=class>
                    <span class="reason-mark">{locale.t(mark)}</span>" "{describe(r, locale)}
                </li>
            }
        })
        .collect_view();
    let apply = (p.status != Status::Unlikely).then(|| {
        view! {
            {(!extra_documents.is_empty()).then(|| view! {
                <h5>{locale.t(Msg::BringExtraHeading)}</h5>
                <ul class="documents">
                    {extra_documents.iter().map(|d| view! { <li>{locale.t(*d)}</li> }).collect_view()}
                </ul>
            })}
            <h5>{locale.t(Msg::WhereHeading)}</h5>
            <p>{locale.t(where_to_apply(p.program))}</p>
        }
    });
    view! {
        <article class="program" data-program=format!("{:?}", p.program)>
            <h4>{locale.t(p.program.name())}</h4>
            <p class="program-status">{locale.t(status_msg(p.status))}
                {amount_text(p, locale).map(|a| view! { " · "<strong class="program-amount">{a}</strong> })}
            </p>
            <h5>{locale.t(Msg::WhyHeading)}</h5>
            <ul class="reasons">{reasons}</ul>
            {apply}
        </article>
    }
}

fn picture_view(picture: &IncomePicture, locale: Locale) -> impl IntoView {
    let you = if picture.per_person_low == picture.per_person_high {
        format_yuan(picture.per_person_low)
    } else {
        format!(
            "{}–{}",
            format_yuan(picture.per_person_low),
            format_yuan(picture.per_person_high)
        )
    };
    let row = |label: Msg, class: &'static str, fen: i64, text: String| {
        let width = picture.percent(fen).to_string();
        view! {
            <div class="bar-row">
                <dt>{locale.t(label)}</dt>
                <dd>
                    <svg class=format!("bar {class}") viewBox="0 0 100 10" preserveAspectRatio="none"
                        aria-hidden="true" focusable="false">
                        <rect x="0" y="0" width=width height="10"></rect>
                    </svg>
                    <span class="bar-value">{text}</span>
                </dd>
            </div>
        }
    };
    let household_line = |fen: i64| format_yuan(fen * picture.members);
    view! {
        <section class="income-picture" aria-labelledby="picture-heading">
            <h3 id="picture-heading">{locale.t(Msg::PictureHeading)}</h3>
            <dl class="bars">
                {row(Msg::PictureYou, "bar-you", picture.per_person_low, you)}
                {row(Msg::PictureDibao, "bar-dibao", picture.dibao_standard, format_yuan(picture.dibao_standard))}
                {row(Msg::PictureLowIncome, "bar-low-income", picture.low_income_line, format_yuan(picture.low_income_line))}
            </dl>
            <p>{locale.t_with(Msg::PictureLines, &[
                ("members", &picture.members.to_string()),
                ("dibao", &household_line(picture.dibao_standard)),
                ("low_income", &household_line(picture.low_income_line)),
            ])}</p>
        </section>
    }
}

fn what_if_view(
    w: &Wizard,
    now: &Evaluation,
    what_if: Option<(i64, Evaluation)>,
    locale: Locale,
) -> impl IntoView {
    let state = |p: &ProgramResult| match amount_text(p, locale) {
        Some(amount) => format!("{} · {amount}", locale.t(status_msg(p.status))),
        None => locale.t(status_msg(p.status)).to_string(),
    };
    let comparison = what_if.map(|(fen, then)| {
        let changes: Vec<String> = now
            .programs
            .iter()
            .zip(&then.programs)
            .filter(|(a, b)| a.status != b.status || a.amount != b.amount)
            .map(|(a, b)| {
                locale.t_with(
                    Msg::WhatIfChange,
                    &[
                        ("program", locale.t(a.program.name())),
                        ("from", &state(a)),
                        ("to", &state(b)),
                    ],
                )
            })
            .collect();
        view! {
            <div class="what-if-answer" role="status">
                <p>{locale.t_with(Msg::WhatIfIntro, &[("amount", &format_yuan(fen))])}</p>
                {if changes.is_empty() {
                    view! { <p>{locale.t(Msg::WhatIfNoChange)}</p> }.into_any()
                } else {
                    view! { <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
                }}
            </div>
        }
    });
    view! {
        <section class="what-if" aria-labelledby="what-if-heading">
            <h3 id="what-if-heading">{locale.t(Msg::WhatIfHeading)}</h3>
            <NumberField w=w.clone() name="whatif".into() label=locale.t(Msg::WhatIfLabel).to_string()
                decimal=true locale hint=None/>
            <button type="submit" name="go" value="next" class="button button-secondary">{locale.t(Msg::WhatIfShow)}</button>
            {comparison}
        </section>
    }
}

fn take_away(link: String, enhanced: bool, locale: Locale) -> impl IntoView {
    let qr = qr_path(&link).map(|(width, path)| {
        let size = width + 8;
        view! {
            <svg class="qr" viewBox=format!("-4 -4 {size} {size}") role="img"
                aria-label=locale.t(Msg::QrLabel) shape-rendering="crispEdges">
                <rect x="-4" y="-4" width=size.to_string() height=size.to_string() fill="#fff"></rect>
                <path d=path fill="#000"></path>
            </svg>
        }
    });
    view! {
        <section class="take-away" aria-labelledby="take-away-heading">
            <h3 id="take-away-heading">{locale.t(Msg::TakeAwayHeading)}</h3>
            <button type="button" class="button button-secondary print-button" hidden=!enhanced
                on:click=|_| print_page()>
                {locale.t(Msg::Print)}
            </button>
            <p>{locale.t(Msg::ShareLinkIntro)}</p>
            {qr}
            <p><a href=link class="share-link">{locale.t(Msg::ShareLink)}</a></p>
        </section>
    }
}

use crate::components::print_button::print_page;
