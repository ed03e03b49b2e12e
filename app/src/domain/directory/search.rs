//! Finding facilities, the same way on the server, in the API and on the pages: a [`Query`] read
//! from query-string pairs and checked field by field, matched against the directory, sorted by
//! distance (when the resident shares a location) or by name, and paged.
//!
//! Query-string names: `kind`, `region`, `district`, `street`, `tag`, `eco`, `max_yuan` (an amount
//! in yuan, as a person types it), `step_free_entrance`, `accessible_toilet`, `accessible_parking`,
//! `open_now` (checkbox values `on`/`1`/`true`), `near` (`lat,lng`, WGS-84), `q`, `limit`,
//! `offset`. Empty values count as absent; other names are ignored.

use super::{
    facility::{Facility, Kind, Tag},
    geo::{distance_m, LatLng},
    hours::{status_at, OpenStatus},
    prices::{lowest_price, EcoBurial},
};
use crate::{
    domain::FieldError,
    domain::{
        booking::{calendar::HolidayCalendar, moment::Moment},
        eligibility::questions::{parse_whole, parse_yuan},
        money::FEN_PER_YUAN,
    },
    i18n::Msg,
};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;
/// The longest search text, district or street accepted.
pub const MAX_TEXT_CHARS: usize = 50;

/// What a resident is looking for. Every filter is optional; `limit` and `offset` page the result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Query {
    pub kind: Option<Kind>,
    pub region: Option<String>,
    /// District name, Chinese or English.
    pub district: Option<String>,
    /// Street or township name, Chinese or English.
    pub street: Option<String>,
    pub tag: Option<Tag>,
    /// Offers this eco burial (and, with `max_price_fen`, at most at that price).
    pub eco: Option<EcoBurial>,
    /// The eco burial of `eco`, or any item when `eco` is absent, costs at most this.
    pub max_price_fen: Option<i64>,
    pub step_free_entrance: bool,
    pub accessible_toilet: bool,
    pub accessible_parking: bool,
    pub open_now: bool,
    /// Sort by distance from here.
    pub near: Option<LatLng>,
    /// Words to find in names and addresses, or pinyin initials.
    pub q: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            kind: None,
            region: None,
            district: None,
            street: None,
            tag: None,
            eco: None,
            max_price_fen: None,
            step_free_entrance: false,
            accessible_toilet: false,
            accessible_parking: false,
            open_now: false,
            near: None,
            q: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

