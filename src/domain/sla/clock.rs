//! One occurrence's SLA clock as pages show it: which deadline is next (first response
//! until an analyst answers publicly, then solution), how much business time is left, and
//! whether it runs, stands still (paused, or outside business hours) or is over. Pure: the
//! browser reads the same clock every second.

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::calendar::{BusinessCalendar, Pause};
use super::calendar_spec::CalendarSpec;
use crate::domain::occurrences::{ClockRule, State};

/// What a page needs to read the clock at any instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub opened_at: DateTime<Utc>,
    pub first_response_minutes: u32,
    pub solution_minutes: u32,
    /// The first public reply of an analyst.
    pub first_response_at: Option<DateTime<Utc>>,
    /// Set while the occurrence is resolved, closed or forwarded: the clock has ended.
    pub stopped_at: Option<DateTime<Utc>>,
    /// Spans the clock stood still (waiting on the customer, on a version, or resolved
    /// before a reopening); the last one is open while still paused.
    pub pauses: Vec<Pause>,
    /// Why it is paused now ("aguardando cliente"), if it is.
    pub paused_because: Option<String>,
    /// The server's time when this was read: the browser measures its own clock's error
    /// against it, so a wrong clock on the customer's computer does not move deadlines.
    pub read_at: DateTime<Utc>,
    /// Share of the time after which the clock warns (coordinator setting, default 80).
    pub warning_percent: u8,
    /// The calendar the occurrence snapshot when it opened (hours, Carnaval, the office's
    /// holidays), so the browser counts with the same calendar as the server.
    #[serde(default)]
    pub calendar: CalendarSpec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    FirstResponse,
    Solution,
}

impl Target {
    pub fn label(self) -> &'static str {
        match self {
            Self::FirstResponse => "1ª resposta",
            Self::Solution => "solução",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockStatus {
    Running,
    Paused,
    Warning,
    Breached,
    Met,
}

impl ClockStatus {
    /// `data-status` values (stable, for tests and tools).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Paused => "paused",
            Self::Warning => "warning",
            Self::Breached => "breached",
            Self::Met => "met",
        }
    }

    /// In words, so the status never depends on colour (or the page's icon) alone.
    pub fn label(self) -> &'static str {
        match self {
            Self::Running => "no prazo",
            Self::Paused => "pausado",
            Self::Warning => "perto do prazo",
            Self::Breached => "prazo estourado",
            Self::Met => "prazo cumprido",
        }
    }
}

/// The clock read at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub target: Target,
    /// `None` while a pause holds the deadline.
    pub deadline: Option<DateTime<Utc>>,
    /// Business time left (negative once breached).
    pub remaining: Duration,
    /// Share of the target's time used, in percent (over 100 once breached).
    pub used_percent: u32,
    pub status: ClockStatus,
    /// Whether it is counting down right now (inside business hours, not paused).
    pub ticking: bool,
    /// When it runs again, if it stands still outside business hours.
    pub resumes_at: Option<DateTime<Utc>>,
}

impl SlaClock {
    /// The pauses from an occurrence's state changes `(when, from, to)`, oldest first:
    /// time spent in a pausing or stopped state does not count (a reopening resumes the
    /// solution clock where it stood). `pause_version` says whether "aguardando versão"
    /// pauses (the default) or runs.
    pub fn pauses_from(
        changes: &[(DateTime<Utc>, State, State)],
        pause_version: bool,
    ) -> Vec<Pause> {
        let holds = |s: State| holds_clock(s, pause_version);
        let mut pauses: Vec<Pause> = Vec::new();
        for (at, from, to) in changes {
            match (holds(*from), holds(*to)) {
                (false, true) => pauses.push(Pause {
                    from: *at,
                    to: None,
                }),
                (true, false) => {
                    if let Some(last) = pauses.last_mut().filter(|p| p.to.is_none()) {
                        last.to = Some(*at);
                    }
                }
                _ => {}
            }
        }
        pauses
    }

