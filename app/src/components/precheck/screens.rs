//! The question screens: one question (or one person) per screen.

use super::{
    fields::{Checkboxes, Choices, NumberField, Select},
    PrecheckSetup,
};
use crate::{
    domain::{
        eligibility::questions::{
            member_field, Step, Wizard, CHILD_AGE, DISABILITY_KINDS, INCOME_BANDS, PARENTS,
            RELATIONS, SELF_CARE,
        },
        money::{format_yuan, yuan},
    },
    i18n::{Locale, Msg},
};
use leptos::prelude::*;

/// How a member is named on screen: "You" or "Household member 2".
pub fn person_name(member: usize, locale: Locale) -> String {
    match member {
        0 => locale.t(Msg::PersonYou).to_string(),
        i => locale.t_with(Msg::PersonN, &[("n", &(i + 1).to_string())]),
    }
}

/// The question a screen asks, as its heading and page title.
pub fn question_text(step: Step, locale: Locale) -> String {
    let person = |i| person_name(i, locale);
    match step {
        Step::Region => locale.t(Msg::AskRegion).into(),
        Step::Hukou => locale.t(Msg::AskHukou).into(),
        Step::Size => locale.t(Msg::AskSize).into(),
        Step::Person(0) => locale.t(Msg::AskPersonYou).into(),
        Step::Person(i) => locale.t_with(Msg::AskPerson, &[("person", &person(i))]),
        Step::PersonMore(i) => locale.t_with(Msg::AskPersonMore, &[("person", &person(i))]),
        Step::Income => locale.t(Msg::AskIncome).into(),
        Step::Assets => locale.t(Msg::AskAssets).into(),
        Step::Expenses => locale.t(Msg::AskExpenses).into(),
        Step::Emergency => locale.t(Msg::AskEmergency).into(),
        Step::Supporter => locale.t(Msg::AskSupporter).into(),
        Step::Check => locale.t(Msg::CheckHeading).into(),
        Step::Result => locale.t(Msg::ResultHeading).into(),
    }
}

fn options(pairs: &[(&str, Msg)], locale: Locale) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(value, msg)| (value.to_string(), locale.t(*msg).to_string()))
        .collect()
}

pub fn relation_msg(key: &str) -> Msg {
    match key {
        "spouse" => Msg::RelationSpouse,
        "child" => Msg::RelationChild,
        "parent" => Msg::RelationParent,
        "grandchild" => Msg::RelationGrandchild,
        "grandparent" => Msg::RelationGrandparent,
        "sibling" => Msg::RelationSibling,
        _ => Msg::RelationOther,
    }
}

pub fn kind_msg(key: &str) -> Msg {
    match key {
        "physical" => Msg::KindPhysical,
        "visual" => Msg::KindVisual,
        "hearing" => Msg::KindHearing,
        "speech" => Msg::KindSpeech,
        "intellectual" => Msg::KindIntellectual,
        "mental" => Msg::KindMental,
        _ => Msg::KindMultiple,
    }
}

pub fn self_care_msg(key: &str) -> Msg {
    match key {
        "partial" => Msg::SelfCarePartial,
        "none" => Msg::SelfCareNone,
        _ => Msg::SelfCareFull,
    }
}

pub fn parents_msg(key: &str) -> Msg {
    match key {
        "deceased_or_missing" => Msg::ParentsDeceased,
        "unable" => Msg::ParentsUnable,
        _ => Msg::ParentsPresent,
    }
}

/// The label of an income band: "¥1,000 to ¥2,000" or "Over ¥8,000".
pub fn band_label(low: i64, high: Option<i64>, locale: Locale) -> String {
    let low = format_yuan(yuan(low));
    match high {
        Some(high) => locale.t_with(
            Msg::IncomeBand,
            &[("low", &low), ("high", &format_yuan(yuan(high)))],
        ),
        None => locale.t_with(Msg::IncomeBandOpen, &[("low", &low)]),
    }
}

/// The fields of one question screen.
pub fn question(w: &Wizard, setup: &PrecheckSetup) -> AnyView {
    question_with_heading(w, setup, "question")
}

