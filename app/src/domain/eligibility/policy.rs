//! Region policy parameters as data: every figure the rules use, each with the date it takes effect
//! and its source. Several dated values per parameter; an evaluation uses those in force on a date.

use crate::domain::{date::Date, money::FEN_PER_YUAN, region::is_valid_region_id};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a parameter measures, which fixes how its value is written and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Yuan per person per month (or per year where the name says so); stored in fen.
    Yuan,
    /// A multiplier such as 1.3; stored in thousandths.
    Ratio,
    /// A whole number: months, years of age, homes, cars.
    Count,
    /// 1 (yes) or 0 (no).
    Flag,
}

macro_rules! params {
    ($($name:ident = $key:literal, $unit:ident, $min:expr, $max:expr;)*) => {
        /// A policy parameter.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Param { $($name,)* }

        impl Param {
            pub const ALL: &'static [Param] = &[$(Param::$name,)*];

            /// The name used in policy files and the API.
            pub fn key(self) -> &'static str {
                match self { $(Param::$name => $key,)* }
            }

            pub fn unit(self) -> Unit {
                match self { $(Param::$name => Unit::$unit,)* }
            }

            /// The allowed range, in the file's units (yuan, ratio, count).
            fn range(self) -> (f64, f64) {
                match self { $(Param::$name => ($min as f64, $max as f64),)* }
            }
        }
    };
}

params! {
    DibaoStandardUrban = "dibao_standard_urban", Yuan, 50, 10_000;
    DibaoStandardRural = "dibao_standard_rural", Yuan, 50, 10_000;
    LowIncomeMultiplier = "low_income_multiplier", Ratio, 1, 3;
    AssetMonthsPerPerson = "asset_months_per_person", Count, 0, 120;
    MaxHomes = "max_homes", Count, 0, 5;
    MaxVehicles = "max_vehicles", Count, 0, 5;
    TekunMultiplier = "tekun_multiplier", Ratio, 1, 3;
    TekunYearlyUrban = "tekun_yearly_urban", Yuan, 0, 200_000;
    TekunYearlyRural = "tekun_yearly_rural", Yuan, 0, 200_000;
    TekunCareMonthly = "tekun_care_monthly", Yuan, 0, 10_000;
    TekunCarePartialMonthly = "tekun_care_partial_monthly", Yuan, 0, 10_000;
    TekunStandardOfUrban = "tekun_standard_of_urban", Flag, 0, 1;
    TekunYearlyRuralHome = "tekun_yearly_rural_home", Yuan, 0, 200_000;
    TekunContinuesInSchool = "tekun_continues_in_school", Flag, 0, 1;
    MinimumWageMonthly = "minimum_wage_monthly", Yuan, 0, 20_000;
    TekunCareWageShare = "tekun_care_wage_share", Ratio, 0, 1;
    TekunCarePartialWageShare = "tekun_care_partial_wage_share", Ratio, 0, 1;
    TekunListedIntellectualGrade = "tekun_listed_intellectual_grade", Count, 0, 4;
    TekunListedPhysicalGrade = "tekun_listed_physical_grade", Count, 0, 4;
    TekunListedVisualGrade = "tekun_listed_visual_grade", Count, 0, 4;
    TekunListedOtherGrade = "tekun_listed_other_grade", Count, 0, 4;
    TekunMinorAgeLimit = "tekun_minor_age_limit", Count, 14, 18;
    TemporaryMonthsEmergency = "temporary_months_emergency", Count, 0, 24;
    TemporaryMonthsExpense = "temporary_months_expense", Count, 0, 24;
    DisabilityLivingMonthly = "disability_living_monthly", Yuan, 0, 5_000;
    DisabilityLivingCoversLowIncome = "disability_living_covers_low_income", Flag, 0, 1;
    DisabilityCareGrade1Monthly = "disability_care_grade1_monthly", Yuan, 0, 5_000;
    DisabilityCareGrade2Monthly = "disability_care_grade2_monthly", Yuan, 0, 5_000;
    DisabilityCareExtendedMonthly = "disability_care_extended_monthly", Yuan, 0, 5_000;
    ElderlyAllowanceAge = "elderly_allowance_age", Count, 60, 120;
    ElderlyAllowanceMonthly = "elderly_allowance_monthly", Yuan, 0, 5_000;
    ElderlyCareAge = "elderly_care_age", Count, 60, 120;
    ElderlyCareMonthly = "elderly_care_monthly", Yuan, 0, 5_000;
    OrphanInstitutionMonthly = "orphan_institution_monthly", Yuan, 0, 10_000;
    OrphanScatteredMonthly = "orphan_scattered_monthly", Yuan, 0, 10_000;
    DeFactoOrphanMonthly = "de_facto_orphan_monthly", Yuan, 0, 10_000;
    FuneralFreeForAllResidents = "funeral_free_for_all_residents", Flag, 0, 1;
    FuneralCoversLowIncome = "funeral_covers_low_income", Flag, 0, 1;
    ElderlyCareOnlyPlanned = "elderly_care_only_planned", Flag, 0, 1;
    LowIncomeLineInclusive = "low_income_line_inclusive", Flag, 0, 1;
}

