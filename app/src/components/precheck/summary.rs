//! "Check your answers": every answer with a button that reopens its screen and returns here.

use super::{
    screens::{band_label, kind_msg, parents_msg, person_name, question_text, relation_msg},
    PrecheckSetup,
};
use crate::{
    domain::{
        eligibility::questions::{member_field, parse_yuan, steps, Answers, Step, INCOME_BANDS},
        money::format_yuan,
    },
    i18n::Msg,
};
use leptos::prelude::*;

/// One answer in words.
fn answer_text(step: Step, a: &Answers, setup: &PrecheckSetup) -> String {
    let locale = setup.locale;
    let t = |msg: Msg| locale.t(msg).to_string();
    let get = |name: &str| a.get(name).unwrap_or_default();
    let money = |name: &str| format_yuan(a.get(name).and_then(parse_yuan).unwrap_or(0));
    let yes_no = |name: &str| {
        if a.is(name, "yes") {
            t(Msg::Yes)
        } else {
            t(Msg::No)
        }
    };
    match step {
        Step::Region => setup
            .regions
            .iter()
            .find(|r| r.id == get("region"))
            .map(|r| r.name.clone())
            .unwrap_or_default(),
        Step::Hukou if a.is("hukou", "rural") => t(Msg::HukouRural),
        Step::Hukou => t(Msg::HukouUrban),
        Step::Size => get("size").to_string(),
        Step::Person(i) => {
            let relation = match i {
                0 => t(Msg::RelationSelf),
                _ => t(relation_msg(get(&member_field(i, "relation")))),
            };
            format!(
                "{} · {relation}",
                locale.t_with(Msg::AgeYears, &[("age", get(&member_field(i, "age")))])
            )
        }
        Step::PersonMore(i) => {
            let f = |name: &str| member_field(i, name);
            let mut parts = Vec::new();
            if let Some(grade) = a.get(&f("grade")).filter(|g| *g != "none") {
                parts.push(format!(
                    "{} {}",
                    t(kind_msg(get(&f("kind")))),
                    locale.t_with(Msg::GradeN, &[("n", grade)])
                ));
            }
            if let Some(care) = a.get(&f("selfcare")).filter(|c| *c != "full") {
                parts.push(t(super::screens::self_care_msg(care)));
            }
            for (name, msg) in [
                ("illness", Msg::CircumstanceIllness),
                ("cannot_work", Msg::CircumstanceCannotWork),
                ("student", Msg::CircumstanceStudent),
                ("institution", Msg::CircumstanceInstitution),
            ] {
                if a.is(&f(name), "yes") {
                    parts.push(t(msg));
                }
            }
            if let Some(parents) = a.get(&f("parents")) {
                parts.push(t(parents_msg(parents)));
            }
            if parts.is_empty() {
                t(Msg::NoneOfThese)
            } else {
                parts.join("；")
            }
        }
        Step::Income => match INCOME_BANDS.iter().find(|(k, _, _)| a.is("income_mode", k)) {
            Some((_, low, high)) => band_label(*low, *high, locale),
            None => money("income"),
        },
        Step::Assets => format!(
            "{}：{} · {}：{} · {}：{}",
            t(Msg::AskAssetsLabel),
            money("assets"),
            t(Msg::AskVehiclesLabel),
            a.get("vehicles").unwrap_or("0"),
            t(Msg::AskHomesLabel),
            a.get("homes").unwrap_or("0"),
        ),
        Step::Expenses => format!(
            "{}：{} · {}：{}",
            t(Msg::AskMedicalLabel),
            money("medical"),
            t(Msg::AskSchoolingLabel),
            money("schooling"),
        ),
        Step::Emergency => yes_no("emergency"),
        Step::Supporter => yes_no("supporter"),
        Step::Check | Step::Result => String::new(),
    }
}

/// The check page's list of answers.
pub fn check_answers(answers: &Answers, setup: &PrecheckSetup) -> AnyView {
    let locale = setup.locale;
    let rows = steps(answers)
        .into_iter()
        .filter(|s| s.is_question())
        .map(|step| {
            let question = match step {
                Step::Person(i) => format!("{} · {}", person_name(i, locale), locale.t(Msg::AskAgeLabel)),
                Step::PersonMore(i) => format!(
                    "{} · {}",
                    person_name(i, locale),
                    locale.t(Msg::AskCircumstancesShort)
                ),
                _ => question_text(step, locale),
            };
            let answer = answer_text(step, answers, setup);
            let change = locale.t_with(Msg::ChangeItem, &[("item", &question)]);
            view! {
                <div class="summary-row">
                    <dt>{question}</dt>
                    <dd>{answer}</dd>
                    <dd class="summary-change">
                        <button type="submit" name="go" value=step.key() class="link-button" aria-label=change>
                            {locale.t(Msg::Change)}
                        </button>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <h2 id="question" tabindex="-1">{locale.t(Msg::CheckHeading)}</h2>
        <p>{locale.t(Msg::CheckIntro)}</p>
        <dl class="summary-list">{rows}</dl>
    }
    .into_any()
}
