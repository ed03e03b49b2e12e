//! The result: programs grouped by status with amounts, reasons, papers and where to apply; the
//! household's income per person against the lines; what-if; and ways to take the result away.

use super::{
    fields::{NumberField, Select},
    screens::{kind_msg, person_name},
    ApplyOffice, PrecheckSetup,
};
use crate::{
    domain::{
        eligibility::{
            evaluate::{evaluate, Amount, Evaluation, Program, ProgramResult, Status},
            explain::describe,
            guidance::{documents_for, where_to_apply, IncomePicture},
            household::Household,
            household::Hukou,
            policy::PolicyInForce,
            questions::{household, Answers, Wizard, DISABILITY_KINDS},
            summary::{summarise, Summary},
            what_if::WhatIf,
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
pub(super) struct Evaluated {
    pub region: String,
    pub household: Household,
    pub policy: PolicyInForce,
    pub evaluation: Evaluation,
    pub region_name: String,
}

pub(super) fn evaluated(answers: &Answers, setup: &PrecheckSetup) -> Option<Evaluated> {
    let (region, household) = household(answers, &setup.region_ids())?;
    let policy = setup.in_force(&region, setup.today)?;
    let evaluation = evaluate(&household, &policy);
    let region_name = setup
        .regions
        .iter()
        .find(|r| r.id == region)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| region.clone());
    Some(Evaluated {
        region,
        household,
        policy,
        evaluation,
        region_name,
    })
}

/// The result screen. `link` is the address that reopens these answers (in its fragment); with
/// none (the agent's one-page form shows the result outside its form), the ways to take the
/// result away, the what-if and the street chooser are left out.
pub fn result(
    w: &Wizard,
    setup: &PrecheckSetup,
    link: Option<String>,
    enhanced: Signal<bool>,
) -> AnyView {
    let locale = setup.locale;
    let Some(Evaluated {
        region,
        household: h,
        policy,
        evaluation,
        region_name,
    }) = evaluated(&w.answers, setup)
    else {
        return ().into_any();
    };
    let picture = IncomePicture::new(&h, &policy);
    let (common_documents, extras) = documents_for(&evaluation, &h);
    let summary = summarise(&evaluation);
    let what_if = WhatIf::from_answers(&w.answers, h.members.len()).map(|what| {
        let date = what.date.unwrap_or(setup.today);
        let then = setup
            .in_force(&region, date)
            .map(|p| evaluate(&what.apply(&h), &p));
        (what, then)
    });
    let office = chosen_office(w, setup, &region);

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
                program_card(p, extra, office, locale)
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
        {link.is_some().then(|| what_if_view(w, &h, &evaluation, what_if, &region_name, locale))}
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
        {where_view(w, setup, &region, office, link.is_some())}
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

/// The street office the resident chose on the result page, when it is one of their region's.
fn chosen_office<'a>(
    w: &Wizard,
    setup: &'a PrecheckSetup,
    region: &str,
) -> Option<&'a ApplyOffice> {
    let id = w.answers.get("street")?;
    setup.offices_of(region).into_iter().find(|o| o.id == id)
}

/// Where to apply: the office of the resident's street or township from the directory (chosen
/// here, from the region's list), with its address, hours and phone; the general sentence where
/// the directory lists none for the region, or until one is chosen.
fn where_view(
    w: &Wizard,
    setup: &PrecheckSetup,
    region: &str,
    office: Option<&ApplyOffice>,
    in_form: bool,
) -> impl IntoView {
    let locale = setup.locale;
    let offices = setup.offices_of(region);
    let chooser = (in_form && !offices.is_empty()).then(|| {
        let options: Vec<(String, String)> =
            std::iter::once((String::new(), locale.t(Msg::ApplyStreetUnknown).to_string()))
                .chain(offices.iter().map(|o| (o.id.clone(), o.street.clone())))
                .collect();
        // A street sent that is not the region's is said at the field.
        let mut w = w.clone();
        if w.answers.get("street").is_some() && office.is_none() {
            w.errors.push(crate::domain::FieldError {
                field: "street".into(),
                message: Msg::ApplyStreetNotListed,
            });
        }
        view! {
            <Select w name="street".into() label=locale.t(Msg::ApplyStreetLabel).to_string()
                options locale hint=Some(locale.t(Msg::ApplyStreetHint).to_string())/>
            <button type="submit" name="go" value="next" class="button button-secondary">{locale.t(Msg::ApplyStreetShow)}</button>
        }
    });
    let place = match office {
        Some(o) => view! {
            <div class="apply-office">
                <p class="apply-at">{locale.t_with(Msg::ApplyAt, &[("office", &o.name)])}
                    {o.is_sample.then(|| view! { " "<span class="sample-tag">{locale.t(Msg::SampleData)}</span> })}
                </p>
                <dl class="facts">
                    <dt>{locale.t(Msg::ApplyOfficeAddress)}</dt>
                    <dd>{o.address.clone()}</dd>
                    <dt>{locale.t(Msg::ApplyOfficeHours)}</dt>
                    <dd><ul class="plain">{o.hours.iter().map(|l| view! { <li>{l.clone()}</li> }).collect_view()}</ul></dd>
                    {(!o.phones.is_empty()).then(|| view! {
                        <dt>{locale.t(Msg::ApplyOfficePhone)}</dt>
                        <dd><ul class="plain">{o.phones.iter().map(|(label, number)| view! {
                            <li>{label.clone()}"："<a href=format!("tel:{number}")>{number.clone()}</a></li>
                        }).collect_view()}</ul></dd>
                    })}
                </dl>
                <p><a href=format!("/places/{}", o.id)>{locale.t(Msg::ApplyOfficePage)}</a></p>
            </div>
        }
        .into_any(),
        None => view! { <p>{locale.t(Msg::ApplyStreetOffice)}</p> }.into_any(),
    };
    view! {
        <section class="where-to-apply" aria-labelledby="where-heading">
            <h3 id="where-heading">{locale.t(Msg::WhereHeading)}</h3>
            {place}
            {chooser}
            <p>{locale.t_with(Msg::ApplyHotline, &[("hotline", HOTLINE)])}</p>
        </section>
    }
}

fn program_card(
    p: &ProgramResult,
    extra_documents: Vec<Msg>,
    office: Option<&ApplyOffice>,
    locale: Locale,
) -> impl IntoView {
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
            <p>{match office {
                Some(o) if where_to_apply(p.program) == Msg::ApplyStreetOffice => {
                    locale.t_with(Msg::ApplyAt, &[("office", &o.name)])
                }
                _ => locale.t(where_to_apply(p.program)).to_string(),
            }}</p>
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
    h: &Household,
    now: &Evaluation,
    what_if: Option<(WhatIf, Option<Evaluation>)>,
    region_name: &str,
    locale: Locale,
) -> impl IntoView {
    let state = |p: &ProgramResult| match amount_text(p, locale) {
        Some(amount) => format!("{} · {amount}", locale.t(status_msg(p.status))),
        None => locale.t(status_msg(p.status)).to_string(),
    };
    let comparison = what_if.map(|(what, then)| {
        let intro = locale.t_with(
            Msg::WhatIfIntro,
            &[("changes", &what_if_words(&what, h, locale))],
        );
        let body = match then {
            None => {
                let date = what.date.map(|d| d.to_string()).unwrap_or_default();
                view! { <p>{locale.t_with(Msg::WhatIfNoFigures, &[("region", region_name), ("date", &date)])}</p> }
                    .into_any()
            }
            Some(then) => {
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
                if changes.is_empty() {
                    view! { <p>{locale.t(Msg::WhatIfNoChange)}</p> }.into_any()
                } else {
                    view! { <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }
                        .into_any()
                }
            }
        };
        view! {
            <div class="what-if-answer" role="status">
                <p>{intro}</p>
                {body}
            </div>
        }
    });
    let t = |m: Msg| locale.t(m).to_string();
    let members = h.members.len();
    let member_choice = (members > 1).then(|| {
        let options: Vec<(String, String)> = (0..members)
            .map(|i| ((i + 1).to_string(), person_name(i, locale)))
            .collect();
        view! { <Select w=w.clone() name="whatif_member".into() label=t(Msg::WhatIfMemberLabel) options locale hint=None/> }
    });
    let grades: Vec<(String, String)> = [
        (String::new(), t(Msg::WhatIfGradeSame)),
        ("none".into(), t(Msg::GradeNone)),
    ]
    .into_iter()
    .chain((1..=4).map(|g| {
        (
            g.to_string(),
            locale.t_with(Msg::GradeN, &[("n", &g.to_string())]),
        )
    }))
    .collect();
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), t(Msg::WhatIfKindSame)))
        .chain(
            DISABILITY_KINDS
                .iter()
                .map(|(k, _)| (k.to_string(), t(kind_msg(k)))),
        )
        .collect();
    let hukou = vec![
        (String::new(), t(Msg::WhatIfHukouSame)),
        ("urban".into(), t(Msg::HukouUrban)),
        ("rural".into(), t(Msg::HukouRural)),
    ];
    view! {
        <section class="what-if" aria-labelledby="what-if-heading">
            <h3 id="what-if-heading">{t(Msg::WhatIfHeading)}</h3>
            <p class="hint">{t(Msg::WhatIfHint)}</p>
            <NumberField w=w.clone() name="whatif".into() label=t(Msg::WhatIfLabel)
                decimal=true locale hint=None/>
            {member_choice}
            <NumberField w=w.clone() name="whatif_age".into() label=t(Msg::WhatIfAgeLabel) short=true locale hint=None/>
            <Select w=w.clone() name="whatif_grade".into() label=t(Msg::WhatIfGradeLabel) options=grades locale hint=None/>
            <Select w=w.clone() name="whatif_kind".into() label=t(Msg::WhatIfKindLabel) options=kinds locale hint=None/>
            <NumberField w=w.clone() name="whatif_assets".into() label=t(Msg::WhatIfAssetsLabel)
                decimal=true locale hint=None/>
            <Select w=w.clone() name="whatif_hukou".into() label=t(Msg::WhatIfHukouLabel) options=hukou locale hint=None/>
            <DateField w=w.clone() locale/>
            <button type="submit" name="go" value="next" class="button button-secondary">{t(Msg::WhatIfShow)}</button>
            {comparison}
        </section>
    }
}