fn switch(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn too_long(text: &str) -> bool {
    text.chars().count() > MAX_TEXT_CHARS
}

impl Query {
    /// Reads query-string pairs (later pairs win), returning the query or every problem, each
    /// naming its field. `regions` are the region ids served.
    pub fn from_pairs<I, K, V>(pairs: I, regions: &[&str]) -> Result<Query, Vec<FieldError>>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut query = Query::default();
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: Msg| {
            errors.retain(|e: &FieldError| e.field != field);
            errors.push(FieldError {
                field: field.to_string(),
                message,
            });
        };
        for (name, value) in pairs {
            let (name, value) = (name.as_ref(), value.as_ref().trim());
            let text = (!value.is_empty()).then(|| value.to_string());
            match name {
                "kind" => match text.as_deref().map(Kind::parse) {
                    Some(None) => bad(name, Msg::DirectoryUnknownKind),
                    parsed => query.kind = parsed.flatten(),
                },
                "tag" => match text.as_deref().map(Tag::parse) {
                    Some(None) => bad(name, Msg::DirectoryUnknownTag),
                    parsed => query.tag = parsed.flatten(),
                },
                "eco" => match text.as_deref().map(EcoBurial::parse) {
                    Some(None) => bad(name, Msg::DirectoryUnknownEcoBurial),
                    parsed => query.eco = parsed.flatten(),
                },
                "region" => query.region = text,
                "district" => query.district = text,
                "street" => query.street = text,
                "q" => query.q = text,
                "max_yuan" => match text.as_deref().map(parse_yuan) {
                    Some(None) => bad(name, Msg::DirectoryBadPrice),
                    parsed => query.max_price_fen = parsed.flatten(),
                },
                "near" => match text.as_deref().map(LatLng::parse) {
                    Some(Err(_)) => bad(name, Msg::DirectoryBadLocation),
                    parsed => query.near = parsed.and_then(Result::ok),
                },
                "limit" => match text.as_deref().map(parse_whole) {
                    None => query.limit = DEFAULT_LIMIT,
                    Some(Some(n)) if (1..=MAX_LIMIT as i64).contains(&n) => {
                        query.limit = n as usize
                    }
                    Some(_) => bad(name, Msg::DirectoryBadLimit),
                },
                "offset" => match text.as_deref().map(parse_whole) {
                    None => query.offset = 0,
                    Some(Some(n)) => query.offset = n as usize,
                    Some(None) => bad(name, Msg::DirectoryBadOffset),
                },
                "step_free_entrance" | "accessible_toilet" | "accessible_parking" | "open_now" => {
                    let Some(on) = text.as_deref().map_or(Some(false), switch) else {
                        bad(name, Msg::DirectoryBadSwitch);
                        continue;
                    };
                    match name {
                        "step_free_entrance" => query.step_free_entrance = on,
                        "accessible_toilet" => query.accessible_toilet = on,
                        "accessible_parking" => query.accessible_parking = on,
                        _ => query.open_now = on,
                    }
                }
                _ => {}
            }
        }
        for error in query.validate(regions) {
            bad(&error.field, error.message);
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(errors)
        }
    }

    /// Checks a query built in code or read from JSON: every problem names its field.
    pub fn validate(&self, regions: &[&str]) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: Msg| {
            errors.push(FieldError {
                field: field.to_string(),
                message,
            })
        };
        if self
            .region
            .as_deref()
            .is_some_and(|r| !regions.contains(&r))
        {
            bad("region", Msg::DirectoryUnknownRegion);
        }
        for (field, text) in [
            ("district", &self.district),
            ("street", &self.street),
            ("q", &self.q),
        ] {
            if text.as_deref().is_some_and(too_long) {
                bad(field, Msg::DirectoryTextTooLong);
            }
        }
        if self.max_price_fen.is_some_and(|p| p < 0) {
            bad("max_yuan", Msg::DirectoryBadPrice);
        }
        if self
            .near
            .is_some_and(|p| LatLng::new(p.lat, p.lng).is_err())
        {
            bad("near", Msg::DirectoryBadLocation);
        }
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            bad("limit", Msg::DirectoryBadLimit);
        }
        errors
    }

    /// The query as query-string pairs, leaving out defaults: for links to other pages of results.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let mut text = |name: &'static str, value: Option<String>| {
            if let Some(v) = value {
                pairs.push((name, v));
            }
        };
        text("kind", self.kind.map(|k| k.key().to_string()));
        text("region", self.region.clone());
        text("district", self.district.clone());
        text("street", self.street.clone());
        text("tag", self.tag.map(|t| t.key().to_string()));
        text("eco", self.eco.map(|e| e.key().to_string()));
        text(
            "max_yuan",
            self.max_price_fen.map(|fen| match fen % FEN_PER_YUAN {
                0 => (fen / FEN_PER_YUAN).to_string(),
                cents => format!("{}.{cents:02}", fen / FEN_PER_YUAN),
            }),
        );
        for (name, on) in [
            ("step_free_entrance", self.step_free_entrance),
            ("accessible_toilet", self.accessible_toilet),
            ("accessible_parking", self.accessible_parking),
            ("open_now", self.open_now),
        ] {
            text(name, on.then(|| "on".to_string()));
        }
        text("near", self.near.map(|p| p.to_string()));
        text("q", self.q.clone());
        text(
            "limit",
            (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string()),
        );
        text(
            "offset",
            (self.offset != 0).then(|| self.offset.to_string()),
        );
        pairs
    }
}

/// Whether every word of `q` is found in the facility: in its Chinese name, address, district or
/// street; case-insensitively in their English forms; or, for a word of Latin letters, in
/// `initials`, the pinyin initials of the Chinese name the caller computed (`fhs` finds 凤凰山公墓
/// with initials `fhsgm`). An empty `q` matches everything.
pub fn matches_text(q: &str, facility: &Facility, initials: &str) -> bool {
    q.split_whitespace()
        .all(|word| word_matches(word, facility, initials))
}

