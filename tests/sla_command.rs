//! `suporte sla-deadline` as support staff and tools run it: one JSON object, or one pt-BR
//! line and exit status 2. No database, no configuration.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_suporte"))
        .arg("sla-deadline")
        .args(args)
        // Anywhere: it must not need Leptos.toml or a database.
        .current_dir(std::env::temp_dir())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn prints_both_deadlines_as_one_json_object() {
    let (code, out, _) = run(&[
        "--plan",
        "vip",
        "--criticality",
        "critica",
        "--opened",
        "2026-12-01T09:00:00-03:00",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "first_response": "2026-12-01T10:00:00-03:00",
            "solution": "2026-12-01T14:30:00-03:00",
        })
    );
}

#[test]
fn pauses_move_the_deadlines_by_the_paused_business_time() {
    // Ouro, Alta (4 h / 16 h) opened Friday 04/12/2026 17:00; paused Monday 08:00–10:00.
    let (code, out, _) = run(&[
        "--plan=ouro",
        "--criticality=alta",
        "--opened=2026-12-04T17:00:00-03:00",
        "--pause=2026-12-07T08:00:00-03:00/2026-12-07T10:00:00-03:00",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    // Friday 1 h, Monday 10:00–12:00 2 h, 13:30–14:30 → 4 h.
    assert_eq!(v["first_response"], "2026-12-07T14:30:00-03:00");
}

#[test]
fn bad_arguments_get_one_portuguese_line_and_status_2() {
    for args in [
        &[
            "--plan",
            "bronze",
            "--criticality",
            "alta",
            "--opened",
            "2026-12-01T09:00:00-03:00",
        ][..],
        &[
            "--plan",
            "vip",
            "--criticality",
            "urgente",
            "--opened",
            "2026-12-01T09:00:00-03:00",
        ],
        &[
            "--plan",
            "vip",
            "--criticality",
            "alta",
            "--opened",
            "01/12/2026",
        ],
        &["--plan", "vip", "--criticality", "alta"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("suporte: "), "{err}");
    }
}

#[test]
fn a_calendar_file_counts_its_own_hours_and_holidays() {
    let dir = std::env::temp_dir();
    let file = dir.join(format!("cal-{}.json", std::process::id()));
    // Tuesday 08/12 off (local holiday); Monday to Friday 09:00–17:00 without lunch.
    std::fs::write(
        &file,
        r#"{"horario": {"segunda": ["09:00-17:00"], "terça": ["09:00-17:00"],
            "quarta": ["09:00-17:00"], "quinta": ["09:00-17:00"], "sexta": ["09:00-17:00"]},
            "feriados": [{"data": "2026-12-08", "nome": "Feriado local"}]}"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    // VIP / Alta (2 h / 8 h) opened Monday 07/12 16:00: 1 h Monday, then Wednesday.
    let (code, out, err) = run(&[
        "--plan=vip",
        "--criticality=alta",
        "--opened=2026-12-07T16:00:00-03:00",
        "--calendar",
        path,
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["first_response"], "2026-12-09T10:00:00-03:00");
    // 8 h: 1 h Monday, 7 h Wednesday from 09:00.
    assert_eq!(v["solution"], "2026-12-09T16:00:00-03:00");

    // A bad file is one pt-BR line naming the file and the problem.
    std::fs::write(&file, r#"{"horario": {"segunda": ["9h-17h"]}}"#).unwrap();
    let (code, out, err) = run(&[
        "--plan=vip",
        "--criticality=alta",
        "--opened=2026-12-07T16:00:00-03:00",
        &format!("--calendar={path}"),
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains(path) && err.contains("HH:MM-HH:MM"), "{err}");
    let (code, _, err) = run(&[
        "--plan=vip",
        "--criticality=alta",
        "--opened=2026-12-07T16:00:00-03:00",
        "--calendar=/nao/existe.json",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("não foi possível ler"), "{err}");
    let _ = std::fs::remove_file(file);
}
