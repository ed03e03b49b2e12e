//! What a facility in the directory is: its kind, place, contacts, opening hours, services,
//! access and prices, with where the data came from and when it was last checked.

use super::{geo::LatLng, hours::Hours, prices::PriceItem};
use crate::{domain::date::Date, i18n::Locale};
use serde::{Deserialize, Serialize};

keyed_enum! {
    /// What kind of place a facility is.
    pub enum Kind {
        /// 殡仪馆: body transport, storage, farewell halls, cremation.
        FuneralHome => "funeral_home",
        /// 公益性公墓: non-profit cemetery for local residents.
        PublicCemetery => "public_cemetery",
        /// 骨灰堂: columbarium.
        Columbarium => "columbarium",
        /// 经营性公墓.
        CommercialCemetery => "commercial_cemetery",
        /// 志愿服务站点, in a community service centre.
        VolunteerStation => "volunteer_station",
        /// 乡镇（街道）社工站.
        SocialWorkStation => "social_work_station",
        /// 婚姻登记处.
        MarriageRegistry => "marriage_registry",
        /// 乡镇人民政府 / 街道办事处: where dibao, tekun and temporary assistance are applied for
        /// (its social assistance window, 社会救助窗口).
        StreetOffice => "street_office",
    }
}

impl Kind {
    /// Funeral homes, cemeteries and columbaria: the places with price lists and benefits.
    pub fn is_funeral(self) -> bool {
        matches!(
            self,
            Kind::FuneralHome | Kind::PublicCemetery | Kind::Columbarium | Kind::CommercialCemetery
        )
    }
}

keyed_enum! {
    /// A service a facility offers, for filtering ("which station helps disabled people?").
    pub enum Tag {
        ElderlyHelp => "elderly_help",
        DisabilityHelp => "disability_help",
        /// Care for children, including left-behind children (留守儿童).
        Children => "children",
        LegalAdvice => "legal_advice",
        PsychologicalSupport => "psychological_support",
        /// Help applying for dibao, tekun and other assistance (救助帮办).
        AssistanceApplications => "assistance_applications",
        VolunteerActivities => "volunteer_activities",
        /// 时间银行: hours served are banked for later help.
        TimeBank => "time_bank",
        /// 老年助餐 / community canteen.
        CommunityMeals => "community_meals",
        Rehabilitation => "rehabilitation",
        /// 婚姻家庭辅导.
        FamilyCounselling => "family_counselling",
        /// 24-hour body transport and duty line.
        Service24h => "service_24h",
        /// 节地生态安葬: tree, flower-bed, lawn, wall or sea burial.
        EcoBurial => "eco_burial",
        /// 网络祭扫.
        OnlineMemorial => "online_memorial",
        /// Flowers, tree planting, family or community remembrance (文明祭扫).
        CivilisedRemembrance => "civilised_remembrance",
    }
}

/// Step-free access and facilities for disabled visitors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Accessibility {
    pub step_free_entrance: bool,
    pub accessible_toilet: bool,
    pub accessible_parking: bool,
}

/// A telephone number with what it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub label_zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub number: String,
}

impl Phone {
    /// The label in `locale`, falling back to Chinese.
    pub fn label(&self, locale: Locale) -> &str {
        match (locale, &self.label_en) {
            (Locale::En, Some(en)) => en,
            _ => &self.label_zh,
        }
    }
}

/// One place in the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// Stable slug used in URLs: lowercase letters, digits and `-`.
    pub id: String,
    pub kind: Kind,
    /// Region id (`baoding`, `anning`, …) whose residents it serves.
    pub region: String,
    /// County-level unit: a district (区) or county-level city (市).
    pub district_zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_en: Option<String>,
    /// Street or township (街道 / 乡镇).
    pub street_zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_en: Option<String>,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    /// WGS-84 degrees (convert with [`super::geo::wgs84_to_gcj02`] for Chinese map services).
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// A line answered day and night; required for funeral homes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_24h: Option<String>,
    pub hours: Hours,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub accessibility: Accessibility,
    #[serde(default)]
    pub prices: Vec<PriceItem>,
    /// Anything a visitor should know, e.g. which area a facility serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_en: Option<String>,
    /// How to get there: buses, metro, landmarks (read out by the hotline, shown on the page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directions_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directions_en: Option<String>,
    /// When someone last confirmed the record.
    pub last_checked: Date,
    /// Where the data came from.
    pub source: String,
    /// True when the record (or part of it) is sample data rather than confirmed.
    pub is_sample: bool,
}