/// Parameters a region may leave out: the rules then derive the figure (tekun amounts from the
/// dibao standard times the tekun multiplier, the care amount from the fixed monthly figures), and
/// an absent switch is off.
const OPTIONAL: &[Param] = &[
    Param::TekunYearlyUrban,
    Param::TekunYearlyRural,
    Param::TekunYearlyRuralHome,
    Param::TekunCarePartialMonthly,
    Param::TekunStandardOfUrban,
    Param::TekunContinuesInSchool,
    Param::MinimumWageMonthly,
    Param::TekunCareWageShare,
    Param::TekunCarePartialWageShare,
    Param::TekunListedIntellectualGrade,
    Param::TekunListedPhysicalGrade,
    Param::TekunListedVisualGrade,
    Param::TekunListedOtherGrade,
    Param::FuneralCoversLowIncome,
    Param::ElderlyCareOnlyPlanned,
    Param::LowIncomeLineInclusive,
];

/// Where a figure comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The document's name.
    pub document: String,
    /// The seed file it was taken from, when it came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// True for a sample value filled in where the sources are silent; pages say so.
    #[serde(default)]
    pub sample: bool,
}

/// One dated value as written in a policy file.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    pub param: Param,
    pub from: Date,
    /// In the file's units: yuan, a ratio like 1.3, a count, or 0/1.
    pub value: f64,
    pub document: String,
    #[serde(default)]
    pub seed: Option<String>,
    #[serde(default)]
    pub sample: bool,
}

/// A region's policy file as written.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub region: String,
    pub values: Vec<PolicyEntry>,
}

/// A problem in a policy file, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyProblem {
    /// For example `values[3].value` or `region`.
    pub field: String,
    pub problem: String,
}

/// A value as the rules use it: fen for money, thousandths for ratios, plain counts and flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedValue {
    pub from: Date,
    pub value: i64,
    pub source: Source,
}

/// A checked policy: every required parameter with its dated values, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub region: String,
    pub values: BTreeMap<Param, Vec<DatedValue>>,
}

/// The values in force on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyInForce {
    pub region: String,
    pub date: Date,
    pub values: BTreeMap<Param, DatedValue>,
}

fn scale(param: Param, value: f64) -> Option<i64> {
    let factor = match param.unit() {
        Unit::Yuan => FEN_PER_YUAN as f64,
        Unit::Ratio => 1000.0,
        Unit::Count | Unit::Flag => 1.0,
    };
    let scaled = value * factor;
    ((scaled - scaled.round()).abs() < 1e-6).then_some(scaled.round() as i64)
}

