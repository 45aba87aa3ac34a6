//! Accounts and the Extranet's access rules against `mem://`: an authorization matrix of
//! every server function by role, plan contact limits, the prerequisites gate, sign-in
//! throttling, sessions and cookies.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]
// `|| f()` reads the same for every server function in the matrix, with or without arguments.
#![allow(clippy::redundant_closure)]

mod common;

use common::{call_as, call_full, demo_state_with_accounts, session};
use suporte::api::AppError;
use suporte::api::accounts::{analysts, companies, session};
use suporte::api::audit;
use suporte::domain::accounts::Role;
use suporte::domain::accounts::company::Step;
use suporte::server::state::AppState;

const PM_A: &str = "gp@metalurgica.example"; // Ouro, every prerequisite done
const PM_B: &str = "gp@distribuidora.example"; // Prata, prerequisites missing
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";
const COORD: &str = "coordenacao@uno.example"; // coordinator + analyst N2

struct Actors {
    anonymous: Option<String>,
    pm_a: Option<String>,
    pm_b: Option<String>,
    n1: Option<String>,
    n2: Option<String>,
    coordinator: Option<String>,
}

async fn actors(state: &AppState) -> Actors {
    Actors {
        anonymous: None,
        pm_a: Some(session(state, PM_A, Some(Role::Customer)).await),
        pm_b: Some(session(state, PM_B, Some(Role::Customer)).await),
        n1: Some(session(state, N1, Some(Role::AnalystN1)).await),
        n2: Some(session(state, N2, Some(Role::AnalystN2)).await),
        coordinator: Some(session(state, COORD, Some(Role::Coordinator)).await),
    }
}

impl Actors {
    fn all(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("anônimo", self.anonymous.as_deref()),
            ("GP empresa A", self.pm_a.as_deref()),
            ("GP empresa B", self.pm_b.as_deref()),
            ("N1", self.n1.as_deref()),
            ("N2", self.n2.as_deref()),
            ("coordenação", self.coordinator.as_deref()),
        ]
    }
}

async fn company_id(state: &AppState, name_prefix: &str) -> String {
    suporte::server::accounts::companies::list(&state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.name.starts_with(name_prefix))
        .expect("demo company")
        .id
}

/// The refusal each actor outside `allowed` must get: 401 anonymous, 403 wrong role.
fn refusal(who: &str) -> AppError {
    if who == "anônimo" {
        AppError::Unauthenticated
    } else {
        AppError::Forbidden
    }
}

/// Asserts which actors succeed; everyone else gets exactly their refusal and changes
/// nothing (the database is the same before and after).
macro_rules! matrix {
    ($state:expr, $actors:expr, allowed = [$($who:literal),*], $call:expr) => {{
        let allowed: &[&str] = &[$($who),*];
        for (who, cookie) in $actors.all() {
            let before = common::snapshot($state).await;
            let result = call_as($state, cookie, $call).await;
            if allowed.contains(&who) {
                assert!(result.is_ok(), "{who}: {:?}", result.map(|_| ()));
            } else {
                assert_eq!(result.map(|_| ()), Err(refusal(who)), "{who}");
                assert!(common::snapshot($state).await == before, "{who}: a refused call changed data");
            }
        }
    }};
}

