//! The pre-check's questions, one screen each: which screens a household's answers need, what each
//! screen owns, how a submitted screen is checked, and how the answers become a [`Household`].
//!
//! Answers travel as form fields (name → text). The same code runs on the server, for browsers
//! without JavaScript that post each screen, and in the browser island, where nothing is sent.

use super::household::{
    DisabilityKind, Household, Hukou, Income, Member, Parents, Relation, SelfCare, MAX_MEMBERS,
};
use crate::{
    domain::money::{yuan, FEN_PER_YUAN},
    domain::FieldError,
    i18n::Msg,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Amounts above this are surely typing mistakes: ¥100 million.
const MAX_AMOUNT: i64 = yuan(100_000_000);
/// The longest answer kept; anything longer is cut (no answer needs more).
const MAX_ANSWER_CHARS: usize = 32;

/// One screen of the pre-check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Region,
    Hukou,
    Size,
    /// A member's age and relation (0 is the person answering).
    Person(usize),
    /// A member's disability, health, work, study and, for children, parents.
    PersonMore(usize),
    Income,
    Assets,
    Expenses,
    Emergency,
    Supporter,
    Check,
    Result,
}

impl Step {
    /// The name used in forms and change links: `region`, `person-2`, `person-2-more`.
    pub fn key(self) -> String {
        match self {
            Step::Region => "region".into(),
            Step::Hukou => "hukou".into(),
            Step::Size => "size".into(),
            Step::Person(i) => format!("person-{}", i + 1),
            Step::PersonMore(i) => format!("person-{}-more", i + 1),
            Step::Income => "income".into(),
            Step::Assets => "assets".into(),
            Step::Expenses => "expenses".into(),
            Step::Emergency => "emergency".into(),
            Step::Supporter => "supporter".into(),
            Step::Check => "check".into(),
            Step::Result => "result".into(),
        }
    }

    pub fn parse(key: &str) -> Option<Step> {
        let person = |rest: &str| {
            rest.parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_MEMBERS).contains(n))
                .map(|n| n - 1)
        };
        Some(match key {
            "region" => Step::Region,
            "hukou" => Step::Hukou,
            "size" => Step::Size,
            "income" => Step::Income,
            "assets" => Step::Assets,
            "expenses" => Step::Expenses,
            "emergency" => Step::Emergency,
            "supporter" => Step::Supporter,
            "check" => Step::Check,
            "result" => Step::Result,
            _ => {
                let rest = key.strip_prefix("person-")?;
                match rest.strip_suffix("-more") {
                    Some(n) => Step::PersonMore(person(n)?),
                    None => Step::Person(person(rest)?),
                }
            }
        })
    }

    /// The form fields this screen asks for.
    pub fn fields(self) -> Vec<String> {
        let own = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
        match self {
            Step::Region => own(&["region"]),
            Step::Hukou => own(&["hukou"]),
            Step::Size => own(&["size"]),
            Step::Person(i) => vec![member_field(i, "age"), member_field(i, "relation")],
            Step::PersonMore(i) => MEMBER_MORE_FIELDS
                .iter()
                .map(|f| member_field(i, f))
                .collect(),
            Step::Income => own(&["income_mode", "income"]),
            Step::Assets => own(&["assets", "vehicles", "homes"]),
            Step::Expenses => own(&["medical", "schooling"]),
            Step::Emergency => own(&["emergency"]),
            Step::Supporter => own(&["supporter"]),
            Step::Check => Vec::new(),
            Step::Result => {
                let mut fields = own(&super::what_if::FIELDS);
                fields.push("street".into());
                fields
            }
        }
    }

    /// Whether this screen asks a question (rather than showing the answers or the result).
    pub fn is_question(self) -> bool {
        !matches!(self, Step::Check | Step::Result)
    }
}

/// `seen` is a hidden field of the screen, so a member added from the check page is shown it too.
const MEMBER_MORE_FIELDS: [&str; 9] = [
    "seen",
    "grade",
    "kind",
    "selfcare",
    "illness",
    "cannot_work",
    "student",
    "institution",
    "parents",
];

/// A member's form field: `m0.age`, `m2.grade`.
pub fn member_field(member: usize, name: &str) -> String {
    format!("m{member}.{name}")
}