impl PolicyFile {
    /// Checks the file and returns the policy, or every problem found.
    pub fn check(&self) -> Result<Policy, Vec<PolicyProblem>> {
        let mut problems = Vec::new();
        let mut problem = |field: String, text: String| {
            problems.push(PolicyProblem {
                field,
                problem: text,
            })
        };
        if !is_valid_region_id(&self.region) {
            problem(
                "region".into(),
                format!(
                    "{:?} is not a region id (lowercase letters, digits, _)",
                    self.region
                ),
            );
        }
        let mut values: BTreeMap<Param, Vec<DatedValue>> = BTreeMap::new();
        for (i, entry) in self.values.iter().enumerate() {
            let field = |name: &str| format!("values[{i}].{name}");
            let (min, max) = entry.param.range();
            if !entry.value.is_finite() || entry.value < min || entry.value > max {
                problem(
                    field("value"),
                    format!(
                        "{} must be between {min} and {max}, not {}",
                        entry.param.key(),
                        entry.value
                    ),
                );
                continue;
            }
            let Some(value) = scale(entry.param, entry.value) else {
                let what = match entry.param.unit() {
                    Unit::Yuan => "whole fen (two decimals at most)",
                    Unit::Ratio => "three decimals at most",
                    Unit::Count => "a whole number",
                    Unit::Flag => "0 or 1",
                };
                problem(
                    field("value"),
                    format!("{} must be {what}, not {}", entry.param.key(), entry.value),
                );
                continue;
            };
            if entry.document.trim().is_empty() {
                problem(
                    field("document"),
                    "every value needs its source document".into(),
                );
            }
            let dated = values.entry(entry.param).or_default();
            if dated.iter().any(|d| d.from == entry.from) {
                problem(
                    field("from"),
                    format!(
                        "{} already has a value from {}",
                        entry.param.key(),
                        entry.from
                    ),
                );
                continue;
            }
            dated.push(DatedValue {
                from: entry.from,
                value,
                source: Source {
                    document: entry.document.clone(),
                    seed: entry.seed.clone(),
                    sample: entry.sample,
                },
            });
        }
        for param in Param::ALL {
            if !values.contains_key(param) && !OPTIONAL.contains(param) {
                problem("values".into(), format!("{} has no value", param.key()));
            }
        }
        for dated in values.values_mut() {
            dated.sort_by_key(|d| d.from);
        }
        let policy = Policy {
            region: self.region.clone(),
            values,
        };
        // Consistency on every date where some value changes.
        let mut dates: Vec<Date> = policy.values.values().flatten().map(|d| d.from).collect();
        dates.sort();
        dates.dedup();
        for date in dates {
            if let Ok(set) = policy.in_force(date) {
                if set.get(Param::DibaoStandardRural) > set.get(Param::DibaoStandardUrban) {
                    problem(
                        "values".into(),
                        format!("on {date} the rural dibao standard is above the urban one"),
                    );
                }
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }
}

/// Why no values are in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotInForce {
    /// The first date on which every required parameter has a value.
    pub earliest: Option<Date>,
}

impl Policy {
    /// The date of the newest amount (a yuan figure) from a source document (samples are not the
    /// region's).
    pub fn newest_figure(&self) -> Option<Date> {
        self.values
            .iter()
            .filter(|(param, _)| param.unit() == Unit::Yuan)
            .flat_map(|(_, dated)| dated)
            .filter(|d| !d.source.sample)
            .map(|d| d.from)
            .max()
    }

    /// A warning when the newest sourced figure is more than 18 months before `today`: the file
    /// is still good, but answers will say the figures are old.
    pub fn staleness_warning(&self, today: Date) -> Option<String> {
        match self.newest_figure() {
            Some(newest) if figures_older_than_18_months(newest, today) => Some(format!(
                "the newest figures are from {newest}, more than 18 months before {today}: \
                 answers will say so; load newer figures when the region publishes them"
            )),
            Some(_) => None,
            None => Some("no figure comes from a source document: every value is a sample".into()),
        }
    }

