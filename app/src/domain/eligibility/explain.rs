//! Reasons in plain words: a reason's message filled with its numbers, written for people.

use super::evaluate::{Reason, Value};
use crate::{domain::money::format_yuan, i18n::Locale};

/// A value as people read it: `¥666`, `1.3`, `3`.
pub fn format_value(value: Value) -> String {
    match value {
        Value::Yuan(fen) => format_yuan(fen),
        Value::Count(n) => n.to_string(),
        Value::Ratio(thousandths) => {
            let text = format!("{}.{:03}", thousandths / 1000, thousandths % 1000);
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// The reason as a sentence in the given language.
pub fn describe(reason: &Reason, locale: Locale) -> String {
    let values: Vec<(String, String)> = reason
        .values
        .iter()
        .map(|(k, v)| (k.clone(), format_value(*v)))
        .collect();
    let args: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    locale.t_with(reason.message, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{domain::money::yuan, i18n::Msg};

    #[test]
    fn reasons_read_as_sentences_with_their_numbers() {
        let reason = Reason {
            message: Msg::ReasonIncomePerPerson,
            passed: true,
            values: vec![
                ("per_person".into(), Value::Yuan(yuan(500))),
                ("standard".into(), Value::Yuan(yuan(666))),
            ],
        };
        assert_eq!(
            describe(&reason, Locale::ZhCn),
            "家庭人均月收入 ¥500；低保标准为每人每月 ¥666。"
        );
        assert_eq!(
            describe(&reason, Locale::En),
            "Household income per person is ¥500 a month; the dibao standard is ¥666 per person a month."
        );
    }

    #[test]
    fn ratios_drop_trailing_zeros() {
        assert_eq!(format_value(Value::Ratio(1300)), "1.3");
        assert_eq!(format_value(Value::Ratio(2000)), "2");
        assert_eq!(format_value(Value::Ratio(1125)), "1.125");
    }
}
