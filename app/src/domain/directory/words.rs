//! How the directory's kinds, tags, prices and opening status read, in the visitor's language.

use crate::domain::directory::hours::{Hours, Interval, OnHolidays};
use crate::{
    domain::{
        booking::{
            moment::Moment,
            words::{day, time},
        },
        directory::{
            facility::{Kind, Tag},
            hours::OpenStatus,
            prices::{EcoBurial, FreeGroup, Unit},
        },
        money::FEN_PER_YUAN,
    },
    i18n::{Locale, Msg},
};

pub fn kind_name(kind: Kind) -> Msg {
    match kind {
        Kind::FuneralHome => Msg::KindFuneralHome,
        Kind::PublicCemetery => Msg::KindPublicCemetery,
        Kind::Columbarium => Msg::KindColumbarium,
        Kind::CommercialCemetery => Msg::KindCommercialCemetery,
        Kind::VolunteerStation => Msg::KindVolunteerStation,
        Kind::SocialWorkStation => Msg::KindSocialWorkStation,
        Kind::MarriageRegistry => Msg::KindMarriageRegistry,
        Kind::StreetOffice => Msg::KindStreetOffice,
    }
}

pub fn tag_name(tag: Tag) -> Msg {
    match tag {
        Tag::ElderlyHelp => Msg::TagElderlyHelp,
        Tag::DisabilityHelp => Msg::TagDisabilityHelp,
        Tag::Children => Msg::TagChildren,
        Tag::LegalAdvice => Msg::TagLegalAdvice,
        Tag::PsychologicalSupport => Msg::TagPsychologicalSupport,
        Tag::AssistanceApplications => Msg::TagAssistanceApplications,
        Tag::VolunteerActivities => Msg::TagVolunteerActivities,
        Tag::TimeBank => Msg::TagTimeBank,
        Tag::CommunityMeals => Msg::TagCommunityMeals,
        Tag::Rehabilitation => Msg::TagRehabilitation,
        Tag::FamilyCounselling => Msg::TagFamilyCounselling,
        Tag::Service24h => Msg::TagService24h,
        Tag::EcoBurial => Msg::TagEcoBurial,
        Tag::OnlineMemorial => Msg::TagOnlineMemorial,
        Tag::CivilisedRemembrance => Msg::TagCivilisedRemembrance,
    }
}

pub fn eco_name(eco: EcoBurial) -> Msg {
    match eco {
        EcoBurial::Tree => Msg::EcoTree,
        EcoBurial::FlowerBed => Msg::EcoFlowerBed,
        EcoBurial::Lawn => Msg::EcoLawn,
        EcoBurial::Wall => Msg::EcoWall,
        EcoBurial::Sea => Msg::EcoSea,
    }
}

pub fn unit_name(unit: Unit) -> Msg {
    match unit {
        Unit::Each => Msg::UnitEach,
        Unit::PerDay => Msg::UnitPerDay,
        Unit::PerYear => Msg::UnitPerYear,
        Unit::PerTrip => Msg::UnitPerTrip,
        Unit::PerKm => Msg::UnitPerKm,
        Unit::PerHour => Msg::UnitPerHour,
    }
}

pub fn group_name(group: FreeGroup) -> Msg {
    match group {
        FreeGroup::Dibao => Msg::GroupDibao,
        FreeGroup::Tekun => Msg::GroupTekun,
        FreeGroup::LowIncome => Msg::GroupLowIncome,
        FreeGroup::Orphan => Msg::GroupOrphan,
        FreeGroup::AllResidents => Msg::GroupAllResidents,
    }
}

/// `¥1,200` or `¥12.50`.
pub fn yuan(fen: i64) -> String {
    let whole = fen / FEN_PER_YUAN;
    let cents = fen % FEN_PER_YUAN;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if cents == 0 {
        format!("¥{grouped}")
    } else {
        format!("¥{grouped}.{cents:02}")
    }
}

