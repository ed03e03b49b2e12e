//! What the booking pages and the JSON API exchange with the server.

use super::{divorce::DivorceWindow, moment::Moment, rules::Refusal, Service};
use crate::{
    domain::{date::Date, FieldError},
    i18n::Msg,
};
use serde::{Deserialize, Serialize};

/// A registry office as the booking pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeInfo {
    pub id: String,
    pub region: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
    pub hours_zh: String,
    pub hours_en: String,
    pub services: Vec<Service>,
    pub ceremony_hall: bool,
    pub sample: bool,
    /// When booking opens and closes, and the cancellation and no-show limits.
    pub rules: super::rules::BookingRules,
}

impl OfficeInfo {
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::ZhCn => &self.name_zh,
            crate::i18n::Locale::En => &self.name_en,
        }
    }

    pub fn address(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::ZhCn => &self.address_zh,
            crate::i18n::Locale::En => &self.address_en,
        }
    }

    pub fn hours(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::ZhCn => &self.hours_zh,
            crate::i18n::Locale::En => &self.hours_en,
        }
    }

    /// A link that opens the office in the 高德 (Amap) map app or site.
    pub fn map_link(&self) -> String {
        let name: String = form_urlencoded::byte_serialize(self.name_zh.as_bytes()).collect();
        format!(
            "https://uri.amap.com/marker?position={:.6},{:.6}&name={name}&coordinate=wgs84",
            self.longitude, self.latitude
        )
    }
}

/// Places left on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAvailability {
    pub date: Date,
    pub remaining: u32,
}

/// A slot with its places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotAvailability {
    pub start: Moment,
    pub end: Moment,
    pub capacity: u32,
    pub remaining: u32,
    /// For marriage slots at an office with a ceremony hall: ceremony places left at this time
    /// (absent when no ceremony can follow this slot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceremony_remaining: Option<u32>,
}

/// One person as entered.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

impl std::fmt::Debug for PersonInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonInput(..)")
    }
}

/// A booking as requested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub office_id: String,
    pub service: Service,
    pub slot_start: Moment,
    pub people: Vec<PersonInput>,
    #[serde(default)]
    pub ceremony: bool,
}

/// One person of a booking, masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMasked {
    pub name_masked: String,
    pub id_masked: String,
    pub phone_masked: String,
}

/// Where a booking stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Confirmed,
    Cancelled,
    /// The people came (checked in at the office).
    Attended,
    /// The people did not come.
    NoShow,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 4] = [
        BookingStatus::Confirmed,
        BookingStatus::Cancelled,
        BookingStatus::Attended,
        BookingStatus::NoShow,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Attended => "attended",
            BookingStatus::NoShow => "no_show",
        }
    }

    pub fn parse(key: &str) -> Option<BookingStatus> {
        BookingStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn message(self) -> Msg {
        match self {
            BookingStatus::Confirmed => Msg::BookingStatusConfirmed,
            BookingStatus::Cancelled => Msg::BookingStatusCancelled,
            BookingStatus::Attended => Msg::BookingStatusAttended,
            BookingStatus::NoShow => Msg::BookingStatusNoShow,
        }
    }
}

fn first_stage() -> u8 {
    1
}

/// A booking as shown to the people it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub code: String,
    pub status: BookingStatus,
    pub office_id: String,
    pub service: Service,
    pub slot_start: Moment,
    pub ceremony: bool,
    pub people: Vec<PersonMasked>,
    /// 1, or 2 for the second appointment of a divorce.
    #[serde(default = "first_stage")]
    pub stage: u8,
    /// For a divorce's second appointment: the code of the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_code: Option<String>,
    /// For a divorce whose application the office received: the cooling-off period and the days
    /// the second appointment may be on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divorce_window: Option<DivorceWindow>,
    /// For a received divorce application: the code of its second appointment, once booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_code: Option<String>,
    /// The text messages about this booking, as far as they got.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<TextNote>,
}

