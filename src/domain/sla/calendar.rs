//! The business calendar SLA deadlines are counted in: weekly working intervals (with the
//! lunch break between them) in a time zone, minus national and extra holidays, minus the
//! spans an occurrence was paused. Pure: the browser runs this same code for its countdown.
//!
//! Rules (issue 8): counting starts at the opening instant if it is inside a working
//! interval, else at the next interval's start; a deadline is the *earliest* instant at
//! which N business minutes have elapsed, so one that lands on the end of an interval is
//! that end (12:00, not 13:30); paused time does not count.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;
use std::fmt;

use super::holidays;

/// A span the clock stood still (e.g. waiting on the customer); `to: None` = still paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// Why a calendar could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// An interval ends before it starts, or overlaps the previous one.
    BadInterval {
        weekday: usize,
    },
    NoWorkingTime,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DAYS: [&str; 7] = [
            "segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo",
        ];
        match self {
            Self::BadInterval { weekday } => write!(
                f,
                "Os horários de {} precisam estar em ordem, sem sobreposição, e cada um terminar depois de começar.",
                DAYS[*weekday]
            ),
            Self::NoWorkingTime => write!(
                f,
                "O calendário precisa de ao menos um horário de trabalho na semana."
            ),
        }
    }
}

/// Working hours per weekday (Monday first), a time zone and holidays. Built only through
/// [`BusinessCalendar::new`], so it always has working time and ordered intervals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessCalendar {
    tz: Tz,
    week: [Vec<(NaiveTime, NaiveTime)>; 7],
    extra_holidays: BTreeSet<NaiveDate>,
    /// Carnaval is a *ponto facultativo*: an office may work it (default: a day off).
    carnival_off: bool,
}

/// Far enough that no real deadline passes it; reaching it means "never" (e.g. paused).
const HORIZON_DAYS: i64 = 366 * 30;

/// A time of day written in the code as a literal.
#[allow(
    clippy::expect_used,
    reason = "called only with literal hours and minutes"
)]
fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

