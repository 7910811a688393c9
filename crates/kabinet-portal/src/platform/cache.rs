//! A small read-through cache for hot reads (the session behind an access token,
//! the account view): entries live at most `ttl` of physical time, so what another
//! instance changed is seen within that bound, and this instance evicts what it
//! changes itself. Bounded: past `max` entries it starts afresh.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    entries: Mutex<HashMap<K, (Instant, V)>>,
    ttl: Duration,
    max: usize,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, max: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            ttl,
            max,
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.max {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Evicts every entry `drop` says no longer holds.
    pub fn evict(&self, mut drop: impl FnMut(&K, &V) -> bool) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|k, (_, v)| !drop(k, v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_are_evicted_and_bounded() {
        let cache = TtlCache::new(Duration::from_millis(50), 3);
        cache.put("a", 1);
        assert_eq!(cache.get(&"a"), Some(1));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get(&"a"), None, "expired");
        cache.put("b", 2);
        cache.put("c", 3);
        cache.evict(|_, v| *v == 2);
        assert_eq!((cache.get(&"b"), cache.get(&"c")), (None, Some(3)));
        cache.put("d", 4);
        cache.put("e", 5); // the fourth entry: starts afresh
        assert_eq!((cache.get(&"c"), cache.get(&"e")), (None, Some(5)));
    }
}
