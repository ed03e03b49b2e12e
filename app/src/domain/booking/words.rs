//! Booking words for pages: services, days and times, in the visitor's language.

use super::{moment::Moment, Service};
use crate::{
    domain::date::Date,
    i18n::{Locale, Msg},
};

pub fn service_name(service: Service) -> Msg {
    match service {
        Service::Marriage => Msg::ServiceMarriage,
        Service::Divorce => Msg::ServiceDivorce,
        Service::Reissue => Msg::ServiceReissue,
        Service::Ceremony => Msg::ServiceCeremony,
    }
}

/// `2026年12月3日 周四` / `Thu 3 Dec 2026`.
pub fn day(date: Date, locale: Locale) -> String {
    const WEEKDAYS: [Msg; 7] = [
        Msg::Weekday1,
        Msg::Weekday2,
        Msg::Weekday3,
        Msg::Weekday4,
        Msg::Weekday5,
        Msg::Weekday6,
        Msg::Weekday7,
    ];
    const MONTHS: [Msg; 12] = [
        Msg::Month1,
        Msg::Month2,
        Msg::Month3,
        Msg::Month4,
        Msg::Month5,
        Msg::Month6,
        Msg::Month7,
        Msg::Month8,
        Msg::Month9,
        Msg::Month10,
        Msg::Month11,
        Msg::Month12,
    ];
    locale.t_with(
        Msg::DayFormat,
        &[
            ("month", locale.t(MONTHS[usize::from(date.month() - 1)])),
            ("year", &date.year().to_string()),
            ("day", &date.day().to_string()),
            (
                "weekday",
                locale.t(WEEKDAYS[usize::from(date.weekday() - 1)]),
            ),
        ],
    )
}

/// `09:30`.
pub fn time(moment: Moment) -> String {
    format!("{:02}:{:02}", moment.minute / 60, moment.minute % 60)
}

/// `2026年12月3日 周四 09:30`.
pub fn day_and_time(moment: Moment, locale: Locale) -> String {
    format!("{} {}", day(moment.date, locale), time(moment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_naturally_in_both_languages() {
        let d = Date::parse("2026-12-03").unwrap();
        // With the year: in late December "1月2日" alone could be either year.
        assert_eq!(day(d, Locale::ZhCn), "2026年12月3日 周四");
        assert_eq!(day(d, Locale::En), "Thu 3 Dec 2026");
        assert_eq!(
            day_and_time(Moment::at(d, 9, 30), Locale::ZhCn),
            "2026年12月3日 周四 09:30"
        );
    }
}
