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
    pub(crate) max_messages: usize,
    /// The sliding window.
    pub(crate) window: Duration,
    /// How long a flooding user is ignored after the warning.
    pub(crate) cooldown: Duration,
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

/// The `--rate-limit` setting: messages per window, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateSetting {
    /// No limit ("0").
    Off,
    /// At most `max_messages` within `window` ("20/60"; "20" is per minute).
    Limit {
        /// Messages allowed in the window.
        max_messages: usize,
        /// The window.
        window: Duration,
    },
}

/// A `--rate-limit` value that is not "messages/seconds".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not like 20/60 (messages/seconds), or 0 for no limit")]
pub struct BadRateLimit(String);

impl std::str::FromStr for RateSetting {
    type Err = BadRateLimit;

    fn from_str(value: &str) -> Result<RateSetting, BadRateLimit> {
        let v = value.trim();
        if v == "0" {
            return Ok(RateSetting::Off);
        }
        let bad = || BadRateLimit(value.to_string());
        let (n, secs) = v.split_once('/').unwrap_or((v, "60"));
        let max_messages = n.trim().parse().map_err(|_| bad())?;
        let secs: u64 = secs.trim().parse().map_err(|_| bad())?;
        if max_messages == 0 || secs == 0 {
            return Err(bad());
        }
        Ok(RateSetting::Limit {
            max_messages,
            window: Duration::from_secs(secs),
        })
    }
}

impl RateLimit {
    /// The limit a setting and a cooldown make, `None` when it is off.
    pub fn new(setting: RateSetting, cooldown: Duration) -> Option<RateLimit> {
        match setting {
            RateSetting::Off => None,
            RateSetting::Limit {
                max_messages,
                window,
            } => Some(RateLimit {
                max_messages,
                window,
                cooldown,
            }),
        }
    }
}

/// What to do with one message from a user.
// The limiter and the update memory serve the Telegram adapter only.
#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Answer it.
    Allow,
    /// Tell the user to slow down (once), then ignore.
    Warn,
    /// Ignore it silently.
    Ignore,
}

#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
#[derive(Debug, Default)]
struct UserState {
    recent: VecDeque<Instant>,
    silenced_until: Option<Instant>,
}

/// Per-user sliding-window limiter.
#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
#[derive(Debug)]
pub(crate) struct Limiter {
    config: RateLimit,
    users: FxHashMap<i64, UserState>,
}

#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
impl Limiter {
    /// A limiter with these settings.
    pub(crate) fn new(config: RateLimit) -> Limiter {
        Limiter {
            config,
            users: FxHashMap::default(),
        }
    }

    /// Records a message from `user` at `now` and says what to do with it.
    pub(crate) fn check(&mut self, user: i64, now: Instant) -> Verdict {
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
#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
#[derive(Debug)]
pub(crate) struct Handled<K: std::hash::Hash + Eq + Clone> {
    capacity: usize,
    set: HashSet<K>,
    order: VecDeque<K>,
}

#[cfg_attr(not(feature = "telegram"), allow(dead_code))]
impl<K: std::hash::Hash + Eq + Clone> Handled<K> {
    /// A memory of `capacity` keys.
    pub(crate) fn new(capacity: usize) -> Handled<K> {
        Handled {
            capacity,
            set: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// True the first time `key` is offered (within the last `capacity` keys).
    pub(crate) fn first_time(&mut self, key: K) -> bool {
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
    fn parses_the_rate_setting() {
        assert_eq!("0".parse::<RateSetting>(), Ok(RateSetting::Off));
        let five_in_ten = RateSetting::Limit {
            max_messages: 5,
            window: Duration::from_secs(10),
        };
        assert_eq!(" 5/10 ".parse::<RateSetting>(), Ok(five_in_ten));
        assert_eq!(
            "20".parse::<RateSetting>(),
            Ok(RateSetting::Limit {
                max_messages: 20,
                window: Duration::from_secs(60)
            })
        );
        for bad in ["x", "5/", "5/0", "-1/60", ""] {
            assert!(bad.parse::<RateSetting>().is_err(), "{bad:?}");
        }
        let limit = RateLimit::new(five_in_ten, Duration::from_secs(7)).unwrap();
        assert_eq!(limit.cooldown, Duration::from_secs(7));
        assert_eq!(RateLimit::new(RateSetting::Off, Duration::ZERO), None);
    }

    #[test]
    fn seen_remembers_a_bounded_number_of_keys() {
        let mut s = Handled::new(2);
        assert!(s.first_time(1));
        assert!(!s.first_time(1));
        assert!(s.first_time(2));
        assert!(s.first_time(3));
        assert!(s.first_time(1), "forgotten after two newer keys");
    }
}