/// Whether a form field is one of the pre-check's answers.
pub fn is_answer_field(name: &str) -> bool {
    if super::what_if::FIELDS.contains(&name) || name == "street" {
        return true;
    }
    const PLAIN: [&str; 12] = [
        "region",
        "hukou",
        "size",
        "income_mode",
        "income",
        "assets",
        "vehicles",
        "homes",
        "medical",
        "schooling",
        "emergency",
        "supporter",
    ];
    if PLAIN.contains(&name) {
        return true;
    }
    let Some((member, field)) = name.strip_prefix('m').and_then(|r| r.split_once('.')) else {
        return false;
    };
    member.parse::<usize>().is_ok_and(|m| m < MAX_MEMBERS)
        && (field == "age" || field == "relation" || MEMBER_MORE_FIELDS.contains(&field))
}

/// The income bands a resident may pick when they do not know the exact amount (yuan a month).
pub const INCOME_BANDS: [(&str, i64, Option<i64>); 7] = [
    ("0-500", 0, Some(500)),
    ("500-1000", 500, Some(1000)),
    ("1000-2000", 1000, Some(2000)),
    ("2000-3000", 2000, Some(3000)),
    ("3000-5000", 3000, Some(5000)),
    ("5000-8000", 5000, Some(8000)),
    ("8000-", 8000, None),
];

/// The relations a member other than the person answering may have.
pub const RELATIONS: [(&str, Relation); 7] = [
    ("spouse", Relation::Spouse),
    ("child", Relation::Child),
    ("parent", Relation::Parent),
    ("grandchild", Relation::Grandchild),
    ("grandparent", Relation::Grandparent),
    ("sibling", Relation::Sibling),
    ("other", Relation::Other),
];

pub const DISABILITY_KINDS: [(&str, DisabilityKind); 7] = [
    ("physical", DisabilityKind::Physical),
    ("visual", DisabilityKind::Visual),
    ("hearing", DisabilityKind::Hearing),
    ("speech", DisabilityKind::Speech),
    ("intellectual", DisabilityKind::Intellectual),
    ("mental", DisabilityKind::Mental),
    ("multiple", DisabilityKind::Multiple),
];

/// How far a member looks after themselves (left unanswered: fully).
pub const SELF_CARE: [(&str, SelfCare); 3] = [
    ("full", SelfCare::Full),
    ("partial", SelfCare::Partial),
    ("none", SelfCare::None),
];

pub const PARENTS: [(&str, Parents); 3] = [
    ("present", Parents::Present),
    ("deceased_or_missing", Parents::DeceasedOrMissing),
    ("unable", Parents::UnableToRaise),
];

/// Children under this age are asked about their parents.
pub const CHILD_AGE: i32 = 18;

/// The answers so far, by form field. Blank answers are not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(pub BTreeMap<String, String>);

impl Answers {
    /// The answers among submitted form fields; other fields, blanks and unknown names are dropped.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Answers {
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            let value = value.trim();
            if is_answer_field(name) && !value.is_empty() {
                map.insert(
                    name.to_string(),
                    value.chars().take(MAX_ANSWER_CHARS).collect(),
                );
            }
        }
        let mut answers = Answers(map);
        answers.drop_extra_members();
        answers
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    pub fn is(&self, name: &str, value: &str) -> bool {
        self.get(name) == Some(value)
    }

    /// The answers as URL-encoded form text, for the link that reopens a result (in its fragment).
    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(
                self.0
                    .iter()
                    .filter(|(k, _)| !super::what_if::FIELDS.contains(&k.as_str())),
            )
            .finish()
    }

    /// Reads answers written by [`Answers::encode`].
    pub fn decode(text: &str) -> Answers {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect();
        Answers::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// How many members the household has, once that question is answered well.
    pub fn member_count(&self) -> Option<usize> {
        self.get("size")
            .and_then(parse_whole)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=MAX_MEMBERS).contains(n))
    }

    /// Answers about members beyond the household's size are forgotten.
    fn drop_extra_members(&mut self) {
        let count = self.member_count().unwrap_or(MAX_MEMBERS);
        self.0.retain(|name, _| {
            match name
                .strip_prefix('m')
                .and_then(|r| r.split_once('.'))
                .and_then(|(m, _)| m.parse::<usize>().ok())
            {
                Some(member) => member < count,
                None => true,
            }
        });
    }

    /// A member's age, once answered well.
    pub fn age(&self, member: usize) -> Option<i32> {
        self.get(&member_field(member, "age"))
            .and_then(parse_whole)
            .and_then(|a| i32::try_from(a).ok())
            .filter(|a| (0..=super::household::MAX_AGE).contains(a))
    }
}

