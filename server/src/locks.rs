//! Per-shop locks within one instance: a shop's token acquisition (exchange
//! or refresh) and its "Set up" run one at a time, since every new expiring
//! token revokes the previous one and two set-ups would create two
//! validations. Across instances, the session's version check
//! (`Storage::replace_session`) and the retry on a refused token recover.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

#[derive(Clone, Default)]
pub struct ShopLocks {
    locks: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl ShopLocks {
    /// Waits for the lock named `key` (e.g. `token:<shop>`).
    pub async fn lock(&self, key: String) -> OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            // Forget locks nobody holds or waits for, so the map stays as
            // small as the shops being served right now.
            locks.retain(|_, lock| Arc::strong_count(lock) > 1);
            locks.entry(key).or_default().clone()
        };
        lock.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn one_holder_per_key() {
        let locks = ShopLocks::default();
        let held = locks.lock("token:a".into()).await;
        let other = tokio::time::timeout(Duration::from_millis(50), locks.lock("token:b".into())).await;
        assert!(other.is_ok(), "another key is independent");
        let same = tokio::time::timeout(Duration::from_millis(50), locks.lock("token:a".into())).await;
        assert!(same.is_err(), "the same key waits");
        drop(held);
        assert!(tokio::time::timeout(Duration::from_millis(50), locks.lock("token:a".into())).await.is_ok());
    }
}
