//! Text messages really sent: each adapter against a fake provider on loopback that checks what
//! the real one checks (the signature over the request, the account, the template), answering
//! success, refusal, slowness or errors as the number asks; retries, failure marking, and two
//! servers on one database sending each message once.

use crate::support;
use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde_json::{json, Value};
use server::{
    crypto::DataCipher,
    keys::Keys,
    sms::{self, alibaba, tencent, webhook, SecretText, Sender, SmsSettings},
    store::{outbox::NewMessage, Store},
};
use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
    time::Duration,
};

const KEY_ID: &str = "test-key-id";
const SECRET: &str = "test-key-secret";
/// The numbers the fake answers by: sent, refused, failing (500), slow.
const OK: &str = "13800000001";
const BAD_NUMBER: &str = "13800000002";
const FAILING: &str = "13800000003";
const SLOW: &str = "13800000004";

/// A message the fake provider took: (phone, template id, parameters, our message id).
type Taken = (String, String, Value, String);

/// What the fake provider took.
#[derive(Clone, Default)]
struct Fake {
    taken: Arc<Mutex<Vec<Taken>>>,
}

impl Fake {
    fn taken(&self) -> Vec<Taken> {
        self.taken.lock().unwrap().clone()
    }

    /// The answer for `phone`, after the signature was checked.
    async fn outcome(&self, phone: &str) -> Option<StatusCode> {
        match phone {
            FAILING => Some(StatusCode::INTERNAL_SERVER_ERROR),
            SLOW => {
                tokio::time::sleep(Duration::from_secs(3)).await;
                None
            }
            _ => None,
        }
    }
}

async fn fake_alibaba(State(fake): State<Fake>, body: String) -> Response {
    let mut params: BTreeMap<String, String> = form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let Some(signature) = params.remove("Signature") else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"Code": "MissingSignature"})),
        )
            .into_response();
    };
    let checks = [
        ("Action", "SendSms"),
        ("Version", "2017-05-25"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("AccessKeyId", KEY_ID),
        ("SignName", "便民"),
    ];
    if checks
        .iter()
        .any(|(k, v)| params.get(*k).map(String::as_str) != Some(*v))
        || alibaba::signature("POST", &params, SECRET) != signature
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"})),
        )
            .into_response();
    }
    let phone = params["PhoneNumbers"].clone();
    if phone == BAD_NUMBER {
        return Json(
            json!({"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "r"}),
        )
        .into_response();
    }
    if let Some(status) = fake.outcome(&phone).await {
        return (status, Json(json!({"Code": "isp.SYSTEM_ERROR"}))).into_response();
    }
    let template_param: Value = serde_json::from_str(&params["TemplateParam"]).unwrap();
    let mut taken = fake.taken.lock().unwrap();
    taken.push((
        phone,
        params["TemplateCode"].clone(),
        template_param,
        params["OutId"].clone(),
    ));
    Json(json!({"Code": "OK", "Message": "OK", "BizId": format!("biz-{}", taken.len()), "RequestId": "r"})).into_response()
}

async fn fake_tencent(State(fake): State<Fake>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let timestamp: i64 = header("x-tc-timestamp").parse().unwrap_or_default();
    let expected = tencent::authorization(
        KEY_ID,
        SECRET,
        "sms",
        &header("host"),
        &header("x-tc-action"),
        timestamp,
        &body,
    );
    let error = |code: &str| {
        Json(json!({"Response": {"Error": {"Code": code, "Message": "m"}, "RequestId": "r"}}))
            .into_response()
    };
    if header("authorization") != expected
        || header("x-tc-action") != "SendSms"
        || header("x-tc-version") != "2021-01-11"
        || header("content-type") != "application/json; charset=utf-8"
        || (chrono::Utc::now().timestamp() - timestamp).abs() > 300
    {
        return error("AuthFailure.SignatureFailure");
    }
    let body: Value = serde_json::from_slice(&body).unwrap();
    if body["SmsSdkAppId"] != "1400000001" || body["SignName"] != "便民" {
        return error("InvalidParameterValue.SdkAppIdNotExist");
    }
    let phone = body["PhoneNumberSet"][0]
        .as_str()
        .unwrap()
        .trim_start_matches("+86")
        .to_string();
    if phone == BAD_NUMBER {
        return Json(json!({"Response": {"SendStatusSet": [{"Code": "InvalidParameterValue.IncorrectPhoneNumber", "SerialNo": ""}], "RequestId": "r"}})).into_response();
    }
    if let Some(status) = fake.outcome(&phone).await {
        return (status, error("InternalError")).into_response();
    }
    let mut taken = fake.taken.lock().unwrap();
    taken.push((
        phone,
        body["TemplateId"].as_str().unwrap().into(),
        body["TemplateParamSet"].clone(),
        body["SessionContext"].as_str().unwrap().into(),
    ));
    Json(json!({"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": format!("5000:{}", taken.len())}], "RequestId": "r"}})).into_response()
}