/// Every screen these answers lead through, in order, ending with the check and the result.
pub fn steps(answers: &Answers) -> Vec<Step> {
    let mut steps = vec![Step::Region, Step::Hukou, Step::Size];
    for i in 0..answers.member_count().unwrap_or(0) {
        steps.push(Step::Person(i));
        steps.push(Step::PersonMore(i));
    }
    steps.extend([
        Step::Income,
        Step::Assets,
        Step::Expenses,
        Step::Emergency,
        Step::Supporter,
        Step::Check,
        Step::Result,
    ]);
    steps
}

/// Where the pre-check stands: the answers, the screen shown, and its problems if it was just
/// submitted with some.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wizard {
    pub answers: Answers,
    pub step: Step,
    pub errors: Vec<FieldError>,
    /// Set when the screen was opened from "check your answers", where it returns.
    pub returning: bool,
}

impl Wizard {
    pub fn start() -> Wizard {
        Wizard {
            answers: Answers::default(),
            step: Step::Region,
            errors: Vec::new(),
            returning: false,
        }
    }

    /// Reopens saved answers (from a link): the result when they are complete, otherwise the
    /// first screen still to answer.
    pub fn resume(answers: Answers, regions: &[&str]) -> Wizard {
        let step = first_incomplete(&answers, regions).unwrap_or(Step::Result);
        Wizard {
            answers,
            step,
            errors: Vec::new(),
            returning: false,
        }
    }

    /// A screen opened at its own address with the answers kept so far: the screen asked for when
    /// these answers lead to it (else the first still to answer), with its problems when it was
    /// sent back with some (`checked`).
    pub fn shown(
        answers: Answers,
        step: Option<Step>,
        returning: bool,
        checked: bool,
        regions: &[&str],
    ) -> Wizard {
        let Some(step) = step else {
            return Wizard::resume(answers, regions);
        };
        let mut w = Wizard {
            answers,
            step,
            errors: Vec::new(),
            returning,
        }
        .settled(regions);
        if checked && w.step == step {
            w.errors = validate(step, &w.answers, regions);
        }
        w
    }

    /// Handles a submitted screen. The form carries every answer so far, the screen it showed
    /// (`step`), whether it was opened from the check page (`return=check`) and the button used
    /// (`go`: `next`, `back`, `restart`, or a screen to change). `regions` are those with figures.
    pub fn submit(pairs: &[(String, String)], regions: &[&str]) -> Wizard {
        let field = |name: &str| {
            pairs
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let answers = Answers::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let current = field("step").and_then(Step::parse).unwrap_or(Step::Region);
        let returning = field("return") == Some("check");
        let at = |step: Step, errors: Vec<FieldError>, returning: bool| Wizard {
            answers: answers.clone(),
            step,
            errors,
            returning,
        };
        match field("go").unwrap_or("next") {
            "restart" => Wizard::start(),
            "back" if returning => at(Step::Check, Vec::new(), false).settled(regions),
            "back" => {
                let all = steps(&answers);
                let previous = all
                    .iter()
                    .position(|s| *s == current)
                    .and_then(|i| i.checked_sub(1))
                    .map(|i| all[i])
                    .unwrap_or(Step::Region);
                at(previous, Vec::new(), false).settled(regions)
            }
            "next" => {
                let errors = validate(current, &answers, regions);
                if !errors.is_empty() {
                    return at(current, errors, returning);
                }
                let next = match current {
                    Step::Check | Step::Result => Step::Result,
                    _ if returning => return at(Step::Check, Vec::new(), true).settled(regions),
                    _ => {
                        let all = steps(&answers);
                        all.iter()
                            .position(|s| *s == current)
                            .map(|i| all[i + 1])
                            .unwrap_or(Step::Check)
                    }
                };
                at(next, Vec::new(), false).settled(regions)
            }
            key => match Step::parse(key) {
                Some(step) => at(step, Vec::new(), current == Step::Check).settled(regions),
                None => at(current, Vec::new(), returning),
            },
        }
    }

    /// Never shows the check page or the result before the questions they need are answered, nor
    /// a screen these answers do not lead to: the first screen still to answer is shown instead.
    fn settled(mut self, regions: &[&str]) -> Wizard {
        let all = steps(&self.answers);
        let reachable = all.contains(&self.step);
        if !self.step.is_question() || !reachable {
            if let Some(missing) = first_incomplete(&self.answers, regions) {
                let before = |s: Step| {
                    all.iter().position(|x| *x == s) < all.iter().position(|x| *x == self.step)
                };
                // Going forward past an unanswered screen stops there; moving back is allowed.
                if !reachable || before(missing) {
                    self.step = missing;
                }
            }
        }
        self
    }

    /// The question number shown ("3 of 12"), for question screens.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let all = steps(&self.answers);
        // Until the household's size is known, count the screens of one person.
        let unknown_people = if self.answers.member_count().is_none() {
            2
        } else {
            0
        };
        let questions = all.iter().filter(|s| s.is_question()).count() + unknown_people;
        let index = all.iter().position(|s| *s == self.step)?;
        self.step.is_question().then_some((index + 1, questions))
    }
}

