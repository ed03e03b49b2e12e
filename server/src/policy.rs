//! Region policy files: reading, checking and the set the server uses.
//!
//! The files shipped in `data/policy/` are built into the binary; staff replace a region's file with
//! `server policy load FILE`, which checks it and stores it in the database, where it takes
//! precedence. A file with any problem is refused whole, with the file, field and problem named, and
//! nothing changes.

use crate::store::{policy_files::StoredPolicyFile, Store};
use app::domain::{
    date::Date,
    eligibility::policy::{Policy, PolicyFile, PolicyInForce},
};
use std::{
    collections::BTreeMap,
    sync::{Arc, RwLock},
};

/// The policy files shipped with the server: (file name, contents).
pub const SHIPPED: &[(&str, &str)] = &[
    ("baoding.toml", include_str!("../data/policy/baoding.toml")),
    ("anning.toml", include_str!("../data/policy/anning.toml")),
    ("qufu.toml", include_str!("../data/policy/qufu.toml")),
    ("fenghua.toml", include_str!("../data/policy/fenghua.toml")),
];

/// Why a policy file was refused: one line per problem, each naming the file and the field.
#[derive(Debug, thiserror::Error)]
#[error("{}", .problems.join("\n"))]
pub struct PolicyFileError {
    pub problems: Vec<String>,
}

/// Reads and checks one policy file. `name` is how messages refer to it.
pub fn parse_policy_file(name: &str, text: &str) -> Result<Policy, PolicyFileError> {
    let file: PolicyFile = toml::from_str(text).map_err(|e| PolicyFileError {
        problems: vec![format!(
            "{name}: {}",
            e.to_string().trim().replace('\n', " ")
        )],
    })?;
    let policy = file.check().map_err(|problems| PolicyFileError {
        problems: problems
            .into_iter()
            .map(|p| format!("{name}: {}: {}", p.field, p.problem))
            .collect(),
    })?;
    if let Some(stem) = name
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"))
    {
        if stem != policy.region {
            return Err(PolicyFileError {
                problems: vec![format!(
                    "{name}: region: {:?} does not match the file name {stem:?}",
                    policy.region
                )],
            });
        }
    }
    Ok(policy)
}

/// The shipped policies, checked. A shipped file that fails its check is a build defect.
pub fn shipped_policies() -> Result<BTreeMap<String, Policy>, PolicyFileError> {
    let mut policies = BTreeMap::new();
    for (name, text) in SHIPPED {
        let policy = parse_policy_file(name, text)?;
        policies.insert(policy.region.clone(), policy);
    }
    Ok(policies)
}

/// Checks files and stores them, all or none: with any problem in any file, nothing is stored.
pub async fn load_policy_files(
    store: &Store,
    files: &[(String, String)],
) -> Result<Vec<String>, PolicyFileError> {
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (name, text) in files {
        match parse_policy_file(name, text) {
            Ok(policy) => checked.push(StoredPolicyFile {
                region: policy.region,
                file_name: name.rsplit('/').next().unwrap_or(name).to_string(),
                content: text.clone(),
            }),
            Err(error) => problems.extend(error.problems),
        }
    }
    if !problems.is_empty() {
        return Err(PolicyFileError { problems });
    }
    store
        .save_policy_files(&checked)
        .await
        .map_err(|e| PolicyFileError {
            problems: vec![format!("cannot store the files: {e}")],
        })?;
    Ok(checked.into_iter().map(|f| f.region).collect())
}

/// The policies the server evaluates with: the shipped files, overlaid by the files staff loaded.
/// It follows the database (so every server of a deployment sees a load), and keeps the set it had
/// when a stored file no longer passes its check.
pub struct PolicyRegistry {
    shipped: BTreeMap<String, Policy>,
    current: RwLock<Loaded>,
}

/// Policies by region.
pub type Policies = BTreeMap<String, Policy>;

/// The policies in use and the database version they were read at (`None`: not read yet).
type Loaded = (Option<(i64, i64)>, Arc<Policies>);

impl PolicyRegistry {
    pub fn new() -> Result<PolicyRegistry, PolicyFileError> {
        let shipped = shipped_policies()?;
        let current = RwLock::new((None, Arc::new(shipped.clone())));
        Ok(PolicyRegistry { shipped, current })
    }