/// The date box of the what-if: typed, so it works the same with or without a date picker.
#[component]
fn DateField(w: Wizard, locale: Locale) -> impl IntoView {
    view! {
        <NumberField w name="whatif_date".into() label=locale.t(Msg::WhatIfDateLabel).to_string()
            locale hint=Some(locale.t(Msg::WhatIfDateHint).to_string())/>
    }
}

/// The changes asked for, in words: "the household's monthly income were ¥600, you were 61".
fn what_if_words(what: &WhatIf, h: &Household, locale: Locale) -> String {
    // Mid-sentence in English: "if you were 61", "if household member 2 were 61".
    let lower = |text: String| match locale {
        Locale::ZhCn => text,
        Locale::En => text.to_ascii_lowercase(),
    };
    let who = lower(person_name(what.member, locale));
    let mut parts = Vec::new();
    if let Some(fen) = what.income {
        parts.push(locale.t_with(Msg::WhatIfPartIncome, &[("amount", &format_yuan(fen))]));
    }
    if let Some(age) = what.age {
        parts.push(locale.t_with(
            Msg::WhatIfPartAge,
            &[("who", &who), ("age", &age.to_string())],
        ));
    }
    match what.grade {
        Some(None) => parts.push(locale.t_with(Msg::WhatIfPartNoDisability, &[("who", &who)])),
        Some(Some(grade)) => {
            let kind = what
                .kind
                .or_else(|| h.members.get(what.member).and_then(|m| m.disability_kind))
                .and_then(|k| DISABILITY_KINDS.iter().find(|(_, kind)| *kind == k))
                .map(|(key, _)| lower(locale.t(kind_msg(key)).to_string()))
                .unwrap_or_default();
            parts.push(locale.t_with(
                Msg::WhatIfPartGrade,
                &[
                    ("who", &who),
                    ("grade", &grade.to_string()),
                    ("kind", &kind),
                ],
            ));
        }
        None => {}
    }
    if let Some(fen) = what.assets {
        parts.push(locale.t_with(Msg::WhatIfPartAssets, &[("amount", &format_yuan(fen))]));
    }
    if let Some(hukou) = what.hukou {
        let name = match hukou {
            Hukou::Urban => Msg::HukouUrban,
            Hukou::Rural => Msg::HukouRural,
        };
        parts.push(locale.t_with(Msg::WhatIfPartHukou, &[("hukou", locale.t(name))]));
    }
    if let Some(date) = what.date {
        parts.push(locale.t_with(Msg::WhatIfPartDate, &[("date", &date.to_string())]));
    }
    parts.join(locale.t(Msg::WhatIfJoin))
}

fn take_away(link: String, enhanced: Signal<bool>, locale: Locale) -> impl IntoView {
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
            <button type="button" class="button button-secondary print-button" hidden=move || !enhanced.get()
                on:click=|_| print_page()>
                {locale.t(Msg::Print)}
            </button>
            // A phone already is the phone: it leads with keeping this page; kiosks and desktops
            // with the code to scan (the style sheet shows one or the other by screen width).
            <p class="save-on-phone">{locale.t(Msg::SaveOnPhone)}</p>
            <div class="scan-to-phone">
                <p>{locale.t(Msg::ShareLinkIntro)}</p>
                {qr}
            </div>
            <p><a href=link class="share-link">{locale.t(Msg::ShareLink)}</a></p>
        </section>
    }
}

use crate::components::print_button::print_page;