#[tokio::test]
async fn authorization_matrix_of_every_server_function() {
    let state = demo_state_with_accounts().await;
    let a = actors(&state).await;
    let company_a = company_id(&state, "Metalúrgica").await;

    matrix!(
        &state,
        a,
        allowed = [
            "anônimo",
            "GP empresa A",
            "GP empresa B",
            "N1",
            "N2",
            "coordenação"
        ],
        || session::current_user()
    );
    matrix!(
        &state,
        a,
        allowed = ["GP empresa A", "GP empresa B"],
        || companies::my_company()
    );
    matrix!(
        &state,
        a,
        allowed = ["GP empresa A", "GP empresa B"],
        || companies::acknowledge_sla()
    );
    matrix!(&state, a, allowed = ["N1", "N2", "coordenação"], || {
        companies::list_companies()
    });
    matrix!(&state, a, allowed = ["N1", "N2", "coordenação"], || {
        companies::get_company(company_a.clone())
    });
    matrix!(&state, a, allowed = ["coordenação"], || {
        analysts::list_analysts()
    });
    matrix!(&state, a, allowed = ["coordenação"], || audit::audit_log(
    ));
    matrix!(&state, a, allowed = ["coordenação"], || {
        companies::record_acceptance(company_a.clone(), "02/03/2026".into(), "Diretoria".into())
    });
    matrix!(&state, a, allowed = ["coordenação"], || {
        companies::set_course_completed(company_a.clone(), "2026-03-02".into())
    });
    matrix!(&state, a, allowed = ["coordenação"], || {
        companies::save_company(
            Some(company_a.clone()),
            "Metalúrgica Sorocaba Ltda.".into(),
            "12.345.678/0001-95".into(),
            "Indústria metalúrgica".into(),
            "fiscal, estoque".into(),
            "ouro".into(),
        )
    });
    // Each allowed call creates one analyst; the e-mail must differ per attempt.
    for (who, cookie) in a.all() {
        let email = format!("novo.{}@uno.example", who.len());
        let r = call_as(&state, cookie, || {
            analysts::save_analyst(
                None,
                "Novo".into(),
                email,
                1,
                "fiscal".into(),
                "".into(),
                true,
            )
        })
        .await;
        assert_eq!(r.is_ok(), who == "coordenação", "{who}");
    }
    for (who, cookie) in a.all() {
        let email = format!("contato.{}@metalurgica.example", who.len());
        let r = call_as(&state, cookie, || {
            companies::add_contact(company_a.clone(), "X".into(), email, "vip_extra".into())
        })
        .await;
        // Even the coordinator is refused here: Ouro has no extra contact. Nobody else gets that far.
        match r.unwrap_err() {
            AppError::Invalid(m) => {
                assert_eq!(who, "coordenação");
                assert!(m.contains("exclusivo do plano VIP"), "{m}");
            }
            other => assert_eq!(other, refusal(who), "{who}"),
        }
    }
}

#[tokio::test]
async fn a_customer_only_ever_sees_their_own_company() {
    let state = demo_state_with_accounts().await;
    let a = actors(&state).await;
    let company_b = company_id(&state, "Distribuidora").await;
    let mine = call_as(&state, a.pm_a.as_deref(), || companies::my_company())
        .await
        .unwrap();
    assert!(mine.name.starts_with("Metalúrgica"));
    assert!(
        !mine.contacts.is_empty()
            && mine
                .contacts
                .iter()
                .all(|c| c.email.ends_with("@metalurgica.example"))
    );
    // Direct reads of another company are refused to customers.
    let err = call_as(&state, a.pm_a.as_deref(), || {
        companies::get_company(company_b.clone())
    })
    .await
    .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    // Acknowledging the SLA only touches the caller's company.
    call_as(&state, a.pm_a.as_deref(), || companies::acknowledge_sla())
        .await
        .unwrap();
    let b = call_as(&state, a.pm_b.as_deref(), || companies::my_company())
        .await
        .unwrap();
    assert!(b.prerequisites.sla_acknowledged.is_none());
}

