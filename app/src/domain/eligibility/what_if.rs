//! "What if": the result page asks how the answer would change if something about the household
//! were different — the income, a member's age or disability, the savings, the hukou, or the date
//! of applying — and evaluates the changed household beside the real one.
//!
//! The changes travel as answer fields of the result screen (`whatif`, `whatif_member`, …), so the
//! same form works with and without JavaScript. They are never part of a shared link.

use super::{
    household::{Household, Hukou},
    questions::{parse_whole, parse_yuan, Answers, DISABILITY_KINDS},
};
use crate::{
    domain::{date::Date, FieldError},
    i18n::Msg,
};

/// The result screen's what-if fields, in the order the form shows them.
pub const FIELDS: [&str; 8] = [
    "whatif",
    "whatif_member",
    "whatif_age",
    "whatif_grade",
    "whatif_kind",
    "whatif_assets",
    "whatif_hukou",
    "whatif_date",
];

/// Dates before this have no rules in the engine (the 2014 社会救助暂行办法).
fn earliest() -> Date {
    Date::new(2014, 5, 1).expect("a valid date")
}

/// What the resident asked to change. Every part is optional; those given apply together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WhatIf {
    /// The household's monthly income (fen).
    pub income: Option<i64>,
    /// The member the age and disability changes are about (0 is the person answering).
    pub member: usize,
    pub age: Option<i32>,
    /// `Some(None)`: without a disability; `Some(Some(grade))`: with that grade.
    pub grade: Option<Option<i32>>,
    pub kind: Option<super::household::DisabilityKind>,
    /// Savings and other financial assets (fen).
    pub assets: Option<i64>,
    pub hukou: Option<Hukou>,
    /// The day of applying: the rules and figures in force then.
    pub date: Option<Date>,
}

impl WhatIf {
    /// The changes in these answers, `None` when none is given (or one is wrong: see [`validate`]).
    pub fn from_answers(answers: &Answers, members: usize) -> Option<WhatIf> {
        if !validate(answers, members).is_empty() {
            return None;
        }
        let member = answers
            .get("whatif_member")
            .and_then(parse_whole)
            .map(|n| n as usize - 1)
            .unwrap_or(0);
        let what = WhatIf {
            income: answers.get("whatif").and_then(parse_yuan),
            member,
            age: answers
                .get("whatif_age")
                .and_then(parse_whole)
                .map(|a| a as i32),
            grade: answers.get("whatif_grade").map(|g| g.parse::<i32>().ok()),
            kind: answers
                .get("whatif_kind")
                .and_then(|k| DISABILITY_KINDS.iter().find(|(key, _)| *key == k))
                .map(|(_, kind)| *kind),
            assets: answers.get("whatif_assets").and_then(parse_yuan),
            hukou: match answers.get("whatif_hukou") {
                Some("urban") => Some(Hukou::Urban),
                Some("rural") => Some(Hukou::Rural),
                _ => None,
            },
            date: answers.get("whatif_date").and_then(parse_date),
        };
        what.changes_anything().then_some(what)
    }

    fn changes_anything(&self) -> bool {
        self.income.is_some()
            || self.age.is_some()
            || self.grade.is_some()
            || self.assets.is_some()
            || self.hukou.is_some()
            || self.date.is_some()
    }

    /// The household with these changes made.
    pub fn apply(&self, household: &Household) -> Household {
        let mut h = household.clone();
        if let Some(fen) = self.income {
            h.income = super::household::Income::Exact(fen);
        }
        if let Some(fen) = self.assets {
            h.financial_assets = fen;
        }
        if let Some(hukou) = self.hukou {
            h.hukou = hukou;
        }
        if let Some(m) = h.members.get_mut(self.member) {
            if let Some(age) = self.age {
                m.age = age;
            }
            match self.grade {
                Some(None) => {
                    m.disability_grade = None;
                    m.disability_kind = None;
                }
                Some(Some(grade)) => {
                    m.disability_grade = Some(grade);
                    m.disability_kind = self.kind.or(m.disability_kind);
                }
                None => {}
            }
        }
        h
    }
}

