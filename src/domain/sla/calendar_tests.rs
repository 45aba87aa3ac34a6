//! The business calendar and the deadlines: worked examples and properties.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::calendar::{BusinessCalendar, CalendarError, Pause};
use super::command::DeadlineQuery;
use super::deadline::deadlines;
use super::{Criticality, SlaPlan, default_targets};

/// Brasília local time (UTC−3) as UTC.
fn br(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn cal() -> BusinessCalendar {
    BusinessCalendar::brazil_default()
}

#[test]
fn counting_inside_an_interval_and_from_the_next_one_outside() {
    // Tuesday 01/12/2026.
    assert_eq!(
        cal().add(br(2026, 12, 1, 9, 0), 60, &[]),
        Some(br(2026, 12, 1, 10, 0))
    );
    // Opened during lunch: counting starts at 13:30.
    assert_eq!(
        cal().add(br(2026, 12, 1, 12, 30), 30, &[]),
        Some(br(2026, 12, 1, 14, 0))
    );
    // Opened before hours: from 08:00.
    assert_eq!(
        cal().add(br(2026, 12, 1, 6, 0), 15, &[]),
        Some(br(2026, 12, 1, 8, 15))
    );
}

#[test]
fn a_deadline_on_the_end_of_an_interval_is_that_end() {
    assert_eq!(
        cal().add(br(2026, 12, 1, 8, 0), 240, &[]),
        Some(br(2026, 12, 1, 12, 0))
    );
    assert_eq!(
        cal().add(br(2026, 12, 1, 14, 0), 240, &[]),
        Some(br(2026, 12, 1, 18, 0))
    );
}

#[test]
fn weekends_holidays_and_new_year_do_not_count() {
    // Friday 04/12/2026 17:00 + 2 h → Monday 09:00.
    assert_eq!(
        cal().add(br(2026, 12, 4, 17, 0), 120, &[]),
        Some(br(2026, 12, 7, 9, 0))
    );
    // Thursday 02/04/2026 17:00 + 2 h: Good Friday off → Monday 06/04 09:00.
    assert_eq!(
        cal().add(br(2026, 4, 2, 17, 0), 120, &[]),
        Some(br(2026, 4, 6, 9, 0))
    );
    // Carnaval 2026 (16 and 17/02): Friday 13/02 17:00 + 2 h → Wednesday 18/02 09:00.
    assert_eq!(
        cal().add(br(2026, 2, 13, 17, 0), 120, &[]),
        Some(br(2026, 2, 18, 9, 0))
    );
    // New Year: Wednesday 31/12/2025 17:00 + 2 h → Friday 02/01/2026 09:00.
    assert_eq!(
        cal().add(br(2025, 12, 31, 17, 0), 120, &[]),
        Some(br(2026, 1, 2, 9, 0))
    );
    // A local holiday added by the coordinator.
    let local = cal().with_extra_holidays([chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()]);
    assert_eq!(
        local.add(br(2026, 12, 7, 17, 0), 120, &[]),
        Some(br(2026, 12, 9, 9, 0))
    );
    assert_eq!(
        local.holiday(chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap()),
        Some("Feriado local")
    );
}

#[test]
fn paused_time_does_not_count_and_an_open_pause_holds_the_deadline() {
    let pause = Pause {
        from: br(2026, 12, 1, 10, 0),
        to: Some(br(2026, 12, 1, 11, 0)),
    };
    assert_eq!(
        cal().add(br(2026, 12, 1, 9, 0), 120, &[pause]),
        Some(br(2026, 12, 1, 12, 0))
    );
    assert_eq!(
        cal().minutes_between(br(2026, 12, 1, 9, 0), br(2026, 12, 1, 12, 0), &[pause]),
        120
    );
    let open = Pause {
        from: br(2026, 12, 1, 10, 0),
        to: None,
    };
    assert_eq!(cal().add(br(2026, 12, 1, 9, 0), 120, &[open]), None);
    // Reached before the pause began: the deadline stands.
    assert_eq!(
        cal().add(br(2026, 12, 1, 9, 0), 30, &[open]),
        Some(br(2026, 12, 1, 9, 30))
    );
    assert!(!cal().is_running(br(2026, 12, 1, 10, 30), &[pause]));
    assert_eq!(
        cal().next_running(br(2026, 12, 1, 10, 30), &[pause]),
        Some(br(2026, 12, 1, 11, 0))
    );
    assert_eq!(cal().next_running(br(2026, 12, 1, 10, 30), &[open]), None);
}

#[test]
fn next_running_skips_lunch_nights_weekends_and_holidays() {
    assert_eq!(
        cal().next_running(br(2026, 12, 1, 12, 15), &[]),
        Some(br(2026, 12, 1, 13, 30))
    );
    assert_eq!(
        cal().next_running(br(2026, 12, 4, 18, 0), &[]),
        Some(br(2026, 12, 7, 8, 0))
    );
    assert_eq!(
        cal().next_running(br(2026, 12, 24, 19, 0), &[]),
        Some(br(2026, 12, 28, 8, 0))
    );
    assert!(cal().is_running(br(2026, 12, 1, 8, 0), &[]));
    assert!(!cal().is_running(br(2026, 12, 1, 18, 0), &[]));
}

#[test]
fn the_default_table_gives_every_plan_and_criticality_its_deadlines() {
    // The example: VIP, Crítica, opened Tuesday 01/12/2026 09:00.
    let d = deadlines(
        &cal(),
        default_targets(SlaPlan::Vip, Criticality::Critica),
        br(2026, 12, 1, 9, 0),
        &[],
    );
    assert_eq!(d.first_response, Some(br(2026, 12, 1, 10, 0)));
    assert_eq!(d.solution, Some(br(2026, 12, 1, 14, 30)));
    let opened = br(2026, 12, 1, 9, 0);
    for plan in SlaPlan::ALL {
        for c in Criticality::ALL {
            let t = default_targets(plan, c);
            let d = deadlines(&cal(), t, opened, &[]);
            let (first, solution) = (d.first_response.unwrap(), d.solution.unwrap());
            assert!(first < solution, "{plan:?} {c:?}");
            assert_eq!(
                cal().minutes_between(opened, solution, &[]),
                i64::from(t.solution_hours) * 60
            );
        }
    }
}

#[test]
fn calendars_are_checked_when_built() {
    let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let empty: [Vec<_>; 7] = Default::default();
    assert_eq!(
        BusinessCalendar::new(chrono_tz::America::Sao_Paulo, empty, []),
        Err(CalendarError::NoWorkingTime)
    );
    let mut week: [Vec<_>; 7] = Default::default();
    week[2] = vec![(t(10), t(9))];
    assert_eq!(
        BusinessCalendar::new(chrono_tz::America::Sao_Paulo, week, []),
        Err(CalendarError::BadInterval { weekday: 2 })
    );
}

#[test]
fn the_command_line_is_parsed_with_a_clear_line_for_each_mistake() {
    let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let q = DeadlineQuery::parse(&args(
        "--plan vip --criticality critica --opened 2026-12-01T09:00:00-03:00 --pause 2026-12-01T10:00:00-03:00/2026-12-01T11:00:00-03:00",
    ))
    .unwrap();
    assert_eq!(q.plan, SlaPlan::Vip);
    assert_eq!(q.opened, br(2026, 12, 1, 9, 0));
    assert_eq!(q.pauses.len(), 1);
    for (bad, says) in [
        (
            "--plan diamante --criticality alta --opened 2026-12-01T09:00:00-03:00",
            "Plano desconhecido",
        ),
        ("--plan vip --criticality alta --opened amanhã", "RFC 3339"),
        ("--plan vip --criticality alta", "falta --opened"),
        (
            "--plan vip --criticality alta --opened 2026-12-01T09:00:00-03:00 --pause x",
            "INÍCIO/FIM",
        ),
        (
            "--plan vip --criticality alta --opened 2026-12-01T09:00:00-03:00 --cor azul",
            "opção desconhecida",
        ),
        ("--plan", "precisa de um valor"),
    ] {
        let e = DeadlineQuery::parse(&args(bad)).unwrap_err();
        assert!(e.contains(says), "{bad}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2025-01-01 .. 2030-12-31, to the second.
    let from = br(2025, 1, 1, 0, 0).timestamp();
    let to = br(2030, 12, 31, 0, 0).timestamp();
    (from..to).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

fn pauses() -> impl Strategy<Value = Vec<(i64, i64)>> {
    // Up to three closed pauses: (offset from the start, length), in seconds.
    prop::collection::vec((0i64..20 * 86_400, 60i64..3 * 86_400), 0..3)
}

fn to_pauses(start: DateTime<Utc>, raw: &[(i64, i64)]) -> Vec<Pause> {
    raw.iter()
        .map(|(off, len)| Pause {
            from: start + Duration::seconds(*off),
            to: Some(start + Duration::seconds(off + len)),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn adding_then_counting_gives_n_back(start in instant(), n in 0u32..6_000, raw in pauses()) {
        let p = to_pauses(start, &raw);
        let end = cal().add(start, n, &p).unwrap();
        prop_assert_eq!(cal().between(start, end, &p), Duration::minutes(i64::from(n)));
    }

    #[test]
    fn a_deadline_is_never_inside_a_break_weekend_holiday_or_pause(start in instant(), n in 1u32..6_000, raw in pauses()) {
        let p = to_pauses(start, &raw);
        let end = cal().add(start, n, &p).unwrap();
        // The second before the deadline was counted: it ends a counted stretch.
        prop_assert!(cal().is_running(end - Duration::seconds(1), &p), "{} + {} min → {}", start, n, end);
        let local = end.with_timezone(&chrono_tz::America::Sao_Paulo);
        prop_assert!(cal().holiday(local.date_naive()).is_none());
        prop_assert!(chrono::Datelike::weekday(&local).num_days_from_monday() < 5);
    }

    #[test]
    fn later_targets_never_come_earlier(start in instant(), n in 0u32..3_000, more in 0u32..3_000, raw in pauses()) {
        let p = to_pauses(start, &raw);
        prop_assert!(cal().add(start, n, &p).unwrap() <= cal().add(start, n + more, &p).unwrap());
    }
}