#[tokio::test]
async fn plan_contact_limits_are_enforced_with_clear_messages() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let c = Some(coord.as_str());
    let ouro = company_id(&state, "Metalúrgica").await;
    let vip = company_id(&state, "Alimentos").await;

    let e = call_as(&state, c, || {
        companies::add_contact(
            ouro.clone(),
            "Outro GP".into(),
            "outro@metalurgica.example".into(),
            "project_manager".into(),
        )
    })
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("já tem um gerente de projeto"),
        "{e}"
    );

    // VIP already has the project manager and the extra contact: a third is refused.
    let e = call_as(&state, c, || {
        companies::add_contact(
            vip.clone(),
            "Terceiro".into(),
            "3@alimentos.example".into(),
            "vip_extra".into(),
        )
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("já tem os dois"), "{e}");

    // Removing the extra contact frees the place; the new account gets a one-time password.
    let company = call_as(&state, c, || companies::get_company(vip.clone()))
        .await
        .unwrap();
    let extra = company
        .contacts
        .iter()
        .find(|x| x.email == "ti@alimentos.example")
        .unwrap()
        .id
        .clone();
    call_as(&state, c, || companies::remove_contact(vip.clone(), extra))
        .await
        .unwrap();
    let created = call_as(&state, c, || {
        companies::add_contact(
            vip.clone(),
            "Novo".into(),
            "novo@alimentos.example".into(),
            "vip_extra".into(),
        )
    })
    .await
    .unwrap();
    assert!(created.temporary_password.len() >= 10);
    let signed = call_as(&state, None, || {
        session::sign_in(
            "novo@alimentos.example".into(),
            created.temporary_password.clone(),
        )
    })
    .await;
    assert!(signed.is_ok());

    // A Prata or Ouro company cannot be moved off VIP while it has the extra contact.
    let e = call_as(&state, c, || {
        companies::save_company(
            Some(vip.clone()),
            "Alimentos do Vale Ltda.".into(),
            "45612378000184".into(),
            "Alimentos".into(),
            "fiscal".into(),
            "ouro".into(),
        )
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("exclusivo do VIP"), "{e}");
}

#[tokio::test]
async fn the_prerequisites_gate_lists_missing_steps_until_all_are_done() {
    let state = demo_state_with_accounts().await;
    let pm_b = session(&state, PM_B, Some(Role::Customer)).await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let b = company_id(&state, "Distribuidora").await;

    let company = call_as(&state, Some(&pm_b), || companies::my_company())
        .await
        .unwrap();
    assert_eq!(company.missing_steps(), Step::ALL.to_vec());

    call_as(&state, Some(&coord), || {
        companies::record_acceptance(b.clone(), "10/11/2026".into(), "Diretor".into())
    })
    .await
    .unwrap();
    call_as(&state, Some(&coord), || {
        companies::set_course_completed(b.clone(), "2026-11-12".into())
    })
    .await
    .unwrap();
    let company = call_as(&state, Some(&pm_b), || companies::my_company())
        .await
        .unwrap();
    assert_eq!(company.missing_steps(), [Step::SlaAcknowledgement]);

    let company = call_as(&state, Some(&pm_b), || companies::acknowledge_sla())
        .await
        .unwrap();
    assert!(company.missing_steps().is_empty());

    // Changing the plan asks for a new acknowledgement of the new deadlines.
    call_as(&state, Some(&coord), || {
        companies::save_company(
            Some(b.clone()),
            "Distribuidora Barueri S.A.".into(),
            "98765432000198".into(),
            "Distribuição".into(),
            "fiscal".into(),
            "ouro".into(),
        )
    })
    .await
    .unwrap();
    let company = call_as(&state, Some(&pm_b), || companies::my_company())
        .await
        .unwrap();
    assert_eq!(company.missing_steps(), [Step::SlaAcknowledgement]);

    // And the audit log recorded who did what, with before and after.
    let log = call_as(&state, Some(&coord), || audit::audit_log())
        .await
        .unwrap();
    let change = log
        .iter()
        .find(|e| e.action == "empresa alterada")
        .expect("audited");
    assert_eq!(change.actor, "Carla Coordenadora");
    assert!(
        change.before.as_deref().unwrap().contains("Prata")
            && change.after.as_deref().unwrap().contains("Ouro")
    );
    assert!(
        log.iter()
            .any(|e| e.action == "ciência do SLA" && e.actor == "Paula Gerente")
    );
}

#[tokio::test]
async fn wrong_passwords_get_one_answer_and_repeated_failures_pause_sign_in() {
    let state = demo_state_with_accounts().await;
    let wrong = call_as(&state, None, || {
        session::sign_in(PM_A.into(), "senha errada!!".into())
    })
    .await
    .unwrap_err();
    let unknown = call_as(&state, None, || {
        session::sign_in("ninguem@x.example".into(), "senha errada!!".into())
    })
    .await
    .unwrap_err();
    // No hint about which e-mails exist.
    assert_eq!(wrong, AppError::Unauthenticated);
    assert_eq!(unknown, AppError::Unauthenticated);

    for _ in 0..4 {
        let _ = call_as(&state, None, || {
            session::sign_in(N1.into(), "tentativa ruim".into())
        })
        .await;
    }
    // Four failures still let the right password in (and reset the count)...
    assert!(
        call_as(&state, None, || session::sign_in(
            N1.into(),
            "AnalistaN1#2026".into()
        ))
        .await
        .is_ok()
    );
    for _ in 0..5 {
        let _ = call_as(&state, None, || {
            session::sign_in(N1.into(), "tentativa ruim".into())
        })
        .await;
    }
    // ...the fifth opens a pause: now even the right password is refused, unchecked.
    let paused = call_as(&state, None, || {
        session::sign_in(N1.into(), "AnalistaN1#2026".into())
    })
    .await
    .unwrap_err();
    assert!(
        matches!(paused, AppError::Throttled { retry_after_secs } if (1..=30).contains(&retry_after_secs)),
        "{paused:?}"
    );
    // Unknown e-mails are paused the same way.
    for _ in 0..5 {
        let _ = call_as(&state, None, || {
            session::sign_in("ninguem@x.example".into(), "x".repeat(12))
        })
        .await;
    }
    let e = call_as(&state, None, || {
        session::sign_in("ninguem@x.example".into(), "x".repeat(12))
    })
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Throttled { .. }), "{e:?}");
}

