//! The registry desk's and hotline's side of the booking desk: an office's day by slot, the
//! chart of places booked against capacity, closing a day or changing its capacity (affected
//! bookings cancelled with a text message), look-ups by phone or ID number through the keyed
//! hash, and a text summary sent to the people of a booking.

use super::service::{calendar_of, office_in, BookingDesk, DeskError};
use crate::{sms::Template, store::staff::AuditEntry};
use app::{
    api::staff::{ChartDay, DeskSlot},
    domain::{
        booking::{
            desk::{BookingView, SlotAvailability},
            moment::Moment,
            phone::Phone,
            schedule::{slots_on, DayChange},
            words::day_and_time,
            Service,
        },
        date::Date,
    },
    i18n::Locale,
};

/// Services whose places the desk counts (ceremonies follow registrations).
const COUNTED: [Service; 3] = [Service::Marriage, Service::Divorce, Service::Reissue];

impl BookingDesk {
    /// Every slot of an office's day (bookable or not) with its places and bookings.
    pub async fn office_day(
        &self,
        office_id: &str,
        date: Date,
    ) -> Result<Vec<DeskSlot>, DeskError> {
        let catalogue = self.catalogue().await?;
        let (_, schedule) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let from = Moment::at(date, 0, 0).unix_seconds();
        let to = Moment::at(date.add_days(1), 0, 0).unix_seconds();
        let mut views = Vec::new();
        for code in self.store.office_booking_codes(office_id, from, to).await? {
            views.push(self.view(&code).await?);
        }
        let booked = self
            .store
            .booked_counts_of(office_id, &COUNTED, from, to)
            .await?;
        let mut slots = Vec::new();
        for service in schedule
            .services
            .iter()
            .copied()
            .filter(|s| COUNTED.contains(s))
        {
            for slot in slots_on(
                date,
                service,
                &schedule.templates,
                &schedule.changes,
                calendar,
            ) {
                let taken = booked
                    .iter()
                    .find(|(s, start, _)| s == service.key() && *start == slot.start.unix_seconds())
                    .map_or(0, |(_, _, n)| u32::try_from(*n).unwrap_or(0));
                slots.push(DeskSlot {
                    service,
                    slot: SlotAvailability {
                        start: slot.start,
                        end: slot.end,
                        capacity: slot.capacity,
                        remaining: slot.capacity.saturating_sub(taken),
                        ceremony_remaining: None,
                    },
                    bookings: views
                        .iter()
                        .filter(|b| b.service == service && b.slot_start == slot.start)
                        .cloned()
                        .collect(),
                });
            }
        }
        // Bookings whose slot was closed after they were made still show, in their own rows.
        for booking in &views {
            let shown = slots
                .iter()
                .any(|s| s.service == booking.service && s.slot.start == booking.slot_start);
            if !shown && COUNTED.contains(&booking.service) {
                slots.push(DeskSlot {
                    service: booking.service,
                    slot: SlotAvailability {
                        start: booking.slot_start,
                        end: booking.slot_start,
                        capacity: 0,
                        remaining: 0,
                        ceremony_remaining: None,
                    },
                    bookings: vec![booking.clone()],
                });
            }
        }
        slots.sort_by_key(|s| (s.slot.start, s.service.key()));
        Ok(slots)
    }

    /// Places booked against capacity for each of `days` days from `from`.
    pub async fn chart(
        &self,
        office_id: &str,
        from: Date,
        days: i64,
    ) -> Result<Vec<ChartDay>, DeskError> {
        let catalogue = self.catalogue().await?;
        let (_, schedule) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let start = Moment::at(from, 0, 0).unix_seconds();
        let end = Moment::at(from.add_days(days), 0, 0).unix_seconds();
        let booked = self
            .store
            .booked_counts_of(office_id, &COUNTED, start, end)
            .await?;
        Ok((0..days)
            .map(|i| {
                let date = from.add_days(i);
                let capacity = schedule
                    .services
                    .iter()
                    .filter(|s| COUNTED.contains(s))
                    .flat_map(|s| {
                        slots_on(date, *s, &schedule.templates, &schedule.changes, calendar)
                    })
                    .map(|s| s.capacity)
                    .sum();
                let day_start = Moment::at(date, 0, 0).unix_seconds();
                let day_end = Moment::at(date.add_days(1), 0, 0).unix_seconds();
                let booked = booked
                    .iter()
                    .filter(|(_, start, _)| (day_start..day_end).contains(start))
                    .map(|(_, _, n)| u32::try_from(*n).unwrap_or(0))
                    .sum();
                ChartDay {
                    date,
                    capacity,
                    booked,
                }
            })
            .collect())
    }