/// The first screen whose answers are missing or wrong.
pub fn first_incomplete(answers: &Answers, regions: &[&str]) -> Option<Step> {
    steps(answers)
        .into_iter()
        .filter(|s| s.is_question())
        .find(|s| !validate(*s, answers, regions).is_empty())
}

/// Reads a whole number, accepting full-width digits and thousands separators as typed on Chinese
/// keyboards.
pub fn parse_whole(text: &str) -> Option<i64> {
    let text = normalise_number(text);
    if text.is_empty() || text.len() > 12 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Reads an amount of yuan (`1500`, `1,500`, `１５００元`, `¥1500.50`) as fen.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let text = normalise_number(text);
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    if whole.is_empty() || fraction.len() > 2 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole = parse_whole(whole)?;
    let fen = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse::<i64>().ok()?,
    };
    let total = whole.checked_mul(FEN_PER_YUAN)?.checked_add(fen)?;
    (total <= MAX_AMOUNT).then_some(total)
}

fn normalise_number(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' | '。' => Some('.'),
            ',' | '，' | ' ' | '\u{3000}' | '¥' | '￥' | '元' => None,
            c => Some(c),
        })
        .collect()
}

/// Checks one screen's answers; each problem names its field.
pub fn validate(step: Step, answers: &Answers, regions: &[&str]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: Msg| {
        errors.push(FieldError {
            field: field.to_string(),
            message,
        })
    };
    let choice =
        |name: &str, allowed: &[&str]| answers.get(name).is_some_and(|v| allowed.contains(&v));
    let amount_or_blank = |name: &str| answers.get(name).is_none_or(|v| parse_yuan(v).is_some());
    let count_or_blank = |name: &str| {
        answers
            .get(name)
            .is_none_or(|v| parse_whole(v).is_some_and(|n| n <= 20))
    };
    match step {
        Step::Region => {
            if !choice("region", regions) {
                bad("region", Msg::AskRegionMissing);
            }
        }
        Step::Hukou => {
            if !choice("hukou", &["urban", "rural"]) {
                bad("hukou", Msg::AskHukouMissing);
            }
        }
        Step::Size => {
            if answers.member_count().is_none() {
                bad("size", Msg::AskSizeInvalid);
            }
        }
        Step::Person(i) => {
            if answers.age(i).is_none() {
                bad(&member_field(i, "age"), Msg::AskAgeInvalid);
            }
            let relations: Vec<&str> = RELATIONS.iter().map(|(k, _)| *k).collect();
            if i > 0 && !choice(&member_field(i, "relation"), &relations) {
                bad(&member_field(i, "relation"), Msg::AskRelationMissing);
            }
        }
        Step::PersonMore(i) => {
            if !answers.is(&member_field(i, "seen"), "yes") {
                bad(&member_field(i, "seen"), Msg::InputInvalid);
            }
            let grade = answers.get(&member_field(i, "grade"));
            if !grade.is_none_or(|g| ["none", "1", "2", "3", "4"].contains(&g)) {
                bad(&member_field(i, "grade"), Msg::DisabilityGradeOutOfRange);
            }
            let kinds: Vec<&str> = DISABILITY_KINDS.iter().map(|(k, _)| *k).collect();
            let disabled = grade.is_some_and(|g| g != "none");
            if disabled && !choice(&member_field(i, "kind"), &kinds) {
                bad(&member_field(i, "kind"), Msg::AskDisabilityKindMissing);
            }
            let care: Vec<&str> = SELF_CARE.iter().map(|(k, _)| *k).collect();
            let selfcare = member_field(i, "selfcare");
            if answers.get(&selfcare).is_some_and(|v| !care.contains(&v)) {
                bad(&selfcare, Msg::InputInvalid);
            }
            let parents: Vec<&str> = PARENTS.iter().map(|(k, _)| *k).collect();
            let is_child = answers.age(i).is_some_and(|a| a < CHILD_AGE);
            if is_child && !choice(&member_field(i, "parents"), &parents) {
                bad(&member_field(i, "parents"), Msg::AskParentsMissing);
            }
        }
        Step::Income => {
            let bands: Vec<&str> = INCOME_BANDS.iter().map(|(k, _, _)| *k).collect();
            match answers.get("income_mode") {
                Some("exact") | None => {
                    if answers.get("income").and_then(parse_yuan).is_none() {
                        bad("income", Msg::AskIncomeInvalid);
                    }
                }
                // A typed amount and a range: one would be dropped silently, so ask for one.
                Some(band) if bands.contains(&band) && answers.get("income").is_some() => {
                    bad("income", Msg::AskIncomeBoth)
                }
                Some(band) if bands.contains(&band) => {}
                Some(_) => bad("income_mode", Msg::AskIncomeInvalid),
            }
        }
        Step::Assets => {
            if !amount_or_blank("assets") {
                bad("assets", Msg::AskAmountInvalid);
            }
            if !count_or_blank("vehicles") {
                bad("vehicles", Msg::CountOutOfRange);
            }
            if !count_or_blank("homes") {
                bad("homes", Msg::CountOutOfRange);
            }
        }
        Step::Expenses => {
            for name in ["medical", "schooling"] {
                if !amount_or_blank(name) {
                    bad(name, Msg::AskAmountInvalid);
                }
            }
        }
        Step::Emergency | Step::Supporter => {
            let name = if step == Step::Emergency {
                "emergency"
            } else {
                "supporter"
            };
            if !choice(name, &["yes", "no"]) {
                bad(name, Msg::AskYesNoMissing);
            }
        }
        Step::Check => {}
        Step::Result => {
            errors.extend(super::what_if::validate(
                answers,
                answers.member_count().unwrap_or(1),
            ));
        }
    }
    errors
}

