//! Reservations on a real database (SQLite file and PostgreSQL): places are never oversold,
//! retries under one idempotency key make one booking, and changes give places back.

use crate::support;
use std::time::Duration;

use app::domain::{
    booking::{moment::Moment, schedule::Slot, Service},
    date::Date,
};
use server::{
    crypto::DataCipher,
    keys::Keys,
    store::{
        bookings::{Moved, OfficeRow, Reservation, Reserved},
        Store,
    },
};

const OFFICE: &str = "baoding-lianchi";

async fn store_with_office(db: &support::TestDb) -> Store {
    let store = db.open().await;
    store.load_sample_data().await.unwrap();
    store
        .save_office(&OfficeRow {
            id: OFFICE.into(),
            region_id: "baoding".into(),
            name_zh: "莲池区婚姻登记处".into(),
            name_en: "Lianchi District Marriage Registry".into(),
            address_zh: "示例地址".into(),
            address_en: "Sample address".into(),
            latitude: 38.87,
            longitude: 115.48,
            phone: "0312-0000000".into(),
            has_ceremony_hall: true,
            is_sample: true,
            schedule: "{}".into(),
        })
        .await
        .unwrap();
    store
}

fn slot(hour: u16, capacity: u32) -> Slot {
    let date = Date::parse("2026-12-01").unwrap();
    Slot {
        start: Moment::at(date, hour, 0),
        end: Moment::at(date, hour, 30),
        capacity,
    }
}

fn reservation(cipher: &DataCipher, n: usize, slot: Slot, key: Option<String>) -> Reservation {
    let code = format!("T{n:07}");
    Reservation {
        code: code.clone(),
        office_id: OFFICE.into(),
        service: Service::Marriage,
        slot,
        ceremony_slot: None,
        stage: 1,
        first_code: None,
        idempotency_key: key,
        fingerprint: cipher.lookup_hash(&format!("request {n} at {}", slot.start)),
        people_sealed: cipher.seal(
            server::crypto::Place::booking_people(&code),
            format!("person {n}").as_bytes(),
        ),
        audit: None,
        phone_hashes: Vec::new(),
        id_hashes: vec![
            cipher.lookup_hash(&format!("A{n}")),
            cipher.lookup_hash(&format!("B{n}")),
        ],
        messages: Vec::new(),
    }
}

