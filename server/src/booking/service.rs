//! The booking desk: availability, booking, finding, cancelling and moving bookings. Input is
//! checked here with the domain rules; places are taken by the store's atomic reservation.

use super::catalogue::{Catalogue, CataloguedOffice, Fresh};
use crate::{
    crypto::{DataCipher, Place},
    limits,
    sms::Template,
    store::{
        bookings::{BookingRow, Moved, OfficeRow, Reservation, Reserved, ATTENDED, NO_SHOW},
        outbox::NewMessage,
        staff::AuditEntry,
        Store,
    },
    verification::{CodeProblem, Purpose, Verifier},
};
use app::domain::booking::words::day_and_time;
use app::{
    domain::{
        booking::{
            calendar::HolidayCalendar,
            code::{new_code, normalise_code},
            desk::{
                mask_name, Alternative, BookingProblem, BookingRequest, BookingStatus, BookingView,
                DayAvailability, OfficeInfo, PersonInput, PersonMasked, SlotAvailability, TextNote,
                TextStatus,
            },
            divorce::DivorceWindow,
            id_number::ResidentId,
            moment::Moment,
            office::OfficeSchedule,
            phone::Phone,
            rules::{Refusal, Strike},
            schedule::{slots_on, Slot, WeeklyTemplate},
            Service,
        },
        date::Date,
        directory::geo::{distance_m, LatLng},
    },
    error::FieldError,
    i18n::{Locale, Msg},
};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, sync::Arc};

/// How far away another office may be to be offered instead of a full one.
pub const NEARBY_METRES: f64 = 50_000.0;
/// How many other offices are offered.
const NEARBY_OFFICES: usize = 3;

/// Why the desk failed: a problem to show the visitor, or a storage failure to log.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("booking problem")]
    Problem(BookingProblem),
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
    #[error("stored office schedule is unreadable: {0}")]
    BadSchedule(String),
}

impl From<BookingProblem> for DeskError {
    fn from(p: BookingProblem) -> DeskError {
        DeskError::Problem(p)
    }
}

/// The people of a booking as sealed: what the booking pages show back, masked.
#[derive(Serialize, Deserialize)]
pub(super) struct SealedPerson {
    pub(super) name: String,
    pub(super) id_number: String,
    pub(super) phone: String,
}

#[derive(Clone)]
pub struct BookingDesk {
    pub store: Store,
    pub cipher: DataCipher,
    catalogue: Fresh<Catalogue>,
    /// Codes sent to phones, and the limits every server shares.
    pub verifier: Verifier,
}

/// Who cancelled a booking: only residents' own cancellations count against them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelledBy {
    Resident,
    Agent,
    Office,
}

impl CancelledBy {
    pub fn key(self) -> &'static str {
        match self {
            CancelledBy::Resident => "resident",
            CancelledBy::Agent => "agent",
            CancelledBy::Office => "office",
        }
    }
}

/// An office of the catalogue with its schedule; an unknown office is "not found".
pub(super) fn office_in<'a>(
    catalogue: &'a Catalogue,
    id: &str,
) -> Result<(&'a OfficeRow, &'a OfficeSchedule), DeskError> {
    let office = catalogue.office(id).ok_or(BookingProblem::NotFound)?;
    let schedule = office
        .schedule
        .as_ref()
        .map_err(|e| DeskError::BadSchedule(e.clone()))?;
    Ok((&office.row, schedule))
}

pub(super) fn calendar_of(catalogue: &Catalogue) -> Result<&HolidayCalendar, DeskError> {
    catalogue
        .calendar
        .as_ref()
        .map_err(|e| DeskError::BadSchedule(e.clone()))
}

/// Whether a ceremony can be added to bookings of `service` at this office.
fn ceremonies_follow(office: &OfficeRow, schedule: &OfficeSchedule, service: Service) -> bool {
    service == Service::Marriage
        && office.has_ceremony_hall
        && schedule.services.contains(&Service::Ceremony)
}

fn field(field: String, message: Msg) -> FieldError {
    FieldError { field, message }
}

impl BookingDesk {
    pub fn new(store: Store, cipher: DataCipher) -> BookingDesk {
        BookingDesk {
            verifier: Verifier::new(store.clone(), cipher.clone()),
            store,
            cipher,
            catalogue: Fresh::default(),
        }
    }

    /// Offices, schedules and holidays: a copy at most a few seconds old.
    pub(super) async fn catalogue(&self) -> Result<Arc<Catalogue>, DeskError> {
        Ok(self.catalogue.get(|| Catalogue::read(&self.store)).await?)
    }

    /// Forgets the kept copy of offices and holidays, after this process changed them.
    pub fn forget_cached(&self) {
        self.catalogue.forget();
    }

    pub async fn calendar(&self) -> Result<HolidayCalendar, DeskError> {
        calendar_of(&*self.catalogue().await?).cloned()
    }

    /// Each office's weekly templates, for its opening hours in the directory.
    pub async fn office_templates(&self) -> Result<Vec<(String, Vec<WeeklyTemplate>)>, DeskError> {
        Ok(self
            .catalogue()
            .await?
            .offices
            .iter()
            .filter_map(|o| {
                Some((
                    o.row.id.clone(),
                    o.schedule.as_ref().ok()?.templates.clone(),
                ))
            })
            .collect())
    }