/// The household the answers describe, with its region, once every question is answered well.
pub fn household(answers: &Answers, regions: &[&str]) -> Option<(String, Household)> {
    if first_incomplete(answers, regions).is_some() {
        return None;
    }
    let yes = |name: String| answers.is(&name, "yes");
    let amount = |name: &str| answers.get(name).and_then(parse_yuan).unwrap_or(0);
    let count = |name: &str| {
        answers
            .get(name)
            .and_then(parse_whole)
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or(0)
    };
    let members = (0..answers.member_count()?)
        .map(|i| {
            let f = |name: &str| member_field(i, name);
            let age = answers.age(i)?;
            let relation = match i {
                0 => Relation::Applicant,
                _ => lookup(&RELATIONS, answers.get(&f("relation"))?)?,
            };
            let grade = answers.get(&f("grade")).and_then(|g| g.parse::<i32>().ok());
            let kind = grade.and_then(|_| lookup(&DISABILITY_KINDS, answers.get(&f("kind"))?));
            let parents = match age < CHILD_AGE {
                true => lookup(&PARENTS, answers.get(&f("parents"))?)?,
                false => Parents::Present,
            };
            Some(Member {
                age,
                relation,
                disability_grade: grade,
                disability_kind: kind,
                serious_illness: yes(f("illness")),
                student: yes(f("student")),
                can_work: !yes(f("cannot_work")),
                parents,
                in_institution: yes(f("institution")),
                self_care: answers
                    .get(&f("selfcare"))
                    .and_then(|v| lookup(&SELF_CARE, v))
                    .unwrap_or_default(),
            })
        })
        .collect::<Option<Vec<Member>>>()?;
    let income = match answers.get("income_mode") {
        Some("exact") | None => Income::Exact(amount("income")),
        Some(band) => {
            let (_, low, high) = INCOME_BANDS.iter().find(|(k, _, _)| *k == band)?;
            Income::Range {
                low: yuan(*low),
                high: high.map(yuan).unwrap_or(MAX_AMOUNT),
            }
        }
    };
    let household = Household {
        hukou: if answers.is("hukou", "rural") {
            Hukou::Rural
        } else {
            Hukou::Urban
        },
        members,
        income,
        financial_assets: amount("assets"),
        vehicles: count("vehicles"),
        homes: count("homes"),
        rigid_expenses: amount("medical") + amount("schooling"),
        emergency: answers.is("emergency", "yes"),
        has_capable_supporter: answers.is("supporter", "yes"),
    };
    Some((answers.get("region")?.to_string(), household))
}

fn lookup<T: Copy>(table: &[(&str, T)], key: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The same household with a different monthly income, for "what if" comparisons.
pub fn with_income(household: &Household, fen: i64) -> Household {
    Household {
        income: Income::Exact(fen),
        ..household.clone()
    }
}

#[cfg(test)]
mod tests;