    pub fn read(&self, calendar: &BusinessCalendar, now: DateTime<Utc>) -> Reading {
        let (target, minutes) = match self.first_response_at {
            None if self.stopped_at.is_none() => {
                (Target::FirstResponse, self.first_response_minutes)
            }
            _ => (Target::Solution, self.solution_minutes),
        };
        // Stopped: judge at the instant it stopped, not now.
        let at = self.stopped_at.unwrap_or(now);
        let closed: Vec<Pause> = match self.stopped_at {
            // The stop itself is the last (open) pause; the deadline is judged before it.
            Some(_) => self
                .pauses
                .iter()
                .filter(|p| p.to.is_some())
                .copied()
                .collect(),
            None => self.pauses.clone(),
        };
        let deadline = calendar.add(self.opened_at, minutes, &closed);
        let budget = Duration::minutes(i64::from(minutes));
        let used = calendar.between(self.opened_at, at, &closed);
        let remaining = budget - used;
        let paused =
            self.stopped_at.is_none() && self.pauses.last().is_some_and(|p| p.to.is_none());
        let status = if remaining <= Duration::zero() {
            ClockStatus::Breached
        } else if self.stopped_at.is_some() {
            ClockStatus::Met
        } else if paused {
            ClockStatus::Paused
        } else if used.num_seconds() * 100 >= budget.num_seconds() * i64::from(self.warning_percent)
        {
            ClockStatus::Warning
        } else {
            ClockStatus::Running
        };
        let ticking =
            self.stopped_at.is_none() && !paused && calendar.is_running(now, &self.pauses);
        let resumes_at = (self.stopped_at.is_none() && !paused && !ticking)
            .then(|| calendar.next_running(now, &self.pauses))
            .flatten();
        Reading {
            target,
            deadline,
            used_percent: used_percent(used, budget),
            remaining,
            status,
            ticking,
            resumes_at,
        }
    }
}

/// A clock prepared for reading every second: the deadline (which only the clock's own
/// data moves) is computed once; each reading then counts only between now and the
/// deadline. Reads exactly what [`SlaClock::read`] reads (a property test holds them equal).
#[derive(Clone, Debug)]
pub struct PreparedClock {
    clock: SlaClock,
    target: Target,
    budget: Duration,
    deadline: Option<DateTime<Utc>>,
    /// Business time used when it can no longer change (stopped, or held by an open pause).
    frozen_used: Option<Duration>,
    /// Where an open pause holds it (before that instant the time still counts).
    held_from: Option<DateTime<Utc>>,
}

impl PreparedClock {
    pub fn new(clock: SlaClock, calendar: &BusinessCalendar) -> Self {
        // Any instant gives the same target, deadline and frozen state.
        let r = clock.read(calendar, clock.stopped_at.unwrap_or(clock.read_at));
        let minutes = match r.target {
            Target::FirstResponse => clock.first_response_minutes,
            Target::Solution => clock.solution_minutes,
        };
        let budget = Duration::minutes(i64::from(minutes));
        let open_pause = clock.pauses.last().is_some_and(|p| p.to.is_none());
        let mut held_from = None;
        let frozen_used = if let Some(stop) = clock.stopped_at {
            let closed: Vec<Pause> = clock
                .pauses
                .iter()
                .filter(|p| p.to.is_some())
                .copied()
                .collect();
            Some(calendar.between(clock.opened_at, stop, &closed))
        } else if open_pause && r.deadline.is_none() {
            let held = clock
                .pauses
                .last()
                .map(|p| p.from)
                .unwrap_or(clock.opened_at);
            held_from = Some(held);
            Some(calendar.between(clock.opened_at, held, &clock.pauses))
        } else {
            None
        };
        Self {
            target: r.target,
            budget,
            deadline: r.deadline,
            frozen_used,
            held_from,
            clock,
        }
    }

    pub fn clock(&self) -> &SlaClock {
        &self.clock
    }

    pub fn read(&self, calendar: &BusinessCalendar, now: DateTime<Utc>) -> Reading {
        let c = &self.clock;
        let used = match (self.frozen_used, self.deadline) {
            // Readings before the opening, or before a (recorded) pause began: in full.
            _ if c.stopped_at.is_none() && now <= c.opened_at => Duration::zero(),
            (Some(_), _) if self.held_from.is_some_and(|h| now < h) => {
                calendar.between(c.opened_at, now, &c.pauses)
            }
            (Some(used), _) => used,
            (None, Some(d)) if now <= d => self.budget - calendar.between(now, d, &c.pauses),
            (None, Some(d)) => self.budget + calendar.between(d, now, &c.pauses),
            // Not reachable: without a deadline the clock is held (frozen) — count anyway.
            (None, None) => calendar.between(c.opened_at, now, &c.pauses),
        };
        let remaining = self.budget - used;
        let paused = c.stopped_at.is_none() && c.pauses.last().is_some_and(|p| p.to.is_none());
        let status = if remaining <= Duration::zero() {
            ClockStatus::Breached
        } else if c.stopped_at.is_some() {
            ClockStatus::Met
        } else if paused {
            ClockStatus::Paused
        } else if used.num_seconds() * 100
            >= self.budget.num_seconds() * i64::from(c.warning_percent)
        {
            ClockStatus::Warning
        } else {
            ClockStatus::Running
        };
        let ticking = c.stopped_at.is_none() && !paused && calendar.is_running(now, &c.pauses);
        let resumes_at = (c.stopped_at.is_none() && !paused && !ticking)
            .then(|| calendar.next_running(now, &c.pauses))
            .flatten();
        Reading {
            target: self.target,
            deadline: self.deadline,
            used_percent: used_percent(used, self.budget),
            remaining,
            status,
            ticking,
            resumes_at,
        }
    }
}