fn word_matches(word: &str, f: &Facility, initials: &str) -> bool {
    let chinese = [&f.name_zh, &f.address_zh, &f.district_zh, &f.street_zh];
    if chinese.iter().any(|text| text.contains(word)) {
        return true;
    }
    let lower = word.to_lowercase();
    let english = [
        Some(&f.name_en),
        Some(&f.address_en),
        f.district_en.as_ref(),
        f.street_en.as_ref(),
    ];
    if english
        .into_iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&lower))
    {
        return true;
    }
    lower.bytes().all(|b| b.is_ascii_lowercase()) && initials.to_ascii_lowercase().contains(&lower)
}

/// One facility found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit<'a> {
    /// Position in the slice searched.
    pub index: usize,
    pub facility: &'a Facility,
    /// Metres from `near`, when the query has it.
    pub distance_m: Option<f64>,
    pub status: OpenStatus,
}

/// A page of results and how many matched in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Found<'a> {
    pub total: usize,
    pub hits: Vec<Hit<'a>>,
}

fn same_place(wanted: &Option<String>, zh: &str, en: &Option<String>) -> bool {
    wanted
        .as_deref()
        .is_none_or(|w| w == zh || en.as_deref().is_some_and(|en| en.eq_ignore_ascii_case(w)))
}

fn passes(query: &Query, f: &Facility, initials: &str) -> bool {
    let a = &f.accessibility;
    query.kind.is_none_or(|k| f.kind == k)
        && query.region.as_deref().is_none_or(|r| f.region == r)
        && same_place(&query.district, &f.district_zh, &f.district_en)
        && same_place(&query.street, &f.street_zh, &f.street_en)
        && query.tag.is_none_or(|t| f.has_tag(t))
        && (!query.step_free_entrance || a.step_free_entrance)
        && (!query.accessible_toilet || a.accessible_toilet)
        && (!query.accessible_parking || a.accessible_parking)
        && match (query.eco, query.max_price_fen) {
            (None, None) => true,
            (eco, max) => lowest_price(&f.prices, eco)
                .is_some_and(|lowest| max.is_none_or(|max| lowest <= max)),
        }
        && query
            .q
            .as_deref()
            .is_none_or(|q| matches_text(q, f, initials))
}