async fn fake_webhook(State(fake): State<Fake>, headers: HeaderMap, body: Bytes) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let timestamp: i64 = header("x-bianmin-timestamp").parse().unwrap_or_default();
    if header("x-bianmin-signature") != webhook::signature(SECRET, timestamp, &body) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let body: Value = serde_json::from_slice(&body).unwrap();
    let phone = body["phone"].as_str().unwrap().to_string();
    if phone == BAD_NUMBER {
        return StatusCode::UNPROCESSABLE_ENTITY.into_response();
    }
    if let Some(status) = fake.outcome(&phone).await {
        return status.into_response();
    }
    let mut taken = fake.taken.lock().unwrap();
    taken.push((
        phone,
        body["template_id"].as_str().unwrap().into(),
        body["params"].clone(),
        body["id"].as_str().unwrap().into(),
    ));
    Json(json!({"id": format!("hook-{}", taken.len())})).into_response()
}

/// Starts a fake provider on a loopback port; answers its address.
async fn start(router: Router<Fake>, fake: Fake) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router.with_state(fake))
            .await
            .unwrap()
    });
    format!("http://{address}/")
}

fn templates() -> HashMap<String, String> {
    sms::Template::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| (t.key().to_string(), format!("T{}", i + 1)))
        .collect()
}

/// Each kind of sender, pointed at its fake.
async fn senders() -> Vec<(&'static str, SmsSettings, Fake)> {
    let mut out = Vec::new();
    let fake = Fake::default();
    let endpoint = start(Router::new().route("/", post(fake_alibaba)), fake.clone()).await;
    out.push((
        "alibaba",
        SmsSettings::Alibaba {
            endpoint,
            key_id: KEY_ID.into(),
            key_secret: SecretText(SECRET.into()),
            sign_name: "便民".into(),
            templates: templates(),
        },
        fake,
    ));
    let fake = Fake::default();
    let endpoint = start(Router::new().route("/", post(fake_tencent)), fake.clone()).await;
    out.push((
        "tencent",
        SmsSettings::Tencent {
            endpoint,
            key_id: KEY_ID.into(),
            key_secret: SecretText(SECRET.into()),
            app_id: "1400000001".into(),
            sign_name: "便民".into(),
            region: "ap-guangzhou".into(),
            templates: templates(),
        },
        fake,
    ));
    let fake = Fake::default();
    let endpoint = start(Router::new().route("/", post(fake_webhook)), fake.clone()).await;
    out.push((
        "webhook",
        SmsSettings::Webhook {
            endpoint,
            key_secret: SecretText(SECRET.into()),
            sign_name: "便民".into(),
            templates: templates(),
        },
        fake,
    ));
    out
}

fn verification_to(cipher: &DataCipher, phone: &str, code: &str) -> NewMessage {
    let seal_ref = server::store::sealed::new_seal_ref();
    NewMessage {
        phone_sealed: cipher.seal(
            server::crypto::Place::message_phone(&seal_ref),
            phone.as_bytes(),
        ),
        phone_masked: format!("{}****{}", &phone[..3], &phone[7..]),
        template: "verification".into(),
        params_sealed: cipher.seal(
            server::crypto::Place::message_params(&seal_ref),
            &serde_json::to_vec(&[("code", code)]).unwrap(),
        ),
        seal_ref,
        office_id: Some("anning-office".into()),
        booking_code: None,
    }
}

/// The messages after the id `after`, by masked phone and status: (tries, last error).
async fn status_of(store: &Store, after: i64) -> BTreeMap<String, (i64, Option<String>)> {
    let mut out = BTreeMap::new();
    for status in ["due", "sent", "failed"] {
        for m in store
            .messages(status, None, 1000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.id > after)
        {
            out.insert(
                format!("{}:{status}", m.phone_masked),
                (m.attempts, m.last_error),
            );
        }
    }
    out
}