/// Sends every reservation at once and counts how each ended; any database error fails.
async fn race(store: &Store, reservations: Vec<Reservation>) -> (usize, usize, usize) {
    let tasks: Vec<_> = reservations
        .into_iter()
        .map(|r| {
            let store = store.clone();
            tokio::spawn(async move { store.reserve(&r).await })
        })
        .collect();
    let (mut created, mut existing, mut full) = (0, 0, 0);
    for task in tasks {
        match task
            .await
            .unwrap()
            .expect("no database error under contention")
        {
            Reserved::Created { .. } => created += 1,
            Reserved::Existing { .. } => existing += 1,
            Reserved::Full => full += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    (created, existing, full)
}

async fn five_hundred_at_once_for_ten_places_make_exactly_ten_bookings(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let s = slot(9, 10);
    let attempts = |_: ()| {
        (0..500)
            .map(|n| reservation(&cipher, n, s, Some(format!("key-{n}"))))
            .collect::<Vec<_>>()
    };
    // Each attempt is sent twice at the same moment, as a double tap would.
    let doubled: Vec<Reservation> = attempts(())
        .into_iter()
        .flat_map(|r| [r.clone(), r])
        .collect();
    let (created, existing, full) = race(&store, doubled).await;
    assert_eq!(created, 10);
    assert_eq!(created + existing + full, 1000);
    let start = s.start.unix_seconds();
    assert_eq!(
        store
            .confirmed_bookings(OFFICE, Service::Marriage, start)
            .await
            .unwrap(),
        10
    );

    // Every client retries with the same idempotency key: the ten get their bookings back, the
    // others are still refused, and nothing new is made.
    assert_eq!(race(&store, attempts(())).await, (0, 10, 490));
    assert_eq!(
        store
            .confirmed_bookings(OFFICE, Service::Marriage, start)
            .await
            .unwrap(),
        10
    );
    let counts = store
        .booked_counts(OFFICE, Service::Marriage, start, start + 1)
        .await
        .unwrap();
    assert_eq!(counts, vec![(start, 10)]);
    db.drop(store).await;
}

async fn an_idempotency_key_answers_only_the_request_it_came_with(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let key = Some("shared-key".to_string());
    let mine = reservation(&cipher, 1, slot(9, 10), key.clone());
    let Reserved::Created { code } = store.reserve(&mine).await.unwrap() else {
        panic!("the first request books");
    };
    // The same request again: the same booking.
    assert_eq!(
        store.reserve(&mine).await.unwrap(),
        Reserved::Existing { code: code.clone() }
    );
    // Another couple's request under the same key is refused, and told nothing of the first.
    let theirs = reservation(&cipher, 2, slot(9, 10), key);
    assert_eq!(store.reserve(&theirs).await.unwrap(), Reserved::KeyReused);
    assert_eq!(
        store
            .confirmed_bookings(OFFICE, Service::Marriage, slot(9, 10).start.unix_seconds())
            .await
            .unwrap(),
        1
    );
    db.drop(store).await;
}

async fn one_person_holds_one_active_booking_of_a_kind(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let first = reservation(&cipher, 1, slot(9, 10), None);
    assert!(matches!(
        store.reserve(&first).await.unwrap(),
        Reserved::Created { .. }
    ));
    let mut again = reservation(&cipher, 2, slot(10, 10), None);
    again.id_hashes[1] = cipher.lookup_hash("B1");
    assert_eq!(
        store.reserve(&again).await.unwrap(),
        Reserved::PersonHasBooking { position: 1 }
    );
    assert!(store
        .cancel_booking(&first.code, "resident", None)
        .await
        .unwrap());
    assert!(matches!(
        store.reserve(&again).await.unwrap(),
        Reserved::Created { .. }
    ));
    db.drop(store).await;
}

async fn one_couple_racing_for_many_slots_gets_one_booking_and_no_place_is_lost(
    db: support::TestDb,
) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    // The same two people, sent at once for 40 different slots, each with its own key: the
    // unique index lets one through, and every other attempt gives its place back.
    let attempts: Vec<Reservation> = (0..40)
        .map(|n| {
            let mut r = reservation(
                &cipher,
                n,
                slot(8 + (n as u16 % 8), 10),
                Some(format!("k{n}")),
            );
            r.id_hashes = vec![cipher.lookup_hash("A-same"), cipher.lookup_hash("B-same")];
            r
        })
        .collect();
    let tasks: Vec<_> = attempts
        .into_iter()
        .map(|r| {
            let store = store.clone();
            tokio::spawn(async move { store.reserve(&r).await })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap().expect("no database error") {
            Reserved::Created { .. } => created += 1,
            Reserved::PersonHasBooking { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(created, 1);
    let mut places = 0;
    for hour in 8..16 {
        let start = slot(hour, 10).start.unix_seconds();
        let booked = store
            .booked_counts(OFFICE, Service::Marriage, start, start + 1)
            .await
            .unwrap()
            .first()
            .map_or(0, |(_, n)| *n);
        assert_eq!(
            booked,
            store
                .confirmed_bookings(OFFICE, Service::Marriage, start)
                .await
                .unwrap(),
            "places taken match bookings at {hour}:00"
        );
        places += booked;
    }
    assert_eq!(places, 1);
    db.drop(store).await;
}

async fn cancelling_gives_the_place_back_once(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let s = slot(9, 1);
    let first = reservation(&cipher, 1, s, None);
    assert!(matches!(
        store.reserve(&first).await.unwrap(),
        Reserved::Created { .. }
    ));
    assert_eq!(
        store
            .reserve(&reservation(&cipher, 2, s, None))
            .await
            .unwrap(),
        Reserved::Full
    );
    assert!(store
        .cancel_booking(&first.code, "resident", None)
        .await
        .unwrap());
    assert!(
        !store
            .cancel_booking(&first.code, "resident", None)
            .await
            .unwrap(),
        "a second cancel changes nothing"
    );
    let start = s.start.unix_seconds();
    assert_eq!(
        store
            .booked_counts(OFFICE, Service::Marriage, start, start + 1)
            .await
            .unwrap(),
        vec![(start, 0)]
    );
    assert!(matches!(
        store
            .reserve(&reservation(&cipher, 3, s, None))
            .await
            .unwrap(),
        Reserved::Created { .. }
    ));
    db.drop(store).await;
}

async fn rescheduling_takes_the_new_place_before_giving_the_old_one_back(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let (nine, ten) = (slot(9, 1), slot(10, 1));
    let mover = reservation(&cipher, 1, nine, None);
    let blocker = reservation(&cipher, 2, ten, None);
    store.reserve(&mover).await.unwrap();
    store.reserve(&blocker).await.unwrap();
    assert!(
        store
            .reschedule_booking(&mover.code, &ten, None, None)
            .await
            .unwrap()
            == Moved::Full,
        "ten o'clock is full"
    );
    let booking = store.booking(&mover.code).await.unwrap().unwrap();
    assert_eq!(
        booking.starts_at,
        nine.start.unix_seconds(),
        "nothing changed"
    );

    assert!(store
        .cancel_booking(&blocker.code, "resident", None)
        .await
        .unwrap());
    assert_eq!(
        store
            .reschedule_booking(&mover.code, &ten, None, None)
            .await
            .unwrap(),
        Moved::Moved
    );
    let count = |s: Slot| {
        let store = store.clone();
        async move {
            let start = s.start.unix_seconds();
            store
                .booked_counts(OFFICE, Service::Marriage, start, start + 1)
                .await
                .unwrap()[0]
                .1
        }
    };
    assert_eq!((count(nine).await, count(ten).await), (0, 1));
    db.drop(store).await;
}

async fn personal_data_is_stored_sealed(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let r = reservation(&cipher, 7, slot(9, 10), None);
    store.reserve(&r).await.unwrap();
    let row = store.booking(&r.code).await.unwrap().unwrap();
    let sealed = row.people.expect("people stored");
    assert!(!sealed.windows(8).any(|w| w == b"person 7"));
    let here = server::crypto::Place::booking_people(&r.code);
    assert_eq!(
        cipher.open(here, &sealed).as_deref(),
        Some(&b"person 7"[..])
    );
    // Bound to its booking: copied into another booking's row, it does not open there.
    let there = server::crypto::Place::booking_people("T0000008");
    assert_eq!(cipher.open(there, &sealed), None);
    db.drop(store).await;
}

/// Two changes to one booking at the same moment (two moves, or a move and a cancellation), for
/// 100 bookings at once: every slot's count still equals its confirmed bookings, so no old place
/// is given back twice and no cancelled booking keeps one.
async fn concurrent_changes_to_one_booking_give_its_place_back_once(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let (nine, ten, eleven) = (slot(9, 1000), slot(10, 1000), slot(11, 1000));
    let mut codes = Vec::new();
    for n in 0..100 {
        let r = reservation(&cipher, n, nine, None);
        assert!(matches!(
            store.reserve(&r).await.unwrap(),
            Reserved::Created { .. }
        ));
        codes.push(r.code);
    }
    let mut tasks = Vec::new();
    for (n, code) in codes.iter().enumerate() {
        for to in [ten, eleven] {
            let (store, code) = (store.clone(), code.clone());
            let cancel = n % 2 == 1 && to == eleven;
            tasks.push(tokio::spawn(async move {
                if cancel {
                    store
                        .cancel_booking(&code, "resident", None)
                        .await
                        .map(|_| ())
                } else {
                    store
                        .reschedule_booking(&code, &to, None, None)
                        .await
                        .map(|_| ())
                }
            }));
        }
    }
    for task in tasks {
        task.await
            .unwrap()
            .expect("no database error under contention");
    }
    let mut confirmed = std::collections::BTreeMap::<i64, i64>::new();
    let mut cancelled = 0;
    for code in &codes {
        let booking = store.booking(code).await.unwrap().unwrap();
        match booking.status.as_str() {
            "confirmed" => *confirmed.entry(booking.starts_at).or_default() += 1,
            _ => cancelled += 1,
        }
    }
    assert_eq!(cancelled, 50, "every cancellation stands");
    for s in [nine, ten, eleven] {
        let start = s.start.unix_seconds();
        let booked = store
            .booked_counts(OFFICE, Service::Marriage, start, start + 1)
            .await
            .unwrap()
            .first()
            .map_or(0, |(_, n)| *n);
        assert_eq!(
            booked,
            confirmed.get(&start).copied().unwrap_or(0),
            "the count of {} equals its confirmed bookings",
            s.start
        );
    }
    db.drop(store).await;
}

/// A staff member's change stands only with its audit line: when the line cannot be written,
/// the cancellation or move is undone with it. A resident's change carries no line.
async fn a_staff_change_stands_only_with_its_audit_line(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let (nine, ten) = (slot(9, 5), slot(10, 5));
    let r = reservation(&cipher, 1, nine, None);
    store.reserve(&r).await.unwrap();
    let line = server::store::staff::AuditEntry {
        actor: "agent1".into(),
        role: Some("agent".into()),
        address: "127.0.0.1".into(),
        action: "cancel".into(),
        record: Some(r.code.clone()),
        detail: "on behalf of a caller".into(),
    };
    // The audit trail goes away, as a failing write would.
    let away = "ALTER TABLE audit_log RENAME TO audit_log_away";
    match (&db, &store) {
        (support::TestDb::Sqlite { url, .. }, _) => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(away).execute(&pool).await.unwrap();
            pool.close().await;
        }
        (_, Store::Postgres(pg)) => {
            let pool = pg.pool();
            sqlx::query(away).execute(pool).await.unwrap();
        }
        _ => unreachable!(),
    }
    assert!(store
        .cancel_booking(&r.code, "agent", Some(&line))
        .await
        .is_err());
    assert!(store
        .reschedule_booking(&r.code, &ten, None, Some(&line))
        .await
        .is_err());
    let booking = store.booking(&r.code).await.unwrap().unwrap();
    assert_eq!(
        (booking.status.as_str(), booking.starts_at),
        ("confirmed", nine.start.unix_seconds()),
        "nothing changed without the audit line"
    );
    let count = |s: Slot| {
        let store = store.clone();
        async move {
            let start = s.start.unix_seconds();
            store
                .booked_counts(OFFICE, Service::Marriage, start, start + 1)
                .await
                .unwrap()
                .first()
                .map_or(0, |(_, n)| *n)
        }
    };
    assert_eq!(
        (count(nine).await, count(ten).await),
        (1, 0),
        "no place moved"
    );
    assert!(store
        .cancel_booking(&r.code, "resident", None)
        .await
        .unwrap());
    db.drop(store).await;
}

/// The audit trail goes away, as a failing write would.
async fn lose_the_audit_trail(db: &support::TestDb, store: &Store) {
    let away = "ALTER TABLE audit_log RENAME TO audit_log_away";
    match (db, store) {
        (support::TestDb::Sqlite { url, .. }, _) => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query(away).execute(&pool).await.unwrap();
            pool.close().await;
        }
        (_, Store::Postgres(pg)) => {
            let pool = pg.pool();
            sqlx::query(away).execute(pool).await.unwrap();
        }
        _ => unreachable!(),
    }
}

async fn every_admin_and_desk_change_stands_only_with_its_audit_line(db: support::TestDb) {
    use server::store::staff::AuditEntry;
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let line = |action: &str| AuditEntry {
        actor: "admin1".into(),
        role: Some("admin".into()),
        address: "127.0.0.1".into(),
        action: action.into(),
        record: None,
        detail: String::new(),
    };
    let nine = slot(9, 5);
    let booked = reservation(&cipher, 1, nine, None);
    store.reserve(&booked).await.unwrap();
    let account = store
        .create_account(
            "clerk1",
            "Clerk",
            "agent",
            None,
            "hash",
            &line("account_add"),
        )
        .await
        .unwrap()
        .unwrap();
    store
        .create_session(b"token-1", account, "csrf", 1, "full", &line("sign_in"))
        .await
        .unwrap();
    store
        .create_kiosk(
            "k1",
            "终端",
            "anning",
            24.9,
            102.5,
            b"e1",
            i64::MAX,
            &line("kiosk_add"),
        )
        .await
        .unwrap();
    store
        .create_integrator_key("i1", "App", b"s1", "admin1", &line("integrator_key_issue"))
        .await
        .unwrap();

    lose_the_audit_trail(&db, &store).await;

    let add = store
        .create_account(
            "clerk2",
            "Clerk",
            "agent",
            None,
            "hash",
            &line("account_add"),
        )
        .await;
    assert!(add.is_err());
    assert!(store.account_by_username("clerk2").await.unwrap().is_none());
    assert!(store
        .set_account_active(account, false, &line("account_disable"))
        .await
        .is_err());
    assert!(store.accounts().await.unwrap()[0].active, "still on");
    assert!(store
        .end_session(b"token-1", &line("sign_out"))
        .await
        .is_err());
    assert!(
        store.session(b"token-1").await.unwrap().is_some(),
        "still signed in"
    );
    assert!(store
        .create_kiosk(
            "k2",
            "终端二",
            "anning",
            24.9,
            102.5,
            b"e2",
            i64::MAX,
            &line("kiosk_add")
        )
        .await
        .is_err());
    assert!(store
        .revoke_kiosk("k1", &line("kiosk_revoke"))
        .await
        .is_err());
    let kiosks = store.kiosks().await.unwrap();
    assert_eq!(kiosks.len(), 1);
    assert!(kiosks[0].revoked_at.is_none(), "still working");
    assert!(store
        .create_integrator_key(
            "i2",
            "App 2",
            b"s2",
            "admin1",
            &line("integrator_key_issue")
        )
        .await
        .is_err());
    assert!(store
        .revoke_integrator_key("i1", &line("integrator_key_revoke"))
        .await
        .is_err());
    let keys = store.integrator_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0].revoked_at.is_none(), "still working");
    let start = nine.start.unix_seconds();
    assert!(store
        .change_day(
            OFFICE,
            "{\"closed\": true}",
            &[("marriage", start, nine.end.unix_seconds())],
            0,
            &line("close_day"),
        )
        .await
        .is_err());
    let kept = store.booking(&booked.code).await.unwrap().unwrap();
    assert_eq!(kept.status, "confirmed", "the day was not closed");
    let office = store.office(OFFICE).await.unwrap().unwrap();
    assert_eq!(office.schedule, "{}", "nor its schedule changed");
    let by_agent = Reservation {
        audit: Some(line("book_on_behalf")),
        ..reservation(&cipher, 2, nine, None)
    };
    assert!(store.reserve(&by_agent).await.is_err());
    assert!(store.booking(&by_agent.code).await.unwrap().is_none());
    let booked_now = store
        .booked_counts(OFFICE, Service::Marriage, start, start + 1)
        .await
        .unwrap();
    assert_eq!(
        booked_now.first().map_or(0, |(_, n)| *n),
        1,
        "no place taken"
    );
    db.drop(store).await;
}

fn rotation_line() -> server::store::staff::AuditEntry {
    server::store::staff::AuditEntry {
        actor: "server-command".into(),
        role: None,
        address: "local".into(),
        action: "data_key_rotated".into(),
        record: None,
        detail: String::new(),
    }
}

fn rotation_lines() -> server::store::staff::AuditFilter {
    server::store::staff::AuditFilter {
        actor: None,
        action: Some("data_key_rotated".into()),
        record: None,
        from: None,
        to: None,
        limit: 10,
    }
}

async fn a_rotation_meeting_a_value_it_cannot_open_changes_nothing(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let keys = Keys::generate();
    let cipher = store
        .data_cipher(&keys)
        .await
        .unwrap()
        .expect("a new database");
    store
        .reserve(&reservation(&cipher, 1, slot(9, 10), None))
        .await
        .unwrap();
    // One booking sealed with some other key (a copy from another deployment, say).
    let stranger = DataCipher::new(&Keys::generate());
    store
        .reserve(&reservation(&stranger, 2, slot(9, 10), None))
        .await
        .unwrap();
    let new_keys = Keys {
        secret: keys.secret.clone(),
        data: server::keys::SecretKey::generate(),
    };
    let error = store
        .rotate_data_key(&cipher, &new_keys, &rotation_line())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, server::store::sealed::ResealError::Unreadable { table: "bookings", row, .. } if row == "T0000002"),
        "{error}"
    );
    // All or nothing: the first booking is still sealed under the old key, which still opens
    // the database; the new key does not; no rotation was audited.
    assert!(store.data_cipher(&new_keys).await.unwrap().is_none());
    let still = store.data_cipher(&keys).await.unwrap().expect("old key");
    let row = store.booking("T0000001").await.unwrap().unwrap();
    assert_eq!(
        still
            .open(
                server::crypto::Place::booking_people("T0000001"),
                &row.people.unwrap()
            )
            .as_deref(),
        Some(&b"person 1"[..])
    );
    assert!(store.audit(&rotation_lines()).await.unwrap().is_empty());
    db.drop(store).await;
}

