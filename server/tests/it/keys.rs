//! The keys of the embedded database, generated into the data directory: `server keys rotate`
//! replaces the data key there and re-seals everything, and a rotation that stopped halfway is
//! finished (or forgotten) at the next start.

use crate::support;
use server::{
    config::Config,
    crypto::{DataCipher, Place},
    keys::{Keys, SecretKey},
    store::{outbox::NewMessage, sealed::new_seal_ref, Store},
};
use std::{collections::HashMap, path::Path};

fn config_in(dir: &Path, extra: &[(&str, String)]) -> Config {
    let mut env: HashMap<String, String> = HashMap::from([
        ("BIANMIN_DATA_DIR".into(), dir.display().to_string()),
        ("BIANMIN_SAMPLE_DATA".into(), "false".into()),
    ]);
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Config::from_sources(&env).unwrap()
}

async fn queue_text(store: &Store, cipher: &DataCipher, phone: &str) {
    let seal_ref = new_seal_ref();
    store
        .queue(&NewMessage {
            phone_sealed: cipher.seal(Place::message_phone(&seal_ref), phone.as_bytes()),
            phone_masked: format!("{}****{}", &phone[..3], &phone[7..]),
            template: "verification".into(),
            params_sealed: cipher.seal(
                Place::message_params(&seal_ref),
                &serde_json::to_vec(&[("code", "246810")]).unwrap(),
            ),
            office_id: None,
            booking_code: None,
            seal_ref,
        })
        .await
        .unwrap();
}

fn stored_keys(dir: &Path) -> Keys {
    Keys::load_or_generate(dir).unwrap()
}

#[tokio::test]
async fn rotating_generated_keys_rewrites_secrets_toml_and_every_sealed_value() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), &[]);
    let store = server::prepare_store(&config).await.unwrap();
    let cipher = server::open_cipher(&config, &store).await.unwrap();
    queue_text(&store, &cipher, "13800000031").await;
    let before = stored_keys(dir.path());

    server::commands::keys_rotate(&config).await.unwrap();

    let after = stored_keys(dir.path());
    assert_ne!(after.data, before.data, "a new data key");
    assert_eq!(after.secret, before.secret, "the secret key stays");
    assert!(!dir.path().join("secrets.next.toml").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secrets.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the key file stays private");
    }
    assert!(store.data_cipher(&before).await.unwrap().is_none());
    // The next start reads the new key, and the queued text goes out to its phone.
    let restarted = server::open_cipher(&config_in(dir.path(), &[]), &store)
        .await
        .unwrap();
    let texts = support::Phones::new(&store, &restarted).texts().await;
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].0, "138****0031");
    assert!(texts[0].1.contains("246810"), "{}", texts[0].1);
    store.close().await;
}

#[tokio::test]
async fn a_rotation_stopped_halfway_is_finished_or_forgotten_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), &[]);
    let store = server::prepare_store(&config).await.unwrap();
    let cipher = server::open_cipher(&config, &store).await.unwrap();
    queue_text(&store, &cipher, "13800000032").await;
    let first = stored_keys(dir.path());

    // Stopped before the database changed: the new key is forgotten.
    let next = Keys {
        secret: first.secret.clone(),
        data: SecretKey::generate(),
    };
    next.write_next(dir.path()).unwrap();
    server::open_cipher(&config, &store).await.unwrap();
    assert!(!dir.path().join("secrets.next.toml").exists());
    assert_eq!(stored_keys(dir.path()).data, first.data);

    // Stopped after the database changed, before the key file was replaced: it is replaced.
    next.write_next(dir.path()).unwrap();
    let line = server::store::staff::AuditEntry {
        actor: "server-command".into(),
        role: None,
        address: "local".into(),
        action: "data_key_rotated".into(),
        record: None,
        detail: String::new(),
    };
    store.rotate_data_key(&cipher, &next, &line).await.unwrap();
    let finished = server::open_cipher(&config_in(dir.path(), &[]), &store)
        .await
        .unwrap();
    assert_eq!(stored_keys(dir.path()).data, next.data);
    assert!(!dir.path().join("secrets.next.toml").exists());
    let texts = support::Phones::new(&store, &finished).texts().await;
    assert_eq!(texts.len(), 1);
    store.close().await;
}

#[tokio::test]
async fn a_data_key_that_is_not_the_databases_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), &[]);
    let store = server::prepare_store(&config).await.unwrap();
    server::open_cipher(&config, &store).await.unwrap();
    let other = config_in(
        dir.path(),
        &[
            ("BIANMIN_SECRET_KEY", "ab".repeat(32)),
            ("BIANMIN_DATA_KEY", "cd".repeat(32)),
        ],
    );
    let error = server::open_cipher(&other, &store).await.unwrap_err();
    assert!(
        error.to_string().contains("does not open this database"),
        "{error}"
    );
    // And a rotation asks for the new key when the data key is a setting.
    let error = server::commands::keys_rotate(&config_in(
        dir.path(),
        &[
            ("BIANMIN_SECRET_KEY", stored_keys(dir.path()).secret_hex()),
            ("BIANMIN_DATA_KEY", stored_keys(dir.path()).data_hex()),
        ],
    ))
    .await
    .unwrap_err();
    assert!(
        format!("{error:#}").contains("BIANMIN_NEW_DATA_KEY"),
        "{error:#}"
    );
    store.close().await;
}