impl SlaClock {
    /// The calendar this clock counts in.
    pub fn calendar(&self) -> &BusinessCalendar {
        self.calendar.calendar()
    }

    /// Sort key for "nearest deadline first": running clocks by deadline, then paused
    /// ones, then those already over.
    pub fn urgency(&self, calendar: &BusinessCalendar, now: DateTime<Utc>) -> (u8, DateTime<Utc>) {
        let r = self.read(calendar, now);
        match (r.status, r.deadline) {
            (ClockStatus::Met, _) => (3, DateTime::<Utc>::MAX_UTC),
            (ClockStatus::Paused, _) | (_, None) => (2, DateTime::<Utc>::MAX_UTC),
            (_, Some(d)) => (1, d),
        }
    }
}

fn used_percent(used: Duration, budget: Duration) -> u32 {
    let b = budget.num_seconds().max(1);
    (used.num_seconds().max(0) * 100 / b).clamp(0, u32::MAX as i64) as u32
}

/// Whether time in `state` does not count: paused or stopped (`pause_version`: whether
/// "aguardando versão" pauses, the default).
pub fn holds_clock(state: State, pause_version: bool) -> bool {
    match state.clock() {
        ClockRule::Runs => false,
        ClockRule::PausedByDefault => pause_version,
        ClockRule::Paused | ClockRule::Stopped => true,
    }
}

/// What a move between states does to support's clock, as the timeline says it: it
/// pauses (waiting on the customer), resumes, or ends (resolved, forwarded, closed).
pub fn move_note(from: State, to: State) -> &'static str {
    let stopped = |s: State| s.clock() == ClockRule::Stopped;
    let holds = |s| holds_clock(s, true);
    match (holds(from), holds(to)) {
        (_, true) if stopped(to) && !stopped(from) => " — prazo encerrado",
        (false, true) => " — prazo pausado",
        (true, false) => " — prazo retomado",
        _ => "",
    }
}

/// When support's clock stopped, for an occurrence now in `state`: the last move from a
/// counting or paused state into a stopped one (resolved, forwarded). A later move between
/// stopped states (resolved → closed by the customer days later) does not move it.
pub fn stopped_at(
    changes: &[(DateTime<Utc>, State, State)],
    state: State,
) -> Option<DateTime<Utc>> {
    if state.clock() != ClockRule::Stopped {
        return None;
    }
    let stopped = |s: State| s.clock() == ClockRule::Stopped;
    changes
        .iter()
        .rev()
        .find(|(_, from, to)| !stopped(*from) && stopped(*to))
        .or(changes.last())
        .map(|c| c.0)
}

/// UNO's calendar (Brasília hours and national holidays), built once.
pub fn calendar() -> &'static BusinessCalendar {
    static CALENDAR: std::sync::LazyLock<BusinessCalendar> =
        std::sync::LazyLock::new(BusinessCalendar::brazil_default);
    &CALENDAR
}

/// "3h 05min 09s", "45min 00s", "-1h 10min 00s".
pub fn remaining_text(d: Duration) -> String {
    let sign = if d < Duration::zero() { "-" } else { "" };
    let s = d.num_seconds().abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if h > 0 {
        format!("{sign}{h}h {m:02}min {sec:02}s")
    } else {
        format!("{sign}{m}min {sec:02}s")
    }
}

/// "seg 08:00" in the calendar's time zone.
pub fn weekday_time(calendar: &BusinessCalendar, at: DateTime<Utc>) -> String {
    const DAYS: [&str; 7] = ["seg", "ter", "qua", "qui", "sex", "sáb", "dom"];
    let local = at.with_timezone(&calendar.tz());
    format!(
        "{} {}",
        DAYS[local.weekday().num_days_from_monday() as usize],
        local.format("%H:%M")
    )
}

