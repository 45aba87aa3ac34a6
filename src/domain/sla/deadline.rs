//! The two deadlines of an occurrence: first response and solution, counted in business
//! time from the opening, without the paused spans.

use chrono::{DateTime, Utc};

use super::{
    Targets,
    calendar::{BusinessCalendar, Pause},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    /// `None` while an open pause holds the clock before the deadline is reached.
    pub first_response: Option<DateTime<Utc>>,
    pub solution: Option<DateTime<Utc>>,
}

pub fn deadlines(
    calendar: &BusinessCalendar,
    targets: Targets,
    opened: DateTime<Utc>,
    pauses: &[Pause],
) -> Deadlines {
    let at = |hours: u32| calendar.add(opened, hours * 60, pauses);
    Deadlines {
        first_response: at(targets.first_response_hours),
        solution: at(targets.solution_hours),
    }
}