    /// Every office as the pages and the API show it (one with an unreadable schedule is left out).
    pub async fn offices(&self) -> Result<Vec<OfficeInfo>, DeskError> {
        Ok(self
            .catalogue()
            .await?
            .offices
            .iter()
            .filter_map(|office| {
                let row = &office.row;
                let schedule = office.schedule.as_ref().ok()?;
                Some(OfficeInfo {
                    id: row.id.clone(),
                    region: row.region_id.clone(),
                    name_zh: row.name_zh.clone(),
                    name_en: row.name_en.clone(),
                    address_zh: row.address_zh.clone(),
                    address_en: row.address_en.clone(),
                    latitude: row.latitude,
                    longitude: row.longitude,
                    phone: row.phone.clone(),
                    hours_zh: schedule.hours_zh.clone(),
                    hours_en: schedule.hours_en.clone(),
                    services: schedule.services.clone(),
                    ceremony_hall: row.has_ceremony_hall,
                    sample: row.is_sample,
                    rules: schedule.rules.clone(),
                })
            })
            .collect())
    }

    /// The slots bookable at `now` on each day of `[from, to]`, with their places left (and, for
    /// marriage at an office with a ceremony hall, the ceremony places at the same time). One
    /// query reads the places taken, however many days are asked for.
    pub(super) async fn open_slots(
        &self,
        office: (&OfficeRow, &OfficeSchedule),
        calendar: &HolidayCalendar,
        service: Service,
        (from, to): (Date, Date),
        now: Moment,
    ) -> Result<Vec<(Date, Vec<SlotAvailability>)>, DeskError> {
        let (row, schedule) = office;
        if !schedule.services.contains(&service) || to < from {
            return Ok(Vec::new());
        }
        let with_ceremony = ceremonies_follow(row, schedule, service);
        let services: &[Service] = if with_ceremony {
            &[service, Service::Ceremony]
        } else {
            &[service]
        };
        let booked: HashMap<(bool, i64), i64> = self
            .store
            .booked_counts_of(
                &row.id,
                services,
                Moment::at(from, 0, 0).unix_seconds(),
                Moment::at(to.add_days(1), 0, 0).unix_seconds(),
            )
            .await?
            .into_iter()
            .map(|(s, start, n)| ((s == Service::Ceremony.key(), start), n))
            .collect();
        let remaining = |slot: &Slot, ceremony: bool| {
            let taken = booked
                .get(&(ceremony, slot.start.unix_seconds()))
                .copied()
                .unwrap_or(0);
            slot.capacity.saturating_sub(taken as u32)
        };
        let mut days = Vec::new();
        let mut date = from;
        while date <= to {
            let ceremonies = if with_ceremony {
                slots_on(
                    date,
                    Service::Ceremony,
                    &schedule.templates,
                    &schedule.changes,
                    calendar,
                )
            } else {
                Vec::new()
            };
            let slots = slots_on(
                date,
                service,
                &schedule.templates,
                &schedule.changes,
                calendar,
            )
            .into_iter()
            .filter(|s| schedule.rules.check_booking(s.start, now).is_ok())
            .map(|s| SlotAvailability {
                start: s.start,
                end: s.end,
                capacity: s.capacity,
                remaining: remaining(&s, false),
                ceremony_remaining: ceremonies
                    .iter()
                    .find(|c| c.start == s.start)
                    .map(|c| remaining(c, true)),
            })
            .collect();
            days.push((date, slots));
            date = date.add_days(1);
        }
        Ok(days)
    }

    /// Slots of a day with their remaining places, only those bookable at `now`.
    pub async fn slots(
        &self,
        office_id: &str,
        service: Service,
        date: Date,
        now: Moment,
    ) -> Result<Vec<SlotAvailability>, DeskError> {
        let catalogue = self.catalogue().await?;
        let office = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let days = self
            .open_slots(office, calendar, service, (date, date), now)
            .await?;
        Ok(days
            .into_iter()
            .next()
            .map(|(_, slots)| slots)
            .unwrap_or_default())
    }

    /// Each bookable day (at `now`) with its remaining places, from `from` to `to` inclusive.
    pub async fn availability(
        &self,
        office_id: &str,
        service: Service,
        from: Date,
        to: Date,
        now: Moment,
    ) -> Result<Vec<DayAvailability>, DeskError> {
        let catalogue = self.catalogue().await?;
        let office = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let (first, last) = office.1.rules.bookable_dates(now);
        let range = (from.max(first), to.min(last));
        let days = self
            .open_slots(office, calendar, service, range, now)
            .await?;
        Ok(days
            .into_iter()
            .filter(|(_, slots)| !slots.is_empty())
            .map(|(date, slots)| DayAvailability {
                date,
                remaining: slots.iter().map(|s| s.remaining).sum(),
            })
            .collect())
    }