    /// Closes a day (`capacity` 0) or sets each slot's capacity on it, for one service or all.
    /// The change joins the office's schedule; bookings beyond the new places (the most
    /// recently made first) are cancelled and their people sent a text. The schedule, the
    /// cancellations and the audit `line` are one transaction. Returns the cancelled codes.
    pub async fn change_day(
        &self,
        office_id: &str,
        date: Date,
        service: Option<Service>,
        capacity: u32,
        line: &AuditEntry,
    ) -> Result<Vec<String>, DeskError> {
        let catalogue = self.catalogue().await?;
        let (row, schedule) = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?.clone();
        let office_name = row.name_zh.clone();
        let mut schedule = schedule.clone();
        let before = schedule.changes.clone();
        schedule
            .changes
            .retain(|c| !(c.date == date && (service.is_none() || c.service == service)));
        schedule.changes.push(DayChange {
            date,
            service,
            capacity,
        });
        let json = serde_json::to_string(&schedule).expect("a schedule serializes");
        let mut slots = Vec::new();
        for s in schedule.services.iter().copied() {
            if service.is_some_and(|only| only != s) {
                continue;
            }
            // The slots the day had before the change, at the new capacity.
            for slot in slots_on(date, s, &schedule.templates, &before, &calendar) {
                slots.push((s.key(), slot.start.unix_seconds(), slot.end.unix_seconds()));
            }
        }
        let cancelled = self
            .store
            .change_day(office_id, &json, &slots, capacity, line)
            .await?;
        self.forget_cached();
        for code in &cancelled {
            let Some(row) = self.store.booking(code).await? else {
                continue;
            };
            let when = day_and_time(Moment::from_unix_seconds(row.starts_at), Locale::ZhCn);
            self.text_people(
                row.people.as_deref(),
                Template::CancelledByOffice,
                &[("office", &office_name), ("time", &when), ("code", code)],
                (office_id, code),
                None,
            )
            .await?;
        }
        Ok(cancelled)
    }

    /// Free times (with places left) of an office's service from `from` to `to` inclusive, only
    /// those bookable at `now`, for choosing a time on a caller's behalf.
    pub async fn free_times(
        &self,
        office_id: &str,
        service: Service,
        (from, to): (Date, Date),
        now: Moment,
    ) -> Result<Vec<(Moment, u32)>, DeskError> {
        let catalogue = self.catalogue().await?;
        let office = office_in(&catalogue, office_id)?;
        let calendar = calendar_of(&catalogue)?;
        let days = self
            .open_slots(office, calendar, service, (from, to), now)
            .await?;
        Ok(days
            .into_iter()
            .flat_map(|(_, slots)| slots)
            .filter(|s| s.remaining > 0)
            .map(|s| (s.start, s.remaining))
            .collect())
    }

    /// Queues a message to each phone among a booking's sealed people, in one transaction with
    /// the audit `line` when staff sent them; returns the masked numbers it will go to.
    async fn text_people(
        &self,
        sealed: Option<&[u8]>,
        template: Template,
        params: &[(&str, &str)],
        (office_id, code): (&str, &str),
        line: Option<&AuditEntry>,
    ) -> Result<Vec<String>, DeskError> {
        let mut sent = Vec::new();
        let mut messages = Vec::new();
        for person in self.open_people(code, sealed) {
            if let Some(phone) = Phone::parse(&person.phone) {
                messages.push(self.message(&phone, template, params, office_id, code));
                sent.push(phone.masked());
            }
        }
        if !messages.is_empty() {
            self.store.queue_all(&messages, line).await?;
        }
        sent.dedup();
        crate::sms::worker::wake();
        Ok(sent)
    }

    /// Bookings whose people include this phone number or ID number (through the keyed hash).
    pub async fn find_by_person(&self, phone_or_id: &str) -> Result<Vec<BookingView>, DeskError> {
        let text = phone_or_id.trim().to_ascii_uppercase();
        let hash = self.cipher.lookup_hash(&text);
        let codes = if Phone::parse(&text).is_some() {
            self.store.bookings_by_phone(&hash).await?
        } else {
            self.store.bookings_by_id_hash(&hash).await?
        };
        let mut views = Vec::new();
        for code in codes {
            views.push(self.view(&code).await?);
        }
        Ok(views)
    }

    /// Queues a text with the booking's office, time and code to each of its people's phones,
    /// with the staff member's audit `line`; returns the masked numbers it went to.
    pub async fn send_summary(
        &self,
        code: &str,
        line: &AuditEntry,
    ) -> Result<Vec<String>, DeskError> {
        let booking = self.by_code(code).await?;
        let catalogue = self.catalogue().await?;
        let (office, _) = office_in(&catalogue, &booking.office_id)?;
        let row = self.store.booking(&booking.code).await?;
        self.text_people(
            row.and_then(|r| r.people).as_deref(),
            Template::Summary,
            &[
                ("code", &booking.code),
                ("office", &office.name_zh),
                ("time", &day_and_time(booking.slot_start, Locale::ZhCn)),
                ("address", &office.address_zh),
            ],
            (&booking.office_id, &booking.code),
            Some(&AuditEntry {
                record: Some(booking.code.clone()),
                ..line.clone()
            }),
        )
        .await
    }
}
