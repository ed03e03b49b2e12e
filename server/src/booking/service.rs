//! The booking desk: availability, booking, finding, cancelling and moving bookings. Input is
//! checked here with the domain rules; places are taken by the store's atomic reservation.

use super::catalogue::{Catalogue, CatalogueCache};
use crate::{
    crypto::DataCipher,
    store::{
        bookings::{OfficeRow, Reservation, Reserved, CONFIRMED, NO_SHOW},
        Store,
    },
};
use app::domain::booking::words::day_and_time;
use app::{
    domain::{
        booking::{
            calendar::HolidayCalendar,
            code::{new_code, normalise_code},
            desk::{
                mask_name, Alternative, BookingProblem, BookingRequest, BookingView,
                DayAvailability, OfficeInfo, PersonInput, PersonMasked, SlotAvailability,
            },
            id_number::ResidentId,
            moment::Moment,
            office::OfficeSchedule,
            phone::Phone,
            rules::{Refusal, Strike},
            schedule::{slots_on, Slot},
            Service,
        },
        date::Date,
    },
    error::FieldError,
    i18n::{Locale, Msg},
};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, sync::Arc};

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
struct SealedPerson {
    name: String,
    id_number: String,
    phone: String,
}

#[derive(Clone)]
pub struct BookingDesk {
    pub store: Store,
    pub cipher: DataCipher,
    catalogue: CatalogueCache,
}

/// An office of the catalogue with its schedule; an unknown office is "not found".
fn office_in<'a>(
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

fn calendar_of(catalogue: &Catalogue) -> Result<&HolidayCalendar, DeskError> {
    catalogue
        .calendar
        .as_ref()
        .map_err(|e| DeskError::BadSchedule(e.clone()))
}

fn field(field: String, message: Msg) -> FieldError {
    FieldError { field, message }
}

impl BookingDesk {
    pub fn new(store: Store, cipher: DataCipher) -> BookingDesk {
        BookingDesk {
            store,
            cipher,
            catalogue: CatalogueCache::default(),
        }
    }

    /// Offices, schedules and holidays: a copy at most a few seconds old.
    async fn catalogue(&self) -> Result<Arc<Catalogue>, DeskError> {
        Ok(self.catalogue.get(&self.store).await?)
    }

    /// Forgets the kept copy of offices and holidays, after this process changed them.
    pub fn forget_cached(&self) {
        self.catalogue.forget();
    }