#[tokio::test]
async fn twenty_parallel_wrong_guesses_count_as_twenty_and_only_five_are_checked() {
    use suporte::server::accounts::throttle::{self, Scope};
    let state = demo_state_with_accounts().await;
    let guesses = (0..20).map(|i| {
        let state = state.clone();
        tokio::spawn(async move {
            call_as(&state, None, || {
                session::sign_in(N2.into(), format!("chute errado {i}"))
            })
            .await
        })
    });
    let results = futures::future::join_all(guesses).await;
    let checked = results
        .iter()
        .filter(|r| matches!(r.as_ref().unwrap(), Err(AppError::Unauthenticated)))
        .count();
    let paused = results
        .iter()
        .filter(|r| matches!(r.as_ref().unwrap(), Err(AppError::Throttled { .. })))
        .count();
    // Each guess is counted for the account and for the account from this client; which
    // count a racing guess sees first varies, but never more than five are checked.
    assert!((1..=5).contains(&checked), "{checked} guesses checked");
    assert_eq!(checked + paused, 20);
    assert_eq!(
        throttle::failures(&state.db, Scope::Account, N2)
            .await
            .unwrap(),
        20
    );
    // The right password now waits too.
    let e = call_as(&state, None, || {
        session::sign_in(N2.into(), "AnalistaN2#2026".into())
    })
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Throttled { .. }), "{e:?}");
}

#[tokio::test]
async fn one_client_address_is_paused_whatever_e_mails_it_tries() {
    use suporte::server::accounts::throttle::{self, Attempt, Scope};
    let state = demo_state_with_accounts().await;
    let free = Scope::Client.free_failures();
    for i in 0..free - 1 {
        let a = throttle::attempt(&state.db, Scope::Client, "203.0.113.7")
            .await
            .unwrap();
        assert_eq!(a, Attempt::Allowed, "attempt {i}");
    }
    // The last free attempt is allowed and opens the pause for the next ones.
    assert_eq!(
        throttle::attempt(&state.db, Scope::Client, "203.0.113.7")
            .await
            .unwrap(),
        Attempt::Allowed
    );
    assert!(matches!(
        throttle::attempt(&state.db, Scope::Client, "203.0.113.7")
            .await
            .unwrap(),
        Attempt::Paused { .. }
    ));
    // Another address is unaffected.
    assert_eq!(
        throttle::attempt(&state.db, Scope::Client, "203.0.113.8")
            .await
            .unwrap(),
        Attempt::Allowed
    );
}