/// `850 米` / `850 m`, `2.4 公里` / `2.4 km`.
pub fn distance(metres: f64, locale: Locale) -> String {
    let text = if metres < 1000.0 {
        format!("{} m", (metres / 10.0).round() * 10.0)
    } else {
        format!("{:.1} km", metres / 1000.0)
    };
    match locale {
        Locale::ZhCn => text.replace(" km", " 公里").replace(" m", " 米"),
        Locale::En => text,
    }
}

fn when(moment: Moment, locale: Locale) -> String {
    format!("{} {}", day(moment.date, locale), time(moment))
}

/// "Open now, closes at 17:30", "Open 24 hours", "Closed, opens Mon 23 Nov 08:30".
pub fn status_words(status: OpenStatus, locale: Locale) -> String {
    match status {
        OpenStatus::Open { until: None } => locale.t(Msg::OpenAllDay).to_string(),
        OpenStatus::Open { until: Some(m) } => {
            locale.t_with(Msg::OpenUntil, &[("time", &when(m, locale))])
        }
        OpenStatus::Closed { opens: Some(m) } => {
            locale.t_with(Msg::ClosedOpensAt, &[("time", &when(m, locale))])
        }
        OpenStatus::Closed { opens: None } => locale.t(Msg::ClosedForNow).to_string(),
    }
}

/// Links that open a place in the map apps people use: 高德 (Amap), 百度, 腾讯. Amap and Tencent
/// take WGS-84 with a flag or convert; Baidu is told the coordinates are WGS-84.
pub fn navigation_links(name: &str, lat: f64, lng: f64) -> [(Msg, String); 3] {
    let name: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let (glat, glng) = crate::domain::directory::geo::wgs84_to_gcj02(lat, lng);
    [
        (
            Msg::NavAmap,
            format!("https://uri.amap.com/marker?position={lng:.6},{lat:.6}&name={name}&coordinate=wgs84"),
        ),
        (
            Msg::NavBaidu,
            format!("https://api.map.baidu.com/marker?location={lat:.6},{lng:.6}&title={name}&content={name}&output=html&coord_type=wgs84"),
        ),
        (
            Msg::NavTencent,
            format!("https://apis.map.qq.com/uri/v1/marker?marker=coord:{glat:.6},{glng:.6};title:{name}&referer=bianmin"),
        ),
    ]
}

/// A short text a hotline agent reads to a caller: name, kind, address and where it is, whether
/// it is open now and its hours, and the phones (the 24-hour line first).
pub fn read_out(
    facility: &crate::domain::directory::facility::Facility,
    status: OpenStatus,
    locale: Locale,
) -> String {
    let hours = hours_lines(&facility.hours, locale).join(locale.t(Msg::ListSeparator));
    let mut phones: Vec<String> = facility.phone_24h.iter().cloned().collect();
    phones.extend(facility.phones.iter().map(|p| p.number.clone()));
    phones.dedup();
    let text = locale.t_with(
        Msg::ReadOutText,
        &[
            ("name", facility.name(locale)),
            ("kind", locale.t(kind_name(facility.kind))),
            ("address", facility.address(locale)),
            ("district", facility.district(locale)),
            ("street", facility.street(locale)),
            ("status", &status_words(status, locale)),
            ("hours", &hours),
            ("phones", &phones.join(locale.t(Msg::ListSeparator))),
        ],
    );
    match facility.directions(locale) {
        Some(way) => {
            let way = way.trim_end_matches(['。', '.']);
            format!(
                "{text}{}",
                locale.t_with(Msg::ReadOutDirections, &[("directions", way)])
            )
        }
        None => text,
    }
}

