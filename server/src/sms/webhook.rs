//! A provincial government SMS platform reached by an HTTPS JSON webhook: each message is one
//! POST, signed with HMAC-SHA256 over the timestamp and the body so the platform can tell it
//! came from this deployment and is fresh.

use super::{Outgoing, SendError};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The platform's address and the shared secret.
#[derive(Clone)]
pub struct Webhook {
    pub endpoint: String,
    pub secret: String,
    pub sign_name: String,
}

/// `X-Bianmin-Signature`: `sha256=` and the hex HMAC-SHA256 of `timestamp.body`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Webhook {
    /// The JSON body of one message.
    pub fn body(&self, message: &Outgoing, template_id: &str) -> Vec<u8> {
        let params: serde_json::Map<String, serde_json::Value> = message
            .params
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::json!({
            "id": message.id.to_string(),
            "phone": message.phone.as_str(),
            "sign_name": self.sign_name,
            "template": message.template.key(),
            "template_id": template_id,
            "params": params,
            "text": message.template.text(&message.params),
        })
        .to_string()
        .into_bytes()
    }

    /// Sends one message: a 2xx answer with `{"id": …}` means taken; 4xx refused; 5xx, 429 and
    /// timeouts are tried again.
    pub async fn send(
        &self,
        client: &reqwest::Client,
        message: &Outgoing,
        template_id: &str,
    ) -> Result<String, SendError> {
        let body = self.body(message, template_id);
        let timestamp = chrono::Utc::now().timestamp();
        let response = client
            .post(&self.endpoint)
            .header("content-type", "application/json")
            .header("x-bianmin-timestamp", timestamp.to_string())
            .header(
                "x-bianmin-signature",
                signature(&self.secret, timestamp, &body),
            )
            .body(body)
            .send()
            .await
            .map_err(super::transport_error)?;
        let status = response.status();
        if status.is_success() {
            let answer: serde_json::Value = response.json().await.unwrap_or_default();
            return Ok(answer["id"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("webhook-{}", message.id)));
        }
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(SendError::Retry(format!("HTTP {status}")));
        }
        Err(SendError::Refused(format!("HTTP {status}")))
    }
}
