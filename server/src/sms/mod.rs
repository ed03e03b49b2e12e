//! Text messages: what is sent (a provider template and its parameters), and the senders a
//! deployment chooses in its settings: Alibaba Cloud SMS, Tencent Cloud SMS, a provincial
//! platform's HTTPS webhook, or the `file` sender that writes each message to `outbox.log` in
//! the data directory so a person trying the app can read the codes.
//!
//! Messages are queued in the `outbox` table with the change that causes them; the [`worker`]
//! task on each server claims due ones, sends them and records what the provider answered. No
//! message text, code or full phone number is logged.

pub mod alibaba;
pub mod tencent;
pub mod webhook;
pub mod worker;

use app::{
    domain::booking::phone::Phone,
    i18n::{Locale, Msg},
};
use std::{collections::HashMap, io::Write, path::PathBuf, sync::Mutex};

/// The messages Bianmin sends, each a template the provider has approved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// A six-digit code for a booking or a look-up: `code`.
    Verification,
    /// A booking made: `office`, `time`, `code`.
    Booked,
    /// The office cancelled a booking (a closed day): `office`, `time`, `code`.
    CancelledByOffice,
    /// A booking's details, sent by an agent: `code`, `office`, `time`, `address`.
    Summary,
}

impl Template {
    pub const ALL: [Template; 4] = [
        Template::Verification,
        Template::Booked,
        Template::CancelledByOffice,
        Template::Summary,
    ];

    /// The name in settings (`BIANMIN_SMS_TEMPLATES`) and in the outbox.
    pub fn key(self) -> &'static str {
        match self {
            Template::Verification => "verification",
            Template::Booked => "booked",
            Template::CancelledByOffice => "cancelled_by_office",
            Template::Summary => "summary",
        }
    }

    pub fn parse(key: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The parameters, in the order providers with positional templates (Tencent) take them.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Template::Verification => &["code"],
            Template::Booked | Template::CancelledByOffice => &["office", "time", "code"],
            Template::Summary => &["code", "office", "time", "address"],
        }
    }

    /// The Chinese text, as the provider's approved template would read.
    pub fn text(self, params: &[(String, String)]) -> String {
        let msg = match self {
            Template::Verification => Msg::SmsVerification,
            Template::Booked => Msg::SmsBooked,
            Template::CancelledByOffice => Msg::SmsCancelledByOffice,
            Template::Summary => Msg::SmsSummary,
        };
        let params: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Locale::ZhCn.t_with(msg, &params)
    }
}

/// One message on its way to a provider.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The outbox row, sent along as the provider's own reference (`OutId`, `SessionContext`).
    pub id: i64,
    pub phone: Phone,
    pub template: Template,
    /// In the template's order.
    pub params: Vec<(String, String)>,
}

/// Why a message did not go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try later (a timeout, the provider's flow control or its own trouble).
    Retry(String),
    /// The provider refused it for good (a bad number, an unapproved template, bad credentials).
    Refused(String),
}

impl SendError {
    pub fn reason(&self) -> &str {
        match self {
            SendError::Retry(r) | SendError::Refused(r) => r,
        }
    }
}

/// A failure to reach the provider, without the URL (which may carry a key).
pub(crate) fn transport_error(error: reqwest::Error) -> SendError {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    SendError::Retry(kind.to_string())
}

/// A secret setting: never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(pub String);

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which sender, and its account, from the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmsSettings {
    /// Appends to `outbox.log` in the data directory.
    File,
    Alibaba {
        endpoint: String,
        key_id: String,
        key_secret: SecretText,
        sign_name: String,
        templates: HashMap<String, String>,
    },
    Tencent {
        endpoint: String,
        key_id: String,
        key_secret: SecretText,
        app_id: String,
        sign_name: String,
        region: String,
        templates: HashMap<String, String>,
    },
    Webhook {
        endpoint: String,
        key_secret: SecretText,
        sign_name: String,
        templates: HashMap<String, String>,
    },
}