    /// The nearest free slots after `after`: at this office first, then one at each of the
    /// nearest other offices within [`NEARBY_METRES`].
    pub async fn alternatives(
        &self,
        office_id: &str,
        service: Service,
        after: Moment,
        now: Moment,
    ) -> Result<Vec<Alternative>, DeskError> {
        let catalogue = self.catalogue().await?;
        let (row, _) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        // Other offices within reach, nearest first: any office in the city registers couples.
        let here = LatLng {
            lat: row.latitude,
            lng: row.longitude,
        };
        let mut others: Vec<(f64, &CataloguedOffice)> = catalogue
            .offices
            .iter()
            .filter(|o| o.row.id != row.id)
            .map(|o| {
                let there = LatLng {
                    lat: o.row.latitude,
                    lng: o.row.longitude,
                };
                (distance_m(here, there), o)
            })
            .filter(|(metres, _)| *metres <= NEARBY_METRES)
            .collect();
        others.sort_by(|a, b| a.0.total_cmp(&b.0));
        let offices = catalogue
            .office(office_id)
            .into_iter()
            .chain(others.into_iter().map(|(_, o)| o).take(NEARBY_OFFICES));
        let range = (after.date.max(now.date), now.date.add_days(31));
        let mut found = Vec::new();
        for (i, office) in offices.enumerate() {
            let Ok(schedule) = &office.schedule else {
                continue;
            };
            let wanted = if i == 0 { 3 } else { 1 };
            let days = self
                .open_slots((&office.row, schedule), calendar, service, range, now)
                .await?;
            found.extend(
                days.into_iter()
                    .flat_map(|(_, slots)| slots)
                    .filter(|s| s.remaining > 0 && s.start != after)
                    .take(wanted)
                    .map(|s| Alternative {
                        office_id: office.row.id.clone(),
                        start: s.start,
                        remaining: s.remaining,
                    }),
            );
        }
        Ok(found)
    }

    /// The slot of `schedule` starting at `start`, if it is bookable now; otherwise why not, with
    /// free slots to offer instead.
    async fn bookable_slot(
        &self,
        office_id: &str,
        schedule: &OfficeSchedule,
        service: Service,
        start: Moment,
        now: Moment,
    ) -> Result<Slot, DeskError> {
        let catalogue = self.catalogue().await?;
        let slot = slots_on(
            start.date,
            service,
            &schedule.templates,
            &schedule.changes,
            calendar_of(&catalogue)?,
        )
        .into_iter()
        .find(|s| s.start == start);
        // A time the office does not book (a Saturday, a closed day): the free times nearest it.
        let Some(slot) = slot else {
            let alternatives = self.alternatives(office_id, service, start, now).await?;
            return Err(BookingProblem::Refused {
                refusal: Refusal::NoAppointmentThen,
                alternatives,
            }
            .into());
        };
        if let Err(refusal) = schedule.rules.check_booking(slot.start, now) {
            let alternatives = self
                .alternatives(office_id, service, slot.start, now)
                .await?;
            return Err(BookingProblem::Refused {
                refusal,
                alternatives,
            }
            .into());
        }
        Ok(slot)
    }

    /// The people of the stored booking `code`, or none once deleted (or unreadable).
    pub(super) fn open_people(&self, code: &str, sealed: Option<&[u8]>) -> Vec<SealedPerson> {
        sealed
            .and_then(|sealed| self.cipher.open(Place::booking_people(code), sealed))
            .and_then(|json| serde_json::from_slice(&json).ok())
            .unwrap_or_default()
    }

    /// Checks the people: names, ID numbers, phones, different people, the legal age.
    fn check_people(
        &self,
        request: &BookingRequest,
        today: Date,
    ) -> Result<Vec<(ResidentId, Phone)>, Vec<FieldError>> {
        let mut errors = Vec::new();
        if request.people.len() != request.service.people() {
            errors.push(field("people".into(), Msg::PeopleCount));
            return Err(errors);
        }
        let mut checked = Vec::new();
        for (
            i,
            PersonInput {
                name,
                id_number,
                phone,
            },
        ) in request.people.iter().enumerate()
        {
            let name_len = name.trim().chars().count();
            if !(1..=30).contains(&name_len) {
                errors.push(field(format!("people[{i}].name"), Msg::NameMissing));
            }
            let id = ResidentId::parse(id_number, today);
            if let Err(problem) = &id {
                errors.push(field(format!("people[{i}].id_number"), problem.message()));
            }
            let phone = Phone::parse(phone);
            if phone.is_none() {
                errors.push(field(format!("people[{i}].phone"), Msg::PhoneInvalid));
            }
            if let (Ok(id), Some(phone)) = (id, phone) {
                if request.service == Service::Marriage && !id.may_marry_on(request.slot_start.date)
                {
                    errors.push(field(
                        format!("people[{i}].id_number"),
                        Msg::UnderMarriageAge,
                    ));
                }
                checked.push((id, phone));
            }
        }
        if checked.len() == 2 && checked[0].0 == checked[1].0 {
            errors.push(field("people[1].id_number".into(), Msg::SamePerson));
        } else if request.service == Service::Marriage
            && checked.len() == 2
            && checked[0].0.sex() == checked[1].0.sex()
        {
            // The registry refuses the couple at the desk (民法典 第一千零四十九条, 男女双方):
            // say so before they travel, at the second person's number.
            errors.push(field("people[1].id_number".into(), Msg::SameSexMarriage));
        }
        if errors.is_empty() {
            Ok(checked)
        } else {
            Err(errors)
        }
    }

