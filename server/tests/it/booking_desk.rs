//! The booking desk on the shipped sample offices and holiday calendar, on a real database.

use crate::support;

use app::{
    domain::{
        booking::{
            desk::{BookingProblem, BookingRequest, BookingStatus, PersonInput},
            id_number::check_character,
            moment::Moment,
            rules::Refusal,
            Service,
        },
        date::Date,
    },
    i18n::Msg,
};
use server::{
    booking::service::{BookingDesk, CancelledBy, DeskError},
    crypto::DataCipher,
    keys::Keys,
    store::Store,
};

const OFFICE: &str = "baoding-lianchi";

fn at(text: &str) -> Moment {
    Moment::parse(text).unwrap()
}

/// Tuesday 2026-12-01, 09:00 in Beijing.
fn now() -> Moment {
    at("2026-12-01T09:00:00+08:00")
}

/// A valid ID number: region 130602, born on `birth` (YYYYMMDD), sequence `seq` (odd: a man).
fn id(birth: &str, seq: &str) -> String {
    let body = format!("130602{birth}{seq}");
    format!("{body}{}", check_character(&body).unwrap())
}

fn couple(n: u32) -> Vec<PersonInput> {
    vec![
        PersonInput {
            name: "王小明".into(),
            id_number: id("19950101", &format!("{:03}", 2 * n + 1)),
            phone: "13800000001".into(),
        },
        PersonInput {
            name: "李小红".into(),
            id_number: id("19960202", &format!("{:03}", 2 * n + 2)),
            phone: "13900000002".into(),
        },
    ]
}

fn request(start: &str, people: Vec<PersonInput>) -> BookingRequest {
    BookingRequest {
        office_id: OFFICE.into(),
        service: Service::Marriage,
        slot_start: at(start),
        people,
        ceremony: false,
    }
}

/// The audit line a registrar's desk action carries.
fn clerk() -> server::store::staff::AuditEntry {
    server::store::staff::AuditEntry {
        actor: "clerk1".into(),
        role: Some("registrar".into()),
        address: "127.0.0.1".into(),
        action: "check_in".into(),
        record: None,
        detail: String::new(),
    }
}

async fn desk(db: &support::TestDb) -> (Store, BookingDesk) {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let desk = BookingDesk::new(store.clone(), DataCipher::new(&Keys::generate()));
    (store, desk)
}

fn problem(result: Result<impl std::fmt::Debug, DeskError>) -> BookingProblem {
    match result {
        Err(DeskError::Problem(p)) => p,
        other => panic!("expected a booking problem, got {other:?}"),
    }
}

async fn a_new_data_key_reseals_everything_and_the_old_one_no_longer_opens(db: support::TestDb) {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let keys = Keys::generate();
    let old = store
        .data_cipher(&keys)
        .await
        .unwrap()
        .expect("a new database");
    let desk = BookingDesk::new(store.clone(), old.clone());
    let people = couple(7);
    let booked = desk
        .book(
            &request("2026-12-03T09:00:00+08:00", people.clone()),
            None,
            now(),
        )
        .await
        .unwrap();
    let new_keys = Keys {
        secret: keys.secret.clone(),
        data: server::keys::SecretKey::generate(),
    };
    let line = server::store::staff::AuditEntry {
        action: "data_key_rotated".into(),
        ..clerk()
    };
    let resealed = store.rotate_data_key(&old, &new_keys, &line).await.unwrap();
    assert_eq!((resealed.bookings, resealed.messages), (1, 2));

    assert!(
        store.data_cipher(&keys).await.unwrap().is_none(),
        "the old data key no longer opens the database"
    );
    let new = store
        .data_cipher(&new_keys)
        .await
        .unwrap()
        .expect("the new key opens it");
    // Found by ID number as before (the look-up key stayed), with its people readable.
    let desk = BookingDesk::new(store.clone(), new.clone());
    let found = desk.find_by_person(&people[1].id_number).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, booked.code);
    assert_eq!(found[0].people[0].name_masked, "王*明");
    // The queued texts still go to the right phones, with the booking's code.
    let texts = support::Phones::new(&store, &new).texts().await;
    let mut to: Vec<&str> = texts.iter().map(|(phone, _)| phone.as_str()).collect();
    to.sort();
    assert_eq!(to, ["138****0001", "139****0002"]);
    assert!(texts.iter().all(|(_, text)| text.contains(&booked.code)));
    // Audited once, with what was re-sealed.
    let lines = store
        .audit(&server::store::staff::AuditFilter {
            actor: None,
            action: Some("data_key_rotated".into()),
            record: None,
            from: None,
            to: None,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].detail.contains("bookings=1"),
        "{}",
        lines[0].detail
    );
    db.drop(store).await;
}