async fn each_sender_signs_as_its_provider_checks_and_records_the_outcome(db: support::TestDb) {
    let store = db.open().await;
    let cipher = DataCipher::new(&Keys::generate());
    let dir = tempfile::tempdir().unwrap();
    let mut after = 0;
    for (name, settings, fake) in senders().await {
        for phone in [OK, BAD_NUMBER, FAILING, SLOW] {
            store
                .queue(&verification_to(&cipher, phone, "246810"))
                .await
                .unwrap();
        }
        let sender = Arc::new(Sender::with_timeout(
            &settings,
            dir.path(),
            Duration::from_millis(800),
        ));
        let now = chrono::Utc::now().timestamp();
        assert_eq!(
            sms::worker::send_due(&store, &cipher, &sender, now)
                .await
                .unwrap(),
            4,
            "{name}"
        );

        // The provider took the good number, with our template id and the code.
        let taken = fake.taken();
        assert_eq!(taken.len(), 1, "{name}: {taken:?}");
        assert_eq!(taken[0].0, OK);
        assert_eq!(taken[0].1, "T1");
        assert!(
            taken[0].2.to_string().contains("246810"),
            "{name}: {:?}",
            taken[0].2
        );
        // A refused number fails at once; a failing or slow provider is tried again later.
        let status = status_of(&store, after).await;
        assert!(
            status.contains_key("138****0001:sent"),
            "{name}: {status:?}"
        );
        assert!(
            status.contains_key("138****0002:failed"),
            "{name}: {status:?}"
        );
        let (attempts, error) = &status["138****0003:due"];
        assert_eq!(*attempts, 1, "{name}");
        assert!(
            error.as_deref().is_some_and(|e| !e.contains("246810")),
            "{name}: {error:?}"
        );
        assert_eq!(
            status["138****0004:due"].1.as_deref(),
            Some("timed out"),
            "{name}"
        );
        // Nothing is due again until its wait is over.
        assert_eq!(
            sms::worker::send_due(&store, &cipher, &sender, now + 1)
                .await
                .unwrap(),
            0
        );
        // After the last try a message is failed.
        let mut later = now;
        for _ in 0..sms::worker::MAX_ATTEMPTS {
            later += 3600;
            sms::worker::send_due(&store, &cipher, &sender, later)
                .await
                .unwrap();
        }
        let status = status_of(&store, after).await;
        assert_eq!(
            status["138****0003:failed"].0,
            sms::worker::MAX_ATTEMPTS,
            "{name}: {status:?}"
        );
        assert!(
            status.contains_key("138****0004:failed"),
            "{name}: {status:?}"
        );
        assert_eq!(fake.taken().len(), 1, "{name}: nothing was sent twice");
        after = store.messages("failed", None, 1).await.unwrap()[0]
            .id
            .max(after);
        after = after.max(store.messages("sent", None, 1).await.unwrap()[0].id);
    }
    db.drop(store).await;
}

async fn the_file_sender_writes_the_text_with_the_number_masked(db: support::TestDb) {
    let store = db.open().await;
    let cipher = DataCipher::new(&Keys::generate());
    let dir = tempfile::tempdir().unwrap();
    store
        .queue(&verification_to(&cipher, OK, "135790"))
        .await
        .unwrap();
    let sender = Arc::new(Sender::new(&SmsSettings::File, dir.path()));
    sms::worker::send_due(&store, &cipher, &sender, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    let log = std::fs::read_to_string(dir.path().join("outbox.log")).unwrap();
    assert!(log.contains("138****0001"), "{log}");
    assert!(log.contains("135790"), "{log}");
    assert!(!log.contains(OK), "{log}");
    assert_eq!(store.messages("sent", None, 10).await.unwrap().len(), 1);
    db.drop(store).await;
}

async fn two_servers_on_one_database_send_each_message_once(db: support::TestDb) {
    let first = db.open().await;
    let second = db.open().await;
    let cipher = DataCipher::new(&Keys::generate());
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        first
            .queue(&verification_to(&cipher, OK, &format!("{i:06}")))
            .await
            .unwrap();
    }
    let (_, settings, fake) = senders().await.into_iter().nth(2).unwrap();
    let sender = Arc::new(Sender::new(&settings, dir.path()));
    let now = chrono::Utc::now().timestamp();
    let drain = |store: Store, cipher: DataCipher, sender: Arc<Sender>| async move {
        while sms::worker::send_due(&store, &cipher, &sender, now)
            .await
            .unwrap()
            > 0
        {}
    };
    tokio::join!(
        drain(first.clone(), cipher.clone(), sender.clone()),
        drain(second.clone(), cipher.clone(), sender.clone())
    );
    let mut ids: Vec<String> = fake.taken().into_iter().map(|t| t.3).collect();
    assert_eq!(ids.len(), 300);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 300, "a message went out twice");
    assert_eq!(first.messages("sent", None, 1000).await.unwrap().len(), 300);
    second.close().await;
    db.drop(first).await;
}

async fn the_running_sender_sends_a_queued_text_within_moments(db: support::TestDb) {
    let store = db.open().await;
    let cipher = DataCipher::new(&Keys::generate());
    let dir = tempfile::tempdir().unwrap();
    let sender = Arc::new(Sender::new(&SmsSettings::File, dir.path()));
    let running = tokio::spawn(sms::worker::run(store.clone(), cipher.clone(), sender));
    store
        .queue(&verification_to(&cipher, OK, "864209"))
        .await
        .unwrap();
    sms::worker::wake();
    let log = dir.path().join("outbox.log");
    let mut waited = 0;
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains("864209")
    {
        assert!(
            waited < 3000,
            "the text was not sent within 3 s of being queued"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += 50;
    }
    running.abort();
    db.drop(store).await;
}

crate::on_every_backend!(
    the_running_sender_sends_a_queued_text_within_moments,
    each_sender_signs_as_its_provider_checks_and_records_the_outcome,
    the_file_sender_writes_the_text_with_the_number_masked,
    two_servers_on_one_database_send_each_message_once,
);
