//! Resident ID numbers (GB 11643): 18 characters, the last a check character (ISO 7064 MOD 11-2).
//! The birth date and sex are read from the number. The number itself is personal data: its
//! `Debug` form is masked, so it cannot leak into logs by accident.

use super::Sex;
use crate::{domain::date::Date, i18n::Msg};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid resident ID number, upper-case.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

/// Why a text is not a valid ID number; each is a message for the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdProblem {
    Length,
    Characters,
    CheckCharacter,
    BirthDate,
}

impl IdProblem {
    pub fn message(self) -> Msg {
        match self {
            IdProblem::Length => Msg::IdLength,
            IdProblem::Characters => Msg::IdCharacters,
            IdProblem::CheckCharacter => Msg::IdCheckCharacter,
            IdProblem::BirthDate => Msg::IdBirthDate,
        }
    }
}

/// The check character for the first 17 digits.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

impl ResidentId {
    /// Reads an ID number as typed (spaces ignored, `x` accepted), checking its check character
    /// and that its birth date is a real date no later than `today`.
    pub fn parse(text: &str, today: Date) -> Result<ResidentId, IdProblem> {
        let id: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if id.chars().count() != 18 {
            return Err(IdProblem::Length);
        }
        let (body, last) = id.split_at(17);
        if !body.bytes().all(|b| b.is_ascii_digit())
            || !(last.bytes().all(|b| b.is_ascii_digit()) || last == "X")
        {
            return Err(IdProblem::Characters);
        }
        if check_character(body) != last.chars().next() {
            return Err(IdProblem::CheckCharacter);
        }
        Date::new(
            id[6..10].parse().map_err(|_| IdProblem::BirthDate)?,
            id[10..12].parse().map_err(|_| IdProblem::BirthDate)?,
            id[12..14].parse().map_err(|_| IdProblem::BirthDate)?,
        )
        .filter(|d| *d <= today)
        .ok_or(IdProblem::BirthDate)?;
        Ok(ResidentId(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> Date {
        let n = |r: std::ops::Range<usize>| self.0[r].parse().unwrap_or(1);
        Date::new(n(6..10), n(10..12) as u8, n(12..14) as u8).expect("checked when parsed")
    }

    /// The 17th character: odd for men, even for women.
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Shown on slips, receipts, pages, answers and logs: `110************02X`, the province
    /// and the last three characters only (nothing here opens a booking: that takes a code sent
    /// to its phone).
    pub fn masked(&self) -> String {
        format!("{}************{}", &self.0[..3], &self.0[15..])
    }

    /// Whether the person has reached the legal age for marriage on `date`.
    pub fn may_marry_on(&self, date: Date) -> bool {
        self.birth_date().years_until(date) >= self.sex().marriage_age()
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap()
    }

    /// A valid number from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    #[test]
    fn the_standards_example_number_is_valid_and_read() {
        // The example in GB 11643-1999: 11010519491231002X, a woman born 1949-12-31.
        let id = ResidentId::parse("11010519491231002x", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(id.sex(), Sex::Female);
        // The mask keeps 18 characters and none of the birth date.
        assert_eq!(id.masked(), "110************02X");
        assert_eq!(format!("{id:?}"), "ResidentId(110************02X)");
    }

    #[test]
    fn typing_mistakes_are_named() {
        assert_eq!(
            ResidentId::parse("1101051949123100", today()),
            Err(IdProblem::Length)
        );
        assert_eq!(
            ResidentId::parse("11010519491231002Y", today()),
            Err(IdProblem::Characters)
        );
        assert_eq!(
            ResidentId::parse("110105194912310021", today()),
            Err(IdProblem::CheckCharacter)
        );
        assert_eq!(
            ResidentId::parse(&with_check("11010519491331002"), today()),
            Err(IdProblem::BirthDate)
        );
        assert_eq!(
            ResidentId::parse(&with_check("11010520301231002"), today()),
            Err(IdProblem::BirthDate),
            "born in the future"
        );
    }

    #[test]
    fn the_legal_age_is_22_for_men_and_20_for_women_on_the_day() {
        let man = ResidentId::parse(&with_check("11010520041123001"), today()).unwrap();
        assert_eq!(man.sex(), Sex::Male);
        assert!(!man.may_marry_on(Date::parse("2026-11-22").unwrap()));
        assert!(man.may_marry_on(Date::parse("2026-11-23").unwrap()));
        let woman = ResidentId::parse(&with_check("11010520061123002"), today()).unwrap();
        assert_eq!(woman.sex(), Sex::Female);
        assert!(woman.may_marry_on(Date::parse("2026-11-23").unwrap()));
        assert!(!woman.may_marry_on(Date::parse("2026-11-22").unwrap()));
    }

    proptest! {
        #[test]
        fn any_single_digit_change_is_caught(
            digits in "[0-9]{6}19[5-9][0-9](0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}",
            position in 0usize..17,
            delta in 1u8..10,
        ) {
            let good = with_check(&digits);
            prop_assert!(ResidentId::parse(&good, today()).is_ok());
            let mut bytes = good.into_bytes();
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            let bad = String::from_utf8(bytes).unwrap();
            prop_assert!(ResidentId::parse(&bad, today()).is_err());
        }
    }
}