async fn a_couple_books_finds_moves_and_cancels_with_data_masked(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let people = couple(1);
    let booked = desk
        .book(
            &request("2026-12-03T09:00:00+08:00", people.clone()),
            Some("k1"),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(booked.status, BookingStatus::Confirmed);
    assert_eq!(booked.code.len(), 8);
    assert_eq!(booked.people[0].name_masked, "王*明");
    assert_eq!(
        booked.people[0].id_masked,
        format!("130************{}", &people[0].id_number[15..])
    );
    assert_eq!(booked.people[1].phone_masked, "139****0002");

    let again = desk
        .book(
            &request("2026-12-03T09:00:00+08:00", people.clone()),
            Some("k1"),
            now(),
        )
        .await
        .unwrap();
    assert_eq!(
        again.code, booked.code,
        "a retry with the same key is the same booking"
    );

    // One text to each person's phone, about this booking, waiting for the sender.
    let messages = store.booking_messages(&booked.code).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0].phone_masked, "138****0001");
    assert_eq!(messages[0].template, "booked");
    assert_eq!(messages[0].status, "due");

    let found = desk.by_code(&booked.code.to_lowercase()).await.unwrap();
    assert_eq!(found.code, booked.code);
    assert_eq!(
        problem(desk.by_code("ACDEFGHJ").await),
        BookingProblem::NotFound
    );

    let moved = desk
        .reschedule(&booked.code, at("2026-12-04T14:00:00+08:00"), now())
        .await
        .unwrap();
    assert_eq!(moved.slot_start, at("2026-12-04T14:00:00+08:00"));
    let slots = desk
        .slots(
            OFFICE,
            Service::Marriage,
            Date::parse("2026-12-04").unwrap(),
            now(),
        )
        .await
        .unwrap();
    let two = slots
        .iter()
        .find(|s| s.start == at("2026-12-04T14:00:00+08:00"))
        .unwrap();
    assert_eq!((two.capacity, two.remaining), (6, 5));

    let cancelled = desk
        .cancel(&booked.code, CancelledBy::Resident, now())
        .await
        .unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let slots = desk
        .slots(
            OFFICE,
            Service::Marriage,
            Date::parse("2026-12-04").unwrap(),
            now(),
        )
        .await
        .unwrap();
    assert!(slots.iter().all(|s| s.remaining == s.capacity));
    db.drop(store).await;
}

async fn bad_people_are_named_by_person_and_field(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let mut people = couple(2);
    let wrong = if people[1].id_number.ends_with('0') {
        "1"
    } else {
        "0"
    };
    people[1].id_number.replace_range(17..18, wrong);
    people[0].phone = "12345".into();
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", people), None, now())
            .await,
    );
    let BookingProblem::Invalid { fields } = p else {
        panic!("{p:?}")
    };
    let named: Vec<(&str, Msg)> = fields
        .iter()
        .map(|f| (f.field.as_str(), f.message))
        .collect();
    assert_eq!(
        named,
        [
            ("people[0].phone", Msg::PhoneInvalid),
            ("people[1].id_number", Msg::IdCheckCharacter)
        ]
    );

    let mut young = couple(3);
    young[0].id_number = id("20050101", "011");
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", young), None, now())
            .await,
    );
    assert_eq!(
        p,
        BookingProblem::Invalid {
            fields: vec![app::error::FieldError {
                field: "people[0].id_number".into(),
                message: Msg::UnderMarriageAge
            }]
        }
    );

    let mut same = couple(4);
    same[1].id_number = same[0].id_number.clone();
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", same), None, now())
            .await,
    );
    assert!(
        matches!(p, BookingProblem::Invalid { ref fields } if fields[0].message == Msg::SamePerson)
    );

    // Two men (odd 17th digits, 011 and 013): the registry would refuse them at the desk, so the
    // booking is refused at the second number, before they travel. A divorce is not asked.
    let mut men = couple(5);
    men[1].id_number = id("19960202", "013");
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", men), None, now())
            .await,
    );
    assert_eq!(
        p,
        BookingProblem::Invalid {
            fields: vec![app::error::FieldError {
                field: "people[1].id_number".into(),
                message: Msg::SameSexMarriage
            }]
        }
    );
    db.drop(store).await;
}

