//! Abuse protection that needs no network: a per-user rate limit (a user
//! who floods gets one "slow down", then is ignored for a while) and a
//! bounded memory of updates already handled (a Bot API that sends the same
//! update twice must not get two answers). Pure and clock-injected, so the
//! tests need no sleeping.

use std::collections::{HashSet, VecDeque};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

/// The rate limit's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Messages a user may send within `window`.
    pub max_messages: usize,
    /// The sliding window.
    pub window: Duration,
    /// How long a flooding user is ignored after the warning.
    pub cooldown: Duration,
}

impl Default for RateLimit {
    /// 20 messages a minute is far above a person typing questions and far
    /// below a script; a minute's silence is long enough to stop a script.
    fn default() -> Self {
        RateLimit {
            max_messages: 20,
            window: Duration::from_secs(60),
            cooldown: Duration::from_secs(60),
        }
    }
}

impl RateLimit {
    /// Reads `ARTICLEBOT_RATE_LIMIT` ("messages/seconds", e.g. "20/60") and
    /// `ARTICLEBOT_RATE_COOLDOWN` (seconds); unset means the default, "0"
    /// turns the limit off (`None`).
    pub fn from_env(
        limit: Option<&str>,
        cooldown: Option<&str>,
    ) -> Result<Option<RateLimit>, String> {
        let mut r = RateLimit::default();
        if let Some(v) = limit.map(str::trim).filter(|v| !v.is_empty()) {
            if v == "0" {
                return Ok(None);
            }
            let (n, secs) = v.split_once('/').unwrap_or((v, "60"));
            r.max_messages = n
                .trim()
                .parse()
                .map_err(|_| format!("ARTICLEBOT_RATE_LIMIT: {v:?} is not like 20/60"))?;
            r.window = Duration::from_secs(
                secs.trim()
                    .parse()
                    .map_err(|_| format!("ARTICLEBOT_RATE_LIMIT: {v:?} is not like 20/60"))?,
            );
        }
        if let Some(v) = cooldown.map(str::trim).filter(|v| !v.is_empty()) {
            r.cooldown = Duration::from_secs(v.parse().map_err(|_| {
                format!("ARTICLEBOT_RATE_COOLDOWN: {v:?} is not a number of seconds")
            })?);
        }
        Ok(Some(r))
    }
}

/// What to do with one message from a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Answer it.
    Allow,
    /// Tell the user to slow down (once), then ignore.
    Warn,
    /// Ignore it silently.
    Ignore,
}

#[derive(Debug, Default)]
struct UserState {
    recent: VecDeque<Instant>,
    silenced_until: Option<Instant>,
}

/// Per-user sliding-window limiter.
#[derive(Debug)]
pub struct Limiter {
    config: RateLimit,
    users: FxHashMap<i64, UserState>,
}

impl Limiter {
    /// A limiter with these settings.
    pub fn new(config: RateLimit) -> Limiter {
        Limiter {
            config,
            users: FxHashMap::default(),
        }
    }

    /// Records a message from `user` at `now` and says what to do with it.
    pub fn check(&mut self, user: i64, now: Instant) -> Verdict {
        // Forget idle users now and then, so memory follows active users only.
        if self.users.len() > 10_000 {
            let window = self.config.window;
            self.users.retain(|_, s| {
                s.silenced_until.is_some_and(|t| t > now)
                    || s.recent
                        .back()
                        .is_some_and(|&t| now.duration_since(t) < window)
            });
        }
        let state = self.users.entry(user).or_default();
        if let Some(until) = state.silenced_until {
            if now < until {
                return Verdict::Ignore;
            }
            state.silenced_until = None;
            state.recent.clear();
        }
        while state
            .recent
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.config.window)
        {
            state.recent.pop_front();
        }
        state.recent.push_back(now);
        if state.recent.len() > self.config.max_messages {
            state.silenced_until = Some(now + self.config.cooldown);
            return Verdict::Warn;
        }
        Verdict::Allow
    }
}

/// Remembers the last `capacity` keys seen; answers whether a key is new.
#[derive(Debug)]
pub struct Seen<K: std::hash::Hash + Eq + Clone> {
    capacity: usize,
    set: HashSet<K>,
    order: VecDeque<K>,
}

impl<K: std::hash::Hash + Eq + Clone> Seen<K> {
    /// A memory of `capacity` keys.
    pub fn new(capacity: usize) -> Seen<K> {
        Seen {
            capacity,
            set: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// True the first time `key` is offered (within the last `capacity` keys).
    pub fn first_time(&mut self, key: K) -> bool {
        if !self.set.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flooding_user_is_warned_once_then_ignored_then_forgiven() {
        let cfg = RateLimit {
            max_messages: 3,
            window: Duration::from_secs(60),
            cooldown: Duration::from_secs(30),
        };
        let mut l = Limiter::new(cfg);
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        assert_eq!(l.check(1, at(0)), Verdict::Allow);
        assert_eq!(l.check(1, at(1)), Verdict::Allow);
        assert_eq!(l.check(1, at(2)), Verdict::Allow);
        assert_eq!(
            l.check(2, at(2)),
            Verdict::Allow,
            "other users are not affected"
        );
        assert_eq!(l.check(1, at(3)), Verdict::Warn);
        assert_eq!(l.check(1, at(4)), Verdict::Ignore);
        assert_eq!(l.check(1, at(32)), Verdict::Ignore);
        assert_eq!(l.check(1, at(34)), Verdict::Allow, "after the cooldown");
    }

    #[test]
    fn the_window_slides() {
        let cfg = RateLimit {
            max_messages: 2,
            window: Duration::from_secs(10),
            cooldown: Duration::from_secs(10),
        };
        let mut l = Limiter::new(cfg);
        let t0 = Instant::now();
        for i in 0..10 {
            assert_eq!(l.check(1, t0 + Duration::from_secs(6 * i)), Verdict::Allow);
        }
    }

    #[test]
    fn parses_settings() {
        assert_eq!(
            RateLimit::from_env(None, None).unwrap(),
            Some(RateLimit::default())
        );
        assert_eq!(RateLimit::from_env(Some("0"), None).unwrap(), None);
        let r = RateLimit::from_env(Some("5/10"), Some("7"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (r.max_messages, r.window, r.cooldown),
            (5, Duration::from_secs(10), Duration::from_secs(7))
        );
        assert!(RateLimit::from_env(Some("x"), None).is_err());
    }

    #[test]
    fn seen_remembers_a_bounded_number_of_keys() {
        let mut s = Seen::new(2);
        assert!(s.first_time(1));
        assert!(!s.first_time(1));
        assert!(s.first_time(2));
        assert!(s.first_time(3));
        assert!(s.first_time(1), "forgotten after two newer keys");
    }
}
