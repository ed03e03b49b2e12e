//! Marriage registration booking: who may book, when, and how places are counted. Pure rules;
//! storage and the race-free reservation live in the server.

pub mod calendar;
pub mod code;
pub mod desk;
pub mod divorce;
pub mod id_number;
pub mod lookup;
pub mod moment;
pub mod office;
pub mod phone;
pub mod rules;
pub mod schedule;
pub mod words;

use serde::{Deserialize, Serialize};

/// What a registry office books time for. A ceremony has its own, smaller capacity and is added to
/// a marriage booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Marriage,
    Divorce,
    Reissue,
    Ceremony,
}

impl Service {
    pub const ALL: [Service; 4] = [
        Service::Marriage,
        Service::Divorce,
        Service::Reissue,
        Service::Ceremony,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Service::Marriage => "marriage",
            Service::Divorce => "divorce",
            Service::Reissue => "reissue",
            Service::Ceremony => "ceremony",
        }
    }

    pub fn parse(key: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.key() == key)
    }

    /// How many people a booking of this service names.
    pub fn people(self) -> usize {
        match self {
            Service::Marriage | Service::Divorce => 2,
            Service::Reissue => 1,
            Service::Ceremony => 0,
        }
    }
}

/// Sex as read from a resident ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The legal age for marriage (Civil Code art. 1047): men 22, women 20.
    pub fn marriage_age(self) -> i32 {
        match self {
            Sex::Male => 22,
            Sex::Female => 20,
        }
    }
}