async fn a_full_slot_offers_the_nearest_free_ones_here_and_at_other_offices(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    for n in 0..6 {
        desk.book(
            &request("2026-12-03T09:00:00+08:00", couple(10 + n)),
            None,
            now(),
        )
        .await
        .unwrap();
    }
    let p = problem(
        desk.book(
            &request("2026-12-03T09:00:00+08:00", couple(20)),
            None,
            now(),
        )
        .await,
    );
    let BookingProblem::Full { alternatives } = p else {
        panic!("{p:?}")
    };
    assert_eq!(alternatives[0].office_id, OFFICE);
    assert_eq!(alternatives[0].start, at("2026-12-03T09:30:00+08:00"));
    assert!(alternatives
        .iter()
        .any(|a| a.office_id == "baoding-jingxiu"));
    assert!(
        alternatives
            .iter()
            .all(|a| a.office_id.starts_with("baoding")),
        "offices hundreds of kilometres away are not offered: {alternatives:?}"
    );
    db.drop(store).await;
}

async fn booking_windows_holidays_and_people_already_booked_are_respected(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let p = problem(
        desk.book(
            &request("2026-12-17T09:00:00+08:00", couple(30)),
            None,
            now(),
        )
        .await,
    );
    assert!(
        matches!(
            p,
            BookingProblem::Refused {
                refusal: Refusal::NotOpenYet { .. },
                ..
            }
        ),
        "{p:?}"
    );
    let p = problem(
        desk.book(
            &request("2026-12-05T09:00:00+08:00", couple(30)),
            None,
            now(),
        )
        .await,
    );
    // A Saturday has no slots: the nearest free times are offered instead.
    assert!(
        matches!(
            p,
            BookingProblem::Refused {
                refusal: Refusal::NoAppointmentThen,
                ref alternatives,
            } if !alternatives.is_empty()
        ),
        "{p:?}"
    );

    let days = desk
        .availability(
            OFFICE,
            Service::Marriage,
            Date::parse("2026-12-01").unwrap(),
            Date::parse("2026-12-31").unwrap(),
            now(),
        )
        .await
        .unwrap();
    let dates: Vec<String> = days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(dates.first().map(String::as_str), Some("2026-12-02"));
    assert_eq!(
        dates.last().map(String::as_str),
        Some("2026-12-16"),
        "15 days ahead"
    );
    assert!(
        !dates.contains(&"2026-12-05".to_string()) && !dates.contains(&"2026-12-06".to_string())
    );
    assert_eq!(days[0].remaining, 12 * 6);

    let people = couple(31);
    desk.book(
        &request("2026-12-03T09:00:00+08:00", people.clone()),
        None,
        now(),
    )
    .await
    .unwrap();
    let p = problem(
        desk.book(&request("2026-12-04T09:00:00+08:00", people), None, now())
            .await,
    );
    assert_eq!(p, BookingProblem::AlreadyBooked { position: 0 });
    db.drop(store).await;
}