#[tokio::test]
async fn sign_in_events_are_audited_with_address_and_browser() {
    let state = demo_state_with_accounts().await;
    let _ = call_as(&state, None, || {
        session::sign_in(N1.into(), "errada errada".into())
    })
    .await;
    let (ok, _) = call_full(&state, None, || {
        session::sign_in(N1.into(), "AnalistaN1#2026".into())
    })
    .await;
    ok.unwrap();
    let mut res = state
        .db
        .query("SELECT action, actor_name, ip, user_agent FROM audit WHERE action IN ['entrada', 'entrada falhou'] ORDER BY at")
        .await
        .unwrap();
    let rows: Vec<serde_json::Value> = res.take(0).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["entrada falhou", "entrada"]);
    assert!(rows.iter().all(|r| r["ip"] == "192.0.2.10"), "{rows:?}");
    assert!(
        rows.iter().all(|r| r["user_agent"] == "testes/1.0"),
        "{rows:?}"
    );
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_the_role_switch_limits_what_is_allowed() {
    let state = demo_state_with_accounts().await;
    let (user, headers) = call_full(&state, None, || {
        session::sign_in(COORD.into(), "Coordena#2026".into())
    })
    .await;
    let user = user.unwrap();
    assert_eq!(user.active_role, Some(Role::Coordinator));
    assert_eq!(user.roles, [Role::Coordinator, Role::AnalystN2]);
    let set_cookie = headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // Acting as N2, coordinator functions are refused (least privilege while switched).
    let me = call_as(&state, Some(&cookie), || {
        session::switch_role("analyst_n2".into())
    })
    .await
    .unwrap();
    assert_eq!(me.active_role, Some(Role::AnalystN2));
    assert!(
        call_as(&state, Some(&cookie), || audit::audit_log())
            .await
            .is_err()
    );
    assert!(
        call_as(&state, Some(&cookie), || companies::list_companies())
            .await
            .is_ok()
    );
    // A role the person does not hold cannot be taken.
    assert!(
        call_as(&state, Some(&cookie), || session::switch_role(
            "customer".into()
        ))
        .await
        .is_err()
    );
    // Visitor view: Level 0 only.
    call_as(&state, Some(&cookie), || session::switch_role("".into()))
        .await
        .unwrap();
    assert!(
        call_as(&state, Some(&cookie), || companies::list_companies())
            .await
            .is_err()
    );

    // Sign-out ends the session.
    call_as(&state, Some(&cookie), || session::sign_out())
        .await
        .unwrap();
    assert_eq!(
        call_as(&state, Some(&cookie), || session::current_user())
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions() {
    let state = demo_state_with_accounts().await;
    let here = session(&state, N2, Some(Role::AnalystN2)).await;
    let elsewhere = session(&state, N2, Some(Role::AnalystN2)).await;
    let e = call_as(&state, Some(&here), || {
        session::change_password(
            "errada".into(),
            "nova senha longa".into(),
            "nova senha longa".into(),
        )
    })
    .await
    .unwrap_err();
    assert_eq!(e, AppError::invalid("A senha atual está incorreta."));
    let e = call_as(&state, Some(&here), || {
        session::change_password("AnalistaN2#2026".into(), "curta".into(), "curta".into())
    })
    .await
    .unwrap_err();
    assert!(e.to_string().contains("pelo menos 10"));
    call_as(&state, Some(&here), || {
        session::change_password(
            "AnalistaN2#2026".into(),
            "nova senha longa".into(),
            "nova senha longa".into(),
        )
    })
    .await
    .unwrap();
    assert!(
        call_as(&state, Some(&here), || session::current_user())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        call_as(&state, Some(&elsewhere), || session::current_user())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        call_as(&state, None, || session::sign_in(
            N2.into(),
            "nova senha longa".into()
        ))
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn company_data_is_validated_before_anything_changes() {
    let state = demo_state_with_accounts().await;
    let coord = session(&state, COORD, Some(Role::Coordinator)).await;
    let c = Some(coord.as_str());
    let before = suporte::server::accounts::companies::list(&state.db)
        .await
        .unwrap()
        .len();
    let cases = [
        (
            "11.222.333/0001-82",
            "ouro",
            "fiscal",
            "dígitos verificadores",
        ),
        (
            "12.345.678/0001-95",
            "ouro",
            "fiscal",
            "Já existe uma empresa com este CNPJ",
        ),
        (
            "11.222.333/0001-81",
            "bronze",
            "fiscal",
            "Plano desconhecido",
        ),
        (
            "11.222.333/0001-81",
            "ouro",
            "marte",
            "módulo do ERP desconhecido",
        ),
    ];
    for (cnpj, plan, modules, message) in cases {
        let e = call_as(&state, c, || {
            companies::save_company(
                None,
                "Nova".into(),
                cnpj.into(),
                "Varejo".into(),
                modules.into(),
                plan.into(),
            )
        })
        .await
        .unwrap_err();
        assert!(
            e.to_string().contains(message),
            "{cnpj}/{plan}/{modules}: {e}"
        );
    }
    assert_eq!(
        suporte::server::accounts::companies::list(&state.db)
            .await
            .unwrap()
            .len(),
        before
    );
    let id = call_as(&state, c, || {
        companies::save_company(
            None,
            "Nova".into(),
            "11.222.333/0001-81".into(),
            "Varejo".into(),
            "fiscal, vendas".into(),
            "vip".into(),
        )
    })
    .await
    .unwrap();
    let created = call_as(&state, c, || companies::get_company(id))
        .await
        .unwrap();
    assert_eq!(created.cnpj, "11.222.333/0001-81");
    assert_eq!(created.modules, ["fiscal", "vendas"]);
}

#[tokio::test]
async fn analysts_set_their_own_availability_and_nobody_else_can() {
    let state = demo_state_with_accounts().await;
    let a = actors(&state).await;
    matrix!(&state, a, allowed = ["N1", "N2"], || {
        analysts::set_my_availability(false)
    });
    let n1 = a.n1.as_deref();
    assert!(
        !call_as(&state, n1, analysts::my_availability)
            .await
            .unwrap()
    );
    call_as(&state, n1, || analysts::set_my_availability(true))
        .await
        .unwrap();
    assert!(
        call_as(&state, n1, analysts::my_availability)
            .await
            .unwrap()
    );
    let coord = a.coordinator.as_deref();
    let ana = call_as(&state, coord, analysts::list_analysts)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.email == N1)
        .unwrap();
    assert!(ana.available);
}

#[tokio::test]
async fn successful_sign_ins_from_one_address_never_pause_it() {
    use suporte::server::accounts::throttle::{self, Scope};
    let state = demo_state_with_accounts().await;
    // An office behind one address: many people sign in all day.
    for i in 0..(Scope::Client.free_failures() + 10) {
        let r = call_as(&state, None, || {
            session::sign_in(N1.into(), "AnalistaN1#2026".into())
        })
        .await;
        assert!(r.is_ok(), "sign-in {i}: {r:?}");
    }
    assert_eq!(
        throttle::failures(&state.db, Scope::Client, common::TEST_IP)
            .await
            .unwrap(),
        0
    );
    // Failures from it still count.
    let _ = call_as(&state, None, || {
        session::sign_in(N2.into(), "errada errada".into())
    })
    .await;
    assert_eq!(
        throttle::failures(&state.db, Scope::Client, common::TEST_IP)
            .await
            .unwrap(),
        1
    );
}