/// The facilities matching `query`, sorted by distance from `near` when given, otherwise by name
/// (pinyin initials, then the Chinese name), then paged. `initials[i]` are the pinyin initials
/// of `facilities[i].name_zh`; missing entries count as none.
pub fn find<'a>(
    facilities: &'a [Facility],
    initials: &[String],
    query: &Query,
    now: Moment,
    calendar: &HolidayCalendar,
) -> Found<'a> {
    let initials_of = |i: usize| initials.get(i).map_or("", String::as_str);
    let mut hits: Vec<Hit<'a>> = facilities
        .iter()
        .enumerate()
        .filter(|(i, f)| passes(query, f, initials_of(*i)))
        .map(|(index, facility)| Hit {
            index,
            facility,
            distance_m: query.near.map(|p| distance_m(p, facility.location())),
            status: status_at(&facility.hours, now, calendar),
        })
        .filter(|hit| !query.open_now || hit.status.is_open())
        .collect();
    let by_name = |a: &Hit, b: &Hit| {
        (initials_of(a.index), &a.facility.name_zh, &a.facility.id).cmp(&(
            initials_of(b.index),
            &b.facility.name_zh,
            &b.facility.id,
        ))
    };
    hits.sort_by(|a, b| {
        let by_distance = match (a.distance_m, b.distance_m) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => Ordering::Equal,
        };
        by_distance.then_with(|| by_name(a, b))
    });
    let total = hits.len();
    let hits = hits
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    Found { total, hits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        date::Date,
        directory::{
            facility::tests::funeral_home,
            hours::Hours,
            prices::{ItemKind, PriceItem, Unit},
        },
        money::yuan,
    };

    const REGIONS: &[&str] = &["baoding", "anning", "qufu", "fenghua"];

    fn parse(pairs: &[(&str, &str)]) -> Result<Query, Vec<FieldError>> {
        Query::from_pairs(pairs.iter().copied(), REGIONS)
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, Msg)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.message))
            .collect()
    }

    #[test]
    fn streets_to_choose_from_leave_out_entries_without_a_street_and_meet_in_the_middle() {
        let mut registry = funeral_home();
        registry.id = "registry".into();
        registry.street_zh = String::new();
        registry.street_en = None;
        let mut second = funeral_home();
        second.id = "second".into();
        second.latitude += 0.02;
        let mut other = funeral_home();
        other.id = "other".into();
        other.district_zh = "甲区".into();
        other.street_zh = "乙街道".into();
        let places = street_places(&[registry, funeral_home(), second, other]);
        let names: Vec<(&str, &str)> = places
            .iter()
            .map(|p| (p.district_zh.as_str(), p.street_zh.as_str()))
            .collect();
        assert_eq!(names, [("安宁市", "连然街道"), ("甲区", "乙街道")]);
        assert!((places[0].location.lat - (funeral_home().latitude + 0.01)).abs() < 1e-9);
        assert_eq!(places[0].district_en.as_deref(), Some("Anning"));
    }

    #[test]
    fn a_query_string_is_read_field_by_field() {
        let q = parse(&[
            ("kind", "public_cemetery"),
            ("region", "anning"),
            ("eco", "tree"),
            ("max_yuan", "3,000"),
            ("step_free_entrance", "on"),
            ("open_now", "1"),
            ("near", "24.92,102.48"),
            ("q", " 凤凰山 "),
            ("limit", "10"),
            ("offset", "20"),
            ("tag", ""),
            ("lang", "en"),
        ])
        .unwrap();
        assert_eq!(q.kind, Some(Kind::PublicCemetery));
        assert_eq!(q.region.as_deref(), Some("anning"));
        assert_eq!(q.eco, Some(EcoBurial::Tree));
        assert_eq!(q.max_price_fen, Some(yuan(3000)));
        assert!(q.step_free_entrance && q.open_now && !q.accessible_toilet);
        assert_eq!(
            q.near,
            Some(LatLng {
                lat: 24.92,
                lng: 102.48
            })
        );
        assert_eq!(q.q.as_deref(), Some("凤凰山"));
        assert_eq!((q.limit, q.offset), (10, 20));
        assert_eq!(q.tag, None, "an empty value is absent");
        assert_eq!(parse(&[]).unwrap(), Query::default());
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = parse(&[
            ("kind", "hospital"),
            ("tag", "karaoke"),
            ("eco", "space"),
            ("region", "beijing"),
            ("max_yuan", "-5"),
            ("near", "95,102"),
            ("limit", "0"),
            ("offset", "-1"),
            ("open_now", "maybe"),
            ("q", &"字".repeat(51)),
        ])
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("kind", Msg::DirectoryUnknownKind),
                ("tag", Msg::DirectoryUnknownTag),
                ("eco", Msg::DirectoryUnknownEcoBurial),
                ("max_yuan", Msg::DirectoryBadPrice),
                ("near", Msg::DirectoryBadLocation),
                ("limit", Msg::DirectoryBadLimit),
                ("offset", Msg::DirectoryBadOffset),
                ("open_now", Msg::DirectoryBadSwitch),
                ("region", Msg::DirectoryUnknownRegion),
                ("q", Msg::DirectoryTextTooLong),
            ]
        );
        let errors = parse(&[("limit", "101"), ("near", "abc")]).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("limit", Msg::DirectoryBadLimit),
                ("near", Msg::DirectoryBadLocation)
            ]
        );
        assert!(parse(&[("limit", "100"), ("limit", "1")]).is_ok());
    }

    #[test]
    fn a_query_survives_a_trip_through_its_pairs() {
        let q = Query {
            kind: Some(Kind::VolunteerStation),
            region: Some("qufu".into()),
            district: Some("曲阜市".into()),
            street: Some("Lucheng Street".into()),
            tag: Some(Tag::ElderlyHelp),
            eco: Some(EcoBurial::Lawn),
            max_price_fen: Some(123_456),
            step_free_entrance: true,
            accessible_toilet: true,
            accessible_parking: false,
            open_now: true,
            near: Some(LatLng {
                lat: 35.58,
                lng: 116.9865,
            }),
            q: Some("社区 站".into()),
            limit: 5,
            offset: 15,
        };
        let pairs = q.to_pairs();
        assert_eq!(
            Query::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())), REGIONS),
            Ok(q)
        );
        assert!(Query::default().to_pairs().is_empty());
        let bad = Query {
            limit: 500,
            ..Query::default()
        };
        assert_eq!(
            fields(&bad.validate(REGIONS)),
            [("limit", Msg::DirectoryBadLimit)]
        );
    }

    fn cemetery() -> Facility {
        let mut f = funeral_home();
        f.id = "fenghuangshan".into();
        f.kind = Kind::PublicCemetery;
        f.name_zh = "安宁市凤凰山公墓".into();
        f.name_en = "Fenghuangshan Cemetery, Anning".into();
        f.address_zh = "安宁市金方街道示例路 2 号".into();
        f.street_zh = "金方街道".into();
        f.street_en = Some("Jinfang Street".into());
        f.latitude = 24.90;
        f.longitude = 102.46;
        f.hours = Hours::parse("daily 08:00-17:30").unwrap();
        f.tags = vec![Tag::EcoBurial, Tag::OnlineMemorial];
        f.accessibility = Default::default();
        f.phone_24h = None;
        f.prices = vec![PriceItem {
            item: ItemKind::TreeBurial,
            name_zh: "树葬".into(),
            name_en: "Tree burial".into(),
            price_fen: yuan(2800),
            price_max_fen: None,
            unit: Unit::Each,
            basic: false,
            free_for: vec![],
            reduced_for: vec![],
        }];
        f
    }

    fn station(id: &str, name_zh: &str, lat: f64, hours: &str) -> Facility {
        let mut f = funeral_home();
        f.id = id.into();
        f.kind = Kind::VolunteerStation;
        f.name_zh = name_zh.into();
        f.name_en = format!("{id} station");
        f.latitude = lat;
        f.hours = Hours::parse(hours).unwrap();
        f.tags = vec![Tag::ElderlyHelp];
        f.prices = vec![];
        f.phone_24h = None;
        f
    }

    #[test]
    fn text_matches_chinese_english_and_pinyin_initials() {
        let f = cemetery();
        let initials = "ansfhsgm";
        for q in [
            "凤凰山",
            "凤凰山 公墓",
            "金方街道",
            "fenghuangshan",
            "CEMETERY anning",
            "fhs",
            "FHSGM",
            "jinfang",
            "",
            "  ",
        ] {
            assert!(matches_text(q, &f, initials), "{q:?}");
        }
        for q in ["殡仪馆", "凤凰山 殡仪馆", "xyz", "fhs1", "f h s q"] {
            assert!(!matches_text(q, &f, initials), "{q:?}");
        }
        assert!(!matches_text("fhs", &f, ""), "no initials given");
    }

    fn now() -> Moment {
        // Sunday 22 November 2026, 10:00.
        Moment::at(Date::parse("2026-11-22").unwrap(), 10, 0)
    }

    #[test]
    fn filters_combine_and_results_sort_by_name_or_distance() {
        let all = vec![
            funeral_home(),
            cemetery(),
            station("b", "乙社区志愿服务站", 24.95, "daily 09:00-17:00"),
            station("a", "甲社区志愿服务站", 24.99, "mon-fri 09:00-17:00"),
        ];
        let initials: Vec<String> = ["csbyg", "ansfhsgm", "ysqzyfwz", "jsqzyfwz"]
            .map(String::from)
            .to_vec();
        let cal = HolidayCalendar::default();
        let ids = |q: &Query| -> Vec<&str> {
            find(&all, &initials, q, now(), &cal)
                .hits
                .iter()
                .map(|h| h.facility.id.as_str())
                .collect()
        };
        assert_eq!(
            ids(&Query::default()),
            ["fenghuangshan", "test-funeral-home", "a", "b"],
            "by pinyin initials"
        );
        let stations = Query {
            kind: Some(Kind::VolunteerStation),
            ..Query::default()
        };
        assert_eq!(ids(&stations), ["a", "b"]);
        let open = Query {
            open_now: true,
            ..stations.clone()
        };
        assert_eq!(ids(&open), ["b"], "a is closed on Sundays");
        let near = Query {
            near: Some(LatLng {
                lat: 25.0,
                lng: 102.4784,
            }),
            ..stations
        };
        let found = find(&all, &initials, &near, now(), &cal);
        assert_eq!(found.hits[0].facility.id, "a");
        assert!((found.hits[0].distance_m.unwrap() - 1_112.0).abs() < 1.0);
        assert!(!found.hits[0].status.is_open());
        let tree = |max: i64| Query {
            eco: Some(EcoBurial::Tree),
            max_price_fen: Some(yuan(max)),
            ..Query::default()
        };
        assert_eq!(ids(&tree(3000)), ["fenghuangshan"]);
        assert!(ids(&tree(2000)).is_empty());
        let step_free = Query {
            step_free_entrance: true,
            tag: Some(Tag::Service24h),
            ..Query::default()
        };
        assert_eq!(ids(&step_free), ["test-funeral-home"]);
        let by_street = Query {
            street: Some("jinfang street".into()),
            ..Query::default()
        };
        assert_eq!(ids(&by_street), ["fenghuangshan"]);
        let pinyin = Query {
            q: Some("sqzy".into()),
            ..Query::default()
        };
        assert_eq!(ids(&pinyin), ["a", "b"]);
    }

    #[test]
    fn paging_keeps_the_total() {
        let all: Vec<Facility> = (0..7)
            .map(|i| station(&format!("s{i}"), &format!("站{i}"), 24.9, "24h"))
            .collect();
        let q = Query {
            limit: 3,
            offset: 6,
            ..Query::default()
        };
        let found = find(&all, &[], &q, now(), &HolidayCalendar::default());
        assert_eq!(found.total, 7);
        assert_eq!(found.hits.len(), 1);
        assert_eq!(found.hits[0].index, 6);
    }
}