async fn five_cancellations_stop_an_id_number_from_booking_for_a_while(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let people = couple(40);
    for _ in 0..5 {
        let booking = desk
            .book(
                &request("2026-12-03T09:00:00+08:00", people.clone()),
                None,
                now(),
            )
            .await
            .unwrap();
        desk.cancel(&booking.code, CancelledBy::Resident, now())
            .await
            .unwrap();
    }
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", people), None, now())
            .await,
    );
    assert!(
        matches!(
            p,
            BookingProblem::Refused {
                refusal: Refusal::Blocked { .. },
                ..
            }
        ),
        "{p:?}"
    );
    // A booking naming the blocked person with someone else is refused too; strangers can book.
    let mut others = couple(41);
    others[1] = couple(40)[1].clone();
    let p = problem(
        desk.book(&request("2026-12-03T09:00:00+08:00", others), None, now())
            .await,
    );
    assert!(
        matches!(
            p,
            BookingProblem::Refused {
                refusal: Refusal::Blocked { .. },
                ..
            }
        ),
        "{p:?}"
    );
    assert!(desk
        .book(
            &request("2026-12-03T09:00:00+08:00", couple(42)),
            None,
            now()
        )
        .await
        .is_ok());
    db.drop(store).await;
}

async fn personal_data_is_deleted_after_the_visit_and_the_counts_stay(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let booked = desk
        .book(
            &request("2026-12-03T09:00:00+08:00", couple(50)),
            None,
            now(),
        )
        .await
        .unwrap();
    // After the visit, and after its texts were queued: the desk's clock is fixed, but texts
    // are stamped with the real time.
    let queued = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let after_visit = at("2026-12-04T00:00:00+08:00")
        .unix_seconds()
        .max(queued + 1);
    let (bookings, messages) = store.forget_personal_data(after_visit, 0).await.unwrap();
    assert_eq!((bookings, messages), (1, 2));
    let row = store.booking(&booked.code).await.unwrap().unwrap();
    assert!(row.people.is_none());
    assert_eq!(row.status, "confirmed");
    let start = at("2026-12-03T09:00:00+08:00").unix_seconds();
    assert_eq!(
        store
            .confirmed_bookings(OFFICE, Service::Marriage, start)
            .await
            .unwrap(),
        1
    );
    assert!(store.messages("due", None, 10).await.unwrap().is_empty());
    db.drop(store).await;
}

fn refusal(result: Result<impl std::fmt::Debug, DeskError>) -> Refusal {
    match problem(result) {
        BookingProblem::Refused { refusal, .. } => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn field_problem(result: Result<impl std::fmt::Debug, DeskError>) -> (String, Msg) {
    match problem(result) {
        BookingProblem::Invalid { fields } => (fields[0].field.clone(), fields[0].message),
        other => panic!("expected an input problem, got {other:?}"),
    }
}

fn with_ceremony(start: &str, people: Vec<PersonInput>) -> BookingRequest {
    BookingRequest {
        ceremony: true,
        ..request(start, people)
    }
}

/// Ceremony places left at `start` (None when no ceremony can follow that slot).
async fn ceremony_left(desk: &BookingDesk, start: &str) -> Option<u32> {
    let start = at(start);
    desk.slots(OFFICE, Service::Marriage, start.date, now())
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.start == start)
        .unwrap()
        .ceremony_remaining
}

async fn a_ceremony_takes_a_hall_place_with_the_registration_and_never_oversells_it(
    db: support::TestDb,
) {
    let (store, desk) = desk(&db).await;
    // The sample Lianchi hall holds two ceremonies at 10:00; none at 09:00.
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T10:00:00+08:00").await,
        Some(2)
    );
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T09:00:00+08:00").await,
        None
    );
    let (field, message) = field_problem(
        desk.book(
            &with_ceremony("2026-12-03T09:00:00+08:00", couple(80)),
            None,
            now(),
        )
        .await,
    );
    assert_eq!(
        (field.as_str(), message),
        ("ceremony", Msg::CeremonyNotAtThisTime)
    );

    let first = desk
        .book(
            &with_ceremony("2026-12-03T10:00:00+08:00", couple(81)),
            None,
            now(),
        )
        .await
        .unwrap();
    assert!(first.ceremony);
    desk.book(
        &with_ceremony("2026-12-03T10:00:00+08:00", couple(82)),
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T10:00:00+08:00").await,
        Some(0)
    );
    let (field, message) = field_problem(
        desk.book(
            &with_ceremony("2026-12-03T10:00:00+08:00", couple(83)),
            None,
            now(),
        )
        .await,
    );
    assert_eq!((field.as_str(), message), ("ceremony", Msg::CeremonyFull));
    let start = at("2026-12-03T10:00:00+08:00").unix_seconds();
    assert_eq!(
        store
            .confirmed_bookings(OFFICE, Service::Marriage, start)
            .await
            .unwrap(),
        2,
        "the refused couple's registration place was given back with the ceremony's"
    );
    // Without a ceremony the same time is still free.
    desk.book(
        &request("2026-12-03T10:00:00+08:00", couple(83)),
        None,
        now(),
    )
    .await
    .unwrap();

    // Moving a ceremony booking needs a ceremony at the new time; the hall place moves with it.
    let (field, message) = field_problem(
        desk.reschedule(&first.code, at("2026-12-03T09:00:00+08:00"), now())
            .await,
    );
    assert_eq!(
        (field.as_str(), message),
        ("slot_start", Msg::CeremonyNotAtThisTime)
    );
    desk.reschedule(&first.code, at("2026-12-03T15:00:00+08:00"), now())
        .await
        .unwrap();
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T15:00:00+08:00").await,
        Some(1)
    );
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T10:00:00+08:00").await,
        Some(1)
    );
    desk.cancel(&first.code, CancelledBy::Resident, now())
        .await
        .unwrap();
    assert_eq!(
        ceremony_left(&desk, "2026-12-03T15:00:00+08:00").await,
        Some(2)
    );
    db.drop(store).await;
}

