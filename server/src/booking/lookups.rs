//! Failed booking look-ups per address (guessing a code and an ID ending), kept in this
//! process's memory: a guesser is slowed down, then refused for a while.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Failed look-ups per address: after `SLOW_AFTER` in the window each answer is delayed; after
/// `REFUSE_AFTER` they are refused (429) until the window passes.
#[derive(Default)]
pub struct LookupGuard {
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

const WINDOW: Duration = Duration::from_secs(15 * 60);
const SLOW_AFTER: usize = 5;
const REFUSE_AFTER: usize = 10;

impl LookupGuard {
    /// Slows a guesser down, and answers true once they are over the limit.
    pub async fn is_refused(&self, ip: IpAddr) -> bool {
        let recent = self.recent(ip);
        if recent >= REFUSE_AFTER {
            return true;
        }
        if recent >= SLOW_AFTER {
            tokio::time::sleep(Duration::from_millis(
                250 * (recent - SLOW_AFTER + 1) as u64,
            ))
            .await;
        }
        false
    }

    fn recent(&self, ip: IpAddr) -> usize {
        let mut map = self.failures.lock().expect("lookup guard");
        let list = map.entry(ip).or_default();
        list.retain(|t| t.elapsed() < WINDOW);
        list.len()
    }

    pub fn fail(&self, ip: IpAddr) {
        let mut map = self.failures.lock().expect("lookup guard");
        map.entry(ip).or_default().push(Instant::now());
        if map.len() > 100_000 {
            map.retain(|_, list| list.iter().any(|t| t.elapsed() < WINDOW));
        }
    }
}