impl SmsSettings {
    pub fn name(&self) -> &'static str {
        match self {
            SmsSettings::File => "file",
            SmsSettings::Alibaba { .. } => "alibaba",
            SmsSettings::Tencent { .. } => "tencent",
            SmsSettings::Webhook { .. } => "webhook",
        }
    }

    /// Reads `BIANMIN_SMS_*` through `get`; a provider needs its account and a template id for
    /// every message Bianmin sends.
    pub fn from_settings(get: impl Fn(&str) -> Option<String>) -> Result<SmsSettings, String> {
        let sender = get("BIANMIN_SMS_SENDER").unwrap_or_else(|| "file".into());
        if sender == "file" {
            return Ok(SmsSettings::File);
        }
        let need = |name: &str| {
            get(name).ok_or_else(|| format!("BIANMIN_SMS_SENDER={sender} needs {name}"))
        };
        let templates: HashMap<String, String> = need("BIANMIN_SMS_TEMPLATES")?
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').ok_or_else(|| {
                    format!("BIANMIN_SMS_TEMPLATES: {pair:?} is not name=template-id")
                })?;
                let k = k.trim();
                if Template::parse(k).is_none() {
                    return Err(format!("BIANMIN_SMS_TEMPLATES: no message is called {k:?}"));
                }
                Ok((k.to_string(), v.trim().to_string()))
            })
            .collect::<Result<_, String>>()?;
        if let Some(missing) = Template::ALL
            .iter()
            .find(|t| !templates.contains_key(t.key()))
        {
            return Err(format!(
                "BIANMIN_SMS_TEMPLATES has no template id for {:?} (needed: {})",
                missing.key(),
                Template::ALL.map(Template::key).join(", ")
            ));
        }
        let endpoint = get("BIANMIN_SMS_ENDPOINT");
        let secret = SecretText(need("BIANMIN_SMS_KEY_SECRET")?);
        let sign_name = need("BIANMIN_SMS_SIGN_NAME")?;
        Ok(match sender.as_str() {
            "alibaba" => SmsSettings::Alibaba {
                endpoint: endpoint.unwrap_or_else(|| alibaba::DEFAULT_ENDPOINT.into()),
                key_id: need("BIANMIN_SMS_KEY_ID")?,
                key_secret: secret,
                sign_name,
                templates,
            },
            "tencent" => SmsSettings::Tencent {
                endpoint: endpoint.unwrap_or_else(|| tencent::DEFAULT_ENDPOINT.into()),
                key_id: need("BIANMIN_SMS_KEY_ID")?,
                key_secret: secret,
                app_id: need("BIANMIN_SMS_APP_ID")?,
                sign_name,
                region: get("BIANMIN_SMS_REGION").unwrap_or_else(|| "ap-guangzhou".into()),
                templates,
            },
            "webhook" => SmsSettings::Webhook {
                endpoint: need("BIANMIN_SMS_ENDPOINT")?,
                key_secret: secret,
                sign_name,
                templates,
            },
            other => {
                return Err(format!(
                    "BIANMIN_SMS_SENDER: {other:?} is not file, alibaba, tencent or webhook"
                ))
            }
        })
    }
}

/// A configured sender.
pub struct Sender {
    kind: Kind,
    client: reqwest::Client,
}

enum Kind {
    File(Mutex<PathBuf>),
    Alibaba(alibaba::Alibaba, HashMap<String, String>),
    Tencent(tencent::Tencent, HashMap<String, String>),
    Webhook(webhook::Webhook, HashMap<String, String>),
}

/// How long one request to a provider may take.
const PROVIDER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Sender {
    pub fn new(settings: &SmsSettings, data_dir: &std::path::Path) -> Sender {
        Sender::with_timeout(settings, data_dir, PROVIDER_TIMEOUT)
    }

    /// A sender whose requests give up after `timeout`.
    pub fn with_timeout(
        settings: &SmsSettings,
        data_dir: &std::path::Path,
        timeout: std::time::Duration,
    ) -> Sender {
        let kind = match settings.clone() {
            SmsSettings::File => Kind::File(Mutex::new(data_dir.join("outbox.log"))),
            SmsSettings::Alibaba {
                endpoint,
                key_id,
                key_secret,
                sign_name,
                templates,
            } => Kind::Alibaba(
                alibaba::Alibaba {
                    endpoint,
                    access_key_id: key_id,
                    access_key_secret: key_secret.0,
                    sign_name,
                },
                templates,
            ),
            SmsSettings::Tencent {
                endpoint,
                key_id,
                key_secret,
                app_id,
                sign_name,
                region,
                templates,
            } => Kind::Tencent(
                tencent::Tencent {
                    endpoint,
                    secret_id: key_id,
                    secret_key: key_secret.0,
                    sdk_app_id: app_id,
                    sign_name,
                    region,
                },
                templates,
            ),
            SmsSettings::Webhook {
                endpoint,
                key_secret,
                sign_name,
                templates,
            } => Kind::Webhook(
                webhook::Webhook {
                    endpoint,
                    secret: key_secret.0,
                    sign_name,
                },
                templates,
            ),
        };
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(std::time::Duration::from_secs(5)))
            .build()
            .expect("an HTTP client with the default TLS roots");
        Sender { kind, client }
    }

    /// Sends one message; answers the provider's id for it.
    pub async fn send(&self, message: &Outgoing) -> Result<String, SendError> {
        let template_id = |templates: &HashMap<String, String>| {
            templates
                .get(message.template.key())
                .cloned()
                .ok_or_else(|| {
                    SendError::Refused(format!("no template id for {}", message.template.key()))
                })
        };
        match &self.kind {
            Kind::File(path) => {
                let line = format!(
                    "{}\t{}\t{}\n",
                    crate::clock::real_now(),
                    message.phone.masked(),
                    message.template.text(&message.params)
                );
                let path = path.lock().expect("outbox log");
                let written = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&*path)
                    .and_then(|mut f| f.write_all(line.as_bytes()));
                match written {
                    Ok(()) => Ok(format!("file-{}", message.id)),
                    Err(e) => Err(SendError::Retry(format!("outbox.log: {}", e.kind()))),
                }
            }
            Kind::Alibaba(account, templates) => {
                account
                    .send(&self.client, message, &template_id(templates)?)
                    .await
            }
            Kind::Tencent(account, templates) => {
                account
                    .send(&self.client, message, &template_id(templates)?)
                    .await
            }
            Kind::Webhook(hook, templates) => {
                hook.send(&self.client, message, &template_id(templates)?)
                    .await
            }
        }
    }
}
