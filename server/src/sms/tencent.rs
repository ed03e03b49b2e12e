//! Tencent Cloud SMS `SendSms` (API version 2021-01-11), signed with TC3-HMAC-SHA256 as Tencent's
//! "签名方法 v3" document describes.

use super::{Outgoing, SendError};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const DEFAULT_ENDPOINT: &str = "https://sms.tencentcloudapi.com/";
const CONTENT_TYPE: &str = "application/json; charset=utf-8";

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The canonical request of a POST to `/` with these signed headers (name, value; names and
/// values lower-cased, sorted by name) and body.
pub fn canonical_request(headers: &[(&str, &str)], body: &[u8]) -> (String, String) {
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    let signed = signed.join(";");
    (
        format!(
            "POST\n/\n\n{canonical_headers}\n{signed}\n{}",
            sha256_hex(body)
        ),
        signed,
    )
}

/// The signature of `canonical` for `service` at `timestamp` (Unix seconds; the date is UTC).
pub fn signature(secret_key: &str, service: &str, timestamp: i64, canonical: &str) -> String {
    let date = utc_date(timestamp);
    let scope = format!("{date}/{service}/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let secret_date = hmac(format!("TC3{secret_key}").as_bytes(), &date);
    let secret_service = hmac(&secret_date, service);
    let secret_signing = hmac(&secret_service, "tc3_request");
    hex::encode(hmac(&secret_signing, &to_sign))
}

fn utc_date(timestamp: i64) -> String {
    chrono::DateTime::from_timestamp(timestamp, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The `Authorization` header of a request to `host` for `action`, signing content-type, host
/// and the action, as the document's current example does.
pub fn authorization(
    secret_id: &str,
    secret_key: &str,
    service: &str,
    host: &str,
    action: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    let (canonical, signed) = canonical_request(
        &[
            ("content-type", CONTENT_TYPE),
            ("host", host),
            ("x-tc-action", action),
        ],
        body,
    );
    let signature = signature(secret_key, service, timestamp, &canonical);
    format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{}/{service}/tc3_request, SignedHeaders={signed}, Signature={signature}",
        utc_date(timestamp)
    )
}

/// The account and where to send.
#[derive(Clone)]
pub struct Tencent {
    pub endpoint: String,
    pub secret_id: String,
    pub secret_key: String,
    pub sdk_app_id: String,
    pub sign_name: String,
    pub region: String,
}

impl Tencent {
    /// The JSON body of one message.
    pub fn body(&self, message: &Outgoing, template_id: &str) -> Vec<u8> {
        serde_json::json!({
            "PhoneNumberSet": [format!("+86{}", message.phone.as_str())],
            "SmsSdkAppId": self.sdk_app_id,
            "SignName": self.sign_name,
            "TemplateId": template_id,
            "TemplateParamSet": message.params.iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "SessionContext": message.id.to_string(),
        })
        .to_string()
        .into_bytes()
    }

    /// Sends one message; answers the provider's `SerialNo`.
    pub async fn send(
        &self,
        client: &reqwest::Client,
        message: &Outgoing,
        template_id: &str,
    ) -> Result<String, SendError> {
        let body = self.body(message, template_id);
        let host = reqwest::Url::parse(&self.endpoint)
            .ok()
            .and_then(|u| {
                u.host_str().map(|h| {
                    u.port()
                        .map(|p| format!("{h}:{p}"))
                        .unwrap_or(h.to_string())
                })
            })
            .unwrap_or_default();
        let timestamp = chrono::Utc::now().timestamp();
        let authorization = authorization(
            &self.secret_id,
            &self.secret_key,
            "sms",
            &host,
            "SendSms",
            timestamp,
            &body,
        );
        let response = client
            .post(&self.endpoint)
            .header("authorization", authorization)
            .header("content-type", CONTENT_TYPE)
            .header("host", &host)
            .header("x-tc-action", "SendSms")
            .header("x-tc-version", "2021-01-11")
            .header("x-tc-timestamp", timestamp.to_string())
            .header("x-tc-region", &self.region)
            .body(body)
            .send()
            .await
            .map_err(super::transport_error)?;
        let status = response.status();
        let answer: serde_json::Value = response
            .json()
            .await
            .map_err(|_| SendError::Retry(format!("HTTP {status}: the answer is not JSON")))?;
        let answer = &answer["Response"];
        if let Some(code) = answer["Error"]["Code"].as_str() {
            return Err(match code {
                "RequestLimitExceeded"
                | "InternalError"
                | "LimitExceeded.DeliveryFrequencyLimit" => SendError::Retry(code.to_string()),
                _ if code.starts_with("InternalError") => SendError::Retry(code.to_string()),
                _ => SendError::Refused(code.to_string()),
            });
        }
        if status.is_server_error() {
            return Err(SendError::Retry(format!("HTTP {status}")));
        }
        let first = &answer["SendStatusSet"][0];
        match first["Code"].as_str() {
            Some("Ok") => Ok(first["SerialNo"].as_str().unwrap_or_default().to_string()),
            Some(code) if code.starts_with("LimitExceeded.DeliveryFrequencyLimit") => {
                Err(SendError::Retry(code.to_string()))
            }
            Some(code) => Err(SendError::Refused(code.to_string())),
            None => Err(SendError::Retry("no send status in the answer".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of the document's example, with its literal `\u` escapes.
    const BODY: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    const HOST: &str = "cvm.tencentcloudapi.com";

    /// The current "签名方法 v3" example (content-type, host and the action signed).
    #[test]
    fn the_documents_current_example_signs_to_its_published_signature() {
        let secret_id = format!("AKID{}", "*".repeat(32));
        let secret_key = "*".repeat(32);
        let (canonical, signed) = canonical_request(
            &[
                ("content-type", CONTENT_TYPE),
                ("host", HOST),
                ("x-tc-action", "DescribeInstances"),
            ],
            BODY.as_bytes(),
        );
        assert_eq!(signed, "content-type;host;x-tc-action");
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
        );
        assert_eq!(
            authorization(
                &secret_id,
                &secret_key,
                "cvm",
                HOST,
                "DescribeInstances",
                1551113065,
                BODY.as_bytes()
            ),
            format!(
                "TC3-HMAC-SHA256 Credential={secret_id}/2019-02-25/cvm/tc3_request, \
                 SignedHeaders=content-type;host;x-tc-action, \
                 Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
            )
        );
    }

    /// The document's earlier example (content-type and host signed).
    #[test]
    fn the_documents_earlier_example_signs_to_its_published_signature() {
        let (canonical, _) = canonical_request(
            &[("content-type", CONTENT_TYPE), ("host", HOST)],
            BODY.as_bytes(),
        );
        assert!(
            canonical.ends_with("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
        );
        assert_eq!(
            signature(
                "Gu5t9xGARNpq86cd98joQYCN3*******",
                "cvm",
                1551113065,
                &canonical
            ),
            "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
    }
}