    /// The values in force on `date`: for each parameter, the latest value dated on or before it.
    pub fn in_force(&self, date: Date) -> Result<PolicyInForce, NotInForce> {
        let mut values = BTreeMap::new();
        for (param, dated) in &self.values {
            if let Some(value) = dated.iter().rev().find(|d| d.from <= date) {
                values.insert(*param, value.clone());
            }
        }
        let complete = Param::ALL
            .iter()
            .all(|p| values.contains_key(p) || OPTIONAL.contains(p));
        if complete {
            Ok(PolicyInForce {
                region: self.region.clone(),
                date,
                values,
            })
        } else {
            Err(NotInForce {
                earliest: self.earliest_complete_date(),
            })
        }
    }

    fn earliest_complete_date(&self) -> Option<Date> {
        Param::ALL
            .iter()
            .filter(|p| !OPTIONAL.contains(p))
            .map(|p| self.values.get(p).and_then(|d| d.first()).map(|d| d.from))
            .collect::<Option<Vec<Date>>>()?
            .into_iter()
            .max()
    }
}

impl PolicyInForce {
    /// The value of a parameter (0 for an optional one that is absent).
    pub fn get(&self, param: Param) -> i64 {
        self.values.get(&param).map(|d| d.value).unwrap_or(0)
    }

    /// Whether an optional parameter has a value.
    pub fn has(&self, param: Param) -> bool {
        self.values.contains_key(&param)
    }

    /// True when any value used is a sample rather than from a source document.
    pub fn uses_samples(&self) -> bool {
        self.values.values().any(|d| d.source.sample)
    }

    /// Whether the value in force for `param` is a sample (false when it is absent).
    pub fn is_sample(&self, param: Param) -> bool {
        self.values.get(&param).is_some_and(|d| d.source.sample)
    }

    /// The date of the newest amount (a yuan figure, not a switch or a count) from a source
    /// document among those in force: how current the region's figures are (samples are not
    /// figures of the region).
    pub fn newest_figure(&self) -> Option<Date> {
        self.values
            .iter()
            .filter(|(param, d)| param.unit() == Unit::Yuan && !d.source.sample)
            .map(|(_, d)| d.from)
            .max()
    }