/// "qui 03/12 às 16:30" in the calendar's time zone.
pub fn day_time(calendar: &BusinessCalendar, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&calendar.tz());
    let wd = weekday_time(calendar, at);
    let (day, time) = wd.split_once(' ').unwrap_or((wd.as_str(), ""));
    format!("{day} {} às {time}", local.format("%d/%m"))
}

/// A clock the unit tests of the SLA modules start from.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::SlaClock;
    use chrono::{DateTime, TimeZone, Utc};

    /// `d`/12/2026 `h`:`m` in Brasília.
    pub fn br(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        chrono_tz::America::Sao_Paulo
            .with_ymd_and_hms(2026, 12, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// VIP / Crítica (1 h first response, 4 h solution) opened Tuesday 01/12 09:00.
    pub fn vip_critica() -> SlaClock {
        SlaClock {
            opened_at: br(1, 9, 0),
            first_response_minutes: 60,
            solution_minutes: 240,
            first_response_at: None,
            stopped_at: None,
            pauses: vec![],
            paused_because: None,
            read_at: br(1, 9, 0),
            warning_percent: 80,
            calendar: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::fixtures::{br, vip_critica as clock};

    #[test]
    fn the_timeline_says_whether_a_move_pauses_resumes_or_ends_the_clock() {
        use State::*;
        assert_eq!(
            move_note(EmAtendimento, AguardandoCliente),
            " — prazo pausado"
        );
        assert_eq!(
            move_note(AguardandoCliente, EmAtendimento),
            " — prazo retomado"
        );
        assert_eq!(move_note(EmAtendimento, Encaminhada), " — prazo encerrado");
        assert_eq!(
            move_note(AguardandoCliente, Resolvida),
            " — prazo encerrado"
        );
        assert_eq!(move_note(Resolvida, Encerrada), "");
        assert_eq!(move_note(Resolvida, EmAtendimento), " — prazo retomado");
        assert_eq!(move_note(Aberta, EmAtendimento), "");
    }

    #[test]
    fn counts_down_the_first_response_then_the_solution() {
        let cal = BusinessCalendar::brazil_default();
        let r = clock().read(&cal, br(1, 9, 30));
        assert_eq!(
            (r.target, r.status, r.ticking),
            (Target::FirstResponse, ClockStatus::Running, true)
        );
        assert_eq!(r.deadline, Some(br(1, 10, 0)));
        assert_eq!(remaining_text(r.remaining), "30min 00s");
        assert_eq!(r.used_percent, 50);
        let r = clock().read(&cal, br(1, 9, 50));
        assert_eq!(r.status, ClockStatus::Warning);
        let r = clock().read(&cal, br(1, 10, 1));
        assert_eq!(r.status, ClockStatus::Breached);
        let answered = SlaClock {
            first_response_at: Some(br(1, 9, 20)),
            ..clock()
        };
        let r = answered.read(&cal, br(1, 10, 0));
        assert_eq!(
            (r.target, r.deadline),
            (Target::Solution, Some(br(1, 14, 30)))
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The prepared clock (deadline computed once) reads what the full computation
        /// reads, at any instant, for running, answered, paused and stopped clocks.
        #[test]
        fn the_prepared_clock_reads_like_the_clock(
            opened_h in 0i64..24 * 30,
            first in 1u32..3_000,
            extra in 0u32..6_000,
            answered_after in proptest::option::of(0i64..24 * 60 * 20),
            pause in proptest::option::of((0i64..24 * 60 * 20, proptest::option::of(1i64..24 * 60 * 10))),
            stopped_after in proptest::option::of(0i64..24 * 60 * 40),
            now_after in 0i64..24 * 60 * 60,
        ) {
            let cal = BusinessCalendar::brazil_default();
            let opened = br(1, 0, 0) + Duration::hours(opened_h);
            let at = |m: i64| opened + Duration::minutes(m);
            let mut pauses: Vec<Pause> = pause
                .map(|(from, len)| Pause { from: at(from), to: len.map(|l| at(from + l)) })
                .into_iter()
                .collect();
            let stopped_at = stopped_after.map(at);
            if let Some(stop) = stopped_at {
                // A stop is itself the last, open pause (as the server builds it).
                pauses.retain(|p| p.to.is_some_and(|t| t <= stop));
                pauses.push(Pause { from: stop, to: None });
            }
            let clock = SlaClock {
                opened_at: opened,
                first_response_minutes: first,
                solution_minutes: first + extra,
                first_response_at: answered_after.map(at),
                stopped_at,
                pauses,
                paused_because: None,
                read_at: opened,
                warning_percent: 80,
                calendar: Default::default(),
            };
            let prepared = PreparedClock::new(clock.clone(), &cal);
            let now = at(now_after);
            proptest::prop_assert_eq!(prepared.read(&cal, now), clock.read(&cal, now));
        }
    }

    #[test]
    fn the_warning_share_and_local_holidays_come_with_the_clock() {
        let strict = SlaClock {
            warning_percent: 50,
            ..clock()
        };
        let cal = strict.calendar();
        assert_eq!(strict.read(cal, br(1, 9, 31)).status, ClockStatus::Warning);
        assert_eq!(clock().read(cal, br(1, 9, 31)).status, ClockStatus::Running);
        // Opened Tuesday 01/12 17:30 with a local holiday on Wednesday: the first hour
        // ends Thursday 08:30.
        let local = SlaClock {
            opened_at: br(1, 17, 30),
            calendar: CalendarSpec::new(
                Default::default(),
                vec![crate::domain::sla::policy::LocalHoliday {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
                    name: "Local".into(),
                }],
            ),
            ..clock()
        };
        let r = local.read(local.calendar(), br(1, 17, 30));
        assert_eq!(r.deadline, Some(br(3, 8, 30)));
    }

    #[test]
    fn holds_still_outside_business_hours_and_says_when_it_resumes() {
        let cal = BusinessCalendar::brazil_default();
        let lunch = clock().read(&cal, br(1, 12, 40));
        let later = clock().read(&cal, br(1, 13, 10));
        assert_eq!(
            lunch.remaining, later.remaining,
            "nothing counted during lunch"
        );
        assert!(!lunch.ticking);
        assert_eq!(weekday_time(&cal, lunch.resumes_at.unwrap()), "ter 13:30");
        assert_eq!(day_time(&cal, br(3, 16, 30)), "qui 03/12 às 16:30");
    }

    #[test]
    fn pauses_come_from_state_changes_and_a_stop_is_judged_when_it_happened() {
        use State::*;
        let changes = [
            (br(1, 9, 10), Aberta, EmAtendimento),
            (br(1, 9, 20), EmAtendimento, AguardandoCliente),
            (br(1, 11, 20), AguardandoCliente, EmAtendimento),
            (br(1, 11, 30), EmAtendimento, AguardandoVersao),
        ];
        let p = SlaClock::pauses_from(&changes, true);
        assert_eq!(
            p,
            vec![
                Pause {
                    from: br(1, 9, 20),
                    to: Some(br(1, 11, 20))
                },
                Pause {
                    from: br(1, 11, 30),
                    to: None
                },
            ]
        );
        assert_eq!(SlaClock::pauses_from(&changes, false).len(), 1);
        let cal = BusinessCalendar::brazil_default();
        let paused = SlaClock {
            pauses: p,
            paused_because: Some("aguardando versão".into()),
            ..clock()
        };
        let r = paused.read(&cal, br(3, 9, 0));
        assert_eq!(
            (r.status, r.ticking, r.deadline),
            (ClockStatus::Paused, false, None)
        );
        // Resolved at 10:00 after 2 h of pause: the first response was due 11:40; met.
        let resolved = SlaClock {
            first_response_at: Some(br(1, 9, 15)),
            stopped_at: Some(br(1, 11, 40)),
            pauses: vec![
                Pause {
                    from: br(1, 9, 20),
                    to: Some(br(1, 11, 20)),
                },
                Pause {
                    from: br(1, 11, 40),
                    to: None,
                },
            ],
            ..clock()
        };
        let r = resolved.read(&cal, br(8, 9, 0));
        assert_eq!((r.target, r.status), (Target::Solution, ClockStatus::Met));
    }

    #[test]
    fn the_clock_stops_at_the_solution_not_at_the_later_closing() {
        use State::*;
        let changes = [
            (br(1, 9, 0), Aberta, EmAtendimento),
            (br(1, 10, 0), EmAtendimento, Resolvida),
            (br(4, 10, 0), Resolvida, Encerrada),
        ];
        assert_eq!(stopped_at(&changes, Encerrada), Some(br(1, 10, 0)));
        assert_eq!(stopped_at(&changes[..2], Resolvida), Some(br(1, 10, 0)));
        assert_eq!(stopped_at(&changes[..1], EmAtendimento), None);
        let forwarded = [
            (br(1, 9, 0), EmAtendimento, AguardandoCliente),
            (br(2, 9, 0), AguardandoCliente, Encaminhada),
            (br(9, 9, 0), Encaminhada, Encerrada),
        ];
        assert_eq!(stopped_at(&forwarded, Encerrada), Some(br(2, 9, 0)));
    }
}