async fn a_divorce_second_appointment_is_booked_inside_the_window_after_cooling_off(
    db: support::TestDb,
) {
    let (store, desk) = desk(&db).await;
    let people = couple(90);
    let first = desk
        .book(
            &BookingRequest {
                service: Service::Divorce,
                ..request("2026-12-03T09:00:00+08:00", people)
            },
            None,
            now(),
        )
        .await
        .unwrap();
    assert_eq!(first.stage, 1);
    let in_window = at("2027-01-06T09:00:00+08:00");
    let early = at("2026-12-21T09:00:00+08:00");
    assert_eq!(
        refusal(
            desk.book_second_stage(
                &first.code,
                in_window,
                None,
                at("2027-01-04T09:00:00+08:00")
            )
            .await
        ),
        Refusal::ApplicationNotReceived
    );
    assert_eq!(
        refusal(
            desk.receive_divorce_application(&first.code, now(), &clerk())
                .await
        ),
        Refusal::NotToday
    );
    let received = desk
        .receive_divorce_application(&first.code, at("2026-12-03T09:40:00+08:00"), &clerk())
        .await
        .unwrap();
    assert_eq!(received.status, BookingStatus::Attended);
    assert_eq!(
        refusal(
            desk.receive_divorce_application(
                &first.code,
                at("2026-12-03T10:00:00+08:00"),
                &clerk()
            )
            .await
        ),
        Refusal::WrongStatus,
        "an application is received once"
    );
    // Checked in first, then received: the same day starts the cooling-off period.
    let other = desk
        .book(
            &BookingRequest {
                service: Service::Divorce,
                ..request("2026-12-03T09:30:00+08:00", couple(91))
            },
            None,
            now(),
        )
        .await
        .unwrap();
    desk.check_in(&other.code, at("2026-12-03T09:25:00+08:00"), &clerk())
        .await
        .unwrap();
    let after_check_in = desk
        .receive_divorce_application(&other.code, at("2026-12-03T09:50:00+08:00"), &clerk())
        .await
        .unwrap();
    assert_eq!(
        after_check_in
            .divorce_window
            .map(|w| w.received.to_string()),
        Some("2026-12-03".into())
    );
    // Received Thursday 2026-12-03: day 30 is Saturday 2027-01-02, so cooling-off runs to
    // Monday 01-04; the second appointment falls between 01-05 and 01-04 + 30 = 02-03.
    let window = received.divorce_window.expect("window");
    assert_eq!(window.cooling_off_ends.to_string(), "2027-01-04");
    assert_eq!(
        (window.first_day.to_string(), window.last_day.to_string()),
        ("2027-01-05".into(), "2027-02-03".into())
    );

    assert_eq!(
        refusal(
            desk.book_second_stage(&first.code, early, None, at("2026-12-14T09:00:00+08:00"))
                .await
        ),
        Refusal::OutsideDivorceWindow {
            first: window.first_day,
            last: window.last_day
        }
    );
    let second = desk
        .book_second_stage(
            &first.code,
            in_window,
            Some("second-1"),
            at("2027-01-04T09:00:00+08:00"),
        )
        .await
        .unwrap();
    assert_eq!(second.stage, 2);
    assert_eq!(second.first_code.as_deref(), Some(first.code.as_str()));
    assert_eq!(
        second.people, received.people,
        "the same people, not typed again"
    );
    let again = desk
        .book_second_stage(
            &first.code,
            in_window,
            Some("second-1"),
            at("2027-01-04T09:00:00+08:00"),
        )
        .await
        .unwrap();
    assert_eq!(again.code, second.code, "a retry is the same booking");
    let first_now = desk.by_code(&first.code).await.unwrap();
    assert_eq!(first_now.second_code.as_deref(), Some(second.code.as_str()));
    // Found with its own code, the second appointment shows the window; moving it stays inside.
    let found = desk.by_code(&second.code).await.unwrap();
    assert_eq!(found.divorce_window, Some(window));
    assert!(matches!(
        refusal(
            desk.reschedule(
                &second.code,
                at("2027-01-04T09:00:00+08:00"),
                at("2026-12-31T09:00:00+08:00")
            )
            .await
        ),
        Refusal::OutsideDivorceWindow { .. }
    ));
    db.drop(store).await;
}