/// Bookings arriving together are recorded together (PostgreSQL writes them in batches): over
/// slots not booked before, each slot fills to its capacity and no further, and every booking
/// that got a place has all its parts: people, phones, texts and its audit line.
async fn bookings_arriving_together_each_keep_every_part_and_no_slot_overfills(
    db: support::TestDb,
) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    // Twelve new slots of 3 to 14 places, 300 bookings spread over them.
    let slots: Vec<Slot> = (0..12)
        .map(|n| {
            let date = Date::parse("2026-12-02").unwrap();
            Slot {
                start: Moment::at(date, 8 + n / 2, 30 * (n % 2)),
                end: Moment::at(date, 8 + n / 2, 30 * (n % 2) + 29),
                capacity: 3 + u32::from(n),
            }
        })
        .collect();
    let attempts: Vec<Reservation> = (0..300)
        .map(|n| {
            let mut r = reservation(&cipher, 5000 + n, slots[n % slots.len()], None);
            r.phone_hashes = vec![
                cipher.lookup_hash(&format!("phone {n}")),
                cipher.lookup_hash("a shared phone"),
            ];
            r.messages = (0..2)
                .map(|m| server::store::outbox::NewMessage {
                    seal_ref: format!("ref-{n}-{m}"),
                    phone_sealed: vec![1, 2, 3],
                    phone_masked: format!("137****{m:04}"),
                    template: "booked".into(),
                    params_sealed: vec![4, 5, 6],
                    office_id: Some(OFFICE.into()),
                    booking_code: Some(r.code.clone()),
                })
                .collect();
            r.audit = Some(server::store::staff::AuditEntry {
                actor: format!("integrator-{}", n % 4),
                role: None,
                address: "10.1.2.3".into(),
                action: "booking_create".into(),
                record: None,
                detail: format!("attempt {n}"),
            });
            r
        })
        .collect();
    let tasks: Vec<_> = attempts
        .iter()
        .cloned()
        .map(|r| {
            let store = store.clone();
            tokio::spawn(async move { store.reserve(&r).await })
        })
        .collect();
    let mut created = Vec::new();
    for (task, r) in tasks.into_iter().zip(&attempts) {
        match task.await.unwrap().expect("no database error") {
            Reserved::Created { code } => {
                assert_eq!(code, r.code);
                created.push(r);
            }
            Reserved::Full => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let places: u32 = slots.iter().map(|s| s.capacity).sum();
    assert_eq!(created.len(), places as usize, "every place is taken, once");
    for s in &slots {
        let start = s.start.unix_seconds();
        let booked = store
            .booked_counts(OFFICE, Service::Marriage, start, start + 1)
            .await
            .unwrap();
        assert_eq!(booked, vec![(start, i64::from(s.capacity))]);
        assert_eq!(
            store
                .confirmed_bookings(OFFICE, Service::Marriage, start)
                .await
                .unwrap(),
            i64::from(s.capacity)
        );
    }
    for r in &created {
        let row = store.booking(&r.code).await.unwrap().expect("stored");
        assert_eq!(row.starts_at, r.slot.start.unix_seconds());
        assert_eq!(row.people.as_deref(), Some(&r.people_sealed[..]));
        assert_eq!(
            store.bookings_by_id_hash(&r.id_hashes[1]).await.unwrap(),
            vec![r.code.clone()]
        );
        assert_eq!(
            store.bookings_by_phone(&r.phone_hashes[0]).await.unwrap(),
            vec![r.code.clone()]
        );
        let texts = store.booking_messages(&r.code).await.unwrap();
        assert_eq!(
            texts
                .iter()
                .map(|t| t.phone_masked.as_str())
                .collect::<Vec<_>>(),
            ["137****0000", "137****0001"]
        );
        let audit = store
            .audit(&server::store::staff::AuditFilter {
                record: Some(r.code.clone()),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(audit.len(), 1);
        assert_eq!(audit[0].actor, r.audit.as_ref().unwrap().actor);
        assert_eq!(audit[0].detail, r.audit.as_ref().unwrap().detail);
        assert_eq!(audit[0].address, "10.1.2.0/24");
    }
    // Those without a place left nothing behind.
    for r in attempts
        .iter()
        .filter(|r| !created.iter().any(|c| c.code == r.code))
    {
        assert!(store.booking(&r.code).await.unwrap().is_none());
        assert!(store.booking_messages(&r.code).await.unwrap().is_empty());
    }
    db.drop(store).await;
}

/// A rush of bookings holds the database connections their checks and limits use; a resident who
/// is only looking at a day's slots is not queued behind them. On PostgreSQL every connection of
/// the main pool is taken and the slot counts still answer at once (SQLite's readers are apart
/// from its writer already: there the look-up runs as it is).
async fn slot_counts_answer_while_every_booking_connection_is_taken(db: support::TestDb) {
    let store = store_with_office(&db).await;
    let cipher = DataCipher::new(&Keys::generate());
    let nine = slot(9, 5);
    store
        .reserve(&reservation(&cipher, 1, nine, None))
        .await
        .unwrap();
    let mut held = Vec::new();
    match &store {
        Store::Postgres(pg) => {
            let pool = pg.pool();
            while let Ok(Ok(c)) =
                tokio::time::timeout(Duration::from_millis(500), pool.acquire()).await
            {
                held.push(c);
            }
            assert!(!held.is_empty());
        }
        Store::Sqlite(_) => {}
    }
    let start = nine.start.unix_seconds();
    let counts = tokio::time::timeout(
        Duration::from_secs(3),
        store.booked_counts(OFFICE, Service::Marriage, start, start + 1),
    )
    .await
    .expect("the slot counts answer without waiting for a booking connection")
    .unwrap();
    assert_eq!(counts, vec![(start, 1)]);
    drop(held);
    db.drop(store).await;
}

on_every_backend!(
    slot_counts_answer_while_every_booking_connection_is_taken,
    bookings_arriving_together_each_keep_every_part_and_no_slot_overfills,
    a_rotation_meeting_a_value_it_cannot_open_changes_nothing,
    one_couple_racing_for_many_slots_gets_one_booking_and_no_place_is_lost,
    five_hundred_at_once_for_ten_places_make_exactly_ten_bookings,
    one_person_holds_one_active_booking_of_a_kind,
    an_idempotency_key_answers_only_the_request_it_came_with,
    cancelling_gives_the_place_back_once,
    rescheduling_takes_the_new_place_before_giving_the_old_one_back,
    concurrent_changes_to_one_booking_give_its_place_back_once,
    a_staff_change_stands_only_with_its_audit_line,
    every_admin_and_desk_change_stands_only_with_its_audit_line,
    personal_data_is_stored_sealed,
);