    pub async fn calendar(&self) -> Result<HolidayCalendar, DeskError> {
        calendar_of(&*self.catalogue().await?).cloned()
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
                })
            })
            .collect())
    }

    /// The slots bookable at `now` on each day of `[from, to]`, with their places left. One
    /// query reads the places taken, however many days are asked for.
    async fn open_slots(
        &self,
        office_id: &str,
        schedule: &OfficeSchedule,
        calendar: &HolidayCalendar,
        service: Service,
        (from, to): (Date, Date),
        now: Moment,
    ) -> Result<Vec<(Date, Vec<SlotAvailability>)>, DeskError> {
        if !schedule.services.contains(&service) || to < from {
            return Ok(Vec::new());
        }
        let booked: HashMap<i64, i64> = self
            .store
            .booked_counts(
                office_id,
                service,
                Moment::at(from, 0, 0).unix_seconds(),
                Moment::at(to.add_days(1), 0, 0).unix_seconds(),
            )
            .await?
            .into_iter()
            .collect();
        let mut days = Vec::new();
        let mut date = from;
        while date <= to {
            let slots = slots_on(
                date,
                service,
                &schedule.templates,
                &schedule.changes,
                calendar,
            )
            .into_iter()
            .filter(|s| schedule.rules.check_booking(s.start, now).is_ok())
            .map(|s| {
                let taken = booked.get(&s.start.unix_seconds()).copied().unwrap_or(0);
                SlotAvailability {
                    start: s.start,
                    end: s.end,
                    capacity: s.capacity,
                    remaining: s.capacity.saturating_sub(taken as u32),
                }
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
        let (_, schedule) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let days = self
            .open_slots(office_id, schedule, calendar, service, (date, date), now)
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
        let (_, schedule) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let (first, last) = schedule.rules.bookable_dates(now);
        let range = (from.max(first), to.min(last));
        let days = self
            .open_slots(office_id, schedule, calendar, service, range, now)
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

    /// The nearest free slots after `after`: at this office first, then at the others of the region.
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
        let others = catalogue
            .offices
            .iter()
            .filter(|o| o.row.region_id == row.region_id && o.row.id != row.id);
        let offices = catalogue.office(office_id).into_iter().chain(others);
        let range = (after.date.max(now.date), now.date.add_days(31));
        let mut found = Vec::new();
        for (i, office) in offices.enumerate() {
            let Ok(schedule) = &office.schedule else {
                continue;
            };
            let wanted = if i == 0 { 3 } else { 1 };
            let days = self
                .open_slots(&office.row.id, schedule, calendar, service, range, now)
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
        .find(|s| s.start == start)
        .ok_or_else(|| BookingProblem::Invalid {
            fields: vec![field("slot_start".into(), Msg::SlotUnknown)],
        })?;
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

    /// The people of a stored booking, or none once deleted (or unreadable).
    fn open_people(&self, sealed: Option<&[u8]>) -> Vec<SealedPerson> {
        sealed
            .and_then(|sealed| self.cipher.open(sealed))
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

    /// Books a slot. The same idempotency key always answers with the same booking.
    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: Option<&str>,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let catalogue = self.catalogue().await?;
        let (office, schedule) = office_in(&catalogue, &request.office_id)?;
        let mut errors = Vec::new();
        if !schedule.services.contains(&request.service) || request.service == Service::Ceremony {
            errors.push(field("service".into(), Msg::ServiceNotOffered));
        }
        if request.ceremony && (!office.has_ceremony_hall || request.service != Service::Marriage) {
            errors.push(field("ceremony".into(), Msg::CeremonyNeedsHall));
        } else if request.ceremony {
            // Ceremony places are not yet reserved online: say so rather than accept it silently.
            errors.push(field("ceremony".into(), Msg::CeremonyAtOffice));
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
                &schedule,
                request.service,
                request.slot_start,
                now,
            )
            .await?;
        let id_hashes: Vec<Vec<u8>> = people
            .iter()
            .map(|(id, _)| self.cipher.lookup_hash(id.as_str()))
            .collect();
        self.check_limits(schedule, &id_hashes, now).await?;
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
        let people_sealed = self
            .cipher
            .seal(&serde_json::to_vec(&sealed).expect("people serialize"));
        let code = new_code(|n| rand::rng().random_range(0..n));
        // Texts go out in Chinese: the booking records no language, and offices answer in Chinese.
        let body = Locale::ZhCn.t_with(
            Msg::SmsBooked,
            &[
                ("office", &office.name_zh),
                ("time", &day_and_time(slot.start, Locale::ZhCn)),
                ("code", &code),
            ],
        );
        let messages = people
            .iter()
            .map(|(_, phone)| {
                (
                    self.cipher.seal(phone.as_str().as_bytes()),
                    phone.masked(),
                    body.clone(),
                )
            })
            .collect();
        let reservation = Reservation {
            code,
            office_id: office.id.clone(),
            service: request.service,
            slot,
            ceremony: request.ceremony,
            idempotency_key: idempotency_key.map(str::to_string),
            people_sealed,
            id_hashes,
            messages,
        };
        let code = match self.store.reserve(&reservation).await? {
            Reserved::Created { code } => {
                for (_, phone) in &people {
                    tracing::info!(phone = %phone.masked(), booking = %code, "booking message queued");
                }
                // What was just stored, without reading it back.
                return Ok(BookingView {
                    code,
                    status: CONFIRMED.into(),
                    office_id: office.id.clone(),
                    service: request.service,
                    slot_start: slot.start,
                    ceremony: request.ceremony,
                    people: request
                        .people
                        .iter()
                        .zip(&people)
                        .map(|(p, (id, phone))| PersonMasked {
                            name_masked: mask_name(&p.name),
                            id_masked: id.masked(),
                            phone_masked: phone.masked(),
                        })
                        .collect(),
                });
            }
            Reserved::Existing { code } => code,
            Reserved::Full => {
                let alternatives = self
                    .alternatives(&office.id, request.service, slot.start, now)
                    .await?;
                return Err(BookingProblem::Full { alternatives }.into());
            }
            Reserved::PersonHasBooking { position } => {
                return Err(BookingProblem::AlreadyBooked { position }.into())
            }
        };
        self.view(&code).await
    }

    /// The booking, with its people masked.
    async fn view(&self, code: &str) -> Result<BookingView, DeskError> {
        let row = self
            .store
            .booking(code)
            .await?
            .ok_or(BookingProblem::NotFound)?;
        let people = self.open_people(row.people.as_deref());
        Ok(BookingView {
            code: row.code,
            status: row.status,
            office_id: row.office_id,
            service: Service::parse(&row.service).unwrap_or(Service::Marriage),
            slot_start: Moment::from_unix_seconds(row.starts_at),
            ceremony: row.ceremony,
            people: people
                .iter()
                .map(|p| PersonMasked {
                    name_masked: mask_name(&p.name),
                    id_masked: ResidentId::parse(
                        &p.id_number,
                        Date::new(9999, 12, 31).expect("date"),
                    )
                    .map(|id| id.masked())
                    .unwrap_or_default(),
                    phone_masked: Phone::parse(&p.phone)
                        .map(|p| p.masked())
                        .unwrap_or_default(),
                })
                .collect(),
        })
    }

    /// Finds a booking by its code and the last four characters of either person's ID number.
    /// A wrong pair answers exactly like an unknown code.
    pub async fn find(&self, code: &str, id_last4: &str) -> Result<BookingView, DeskError> {
        let code = normalise_code(code).ok_or(BookingProblem::NotFound)?;
        let last4 = id_last4.trim().to_ascii_uppercase();
        let row = self
            .store
            .booking(&code)
            .await?
            .ok_or(BookingProblem::NotFound)?;
        let people = self.open_people(row.people.as_deref());
        if last4.len() != 4 || !people.iter().any(|p| p.id_number.ends_with(&last4)) {
            return Err(BookingProblem::NotFound.into());
        }
        self.view(&code).await
    }

    pub async fn cancel(
        &self,
        code: &str,
        id_last4: &str,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let booking = self.find(code, id_last4).await?;
        if booking.status == CONFIRMED {
            let catalogue = self.catalogue().await?;
            let (_, schedule) = office_in(&catalogue, &booking.office_id)?;
            if let Err(refusal) = schedule.rules.check_change(booking.slot_start, now) {
                return Err(BookingProblem::Refused {
                    refusal,
                    alternatives: Vec::new(),
                }
                .into());
            }
            self.store.cancel_booking(&booking.code).await?;
        }
        self.view(&booking.code).await
    }

    pub async fn reschedule(
        &self,
        code: &str,
        id_last4: &str,
        new_start: Moment,
        now: Moment,
    ) -> Result<BookingView, DeskError> {
        let booking = self.find(code, id_last4).await?;
        if booking.status != CONFIRMED {
            return Err(BookingProblem::NotFound.into());
        }
        let catalogue = self.catalogue().await?;
        let (_, schedule) = office_in(&catalogue, &booking.office_id)?;
        if let Err(refusal) = schedule.rules.check_change(booking.slot_start, now) {
            return Err(BookingProblem::Refused {
                refusal,
                alternatives: Vec::new(),
            }
            .into());
        }
        let slot = self
            .bookable_slot(
                &booking.office_id,
                &schedule,
                booking.service,
                new_start,
                now,
            )
            .await?;
        if !self.store.reschedule_booking(&booking.code, &slot).await? {
            let alternatives = self
                .alternatives(&booking.office_id, booking.service, slot.start, now)
                .await?;
            return Err(BookingProblem::Full { alternatives }.into());
        }
        self.view(&booking.code).await
    }
}