async fn check_ins_and_no_shows_are_recorded_once_and_no_shows_count_against_booking(
    db: support::TestDb,
) {
    let (store, desk) = desk(&db).await;
    let people = couple(100);
    let tomorrow = "2026-12-02T09:00:00+08:00";
    let booking = desk
        .book(&request(tomorrow, people.clone()), None, now())
        .await
        .unwrap();
    assert_eq!(
        refusal(desk.check_in(&booking.code, now(), &clerk()).await),
        Refusal::NotToday
    );
    assert_eq!(
        refusal(
            desk.mark_no_show(&booking.code, at("2026-12-02T08:59:00+08:00"), &clerk())
                .await
        ),
        Refusal::NotStartedYet
    );
    let checked = desk
        .check_in(&booking.code, at("2026-12-02T08:50:00+08:00"), &clerk())
        .await
        .unwrap();
    assert_eq!(checked.status, BookingStatus::Attended);
    assert_eq!(
        refusal(
            desk.check_in(&booking.code, at("2026-12-02T08:51:00+08:00"), &clerk())
                .await
        ),
        Refusal::WrongStatus
    );

    // Two missed appointments stop the ID number from booking (default rules).
    let late = at("2026-12-03T16:00:00+08:00");
    let others = couple(101);
    for start in ["2026-12-07T09:00:00+08:00", "2026-12-08T09:00:00+08:00"] {
        let missed = desk
            .book(&request(start, others.clone()), None, now())
            .await
            .unwrap();
        let marked = desk
            .mark_no_show(&missed.code, at(start).add_minutes(60), &clerk())
            .await
            .unwrap();
        assert_eq!(marked.status, BookingStatus::NoShow);
    }
    assert!(matches!(
        refusal(
            desk.book(&request("2026-12-10T09:00:00+08:00", others), None, late)
                .await
        ),
        Refusal::Blocked { .. }
    ));
    db.drop(store).await;
}