    /// The policies in use, reloaded from the database when a file was loaded since.
    pub async fn policies(
        &self,
        store: &Store,
    ) -> Result<Arc<BTreeMap<String, Policy>>, sqlx::Error> {
        let version = store.policy_files_version().await?;
        {
            let current = self.current.read().unwrap_or_else(|e| e.into_inner());
            if current.0 == Some(version) {
                return Ok(current.1.clone());
            }
        }
        let mut policies = self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .as_ref()
            .clone();
        if version.0 == 0 {
            policies = self.shipped.clone();
        }
        for file in store.policy_files().await? {
            match parse_policy_file(&file.file_name, &file.content) {
                Ok(policy) => {
                    policies.insert(policy.region.clone(), policy);
                }
                Err(error) => {
                    tracing::error!(region = %file.region, problems = %error, "stored policy file refused; keeping the set in use");
                }
            }
        }
        let policies = Arc::new(policies);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) =
            (Some(version), policies.clone());
        Ok(policies)
    }

    /// The figures in force on `date`, one set per region that has them.
    pub async fn in_force(
        &self,
        store: &Store,
        date: Date,
    ) -> Result<Vec<PolicyInForce>, sqlx::Error> {
        Ok(self
            .policies(store)
            .await?
            .values()
            .filter_map(|p| p.in_force(date).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::{
        date::Date,
        eligibility::{
            evaluate::{evaluate, Amount, Program, Status},
            household::{Household, Hukou, Income, Member},
            policy::Param,
        },
        money::yuan,
    };

    fn baoding_on(date: &str) -> app::domain::eligibility::policy::PolicyInForce {
        shipped_policies().unwrap()["baoding"]
            .in_force(Date::parse(date).unwrap())
            .unwrap()
    }

    #[test]
    fn every_shipped_file_loads_for_every_region() {
        let policies = shipped_policies().unwrap();
        let regions: Vec<&str> = policies.keys().map(String::as_str).collect();
        assert_eq!(regions, ["anning", "baoding", "fenghua", "qufu"]);
        for policy in policies.values() {
            policy.in_force(Date::parse("2026-11-22").unwrap()).unwrap();
        }
    }

    #[test]
    fn baoding_figures_are_the_seed_figures_of_2016_and_2020() {
        let y2016 = baoding_on("2016-06-30");
        assert_eq!(y2016.get(Param::DibaoStandardUrban), yuan(450));
        assert_eq!(y2016.get(Param::DibaoStandardRural), yuan(242));
        assert_eq!(y2016.get(Param::OrphanScatteredMonthly), yuan(700));
        let y2020 = baoding_on("2020-12-31");
        assert_eq!(y2020.get(Param::DibaoStandardUrban), yuan(666));
        assert_eq!(y2020.get(Param::DibaoStandardRural), yuan(400));
        assert_eq!(y2020.get(Param::TekunYearlyUrban), yuan(10_392));
        assert_eq!(y2020.get(Param::OrphanInstitutionMonthly), yuan(1450));
        assert_eq!(y2020.get(Param::TekunMultiplier), 1300);
        assert!(!y2020.values[&Param::DibaoStandardUrban].source.sample);
        assert!(
            y2020.values[&Param::MaxVehicles].source.sample,
            "figures the seeds lack are marked samples"
        );
    }

    #[test]
    fn baoding_2020_urban_household_of_three_with_1500_a_month_gets_a_498_top_up() {
        let household = Household {
            hukou: Hukou::Urban,
            members: vec![Member::adult(40), Member::adult(38), Member::adult(12)],
            income: Income::Exact(yuan(1500)),
            financial_assets: 0,
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: true,
        };
        // 666 × 3 − 1500 = 498
        let result = evaluate(&household, &baoding_on("2020-12-31"));
        let dibao = result.program(Program::Dibao);
        assert_eq!(dibao.status, Status::Likely);
        assert_eq!(dibao.amount, Some(Amount::Monthly(yuan(498))));
        // On the 2016 standard (450 × 3 = 1350) the same household is ¥150 above the line.
        let in_2016 = evaluate(&household, &baoding_on("2016-12-31"));
        assert_eq!(in_2016.program(Program::Dibao).status, Status::Unlikely);
        assert_eq!(in_2016.program(Program::LowIncome).status, Status::Likely);
    }

    #[test]
    fn baoding_2020_rural_tekun_is_the_yearly_figure_over_twelve_months() {
        let household = Household {
            hukou: Hukou::Rural,
            members: vec![Member::adult(75)],
            income: Income::Exact(0),
            financial_assets: 0,
            vehicles: 0,
            homes: 1,
            rigid_expenses: 0,
            emergency: false,
            has_capable_supporter: false,
        };
        let tekun = evaluate(&household, &baoding_on("2020-12-31"))
            .program(Program::Tekun)
            .clone();
        assert_eq!(tekun.status, Status::Likely);
        assert_eq!(tekun.amount, Some(Amount::Monthly(yuan(520)))); // 6,240 / 12
    }

    #[test]
    fn anning_orphan_amounts_are_the_seed_figures() {
        let anning = shipped_policies().unwrap()["anning"]
            .in_force(Date::parse("2021-01-01").unwrap())
            .unwrap();
        assert_eq!(anning.get(Param::OrphanInstitutionMonthly), yuan(2000));
        assert_eq!(anning.get(Param::OrphanScatteredMonthly), yuan(1300));
        assert_eq!(anning.get(Param::DeFactoOrphanMonthly), yuan(1300));
    }

    #[test]
    fn a_malformed_file_is_refused_naming_the_file_the_field_and_the_problem() {
        let broken = SHIPPED[0].1.replacen("value = 450", "value = -450", 1);
        let err = parse_policy_file("baoding.toml", &broken).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert!(
            err.problems[0].starts_with("baoding.toml: values[0].value: dibao_standard_urban"),
            "{err}"
        );

        let unknown = SHIPPED[0]
            .1
            .replacen("param = \"max_homes\"", "param = \"max_houses\"", 1);
        let err = parse_policy_file("baoding.toml", &unknown).unwrap_err();
        assert!(
            err.to_string().contains("baoding.toml") && err.to_string().contains("max_houses"),
            "{err}"
        );

        let err = parse_policy_file("qufu.toml", SHIPPED[0].1).unwrap_err();
        assert!(
            err.to_string().contains("does not match the file name"),
            "{err}"
        );
    }
}