impl Facility {
    pub fn location(&self) -> LatLng {
        LatLng {
            lat: self.latitude,
            lng: self.longitude,
        }
    }

    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.name_zh,
            Locale::En => &self.name_en,
        }
    }

    pub fn address(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.address_zh,
            Locale::En => &self.address_en,
        }
    }

    /// The district in `locale`, falling back to Chinese.
    pub fn district(&self, locale: Locale) -> &str {
        match (locale, &self.district_en) {
            (Locale::En, Some(en)) => en,
            _ => &self.district_zh,
        }
    }

    /// The street or township in `locale`, falling back to Chinese.
    pub fn street(&self, locale: Locale) -> &str {
        match (locale, &self.street_en) {
            (Locale::En, Some(en)) => en,
            _ => &self.street_zh,
        }
    }

    /// The note in `locale`, falling back to Chinese.
    pub fn note(&self, locale: Locale) -> Option<&str> {
        match (locale, &self.note_en) {
            (Locale::En, Some(en)) => Some(en),
            _ => self.note_zh.as_deref(),
        }
    }

    /// How to get there, in the visitor's language where given.
    pub fn directions(&self, locale: Locale) -> Option<&str> {
        match (locale, &self.directions_en) {
            (Locale::En, Some(en)) => Some(en),
            _ => self.directions_zh.as_deref(),
        }
    }

    pub fn has_tag(&self, tag: Tag) -> bool {
        self.tags.contains(&tag)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::directory::prices::{FreeGroup, ItemKind, Unit};

    /// A small funeral home used by the tests of several modules.
    pub fn funeral_home() -> Facility {
        Facility {
            id: "test-funeral-home".into(),
            kind: Kind::FuneralHome,
            region: "anning".into(),
            district_zh: "安宁市".into(),
            district_en: Some("Anning".into()),
            street_zh: "连然街道".into(),
            street_en: Some("Lianran Street".into()),
            name_zh: "测试殡仪馆".into(),
            name_en: "Test Funeral Home".into(),
            address_zh: "安宁市连然街道示例路 1 号".into(),
            address_en: "1 Example Road, Lianran Street, Anning".into(),
            latitude: 24.9196,
            longitude: 102.4784,
            phones: vec![Phone {
                label_zh: "咨询".into(),
                label_en: Some("Enquiries".into()),
                number: "0871-0000100".into(),
            }],
            phone_24h: Some("0871-0000101".into()),
            hours: Hours::parse("24h").unwrap(),
            tags: vec![Tag::Service24h],
            accessibility: Accessibility {
                step_free_entrance: true,
                ..Accessibility::default()
            },
            prices: vec![PriceItem {
                item: ItemKind::Cremation,
                name_zh: "遗体火化".into(),
                name_en: "Cremation".into(),
                price_fen: 50_000,
                price_max_fen: None,
                unit: Unit::Each,
                basic: true,
                free_for: vec![FreeGroup::Dibao, FreeGroup::Tekun],
                reduced_for: vec![],
            }],
            note_zh: None,
            note_en: None,
            directions_zh: None,
            directions_en: None,
            last_checked: Date::parse("2026-11-01").unwrap(),
            source: "test".into(),
            is_sample: true,
        }
    }

    #[test]
    fn kinds_and_tags_round_trip_through_their_keys() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.key()), Some(*kind));
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.key())
            );
        }
        for tag in Tag::ALL {
            assert_eq!(Tag::parse(tag.key()), Some(*tag));
            assert_eq!(
                serde_json::from_str::<Tag>(&format!("\"{tag}\"")).unwrap(),
                *tag
            );
        }
        assert_eq!(Kind::parse("funeral"), None);
        assert_eq!(Kind::parse("Funeral_Home"), None);
        assert!(Kind::FuneralHome.is_funeral() && !Kind::VolunteerStation.is_funeral());
    }

    #[test]
    fn a_facility_round_trips_through_json_and_reads_in_both_languages() {
        let f = funeral_home();
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"kind\":\"funeral_home\""), "{json}");
        assert!(json.contains("\"hours\":\"24h\""), "{json}");
        assert!(
            !json.contains("note_zh"),
            "absent options are left out: {json}"
        );
        assert_eq!(serde_json::from_str::<Facility>(&json).unwrap(), f);
        assert_eq!(f.name(Locale::En), "Test Funeral Home");
        assert_eq!(f.street(Locale::En), "Lianran Street");
        assert_eq!(f.street(Locale::ZhCn), "连然街道");
        assert_eq!(f.phones[0].label(Locale::En), "Enquiries");
        assert_eq!(f.note(Locale::En), None);
        assert!(f.has_tag(Tag::Service24h) && !f.has_tag(Tag::Children));
    }

    #[test]
    fn unknown_fields_in_a_record_are_refused() {
        let mut value = serde_json::to_value(funeral_home()).unwrap();
        value["colour"] = "red".into();
        assert!(serde_json::from_value::<Facility>(value).is_err());
    }
}