impl BusinessCalendar {
    pub fn new(
        tz: Tz,
        week: [Vec<(NaiveTime, NaiveTime)>; 7],
        extra_holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, CalendarError> {
        for (weekday, day) in week.iter().enumerate() {
            let ordered =
                day.iter().all(|(a, b)| a < b) && day.windows(2).all(|w| w[0].1 <= w[1].0);
            if !ordered {
                return Err(CalendarError::BadInterval { weekday });
            }
        }
        if week.iter().all(Vec::is_empty) {
            return Err(CalendarError::NoWorkingTime);
        }
        Ok(Self {
            tz,
            week,
            extra_holidays: extra_holidays.into_iter().collect(),
            carnival_off: true,
        })
    }

    /// UNO's support hours (DOMAIN): Monday to Friday, 08:00–12:00 and 13:30–18:00,
    /// Brasília time, national holidays off.
    #[allow(
        clippy::expect_used,
        reason = "fixed, ordered intervals; the unit tests build it"
    )]
    pub fn brazil_default() -> Self {
        let day = vec![(time(8, 0), time(12, 0)), (time(13, 30), time(18, 0))];
        Self::new(
            chrono_tz::America::Sao_Paulo,
            [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
            [],
        )
        .expect("the default calendar is valid")
    }

    /// The same hours with extra (local, per office) holidays.
    pub fn with_extra_holidays(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.extra_holidays.extend(days);
        self
    }

    /// The same calendar with Carnaval a day off (`true`) or worked.
    pub fn with_carnival_off(mut self, off: bool) -> Self {
        self.carnival_off = off;
        self
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Working intervals per weekday, Monday first.
    pub fn week(&self) -> &[Vec<(NaiveTime, NaiveTime)>; 7] {
        &self.week
    }

    pub fn carnival_off(&self) -> bool {
        self.carnival_off
    }

    /// Whether `date` has working hours: a working weekday that is not a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !self.week[date.weekday().num_days_from_monday() as usize].is_empty()
            && self.holiday(date).is_none()
    }

    /// Why `date` is not a working day, if it is a holiday.
    pub fn holiday(&self, date: NaiveDate) -> Option<&'static str> {
        if let Some(h) = holidays::national_on(date)
            && (self.carnival_off || !h.is_carnival())
        {
            return Some(h.label());
        }
        self.extra_holidays
            .contains(&date)
            .then_some("Feriado local")
    }

    fn to_utc(&self, date: NaiveDate, t: NaiveTime) -> DateTime<Utc> {
        let local = date.and_time(t);
        match self.tz.from_local_datetime(&local).earliest() {
            Some(at) => at.with_timezone(&Utc),
            // A time skipped by a daylight-saving change: the first instant after it.
            None => self
                .tz
                .from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
                .map_or_else(|| local.and_utc(), |at| at.with_timezone(&Utc)),
        }
    }

    /// The working intervals of the calendar (in UTC), in order, from the one containing or
    /// following `start` (clipped to start there), for at most [`HORIZON_DAYS`].
    pub fn working_from(
        &self,
        start: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let first_day = start.with_timezone(&self.tz).date_naive() - Duration::days(1);
        (0..HORIZON_DAYS)
            .map(move |i| first_day + Duration::days(i))
            .filter(move |d| self.holiday(*d).is_none())
            .flat_map(move |d| {
                self.week[d.weekday().num_days_from_monday() as usize]
                    .iter()
                    .map(move |(a, b)| (self.to_utc(d, *a), self.to_utc(d, *b)))
            })
            .filter(move |(_, e)| *e > start)
            .map(move |(s, e)| (s.max(start), e))
    }

    /// The working intervals from `start` with the pauses cut out. It ends where the first
    /// open pause begins: nothing after it counts, and walking on would visit every day of
    /// the thirty-year horizon (~4 ms a clock: a closed case stops its clock that way).
    fn counting_from<'a>(
        &'a self,
        start: DateTime<Utc>,
        pauses: &'a [Pause],
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + 'a {
        let held_from = open_from(pauses);
        self.working_from(start)
            .take_while(move |(s, _)| held_from.is_none_or(|o| *s < o))
            .flat_map(move |segment| cut(segment, pauses))
    }

    /// The earliest instant at which `minutes` business minutes have elapsed since `start`
    /// (not counting pauses). `None` while an open pause holds the clock before that.
    pub fn add(
        &self,
        start: DateTime<Utc>,
        minutes: u32,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        let held_from = open_from(pauses);
        let mut remaining = Duration::minutes(i64::from(minutes));
        for (s, e) in self.counting_from(start, pauses) {
            if held_from.is_some_and(|o| s >= o) {
                return None;
            }
            let length = e - s;
            if remaining <= length {
                return Some(s + remaining);
            }
            remaining -= length;
        }
        None
    }

    /// Business time between `a` and `b` (zero if `b` is not after `a`), pauses excluded.
    pub fn between(&self, a: DateTime<Utc>, b: DateTime<Utc>, pauses: &[Pause]) -> Duration {
        let mut total = Duration::zero();
        if b <= a {
            return total;
        }
        for (s, e) in self.counting_from(a, pauses) {
            if s >= b {
                break;
            }
            total += e.min(b) - s;
        }
        total
    }

    /// Business minutes (whole) between `a` and `b`.
    pub fn minutes_between(&self, a: DateTime<Utc>, b: DateTime<Utc>, pauses: &[Pause]) -> i64 {
        self.between(a, b, pauses).num_minutes()
    }

    /// Whether the clock runs at `at`: inside working hours, not a holiday, not paused.
    pub fn is_running(&self, at: DateTime<Utc>, pauses: &[Pause]) -> bool {
        self.counting_from(at, pauses)
            .next()
            .is_some_and(|(s, _)| s == at)
    }

    /// When the clock runs next at or after `at` (the start of the next working interval
    /// after holidays and pauses); `None` while an open pause holds it.
    pub fn next_running(&self, at: DateTime<Utc>, pauses: &[Pause]) -> Option<DateTime<Utc>> {
        let held_from = open_from(pauses);
        self.counting_from(at, pauses)
            .next()
            .map(|(s, _)| s)
            .filter(|s| held_from.is_none_or(|o| *s < o))
    }
}

/// Where the earliest pause that has not ended begins: the clock holds from there on.
fn open_from(pauses: &[Pause]) -> Option<DateTime<Utc>> {
    pauses
        .iter()
        .filter(|p| p.to.is_none())
        .map(|p| p.from)
        .min()
}

/// `segment` minus every pause, as the pieces left (in order).
fn cut(
    segment: (DateTime<Utc>, DateTime<Utc>),
    pauses: &[Pause],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut pieces = vec![segment];
    for p in pauses {
        let to = p.to.unwrap_or(DateTime::<Utc>::MAX_UTC);
        if to <= p.from {
            continue;
        }
        pieces = pieces
            .into_iter()
            .flat_map(|(s, e)| {
                let mut out = Vec::with_capacity(2);
                if p.from > s {
                    out.push((s, e.min(p.from)));
                }
                if to < e {
                    out.push((s.max(to), e));
                }
                out.into_iter().filter(|(a, b)| a < b)
            })
            .collect();
    }
    pieces
}
