//! Alibaba Cloud SMS `SendSms` (dysmsapi, API version 2017-05-25), signed with the RPC signature
//! (version 1.0, HMAC-SHA1) of Alibaba's "HTTP协议及签名" document.

use super::{Outgoing, SendError};
use base64::Engine;
use hmac::{Hmac, Mac};
use std::collections::BTreeMap;

pub const DEFAULT_ENDPOINT: &str = "https://dysmsapi.aliyuncs.com/";

/// Percent-encoding as the document defines it: everything but `A-Z a-z 0-9 - _ . ~` becomes
/// `%XX` (upper-case hex) of its UTF-8 bytes; a space is `%20`.
pub fn pop_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The request's parameters sorted and encoded, as the signature and the body use them.
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", pop_encode(k), pop_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `Signature` for `params` sent with `method`: Base64 of HMAC-SHA1 over
/// `METHOD&%2F&encode(query)`, keyed with the secret followed by `&`.
pub fn signature(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let to_sign = format!(
        "{method}&{}&{}",
        pop_encode("/"),
        pop_encode(&canonical_query(params))
    );
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes any key");
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The account and where to send.
#[derive(Clone)]
pub struct Alibaba {
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub sign_name: String,
}

impl Alibaba {
    /// The signed form body of one message (`timestamp` as `2017-07-12T02:42:19Z`).
    pub fn form(
        &self,
        message: &Outgoing,
        template_code: &str,
        timestamp: &str,
        nonce: &str,
    ) -> String {
        let template_param: serde_json::Map<String, serde_json::Value> = message
            .params
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        let mut params: BTreeMap<String, String> = [
            ("AccessKeyId", self.access_key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("PhoneNumbers", message.phone.as_str()),
            ("RegionId", "cn-hangzhou"),
            ("SignName", self.sign_name.as_str()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", template_code),
            ("Timestamp", timestamp),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        params.insert(
            "TemplateParam".into(),
            serde_json::Value::Object(template_param).to_string(),
        );
        params.insert("OutId".into(), message.id.to_string());
        let signature = signature("POST", &params, &self.access_key_secret);
        format!(
            "Signature={}&{}",
            pop_encode(&signature),
            canonical_query(&params)
        )
    }

    /// Sends one message; answers the provider's `BizId`.
    pub async fn send(
        &self,
        client: &reqwest::Client,
        message: &Outgoing,
        template_code: &str,
    ) -> Result<String, SendError> {
        let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let nonce = hex::encode(rand::random::<[u8; 16]>());
        let body = self.form(message, template_code, &timestamp, &nonce);
        let response = client
            .post(&self.endpoint)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(super::transport_error)?;
        let status = response.status();
        let answer: serde_json::Value = response
            .json()
            .await
            .map_err(|_| SendError::Retry(format!("HTTP {status}: the answer is not JSON")))?;
        let code = answer["Code"].as_str().unwrap_or_default();
        match code {
            "OK" => Ok(answer["BizId"].as_str().unwrap_or_default().to_string()),
            // Flow control and the provider's own trouble pass; try again later.
            "isv.BUSINESS_LIMIT_CONTROL"
            | "isp.SYSTEM_ERROR"
            | "Throttling.User"
            | "ServiceUnavailable" => Err(SendError::Retry(code.to_string())),
            // Only the code: the message of a signature refusal repeats the whole request.
            _ if status.is_server_error() => Err(SendError::Retry(format!("HTTP {status} {code}"))),
            _ => Err(SendError::Refused(code.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Alibaba's "HTTP协议及签名" document for `SendSms`.
    #[test]
    fn the_documents_send_sms_example_signs_to_its_published_signature() {
        let params: BTreeMap<String, String> = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            canonical_query(&params),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001\
             &RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B\
             %E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1\
             &SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0\
             &TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D\
             &Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
        );
        let signed = signature("GET", &params, "testSecret");
        assert_eq!(signed, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
        assert_eq!(pop_encode(&signed), "zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D");
    }

    /// The generic RPC signature document's `DescribeRegions` example.
    #[test]
    fn the_generic_rpc_example_signs_to_its_published_signature() {
        let params: BTreeMap<String, String> = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            signature("GET", &params, "testsecret"),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn encoding_keeps_only_unreserved_characters() {
        assert_eq!(pop_encode("a b*~+/"), "a%20b%2A~%2B%2F");
    }
}