/// A date as typed: `2027-03-01`, also with full-width digits or `/` and `.` between the parts.
fn parse_date(text: &str) -> Option<Date> {
    let normal: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '/' | '.' | '／' | '年' | '月' => '-',
            '日' => ' ',
            _ => c,
        })
        .collect();
    let mut parts = normal
        .trim()
        .split('-')
        .map(|p| p.trim().parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// Problems with the what-if fields, each at its field. `members` is the household's size.
pub fn validate(answers: &Answers, members: usize) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: Msg| {
        errors.push(FieldError {
            field: field.to_string(),
            message,
        })
    };
    for name in ["whatif", "whatif_assets"] {
        if answers.get(name).is_some_and(|v| parse_yuan(v).is_none()) {
            bad(name, Msg::AskAmountInvalid);
        }
    }
    let member_ok = answers
        .get("whatif_member")
        .is_none_or(|v| parse_whole(v).is_some_and(|n| n >= 1 && (n as usize) <= members.max(1)));
    if !member_ok {
        bad("whatif_member", Msg::InputInvalid);
    }
    let age_ok = answers.get("whatif_age").is_none_or(|v| {
        parse_whole(v).is_some_and(|a| (0..=i64::from(super::household::MAX_AGE)).contains(&a))
    });
    if !age_ok {
        bad("whatif_age", Msg::AskAgeInvalid);
    }
    let grade = answers.get("whatif_grade");
    if !grade.is_none_or(|g| ["none", "1", "2", "3", "4"].contains(&g)) {
        bad("whatif_grade", Msg::DisabilityGradeOutOfRange);
    }
    let kinds: Vec<&str> = DISABILITY_KINDS.iter().map(|(k, _)| *k).collect();
    if answers
        .get("whatif_kind")
        .is_some_and(|k| !kinds.contains(&k))
    {
        bad("whatif_kind", Msg::InputInvalid);
    }
    // A new grade needs a kind: the member's own, or one given here.
    if grade.is_some_and(|g| g != "none") && answers.get("whatif_kind").is_none() {
        let member = answers
            .get("whatif_member")
            .and_then(parse_whole)
            .unwrap_or(1)
            .saturating_sub(1);
        let own = answers
            .get(&super::questions::member_field(member as usize, "grade"))
            .is_some_and(|g| g != "none");
        if !own {
            bad("whatif_kind", Msg::AskDisabilityKindMissing);
        }
    }
    if answers
        .get("whatif_hukou")
        .is_some_and(|h| h != "urban" && h != "rural")
    {
        bad("whatif_hukou", Msg::InputInvalid);
    }
    if let Some(text) = answers.get("whatif_date") {
        match parse_date(text) {
            None => bad("whatif_date", Msg::WhatIfDateInvalid),
            Some(date) if date < earliest() => bad("whatif_date", Msg::WhatIfDateTooEarly),
            Some(_) => {}
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        eligibility::household::{DisabilityKind, Income, Member},
        money::yuan,
    };

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        Answers::from_pairs(pairs.iter().copied())
    }

    fn couple() -> Household {
        Household {
            hukou: Hukou::Urban,
            members: vec![Member::adult(58), Member::adult(55)],
            income: Income::Exact(yuan(900)),
            financial_assets: 0,
            vehicles: 0,
            homes: 0,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: false,
        }
    }

    #[test]
    fn nothing_asked_is_no_what_if() {
        assert_eq!(WhatIf::from_answers(&answers(&[]), 2), None);
        // A member chosen with nothing to change about them changes nothing.
        assert_eq!(
            WhatIf::from_answers(&answers(&[("whatif_member", "2")]), 2),
            None
        );
    }

    #[test]
    fn the_second_members_age_and_disability_change_only_them() {
        let w = WhatIf::from_answers(
            &answers(&[
                ("whatif_member", "2"),
                ("whatif_age", "61"),
                ("whatif_grade", "2"),
                ("whatif_kind", "physical"),
            ]),
            2,
        )
        .expect("changes");
        let h = w.apply(&couple());
        assert_eq!(h.members[0], couple().members[0]);
        assert_eq!(h.members[1].age, 61);
        assert_eq!(h.members[1].disability_grade, Some(2));
        assert_eq!(h.members[1].disability_kind, Some(DisabilityKind::Physical));
    }

    #[test]
    fn savings_hukou_income_and_date_apply_together() {
        let w = WhatIf::from_answers(
            &answers(&[
                ("whatif", "600"),
                ("whatif_assets", "20,000"),
                ("whatif_hukou", "rural"),
                ("whatif_date", "２０２１年６月３０日"),
            ]),
            2,
        )
        .expect("changes");
        assert_eq!(w.date, Date::new(2021, 6, 30));
        let h = w.apply(&couple());
        assert_eq!(h.income, Income::Exact(yuan(600)));
        assert_eq!(h.financial_assets, yuan(20_000));
        assert_eq!(h.hukou, Hukou::Rural);
    }

    #[test]
    fn without_a_disability_clears_grade_and_kind() {
        let mut h = couple();
        h.members[0].disability_grade = Some(1);
        h.members[0].disability_kind = Some(DisabilityKind::Visual);
        let w = WhatIf::from_answers(&answers(&[("whatif_grade", "none")]), 2).unwrap();
        let after = w.apply(&h);
        assert_eq!(after.members[0].disability_grade, None);
        assert_eq!(after.members[0].disability_kind, None);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let errors = validate(
            &answers(&[
                ("whatif", "lots"),
                ("whatif_member", "3"),
                ("whatif_age", "131"),
                ("whatif_grade", "2"),
                ("whatif_hukou", "moon"),
                ("whatif_date", "2013-12-31"),
            ]),
            2,
        );
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "whatif",
                "whatif_member",
                "whatif_age",
                "whatif_kind",
                "whatif_hukou",
                "whatif_date"
            ]
        );
        assert_eq!(
            validate(&answers(&[("whatif_date", "2021-02-30")]), 1)[0].message,
            Msg::WhatIfDateInvalid
        );
    }

    #[test]
    fn a_grade_for_a_member_already_disabled_keeps_their_kind() {
        let a = answers(&[
            ("m0.grade", "3"),
            ("m0.kind", "intellectual"),
            ("whatif_grade", "2"),
        ]);
        assert!(validate(&a, 1).is_empty());
        let mut h = couple();
        h.members[0].disability_grade = Some(3);
        h.members[0].disability_kind = Some(DisabilityKind::Intellectual);
        let after = WhatIf::from_answers(&a, 1).unwrap().apply(&h);
        assert_eq!(after.members[0].disability_grade, Some(2));
        assert_eq!(
            after.members[0].disability_kind,
            Some(DisabilityKind::Intellectual)
        );
    }
}
