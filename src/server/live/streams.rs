//! Bounds on the live streams one app server holds open: a few per person (a person has a
//! handful of tabs, not a hundred), a configurable number in all, and a lifetime after
//! which the stream ends and the browser's `EventSource` reconnects (re-checking who it is).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Streams one person may hold on one server.
pub const PER_PERSON: usize = 8;
/// Streams one server holds in all, unless configured (`LIVE_STREAMS_MAX`).
pub const DEFAULT_TOTAL: usize = 4096;
/// A stream ends after this long, unless configured; the browser reconnects by itself.
pub const LIFETIME: Duration = Duration::from_secs(3600);

/// When a browser whose stream ended should come back: 1–5 s, at random, so that the
/// browsers of a stopping server do not all knock at once.
pub fn reconnect_after() -> Duration {
    use rand::Rng;
    Duration::from_millis(rand::thread_rng().gen_range(1_000..5_000))
}

#[derive(Default)]
struct Open {
    by_person: HashMap<String, usize>,
    total: usize,
}

/// The open streams of this server.
#[derive(Clone)]
pub struct StreamLimits {
    total: usize,
    lifetime: Duration,
    open: Arc<Mutex<Open>>,
}

/// Why a stream was not opened.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// This person has [`PER_PERSON`] open here already.
    PerPerson,
    /// The server is at its total.
    Server,
}

/// One open stream; dropping it (the browser went away, the stream ended) frees the place.
pub struct Slot {
    person: String,
    open: Arc<Mutex<Open>>,
}

impl StreamLimits {
    pub fn new(total: usize, lifetime: Duration) -> Self {
        Self {
            total,
            lifetime,
            open: Arc::default(),
        }
    }

    /// A place for one more stream of `person`, if there is one.
    pub fn claim(&self, person: &str) -> Result<Slot, Refused> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.total {
            return Err(Refused::Server);
        }
        let mine = open.by_person.entry(person.to_owned()).or_default();
        if *mine >= PER_PERSON {
            return Err(Refused::PerPerson);
        }
        *mine += 1;
        open.total += 1;
        Ok(Slot {
            person: person.to_owned(),
            open: self.open.clone(),
        })
    }

    /// How long a stream lives before the browser is made to reconnect.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// Streams open now (for tests and tools).
    pub fn open(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        tracing::debug!(person = %self.person, open = open.total, "live stream closed");
        if let Some(n) = open.by_person.get_mut(&self.person) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.by_person.remove(&self.person);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_gets_eight_and_a_dropped_stream_frees_its_place() {
        let limits = StreamLimits::new(100, LIFETIME);
        let mut held: Vec<Slot> = (0..PER_PERSON)
            .map(|_| limits.claim("ana").unwrap())
            .collect();
        assert_eq!(limits.claim("ana").err(), Some(Refused::PerPerson));
        assert!(
            limits.claim("bruno").is_ok(),
            "another person is not affected"
        );
        held.pop();
        assert!(limits.claim("ana").is_ok());
    }

    #[test]
    fn the_server_total_holds_for_everyone() {
        let limits = StreamLimits::new(3, LIFETIME);
        let _held: Vec<Slot> = ["a", "b", "c"]
            .iter()
            .map(|p| limits.claim(p).unwrap())
            .collect();
        assert_eq!(limits.claim("d").err(), Some(Refused::Server));
        assert_eq!(limits.open(), 3);
    }
}