    /// Refuses people who cancelled or missed too many appointments lately.
    async fn check_limits(
        &self,
        schedule: &OfficeSchedule,
        id_hashes: &[Vec<u8>],
        now: Moment,
    ) -> Result<(), DeskError> {
        let lookback = now.date.add_days(-i64::from(schedule.rules.lookback_days));
        let strikes = self
            .store
            .strikes_since(id_hashes, Moment::at(lookback, 0, 0).unix_seconds())
            .await?;
        for person in 0..id_hashes.len() {
            let theirs: Vec<(Date, Strike)> = strikes
                .iter()
                .filter(|(p, _, _)| *p == person)
                .map(|(_, at, status)| {
                    let kind = if status == NO_SHOW {
                        Strike::NoShow
                    } else {
                        Strike::Cancellation
                    };
                    (Moment::from_unix_seconds(*at).date, kind)
                })
                .collect();
            if let Some(until) = schedule.rules.blocked_until(&theirs, now.date) {
                return Err(BookingProblem::Refused {
                    refusal: Refusal::Blocked { until },
                    alternatives: Vec::new(),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Checks a booking request as booking it would (fields, office, service, time), without
    /// taking a place: what a code is sent for.
    async fn checked(
        &self,
        request: &BookingRequest,
        now: Moment,
    ) -> Result<(Vec<(ResidentId, Phone)>, Slot), DeskError> {
        let catalogue = self.catalogue().await?;
        let (office, schedule) = office_in(&catalogue, &request.office_id)?;
        let mut errors = Vec::new();
        if !schedule.services.contains(&request.service) || request.service == Service::Ceremony {
            errors.push(field("service".into(), Msg::ServiceNotOffered));
        }
        if request.ceremony && !ceremonies_follow(office, schedule, request.service) {
            errors.push(field("ceremony".into(), Msg::CeremonyNeedsHall));
        }
        let people = match self.check_people(request, now.date) {
            Ok(people) => people,
            Err(e) => {
                errors.extend(e);
                Vec::new()
            }
        };
        if !errors.is_empty() {
            return Err(BookingProblem::Invalid { fields: errors }.into());
        }
        let slot = self
            .bookable_slot(
                &office.id,
                schedule,
                request.service,
                request.slot_start,
                now,
            )
            .await?;
        Ok((people, slot))
    }

    /// Checks a booking request, then sends a code to its contact phone (the first person's);
    /// answers the verification's id. Nothing about the people's other bookings is told here.
    pub async fn request_booking_code(
        &self,
        request: &BookingRequest,
        client: &str,
        now: Moment,
    ) -> Result<String, DeskError> {
        let (people, _) = self.checked(request, now).await?;
        let Some((_, contact)) = people.first() else {
            return Err(BookingProblem::NotFound.into());
        };
        let ids: Vec<&str> = people.iter().map(|(id, _)| id.as_str()).collect();
        self.verifier
            .send(
                Purpose::Book,
                request.service.key(),
                std::slice::from_ref(contact),
                &ids,
                client,
                Some(&request.office_id),
                crate::clock::seconds_at(now),
            )
            .await?
            .map_err(|problem| code_problem("people[0].phone", problem))
    }

    /// Checks the code sent to the contact phone of this booking request (after the form, so
    /// nothing about the people's other bookings or strikes is told first); the code is used
    /// up. A retry with an idempotency key that made a booking needs no new code: booking with
    /// that key only ever answers its own booking (or refuses another request).
    #[allow(clippy::too_many_arguments)]
    pub async fn verify_booking_phone(
        &self,
        request: &BookingRequest,
        verification_id: &str,
        code: &str,
        idempotency_key: Option<&str>,
        client: &str,
        now: Moment,
    ) -> Result<(), DeskError> {
        let (people, _) = self.checked(request, now).await?;
        if let Some(key) = idempotency_key {
            if self
                .store
                .idempotency_key_used(key, crate::clock::seconds_at(now))
                .await?
            {
                return Ok(());
            }
        }
        if code.trim().is_empty() {
            return Err(BookingProblem::Invalid {
                fields: vec![field("verification_code".into(), Msg::VerifyCodeMissing)],
            }
            .into());
        }
        let contact = people.first().map(|(_, phone)| phone);
        self.verifier
            .check(
                verification_id,
                code,
                Purpose::Book,
                request.service.key(),
                contact,
                client,
                crate::clock::seconds_at(now),
            )
            .await?
            .map_err(|problem| code_problem("verification_code", problem))
    }

    /// Books with the code sent to the contact phone ([`Self::verify_booking_phone`], then
    /// [`Self::book`]).
    #[allow(clippy::too_many_arguments)]
    pub async fn book_with_code(
        &self,
        request: &BookingRequest,
        verification_id: &str,
        code: &str,
        idempotency_key: Option<&str>,
        client: &str,
        now: Moment,
        audit: Option<&AuditEntry>,
    ) -> Result<BookingView, DeskError> {
        self.verify_booking_phone(request, verification_id, code, idempotency_key, client, now)
            .await?;
        self.book_audited(request, idempotency_key, now, audit)
            .await
    }

    /// Books a slot for people whose contact phone is verified already (by a code in this
    /// sitting, a staff session or a trusted integrator). The same idempotency key answers with
    /// the same booking; with another request it is refused.
    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: Option<&str>,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        self.book_audited(request, idempotency_key, now, None).await
    }

    /// [`Self::book`], with the audit line of the staff member or integrator booking (its record
    /// becomes the new code), written in the booking's own transaction.
    pub async fn book_audited(
        &self,
        request: &BookingRequest,
        idempotency_key: Option<&str>,
        now: Moment,
        audit: Option<&AuditEntry>,
    ) -> Result<BookingView, DeskError> {
        let (people, slot) = self.checked(request, now).await?;
        let catalogue = self.catalogue().await?;
        let (office, schedule) = office_in(&catalogue, &request.office_id)?;
        let ceremony_slot = if request.ceremony {
            Some(
                ceremony_at(schedule, calendar_of(&catalogue)?, slot.start).ok_or_else(|| {
                    BookingProblem::Invalid {
                        fields: vec![field("ceremony".into(), Msg::CeremonyNotAtThisTime)],
                    }
                })?,
            )
        } else {
            None
        };
        let sealed: Vec<SealedPerson> = request
            .people
            .iter()
            .zip(&people)
            .map(|(p, (id, phone))| SealedPerson {
                name: p.name.trim().to_string(),
                id_number: id.as_str().to_string(),
                phone: phone.as_str().to_string(),
            })
            .collect();
        let booking = NewBooking {
            office,
            schedule,
            service: request.service,
            slot,
            ceremony_slot,
            stage: (1, None),
            window: None,
            people: &sealed,
            audit: audit.cloned(),
        };
        self.reserve(booking, idempotency_key, now).await
    }

    /// Sends a code to the phones of the booking `code` (when there is one), counted against
    /// the limits per booking code and per client first; answers a verification id either way,
    /// so an unknown code is not told apart from a known one.
    pub async fn request_manage_code(
        &self,
        code: &str,
        client: &str,
        now: Moment,
    ) -> Result<String, DeskError> {
        let Some(code) = normalise_code(code) else {
            return Err(BookingProblem::Invalid {
                fields: vec![field("code".into(), Msg::BookingNotFound)],
            }
            .into());
        };
        self.count_look_up(&code, client, now).await?;
        let unknown = || hex::encode(rand::random::<[u8; 16]>());
        let Some(row) = self.store.booking(&code).await? else {
            return Ok(unknown());
        };
        let mut phones: Vec<Phone> = self
            .open_people(&row.code, row.people.as_deref())
            .iter()
            .filter_map(|p| Phone::parse(&p.phone))
            .collect();
        phones.dedup();
        if phones.is_empty() {
            return Ok(unknown());
        }
        self.verifier
            .send(
                Purpose::Manage,
                &code,
                &phones,
                &[],
                client,
                Some(&row.office_id),
                crate::clock::seconds_at(now),
            )
            .await?
            .map_err(|problem| code_problem("verification_code", problem))
    }

    /// A lost booking code, recovered by the phone it was booked with: each upcoming booking of
    /// that phone is texted to that phone again (the booking message, with its code), and to no
    /// other. Counted per phone and per client before anything is looked up, and answered the
    /// same whether or not the phone has a booking, so nothing is learnt about a number by
    /// asking. The text only reaches whoever holds the phone, and a code alone still opens a
    /// booking only with a code sent to its phones.
    pub async fn resend_codes(
        &self,
        phone: &str,
        client: &str,
        now: Moment,
    ) -> Result<(), DeskError> {
        let Some(phone) = Phone::parse(phone) else {
            return Err(BookingProblem::Invalid {
                fields: vec![field("phone".into(), Msg::PhoneInvalid)],
            }
            .into());
        };
        let over = self
            .verifier
            .limiter()
            .hit_all(
                &[
                    (limits::RECOVERIES_PER_PHONE, phone.as_str()),
                    (crate::verification::client_limit(client), client),
                ],
                crate::clock::seconds_at(now),
            )
            .await?;
        if over.is_err() {
            return Err(BookingProblem::Limited.into());
        }
        let hash = self.cipher.lookup_hash(phone.as_str());
        let catalogue = self.catalogue().await?;
        let mut messages = Vec::new();
        for code in self.store.bookings_by_phone(&hash).await? {
            let booking = self.view(&code).await?;
            if booking.status != BookingStatus::Confirmed || booking.slot_start < now {
                continue;
            }
            let Ok((office, _)) = office_in(&catalogue, &booking.office_id) else {
                continue;
            };
            messages.push(self.message(
                &phone,
                Template::Booked,
                &[
                    ("office", &office.name_zh),
                    ("time", &day_and_time(booking.slot_start, Locale::ZhCn)),
                    ("code", &booking.code),
                ],
                &office.id,
                &booking.code,
            ));
        }
        if !messages.is_empty() {
            self.store.queue_all(&messages, None).await?;
            crate::sms::worker::wake();
        }
        Ok(())
    }

    /// Opens the booking `code` with the code sent to its phones: counted against the limits per
    /// booking code and per client before the code is compared.
    pub async fn open_booking(
        &self,
        code: &str,
        verification_id: &str,
        entered: &str,
        client: &str,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let code = normalise_code(code).ok_or(BookingProblem::NotFound)?;
        self.count_look_up(&code, client, now).await?;
        if entered.trim().is_empty() {
            return Err(BookingProblem::Invalid {
                fields: vec![field("verification_code".into(), Msg::VerifyCodeMissing)],
            }
            .into());
        }
        self.verifier
            .check(
                verification_id,
                entered,
                Purpose::Manage,
                &code,
                None,
                client,
                crate::clock::seconds_at(now),
            )
            .await?
            .map_err(|problem| code_problem("verification_code", problem))?;
        self.view(&code).await
    }

    /// One look-up of a booking: counted per booking code and per client, refused over either.
    async fn count_look_up(&self, code: &str, client: &str, now: Moment) -> Result<(), DeskError> {
        let limiter = self.verifier.limiter();
        let over = limiter
            .hit_all(
                &[
                    (limits::LOOKUP_PER_CODE, code),
                    (limits::LOOKUP_PER_ADDRESS, client),
                ],
                crate::clock::seconds_at(now),
            )
            .await?;
        if over.is_err() {
            return Err(BookingProblem::Limited.into());
        }
        Ok(())
    }

    /// Books a divorce's second appointment for the people of the first (opened by them, or by
    /// staff), inside the window after the cooling-off period.
    pub async fn book_second_stage(
        &self,
        code: &str,
        start: Moment,
        idempotency_key: Option<&str>,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let (first, people) = self.with_people(code).await?;
        if first.service != Service::Divorce || first.stage != 1 {
            return Err(refused(Refusal::WrongStatus));
        }
        let Some(window) = first.divorce_window else {
            return Err(refused(Refusal::ApplicationNotReceived));
        };
        if !window.contains(start.date) {
            return Err(refused(Refusal::OutsideDivorceWindow {
                first: window.first_day,
                last: window.last_day,
            }));
        }
        let catalogue = self.catalogue().await?;
        let (office, schedule) = office_in(&catalogue, &first.office_id)?;
        let slot = self
            .bookable_slot(&office.id, schedule, Service::Divorce, start, now)
            .await?;
        if people.len() != 2 {
            // The people were deleted (long after the window) or cannot be read.
            return Err(BookingProblem::NotFound.into());
        }
        let booking = NewBooking {
            office,
            schedule,
            service: Service::Divorce,
            slot,
            ceremony_slot: None,
            stage: (2, Some(first.code.clone())),
            window: Some(window),
            people: &people,
            audit: None,
        };
        self.reserve(booking, idempotency_key, now).await
    }

    /// Seals the people, queues their texts and takes the place(s), then answers with the
    /// booking or why not.
    async fn reserve(
        &self,
        booking: NewBooking<'_>,
        idempotency_key: Option<&str>,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let NewBooking {
            office,
            schedule,
            service,
            slot,
            ceremony_slot,
            stage,
            window,
            people,
            audit,
        } = booking;
        let id_hashes: Vec<Vec<u8>> = people
            .iter()
            .map(|p| self.cipher.lookup_hash(&p.id_number))
            .collect();
        self.check_limits(schedule, &id_hashes, now).await?;
        let code = new_code(|n| rand::rng().random_range(0..n));
        let people_sealed = self.cipher.seal(
            Place::booking_people(&code),
            &serde_json::to_vec(people).expect("people serialize"),
        );
        let phones: Vec<Phone> = people
            .iter()
            .filter_map(|p| Phone::parse(&p.phone))
            .collect();
        // Texts go out in Chinese: the booking records no language, and offices answer in Chinese.
        let time = day_and_time(slot.start, Locale::ZhCn);
        let messages = phones
            .iter()
            .map(|phone| {
                self.message(
                    phone,
                    Template::Booked,
                    &[
                        ("office", &office.name_zh),
                        ("time", &time),
                        ("code", &code),
                    ],
                    &office.id,
                    &code,
                )
            })
            .collect();
        let fingerprint = self.cipher.lookup_hash(&format!(
            "booking request\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            office.id,
            service.key(),
            slot.start.unix_seconds(),
            ceremony_slot.is_some(),
            stage.0,
            stage.1.as_deref().unwrap_or_default(),
            id_hashes
                .iter()
                .map(hex::encode)
                .collect::<Vec<_>>()
                .join(",")
        ));
        let reservation = Reservation {
            code,
            office_id: office.id.clone(),
            service,
            slot,
            ceremony_slot,
            stage: stage.0,
            first_code: stage.1,
            idempotency_key: idempotency_key.map(str::to_string),
            fingerprint,
            people_sealed,
            audit,
            id_hashes,
            phone_hashes: phones
                .iter()
                .map(|p| self.cipher.lookup_hash(p.as_str()))
                .collect(),
            messages,
        };
        match self.store.reserve(&reservation).await? {
            Reserved::Created { code } => {
                crate::sms::worker::wake();
                for phone in &phones {
                    tracing::info!(phone = %phone.masked(), booking = %code, "booking message queued");
                }
                // What was just stored, without reading it back.
                Ok(BookingView {
                    code,
                    status: BookingStatus::Confirmed,
                    office_id: office.id.clone(),
                    service,
                    slot_start: slot.start,
                    ceremony: reservation.ceremony_slot.is_some(),
                    people: people.iter().map(masked).collect(),
                    stage: reservation.stage,
                    first_code: reservation.first_code,
                    divorce_window: window,
                    second_code: None,
                    texts: phones
                        .iter()
                        .map(|p| TextNote {
                            phone_masked: p.masked(),
                            status: TextStatus::Due,
                        })
                        .collect(),
                })
            }
            Reserved::Existing { code } => self.view(&code).await,
            // Named after the header, where the API's caller can correct it.
            Reserved::KeyReused => Err(BookingProblem::Invalid {
                fields: vec![field("Idempotency-Key".into(), Msg::IdempotencyKeyReused)],
            }
            .into()),
            Reserved::Full => {
                let alternatives = self
                    .alternatives(&office.id, service, slot.start, now)
                    .await?;
                Err(BookingProblem::Full { alternatives }.into())
            }
            Reserved::CeremonyFull => Err(BookingProblem::Invalid {
                fields: vec![field("ceremony".into(), Msg::CeremonyFull)],
            }
            .into()),
            Reserved::PersonHasBooking { position } => {
                Err(BookingProblem::AlreadyBooked { position }.into())
            }
        }
    }

    /// A message of `template` to `phone` about the booking `code` of `office_id`, its
    /// parameters (in the template's order) sealed with the phone.
    pub(super) fn message(
        &self,
        phone: &Phone,
        template: Template,
        params: &[(&str, &str)],
        office_id: &str,
        code: &str,
    ) -> NewMessage {
        let params = serde_json::to_vec(params).expect("params serialize");
        let seal_ref = crate::store::sealed::new_seal_ref();
        NewMessage {
            phone_sealed: self
                .cipher
                .seal(Place::message_phone(&seal_ref), phone.as_str().as_bytes()),
            phone_masked: phone.masked(),
            template: template.key().into(),
            params_sealed: self.cipher.seal(Place::message_params(&seal_ref), &params),
            office_id: Some(office_id.to_string()),
            booking_code: Some(code.to_string()),
            seal_ref,
        }
    }

    /// The booking, with its people masked.
    pub(super) async fn view(&self, code: &str) -> Result<BookingView, DeskError> {
        let row = self
            .store
            .booking(code)
            .await?
            .ok_or(BookingProblem::NotFound)?;
        let people = self.open_people(&row.code, row.people.as_deref());
        self.view_of(row, &people).await
    }

    /// A stored booking and its opened people as pages and answers show them.
    async fn view_of(
        &self,
        row: BookingRow,
        people: &[SealedPerson],
    ) -> Result<BookingView, DeskError> {
        let divorce_window = match row.received_on.as_deref().and_then(Date::parse) {
            Some(received) => Some(DivorceWindow::new(
                received,
                calendar_of(&*self.catalogue().await?)?,
            )),
            None => None,
        };
        let texts = self
            .store
            .booking_messages(&row.code)
            .await?
            .into_iter()
            .map(|m| TextNote {
                phone_masked: m.phone_masked,
                status: TextStatus::parse(&m.status),
            })
            .collect();
        Ok(BookingView {
            texts,
            code: row.code,
            status: BookingStatus::parse(&row.status).unwrap_or(BookingStatus::Cancelled),
            office_id: row.office_id,
            service: Service::parse(&row.service).unwrap_or(Service::Marriage),
            slot_start: Moment::from_unix_seconds(row.starts_at),
            ceremony: row.ceremony,
            people: people.iter().map(masked).collect(),
            stage: u8::try_from(row.stage).unwrap_or(1),
            first_code: row.first_code,
            divorce_window,
            second_code: row.second_code,
        })
    }

    /// The booking with this code, with its people opened.
    async fn with_people(&self, code: &str) -> Result<(BookingView, Vec<SealedPerson>), DeskError> {
        let code = normalise_code(code).ok_or(BookingProblem::NotFound)?;
        let row = self
            .store
            .booking(&code)
            .await?
            .ok_or(BookingProblem::NotFound)?;
        let people = self.open_people(&row.code, row.people.as_deref());
        Ok((self.view_of(row, &people).await?, people))
    }

    /// A booking by its code alone: for registry staff who have the people in front of them, and
    /// for a visitor whose pass shows they opened it with a code.
    pub async fn by_code(&self, code: &str) -> Result<BookingView, DeskError> {
        let code = normalise_code(code).ok_or(BookingProblem::NotFound)?;
        self.view(&code).await
    }

    /// Cancels the booking `code` for `by` (a resident with an open pass, an agent).
    pub async fn cancel(
        &self,
        code: &str,
        by: CancelledBy,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let booking = self.by_code(code).await?;
        self.cancel_found(booking, by, now, None).await
    }

    /// Cancels a booking already found (by its resident, or by staff), within the office's rules
    /// for changes. A staff member's audit `line` is written with the change.
    pub async fn cancel_found(
        &self,
        booking: BookingView,
        by: CancelledBy,
        now: Moment,
        line: Option<&AuditEntry>,
    ) -> Result<BookingView, DeskError> {
        if booking.status == BookingStatus::Confirmed {
            let catalogue = self.catalogue().await?;
            let (_, schedule) = office_in(&catalogue, &booking.office_id)?;
            if let Err(refusal) = schedule.rules.check_change(booking.slot_start, now) {
                return Err(refused(refusal));
            }
            self.store
                .cancel_booking(&booking.code, by.key(), line)
                .await?;
        }
        self.view(&booking.code).await
    }

    /// Moves the booking `code` (opened by its resident) to `new_start`.
    pub async fn reschedule(
        &self,
        code: &str,
        new_start: Moment,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let booking = self.by_code(code).await?;
        self.reschedule_found(booking, new_start, now, None).await
    }

    /// Moves a booking already found (by its resident, or by staff), within the office's rules
    /// for changes. A staff member's audit `line` is written with the change.
    pub async fn reschedule_found(
        &self,
        booking: BookingView,
        new_start: Moment,
        now: Moment,
        line: Option<&AuditEntry>,
    ) -> Result<BookingView, DeskError> {
        if booking.status != BookingStatus::Confirmed {
            return Err(refused(Refusal::WrongStatus));
        }
        let catalogue = self.catalogue().await?;
        let (_, schedule) = office_in(&catalogue, &booking.office_id)?;
        if let Err(refusal) = schedule.rules.check_change(booking.slot_start, now) {
            return Err(refused(refusal));
        }
        if let Some(window) = booking.divorce_window.filter(|_| booking.stage == 2) {
            if !window.contains(new_start.date) {
                return Err(refused(Refusal::OutsideDivorceWindow {
                    first: window.first_day,
                    last: window.last_day,
                }));
            }
        }
        let slot = self
            .bookable_slot(
                &booking.office_id,
                schedule,
                booking.service,
                new_start,
                now,
            )
            .await?;
        let ceremony_slot = if booking.ceremony {
            Some(
                ceremony_at(schedule, calendar_of(&catalogue)?, slot.start).ok_or_else(|| {
                    BookingProblem::Invalid {
                        fields: vec![field("slot_start".into(), Msg::CeremonyNotAtThisTime)],
                    }
                })?,
            )
        } else {
            None
        };
        match self
            .store
            .reschedule_booking(&booking.code, &slot, ceremony_slot.as_ref(), line)
            .await?
        {
            Moved::Moved => self.view(&booking.code).await,
            Moved::NotConfirmed => Err(refused(Refusal::WrongStatus)),
            Moved::CeremonyFull => Err(BookingProblem::Invalid {
                fields: vec![field("slot_start".into(), Msg::CeremonyFull)],
            }
            .into()),
            Moved::Full => {
                let alternatives = self
                    .alternatives(&booking.office_id, booking.service, slot.start, now)
                    .await?;
                Err(BookingProblem::Full { alternatives }.into())
            }
        }
    }

    /// Registry staff: the people came. Only on the appointment's day, only once.
    pub async fn check_in(
        &self,
        code: &str,
        now: Moment,
        line: &AuditEntry,
    ) -> Result<BookingView, DeskError> {
        let booking = self.by_code(code).await?;
        if booking.slot_start.date != now.date {
            return Err(refused(Refusal::NotToday));
        }
        if !self
            .store
            .record_visit(&booking.code, ATTENDED, None, line)
            .await?
        {
            return Err(refused(Refusal::WrongStatus));
        }
        self.view(&booking.code).await
    }

    /// Registry staff: the people did not come. Only once the appointment has begun.
    pub async fn mark_no_show(
        &self,
        code: &str,
        now: Moment,
        line: &AuditEntry,
    ) -> Result<BookingView, DeskError> {
        let booking = self.by_code(code).await?;
        if now < booking.slot_start {
            return Err(refused(Refusal::NotStartedYet));
        }
        if !self
            .store
            .record_visit(&booking.code, NO_SHOW, None, line)
            .await?
        {
            return Err(refused(Refusal::WrongStatus));
        }
        self.view(&booking.code).await
    }

    /// Registry staff: the divorce application of this first appointment was received today,
    /// which starts the cooling-off period. The people count as having come.
    pub async fn receive_divorce_application(
        &self,
        code: &str,
        now: Moment,
        line: &AuditEntry,
    ) -> Result<BookingView, DeskError> {
        let booking = self.by_code(code).await?;
        if booking.service != Service::Divorce || booking.stage != 1 {
            return Err(refused(Refusal::WrongStatus));
        }
        if booking.slot_start.date != now.date {
            return Err(refused(Refusal::NotToday));
        }
        if !self
            .store
            .record_visit(&booking.code, ATTENDED, Some(&now.date.to_string()), line)
            .await?
        {
            return Err(refused(Refusal::WrongStatus));
        }
        self.view(&booking.code).await
    }
}

/// What a new booking takes: where, when, at which stage, for whom.
struct NewBooking<'a> {
    office: &'a OfficeRow,
    schedule: &'a OfficeSchedule,
    service: Service,
    slot: Slot,
    ceremony_slot: Option<Slot>,
    /// The stage, and for a second stage the code of the first.
    stage: (u8, Option<String>),
    /// The audit line when staff or an integrator book (written with the booking).
    audit: Option<AuditEntry>,
    /// For a second stage: the window it falls in.
    window: Option<DivorceWindow>,
    people: &'a [SealedPerson],
}

/// A person of a booking as pages and answers show them.
fn masked(p: &SealedPerson) -> PersonMasked {
    PersonMasked {
        name_masked: mask_name(&p.name),
        id_masked: ResidentId::parse(&p.id_number, Date::new(9999, 12, 31).expect("date"))
            .map(|id| id.masked())
            .unwrap_or_default(),
        phone_masked: Phone::parse(&p.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
    }
}

/// A refusal with nothing to offer instead.
fn refused(refusal: Refusal) -> DeskError {
    BookingProblem::Refused {
        refusal,
        alternatives: Vec::new(),
    }
    .into()
}

/// The ceremony slot starting at `start`, if the office holds ceremonies then.
fn ceremony_at(
    schedule: &OfficeSchedule,
    calendar: &HolidayCalendar,
    start: Moment,
) -> Option<Slot> {
    slots_on(
        start.date,
        Service::Ceremony,
        &schedule.templates,
        &schedule.changes,
        calendar,
    )
    .into_iter()
    .find(|c| c.start == start)
}

/// A code problem as the visitor sees it: at the field it concerns, or "wait".
fn code_problem(at: &str, problem: CodeProblem) -> DeskError {
    match problem {
        CodeProblem::TooMany { .. } => BookingProblem::Limited.into(),
        other => BookingProblem::Invalid {
            fields: vec![field(at.into(), other.message())],
        }
        .into(),
    }
}