/// The fields of one question, its heading with this id (for pages that show several).
pub fn question_with_heading(w: &Wizard, setup: &PrecheckSetup, heading_id: &str) -> AnyView {
    let heading_id = heading_id.to_string();
    let locale = setup.locale;
    let w = w.clone();
    let step = w.step;
    let t = |msg: Msg| locale.t(msg).to_string();
    let heading = question_text(w.step, locale);
    let yes_no = || options(&[("yes", Msg::Yes), ("no", Msg::No)], locale);
    let title = {
        let heading_id = heading_id.clone();
        move || view! { <h2 id=heading_id.clone() tabindex="-1">{heading.clone()}</h2> }
    };
    match w.step {
        Step::Region => {
            let regions = setup
                .regions
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect();
            view! {
                <Choices w name="region".into() legend=question_text(step, locale) options=regions
                    hint=Some(t(Msg::AskRegionHint)) question=true heading_id=heading_id.clone() locale/>
            }
            .into_any()
        }
        Step::Hukou => view! {
            <Choices w name="hukou".into() legend=question_text(step, locale) question=true heading_id=heading_id.clone() locale
                options=options(&[("urban", Msg::HukouUrban), ("rural", Msg::HukouRural)], locale)
                hint=Some(t(Msg::AskHukouHint))/>
        }
        .into_any(),
        Step::Size => view! {
            {title()}
            <p class="hint">{t(Msg::AskSizeHint)}</p>
            <NumberField w name="size".into() label=t(Msg::AskSizeLabel) short=true locale hint=None/>
        }
        .into_any(),
        Step::Person(i) => {
            let relation = (i > 0).then(|| {
                let relations: Vec<(&str, Msg)> =
                    RELATIONS.iter().map(|(k, _)| (*k, relation_msg(k))).collect();
                view! {
                    <Choices w=w.clone() name=member_field(i, "relation") legend=t(Msg::AskRelationLabel)
                        options=options(&relations, locale) locale hint=None/>
                }
            });
            view! {
                {title()}
                <NumberField w=w.clone() name=member_field(i, "age") label=t(Msg::AskAgeLabel) short=true locale hint=None/>
                {relation}
            }
            .into_any()
        }
        Step::PersonMore(i) => {
            let grades: Vec<(String, String)> = std::iter::once(("none".into(), t(Msg::GradeNone)))
                .chain((1..=4).map(|g| {
                    (g.to_string(), locale.t_with(Msg::GradeN, &[("n", &g.to_string())]))
                }))
                .collect();
            let kinds: Vec<(String, String)> = std::iter::once((String::new(), t(Msg::KindNone)))
                .chain(DISABILITY_KINDS.iter().map(|(k, _)| (k.to_string(), t(kind_msg(k)))))
                .collect();
            let circumstances = [
                ("illness", Msg::CircumstanceIllness),
                ("cannot_work", Msg::CircumstanceCannotWork),
                ("student", Msg::CircumstanceStudent),
                ("institution", Msg::CircumstanceInstitution),
            ]
            .iter()
            .map(|(f, msg)| (member_field(i, f), t(*msg)))
            .collect();
            let self_care: Vec<(String, String)> = SELF_CARE
                .iter()
                .map(|(k, _)| (k.to_string(), t(self_care_msg(k))))
                .collect();
            let is_child = w.answers.age(i).is_some_and(|a| a < CHILD_AGE);
            let parents = is_child.then(|| {
                let choices: Vec<(&str, Msg)> =
                    PARENTS.iter().map(|(k, _)| (*k, parents_msg(k))).collect();
                view! {
                    <Choices w=w.clone() name=member_field(i, "parents") legend=t(Msg::AskParentsLabel)
                        options=options(&choices, locale) locale hint=None/>
                }
            });
            view! {
                {title()}
                <input type="hidden" name=member_field(i, "seen") value="yes"/>
                <Choices w=w.clone() name=member_field(i, "grade") legend=t(Msg::AskGradeLabel)
                    options=grades locale hint=None/>
                <Select w=w.clone() name=member_field(i, "kind") label=t(Msg::AskKindLabel)
                    options=kinds locale hint=Some(t(Msg::AskKindHint))/>
                <Choices w=w.clone() name=member_field(i, "selfcare") legend=t(Msg::AskSelfCareLabel)
                    options=self_care locale hint=Some(t(Msg::AskSelfCareHint))/>
                <Checkboxes w=w.clone() legend=t(Msg::AskCircumstancesLabel) options=circumstances/>
                {parents}
            }
            .into_any()
        }
        Step::Income => {
            let mut modes = vec![("exact".to_string(), t(Msg::IncomeExact))];
            modes.extend(
                INCOME_BANDS
                    .iter()
                    .map(|(k, low, high)| (k.to_string(), band_label(*low, *high, locale))),
            );
            view! {
                {title()}
                <p class="hint">{t(Msg::AskIncomeHint)}</p>
                <NumberField w=w.clone() name="income".into() label=t(Msg::IncomeAmountLabel) decimal=true
                    locale hint=Some(t(Msg::YuanPerMonthHint))/>
                <Choices w=w.clone() name="income_mode".into() legend=t(Msg::IncomeBandsLabel)
                    options=modes locale hint=None/>
            }
            .into_any()
        }
        Step::Assets => view! {
            {title()}
            <p class="hint">{t(Msg::OptionalHint)}</p>
            <NumberField w=w.clone() name="assets".into() label=t(Msg::AskAssetsLabel) decimal=true
                locale hint=Some(t(Msg::YuanHint))/>
            <NumberField w=w.clone() name="vehicles".into() label=t(Msg::AskVehiclesLabel) short=true locale hint=None/>
            <NumberField w=w.clone() name="homes".into() label=t(Msg::AskHomesLabel) short=true locale hint=None/>
        }
        .into_any(),
        Step::Expenses => view! {
            {title()}
            <p class="hint">{t(Msg::AskExpensesHint)}" "{t(Msg::OptionalHint)}</p>
            <NumberField w=w.clone() name="medical".into() label=t(Msg::AskMedicalLabel) decimal=true locale hint=None/>
            <NumberField w=w.clone() name="schooling".into() label=t(Msg::AskSchoolingLabel) decimal=true locale hint=None/>
        }
        .into_any(),
        Step::Emergency => view! {
            <Choices w name="emergency".into() legend=question_text(step, locale) options=yes_no()
                question=true heading_id=heading_id.clone() locale hint=None/>
        }
        .into_any(),
        Step::Supporter => view! {
            <Choices w name="supporter".into() legend=question_text(step, locale) options=yes_no()
                question=true heading_id=heading_id.clone() locale hint=Some(t(Msg::AskSupporterHint))/>
        }
        .into_any(),
        Step::Check | Step::Result => ().into_any(),
    }
}
