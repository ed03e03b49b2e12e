//! The four service areas the home page leads to.

use crate::i18n::Msg;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Eligibility,
    Marriage,
    Funeral,
    Volunteer,
}

impl Area {
    pub const ALL: [Area; 4] = [
        Area::Eligibility,
        Area::Marriage,
        Area::Funeral,
        Area::Volunteer,
    ];

    pub fn href(self) -> &'static str {
        match self {
            Area::Eligibility => "/eligibility",
            Area::Marriage => "/marriage",
            Area::Funeral => "/funeral",
            Area::Volunteer => "/volunteer",
        }
    }

    pub fn title(self) -> Msg {
        match self {
            Area::Eligibility => Msg::AreaEligibilityTitle,
            Area::Marriage => Msg::AreaMarriageTitle,
            Area::Funeral => Msg::AreaFuneralTitle,
            Area::Volunteer => Msg::AreaVolunteerTitle,
        }
    }

    pub fn summary(self) -> Msg {
        match self {
            Area::Eligibility => Msg::AreaEligibilitySummary,
            Area::Marriage => Msg::AreaMarriageSummary,
            Area::Funeral => Msg::AreaFuneralSummary,
            Area::Volunteer => Msg::AreaVolunteerSummary,
        }
    }

    /// A simple decorative pictogram (the title beside it carries the meaning).
    pub fn icon(self) -> impl IntoView {
        let path = match self {
            // a clipboard with a tick
            Area::Eligibility => "M9 3h6v3H9zM6 5h2v2h8V5h2v16H6zM9 13l2 2 4-4",
            // two rings
            Area::Marriage => "M9 9a5 5 0 1 0 0 10a5 5 0 1 0 0-10M15 5a5 5 0 1 0 0 10a5 5 0 1 0 0-10",
            // a chrysanthemum-like flower on a stem
            Area::Funeral => "M12 3c2 2 2 5 0 7c-2-2-2-5 0-7M5 8c3 0 5 2 7 2M19 8c-3 0-5 2-7 2M12 10v11M8 17c2 0 4 1 4 3M16 17c-2 0-4 1-4 3",
            // a heart in an open hand
            Area::Volunteer => "M12 11c-2-3-6-1-4 2l4 3l4-3c2-3-2-5-4-2M3 16l5 4h9l4-4",
        };
        view! {
            <svg class="area-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d=path fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>
            </svg>
        }
    }
}