/// A text message about a booking: where it goes (masked) and whether it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextNote {
    pub phone_masked: String,
    pub status: TextStatus,
}

/// A text message that could not be sent, as staff pages list it (the number masked, no text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedText {
    pub phone_masked: String,
    /// The message's template: `verification`, `booked`, `cancelled_by_office`, `summary`.
    pub template: String,
    pub booking_code: Option<String>,
    pub office_id: Option<String>,
    pub queued_at: crate::domain::booking::moment::Moment,
    /// What the provider (or the network) answered last.
    pub error: String,
}

impl FailedText {
    /// What the message was, in words.
    pub fn kind(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self.template.as_str() {
            "verification" => Msg::TextKindVerification,
            "booked" => Msg::TextKindBooked,
            "cancelled_by_office" => Msg::TextKindCancelled,
            _ => Msg::TextKindSummary,
        }
    }
}

/// How far a text message got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextStatus {
    /// Queued: it will be sent.
    Due,
    /// The provider took it.
    Sent,
    /// It could not be sent.
    Failed,
}

impl TextStatus {
    pub fn parse(text: &str) -> TextStatus {
        match text {
            "sent" => TextStatus::Sent,
            "failed" => TextStatus::Failed,
            _ => TextStatus::Due,
        }
    }

    pub fn message(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            TextStatus::Due => Msg::MessageDue,
            TextStatus::Sent => Msg::MessageSent,
            TextStatus::Failed => Msg::MessageFailed,
        }
    }
}

impl BookingView {
    /// Whether the people of this divorce may book their second appointment now: the
    /// application was received, no second appointment is held, and the window is not over.
    pub fn may_book_second_stage(&self, today: Date) -> bool {
        self.service == Service::Divorce
            && self.stage == 1
            && self.second_code.is_none()
            && self.divorce_window.is_some_and(|w| today <= w.last_day)
    }
}

/// A free slot offered instead of a full or refused one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub office_id: String,
    pub start: Moment,
    pub remaining: u32,
}

/// Why a booking (or a change to one) did not happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum BookingProblem {
    /// Input problems, each naming its field (`people[1].id_number`).
    Invalid {
        fields: Vec<FieldError>,
    },
    /// The slot has no place left (or never existed): nearby free slots.
    Full {
        alternatives: Vec<Alternative>,
    },
    /// The rules forbid this time now.
    Refused {
        refusal: Refusal,
        alternatives: Vec<Alternative>,
    },
    /// A person already holds an active booking of this kind.
    AlreadyBooked {
        position: usize,
    },
    NotFound,
    /// Too many tries from this visitor or for this booking: wait, then try again.
    Limited,
}

impl BookingProblem {
    /// The message for a problem met while changing a booking (one line, for a notice).
    pub fn message(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            BookingProblem::Refused { refusal, .. } => refusal.message(),
            BookingProblem::Invalid { fields } => {
                fields.first().map(|f| f.message).unwrap_or(Msg::SlotFull)
            }
            BookingProblem::AlreadyBooked { .. } => Msg::AlreadyBooked,
            BookingProblem::Limited => Msg::TooManyLookups,
            BookingProblem::Full { .. } | BookingProblem::NotFound => Msg::SlotFull,
        }
    }
}

impl BookingProblem {
    /// The message for a problem met while opening a booking with codes: the field's own
    /// message, or "check the booking code".
    pub fn message_for_code(&self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            BookingProblem::Invalid { fields } => fields
                .first()
                .map(|f| f.message)
                .unwrap_or(Msg::BookingNotFound),
            BookingProblem::Limited => Msg::TooManyLookups,
            _ => Msg::BookingNotFound,
        }
    }
}

/// A name shown masked: `张*明`, `李*`.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("王小明"), "王*明");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name("Li"), "L*");
        assert_eq!(
            format!(
                "{:?}",
                PersonInput {
                    name: "王小明".into(),
                    id_number: "x".into(),
                    phone: "y".into()
                }
            ),
            "PersonInput(..)"
        );
    }
}