/// Opening hours as lines to read: each weekday, holidays, and dated exceptions.
pub fn hours_lines(hours: &Hours, locale: Locale) -> Vec<String> {
    const DAYS: [Msg; 7] = [
        Msg::Weekday1,
        Msg::Weekday2,
        Msg::Weekday3,
        Msg::Weekday4,
        Msg::Weekday5,
        Msg::Weekday6,
        Msg::Weekday7,
    ];
    let mut lines = Vec::new();
    if hours.all_day {
        lines.push(locale.t(Msg::OpenAllDay).to_string());
    } else {
        // Days in a row with the same hours read as one line: "Mon to Fri 08:30–17:30".
        let mut first = 0;
        while first < 7 {
            let mut last = first;
            while last + 1 < 7 && hours.weekly[last + 1] == hours.weekly[first] {
                last += 1;
            }
            let days = if first == 0 && last == 6 {
                locale.t(Msg::EveryDay).to_string()
            } else if last > first {
                locale.t_with(
                    Msg::DayRange,
                    &[
                        ("from", locale.t(DAYS[first])),
                        ("to", locale.t(DAYS[last])),
                    ],
                )
            } else {
                locale.t(DAYS[first]).to_string()
            };
            lines.push(format!("{days} {}", spans(&hours.weekly[first], locale)));
            first = last + 1;
        }
    }
    match &hours.on_holidays {
        OnHolidays::AsUsual => {}
        OnHolidays::Closed => lines.push(locale.t(Msg::HolidaysClosed).to_string()),
        OnHolidays::Open(list) => {
            lines.push(locale.t_with(Msg::HolidaysHours, &[("hours", &spans(list, locale))]))
        }
    }
    for (date, list) in &hours.exceptions {
        lines.push(format!("{} {}", day(*date, locale), spans(list, locale)));
    }
    lines
}

fn span(i: Interval) -> String {
    let hhmm = |m: u16| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
    format!("{}–{}", hhmm(i.start()), hhmm(i.end()))
}

fn spans(list: &[Interval], locale: Locale) -> String {
    if list.is_empty() {
        locale.t(Msg::ClosedDay).to_string()
    } else {
        list.iter()
            .map(|i| span(*i))
            .collect::<Vec<_>>()
            .join(if locale == Locale::ZhCn { "、" } else { ", " })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_lines_with_days_in_a_row_together() {
        let hours =
            Hours::parse("mon-fri 08:30-11:30,14:00-17:30; sat 09:00-12:00; holidays closed")
                .unwrap();
        assert_eq!(
            hours_lines(&hours, Locale::ZhCn),
            [
                "周一至周五 08:30–11:30、14:00–17:30",
                "周六 09:00–12:00",
                "周日 休息",
                "法定节假日休息"
            ]
        );
        let daily = Hours::parse("daily 07:30-17:30").unwrap();
        assert_eq!(hours_lines(&daily, Locale::En), ["Every day 07:30–17:30"]);
    }

    #[test]
    fn a_read_out_says_how_to_get_there_when_the_record_does() {
        let mut home = crate::domain::directory::facility::tests::funeral_home();
        let without = read_out(&home, OpenStatus::Open { until: None }, Locale::ZhCn);
        assert!(!without.contains("怎么去"), "{without}");
        home.directions_zh = Some("乘 1 路公交至殡仪馆站。".into());
        let with = read_out(&home, OpenStatus::Open { until: None }, Locale::ZhCn);
        assert!(with.contains(&home.address_zh), "{with}");
        assert!(with.ends_with("怎么去：乘 1 路公交至殡仪馆站。"), "{with}");
        let english = read_out(&home, OpenStatus::Open { until: None }, Locale::En);
        assert!(
            english.contains("How to get there: 乘 1 路公交至殡仪馆站."),
            "no English directions: the Chinese ones are read; {english}"
        );
    }

    #[test]
    fn money_and_distances_read_naturally() {
        assert_eq!(yuan(120_000), "¥1,200");
        assert_eq!(yuan(1_250), "¥12.50");
        assert_eq!(yuan(0), "¥0");
        assert_eq!(distance(847.0, Locale::ZhCn), "850 米");
        assert_eq!(distance(2_449.0, Locale::En), "2.4 km");
    }
}