    /// Whether the newest sourced figure is more than 18 months older than the evaluation date
    /// (or there is none): the local office may well use newer ones.
    pub fn figures_are_old(&self) -> bool {
        self.newest_figure()
            .is_none_or(|newest| figures_older_than_18_months(newest, self.date))
    }
}

/// Whether `figure` is more than 18 months before `date` (2020-01-01 is 18 months before
/// 2021-07-01, and more than that before 2021-07-02).
pub fn figures_older_than_18_months(figure: Date, date: Date) -> bool {
    let months =
        (date.year() - figure.year()) * 12 + i32::from(date.month()) - i32::from(figure.month());
    months > 18 || (months == 18 && date.day() > figure.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(param: Param, from: &str, value: f64) -> PolicyEntry {
        PolicyEntry {
            param,
            from: Date::parse(from).unwrap(),
            value,
            document: "doc".into(),
            seed: None,
            sample: false,
        }
    }

    /// Every required parameter once, from 2016, with plausible values.
    fn complete() -> Vec<PolicyEntry> {
        Param::ALL
            .iter()
            .filter(|p| !OPTIONAL.contains(p))
            .map(|&p| {
                let value = match p {
                    Param::DibaoStandardUrban => 450.0,
                    Param::DibaoStandardRural => 242.0,
                    Param::LowIncomeMultiplier | Param::TekunMultiplier => 1.5,
                    Param::TekunMinorAgeLimit => 18.0,
                    Param::ElderlyAllowanceAge | Param::ElderlyCareAge => 80.0,
                    _ => 1.0,
                };
                entry(p, "2016-01-01", value)
            })
            .collect()
    }

    fn problems(values: Vec<PolicyEntry>) -> Vec<PolicyProblem> {
        PolicyFile {
            region: "baoding".into(),
            values,
        }
        .check()
        .unwrap_err()
    }

    #[test]
    fn the_value_in_force_is_the_latest_dated_on_or_before_the_date() {
        let mut values = complete();
        values.push(entry(Param::DibaoStandardUrban, "2020-01-01", 666.0));
        let policy = PolicyFile {
            region: "baoding".into(),
            values,
        }
        .check()
        .unwrap();
        let on = |d: &str| {
            policy
                .in_force(Date::parse(d).unwrap())
                .unwrap()
                .get(Param::DibaoStandardUrban)
        };
        assert_eq!(on("2019-12-31"), 45_000);
        assert_eq!(on("2020-01-01"), 66_600);
        assert_eq!(on("2026-11-22"), 66_600);
        let before = policy
            .in_force(Date::parse("2015-06-01").unwrap())
            .unwrap_err();
        assert_eq!(before.earliest, Date::parse("2016-01-01"));
    }

    #[test]
    fn ratios_and_money_are_stored_exactly() {
        let policy = PolicyFile {
            region: "baoding".into(),
            values: complete(),
        }
        .check()
        .unwrap();
        let set = policy.in_force(Date::parse("2016-01-01").unwrap()).unwrap();
        assert_eq!(set.get(Param::TekunMultiplier), 1500);
        assert_eq!(set.get(Param::DibaoStandardRural), 24_200);
        assert!(!set.has(Param::TekunYearlyUrban));
    }

    #[test]
    fn a_file_whose_newest_amounts_are_old_is_warned_about_not_refused() {
        let mut values = complete();
        values.push(entry(Param::DibaoStandardUrban, "2020-01-01", 666.0));
        // A switch dated later is not a newer figure.
        values.push(entry(Param::FuneralCoversLowIncome, "2026-01-01", 1.0));
        let policy = PolicyFile {
            region: "baoding".into(),
            values,
        }
        .check()
        .expect("old figures are still a good file");
        assert_eq!(policy.newest_figure(), Date::parse("2020-01-01"));
        assert_eq!(
            policy.staleness_warning(Date::parse("2021-07-01").unwrap()),
            None
        );
        let warning = policy
            .staleness_warning(Date::parse("2026-12-01").unwrap())
            .expect("more than 18 months");
        assert!(warning.contains("2020-01-01"), "{warning}");
    }

    #[test]
    fn a_missing_parameter_is_named() {
        let values: Vec<_> = complete()
            .into_iter()
            .filter(|e| e.param != Param::MaxHomes)
            .collect();
        let found = problems(values);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "values");
        assert!(found[0].problem.contains("max_homes"), "{:?}", found[0]);
    }

    #[test]
    fn out_of_range_or_imprecise_values_name_their_entry() {
        let mut values = complete();
        values.push(entry(Param::DibaoStandardUrban, "2020-01-01", -5.0));
        values.push(entry(Param::MaxHomes, "2020-01-01", 1.5));
        values.push(entry(Param::DibaoStandardRural, "2020-01-01", 400.123));
        let n = complete().len();
        let fields: Vec<String> = problems(values).into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                format!("values[{n}].value"),
                format!("values[{}].value", n + 1),
                format!("values[{}].value", n + 2)
            ]
        );
    }

    #[test]
    fn two_values_on_one_date_and_an_empty_source_are_refused() {
        let mut values = complete();
        let mut twice = values[0].clone();
        twice.document = " ".into();
        values.push(twice);
        let found = problems(values);
        let n = complete().len();
        assert!(found
            .iter()
            .any(|p| p.field == format!("values[{n}].document")));
        assert!(found
            .iter()
            .any(|p| p.field == format!("values[{n}].from") && p.problem.contains("already")));
    }

    #[test]
    fn a_rural_standard_above_the_urban_one_is_inconsistent() {
        let mut values = complete();
        values.push(entry(Param::DibaoStandardRural, "2018-01-01", 500.0));
        let found = problems(values);
        assert!(found[0].problem.contains("2018-01-01"), "{found:?}");
    }

    #[test]
    fn a_bad_region_id_is_refused() {
        let found = PolicyFile {
            region: "Bao Ding".into(),
            values: complete(),
        }
        .check()
        .unwrap_err();
        assert_eq!(found[0].field, "region");
    }
}