/// A hit as the pages and the API receive it: the facility itself, not a borrow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacilityHit {
    pub facility: Facility,
    /// Metres from the point searched from, when there was one.
    pub distance_m: Option<f64>,
    pub status: OpenStatus,
}

/// A page of results and how many matched in all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FoundFacilities {
    pub total: usize,
    pub hits: Vec<FacilityHit>,
}

impl From<Found<'_>> for FoundFacilities {
    fn from(found: Found<'_>) -> FoundFacilities {
        FoundFacilities {
            total: found.total,
            hits: found
                .hits
                .into_iter()
                .map(|h| FacilityHit {
                    facility: h.facility.clone(),
                    distance_m: h.distance_m,
                    status: h.status,
                })
                .collect(),
        }
    }
}

/// A street or township residents can pick as "where I am", placed at the middle of the
/// facilities listed there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StreetPlace {
    pub region: String,
    pub district_zh: String,
    pub street_zh: String,
    pub street_en: Option<String>,
    pub district_en: Option<String>,
    pub location: LatLng,
}

impl StreetPlace {
    /// The form value that names this place: `region/street`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.region, self.street_zh)
    }
}

/// The streets of the directory, each at the mean position of its facilities, by region, district
/// and name. Entries without a street (registry offices) name no street to choose.
pub fn street_places(facilities: &[Facility]) -> Vec<StreetPlace> {
    let mut places: Vec<(StreetPlace, usize)> = Vec::new();
    for f in facilities.iter().filter(|f| !f.street_zh.trim().is_empty()) {
        match places
            .iter_mut()
            .find(|(p, _)| p.region == f.region && p.street_zh == f.street_zh)
        {
            Some((place, n)) => {
                place.location.lat += f.latitude;
                place.location.lng += f.longitude;
                *n += 1;
            }
            None => places.push((
                StreetPlace {
                    region: f.region.clone(),
                    district_zh: f.district_zh.clone(),
                    street_zh: f.street_zh.clone(),
                    street_en: f.street_en.clone(),
                    district_en: f.district_en.clone(),
                    location: LatLng {
                        lat: f.latitude,
                        lng: f.longitude,
                    },
                },
                1,
            )),
        }
    }
    let mut places: Vec<StreetPlace> = places
        .into_iter()
        .map(|(mut p, n)| {
            p.location.lat /= n as f64;
            p.location.lng /= n as f64;
            p
        })
        .collect();
    places.sort_by(|a, b| {
        (&a.region, &a.district_zh, &a.street_zh).cmp(&(&b.region, &b.district_zh, &b.street_zh))
    });
    places
}