async fn wrong_codes_for_one_booking_are_refused_from_the_limit_on_across_addresses_and_servers(
    db: support::TestDb,
) {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    let cipher = DataCipher::new(&Keys::generate());
    // Two servers of one deployment: their own connections, the same database and keys.
    let one = BookingDesk::new(store.clone(), cipher.clone());
    let other_store = db.open().await;
    let two = BookingDesk::new(other_store.clone(), cipher.clone());
    let phones = support::Phones::new(&store, &cipher);
    let booked = one
        .book(
            &request("2026-12-03T09:00:00+08:00", couple(180)),
            None,
            now(),
        )
        .await
        .unwrap();
    let verification = one
        .request_manage_code(&booked.code, "198.51.100.1", now())
        .await
        .unwrap();
    let right = phones.last_code("13800000001").await;
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let mut refused = Vec::new();
    for i in 0..200 {
        let desk = if i % 2 == 0 { &one } else { &two };
        let client = format!("198.51.100.{}", i % 20 + 10);
        match desk
            .open_booking(&booked.code, &verification, wrong, &client, now())
            .await
        {
            Err(DeskError::Problem(BookingProblem::Limited)) => refused.push(true),
            Err(DeskError::Problem(BookingProblem::Invalid { .. })) => refused.push(false),
            other => panic!("try {i}: {other:?}"),
        }
    }
    // The code request counted one look-up of the booking; nine wrong codes later every try
    // is refused, whichever address or server it comes from.
    let from = refused.iter().position(|r| *r).expect("some are refused");
    assert_eq!(from, 9);
    assert!(refused[from..].iter().all(|r| *r));
    // While the limit holds even the right code is refused.
    assert_eq!(
        problem(
            one.open_booking(&booked.code, &verification, &right, "203.0.113.5", now())
                .await
        ),
        BookingProblem::Limited
    );
    // After the wait a new code (the first is spent after five tries) opens it.
    let later = Moment::from_unix_seconds(now().unix_seconds() + 16 * 60);
    let verification = two
        .request_manage_code(&booked.code, "203.0.113.5", later)
        .await
        .unwrap();
    let right = phones.last_code("13800000001").await;
    let opened = one
        .open_booking(&booked.code, &verification, &right, "203.0.113.5", later)
        .await
        .unwrap();
    assert_eq!(opened.code, booked.code);
    other_store.close().await;
    db.drop(store).await;
}

async fn only_residents_own_cancellations_count_against_them(db: support::TestDb) {
    let (store, desk) = desk(&db).await;
    let people = couple(190);
    // Five bookings cancelled by an agent on the couple's behalf: no strike.
    for _ in 0..5 {
        let booking = desk
            .book(
                &request("2026-12-03T09:00:00+08:00", people.clone()),
                None,
                now(),
            )
            .await
            .unwrap();
        desk.cancel(&booking.code, CancelledBy::Agent, now())
            .await
            .unwrap();
    }
    let booking = desk
        .book(
            &request("2026-12-03T09:00:00+08:00", people.clone()),
            None,
            now(),
        )
        .await
        .expect("an agent's cancellations are not the couple's");
    desk.cancel(&booking.code, CancelledBy::Resident, now())
        .await
        .unwrap();
    db.drop(store).await;
}

on_every_backend!(
    wrong_codes_for_one_booking_are_refused_from_the_limit_on_across_addresses_and_servers,
    only_residents_own_cancellations_count_against_them,
    a_ceremony_takes_a_hall_place_with_the_registration_and_never_oversells_it,
    a_divorce_second_appointment_is_booked_inside_the_window_after_cooling_off,
    check_ins_and_no_shows_are_recorded_once_and_no_shows_count_against_booking,
    five_cancellations_stop_an_id_number_from_booking_for_a_while,
    personal_data_is_deleted_after_the_visit_and_the_counts_stay,
    a_couple_books_finds_moves_and_cancels_with_data_masked,
    a_new_data_key_reseals_everything_and_the_old_one_no_longer_opens,
    bad_people_are_named_by_person_and_field,
    a_full_slot_offers_the_nearest_free_ones_here_and_at_other_offices,
    booking_windows_holidays_and_people_already_booked_are_respected,
);
