//! Who works a case (`DOMAIN.md`, "Ownership"): the coordinator reassigns with a reason
//! (internal) and the new owner is told; the owner may hand over, nobody else; N2 works
//! what was escalated and elsewhere only notes; the coordinator sees every case in `todas`
//! and hands an absent analyst's open cases to someone else in one step. A reassignment
//! decided from a stale read writes nothing.
// Test code states its expectations with unwrap/expect/panic (helpers outside #[test] too).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(feature = "ssr")]

mod common;

use common::occurrences::{act, open, page};
use common::{call_as, demo_state_with_accounts, second_n1, session};
use suporte::api::{AppError, occurrences as oc, ownership};
use suporte::domain::accounts::Role;
use suporte::domain::occurrences::{EntryKind, OccurrenceNumber, OccurrenceView, State};
use suporte::domain::rule::Rule;
use suporte::server::state::AppState;

const PM: &str = "gp@metalurgica.example";
const N1: &str = "ana.n1@uno.example";
const N2: &str = "bruno.n2@uno.example";
const COORDINATOR: &str = "coordenacao@uno.example";
const OLGA: &str = "outra.n1@uno.example";

async fn id_of(state: &AppState, email: &str) -> String {
    suporte::server::accounts::people::find_id(&state.db, email)
        .await
        .unwrap()
        .unwrap()
}

async fn reassign(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    to: &str,
    reason: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        ownership::reassign_occurrence(n.path_part(), to.into(), reason.into())
    })
    .await
}

async fn try_act(
    state: &AppState,
    cookie: &str,
    n: OccurrenceNumber,
    action: &str,
    text: &str,
) -> Result<OccurrenceView, AppError> {
    call_as(state, Some(cookie), || {
        oc::act_on_occurrence(n.path_part(), action.into(), text.into(), None, None)
    })
    .await
}

/// What the database holds for one person: notices and mails (headline, text, recipients).
async fn told(state: &AppState, email: &str) -> (Vec<String>, Vec<serde_json::Value>) {
    let mut res = state
        .db
        .query(
            "SELECT VALUE text FROM notification WHERE person.email = $email;
             SELECT headline, text FROM outbox WHERE $email IN recipients",
        )
        .bind(("email", email.to_owned()))
        .await
        .unwrap();
    (res.take(0).unwrap(), res.take(1).unwrap())
}

#[tokio::test]
async fn the_coordinator_reassigns_with_an_internal_reason_and_the_new_owner_is_told() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let olga_id = id_of(&state, OLGA).await;
    let n = open(&state, &pm, "alta", "Rejeição 610").await;
    act(&state, &ana, n, "take", "").await;
    // The coordinator's page offers reassigning and notes, nothing that talks to the customer.
    let seen = page(&state, &coordinator, n).await;
    assert!(
        seen.actions
            .contains(&suporte::domain::occurrences::Action::Reassign)
    );
    assert!(
        !seen
            .actions
            .contains(&suporte::domain::occurrences::Action::Resolve)
    );
    // A reason is required; the target must be an active analyst.
    assert!(matches!(
        reassign(&state, &coordinator, n, &olga_id, "  ").await,
        Err(AppError::Invalid(_))
    ));
    assert!(matches!(
        reassign(&state, &coordinator, n, "nao-existe", "Férias").await,
        Err(AppError::Invalid(_))
    ));
    let after = reassign(
        &state,
        &coordinator,
        n,
        &olga_id,
        "Ana em férias até dia 20",
    )
    .await
    .unwrap();
    assert_eq!(after.summary.owner_name.as_deref(), Some("Olga Outra"));
    assert_eq!(after.summary.state, State::EmAtendimento);
    let note = after
        .timeline
        .iter()
        .find(|e| e.text.contains("Ana em férias"))
        .expect("the reassignment is on support's timeline");
    assert_eq!(note.kind, EntryKind::Note);
    assert!(!note.public);
    assert!(note.text.contains("Ana Atendimento") && note.text.contains("Olga Outra"));
    // The customer never reads the reason.
    let customer = page(&state, &pm, n).await;
    assert!(!format!("{customer:?}").contains("Ana em férias"));
    // Olga is told in the app and by mail (the mail without the internal reason).
    let (notices, mails) = told(&state, OLGA).await;
    assert!(
        notices.iter().any(|t| t.contains(&n.to_string())),
        "{notices:?}"
    );
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(!mails[0].to_string().contains("Ana em férias"), "{mails:?}");
    // Olga works it now; Ana only reads it and notes.
    act(&state, &olga, n, "reply", "Assumi, já verifico.").await;
    assert_eq!(
        try_act(&state, &ana, n, "resolve", "Resolvido.")
            .await
            .map(|_| ()),
        Err(AppError::Rule(Rule::HeldBy {
            owner: Some("Olga Outra".into())
        }))
    );
    act(&state, &ana, n, "note", "Contexto: cliente usa a 2026.11.").await;
    // Giving it to whom already has it is refused.
    assert!(matches!(
        reassign(&state, &coordinator, n, &olga_id, "De novo").await,
        Err(AppError::Invalid(_))
    ));
}

#[tokio::test]
async fn the_owner_hands_over_and_nobody_else_reassigns() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let olga = second_n1(&state).await;
    let bruno = session(&state, N2, Some(Role::AnalystN2)).await;
    let (ana_id, olga_id) = (id_of(&state, N1).await, id_of(&state, OLGA).await);
    let n = open(&state, &pm, "media", "Boleto sem juros").await;
    // Nobody owns a new case: it is taken, not handed over.
    assert!(matches!(
        reassign(&state, &olga, n, &ana_id, "Pega você").await,
        Err(AppError::Rule(Rule::HeldBy { .. }))
    ));
    act(&state, &ana, n, "take", "").await;
    for (who, cookie) in [("another N1", &olga), ("N2", &bruno)] {
        assert!(
            matches!(
                reassign(&state, cookie, n, &olga_id, "Quero").await,
                Err(AppError::Rule(Rule::HeldBy { .. }))
            ),
            "{who} reassigned Ana's case"
        );
    }
    assert_eq!(
        reassign(&state, &pm, n, &olga_id, "Prefiro a Olga")
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
    let handed = reassign(
        &state,
        &ana,
        n,
        &olga_id,
        "Olga conhece o módulo financeiro",
    )
    .await
    .unwrap();
    assert_eq!(handed.summary.owner_name.as_deref(), Some("Olga Outra"));
    // Ana, no longer the owner, sees notes only.
    let actions = page(&state, &ana, n).await.actions;
    assert_eq!(
        actions,
        vec![suporte::domain::occurrences::Action::Note],
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_new_case_reassigned_is_being_worked_by_its_new_owner() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let olga = second_n1(&state).await;
    let olga_id = id_of(&state, OLGA).await;
    let n = open(&state, &pm, "alta", "Nova para a Olga").await;
    let after = reassign(&state, &coordinator, n, &olga_id, "Especialista no fiscal")
        .await
        .unwrap();
    assert_eq!(after.summary.state, State::EmAtendimento);
    assert_eq!(after.summary.owner_name.as_deref(), Some("Olga Outra"));
    act(&state, &olga, n, "resolve", "Ajustado o CFOP.").await;
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Resolvida);
}

#[tokio::test]
async fn n2_acts_on_escalated_cases_and_elsewhere_only_notes() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let bruno = session(&state, N2, Some(Role::AnalystN2)).await;
    let n = open(&state, &pm, "alta", "Nunca escalada").await;
    // Not even taken: N2 does not grab it.
    assert_eq!(
        try_act(&state, &bruno, n, "reply", "Olá").await.map(|_| ()),
        Err(AppError::Rule(Rule::NotEscalated))
    );
    act(&state, &ana, n, "take", "").await;
    for (action, text) in [
        ("resolve", "Resolvido pelo N2"),
        ("ask_customer", "Qual versão?"),
        ("reply", "Oi"),
    ] {
        assert_eq!(
            try_act(&state, &bruno, n, action, text).await.map(|_| ()),
            Err(AppError::Rule(Rule::NotEscalated)),
            "{action}"
        );
    }
    let refused = call_as(&state, Some(&bruno), || {
        oc::change_criticality(n.path_part(), "critica".into(), "Urgente".into())
    })
    .await;
    assert_eq!(refused.map(|_| ()), Err(AppError::Rule(Rule::NotEscalated)));
    // The status a browser gets for it.
    assert_eq!(
        suporte::domain::error::AppError::Rule(Rule::NotEscalated).status(),
        409
    );
    act(&state, &bruno, n, "note", "Já vi isso na 2026.10.").await;
    assert_eq!(
        page(&state, &bruno, n).await.actions,
        vec![suporte::domain::occurrences::Action::Note]
    );
    // Escalated: N2 works it, including asking the customer and answering after.
    act(
        &state,
        &ana,
        n,
        "escalate",
        "Reproduzido na 2026.11, base de teste.",
    )
    .await;
    act(
        &state,
        &bruno,
        n,
        "ask_customer",
        "Qual certificado está em uso?",
    )
    .await;
    act(&state, &pm, n, "reply", "O A1 novo.").await;
    act(&state, &bruno, n, "resolve", "Certificado reinstalado.").await;
    assert_eq!(page(&state, &pm, n).await.summary.state, State::Resolvida);
}

#[tokio::test]
async fn the_coordinator_sees_every_case_by_owner_and_state_and_analysts_do_not() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    let ana_id = id_of(&state, N1).await;
    let untaken = open(&state, &pm, "media", "Ninguém pegou").await;
    let taken = open(&state, &pm, "media", "Com a Ana").await;
    let closed = open(&state, &pm, "media", "Já resolvida e confirmada").await;
    act(&state, &ana, taken, "take", "").await;
    act(&state, &ana, closed, "take", "").await;
    act(&state, &ana, closed, "resolve", "Feito.").await;
    act(&state, &pm, closed, "confirm", "").await;
    let all = |owner: Option<&str>, st: Option<&str>| {
        let (owner, st) = (owner.map(str::to_owned), st.map(str::to_owned));
        let (state, coordinator) = (state.clone(), coordinator.clone());
        async move {
            call_as(&state, Some(&coordinator), || {
                oc::occurrence_queue(
                    "todas".into(),
                    None,
                    None,
                    None,
                    None,
                    None,
                    owner,
                    st,
                    None,
                )
            })
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|o| o.number)
            .collect::<Vec<_>>()
        }
    };
    let open_ones = all(None, None).await;
    assert!(open_ones.contains(&untaken) && open_ones.contains(&taken));
    assert!(
        !open_ones.contains(&closed),
        "a closed case among the open ones"
    );
    assert_eq!(all(Some("ninguem"), None).await, vec![untaken]);
    assert_eq!(all(Some(&ana_id), None).await, vec![taken]);
    assert_eq!(all(None, Some("encerrada")).await, vec![closed]);
    let refused = call_as(&state, Some(&ana), || {
        oc::occurrence_queue(
            "todas".into(),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        )
    })
    .await;
    assert_eq!(refused.map(|_| ()), Err(AppError::Forbidden));
}

#[tokio::test]
async fn an_absent_analysts_open_cases_go_to_someone_else_in_one_step() {
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    second_n1(&state).await;
    let (ana_id, olga_id) = (id_of(&state, N1).await, id_of(&state, OLGA).await);
    let mut mine = Vec::new();
    for title in ["Primeira", "Segunda", "Terceira"] {
        let n = open(&state, &pm, "media", title).await;
        act(&state, &ana, n, "take", "").await;
        mine.push(n);
    }
    act(&state, &ana, mine[2], "resolve", "Feito.").await;
    act(&state, &pm, mine[2], "confirm", "").await;
    // The coordinator deactivates Ana: her two open cases are listed…
    call_as(&state, Some(&coordinator), || {
        suporte::api::accounts::analysts::set_person_active(ana_id.clone(), false)
    })
    .await
    .unwrap();
    let listed = call_as(&state, Some(&coordinator), || {
        ownership::open_cases(ana_id.clone())
    })
    .await
    .unwrap();
    assert_eq!(listed, mine[..2].to_vec());
    // …and go to Olga in one step.
    let done = call_as(&state, Some(&coordinator), || {
        ownership::reassign_all(ana_id.clone(), olga_id.clone(), "Ana saiu da equipe".into())
    })
    .await
    .unwrap();
    assert_eq!(done.moved, mine[..2].to_vec());
    assert!(done.refused.is_empty(), "{:?}", done.refused);
    for n in &mine[..2] {
        let p = page(&state, &coordinator, *n).await;
        assert_eq!(p.summary.owner_name.as_deref(), Some("Olga Outra"));
    }
    assert!(
        call_as(&state, Some(&coordinator), || ownership::open_cases(
            ana_id.clone()
        ))
        .await
        .unwrap()
        .is_empty()
    );
    // An analyst may not do it.
    let olga = session(&state, OLGA, Some(Role::AnalystN1)).await;
    let refused = call_as(&state, Some(&olga), || {
        ownership::reassign_all(olga_id.clone(), ana_id.clone(), "Não".into())
    })
    .await;
    assert_eq!(refused.map(|_| ()), Err(AppError::Forbidden));
}

#[tokio::test]
async fn a_step_decided_before_a_reassignment_is_refused_after_it() {
    use suporte::domain::occurrences::{Action, Move, Party};
    use suporte::server::occurrences::{act as step, read};
    let state = demo_state_with_accounts().await;
    let pm = session(&state, PM, Some(Role::Customer)).await;
    let ana = session(&state, N1, Some(Role::AnalystN1)).await;
    let coordinator = session(&state, COORDINATOR, Some(Role::Coordinator)).await;
    second_n1(&state).await;
    let olga_id = id_of(&state, OLGA).await;
    let n = open(&state, &pm, "media", "Decidida antes").await;
    act(&state, &ana, n, "take", "").await;
    // Ana's resolution was decided from this read (hers, "em atendimento")…
    let found = read::find(&state.db, n).await.unwrap().unwrap();
    // …and the coordinator's reassignment commits first: same state, another owner.
    reassign(&state, &coordinator, n, &olga_id, "Ana em treinamento")
        .await
        .unwrap();
    let actor = suporte::server::db::Actor {
        name: "Ana Atendimento".into(),
        ..Default::default()
    };
    let late = step::apply(
        &state.db,
        &step::Step {
            text: "tarde demais",
            ..step::Step::new(
                &found,
                Action::Resolve,
                Party::AnalystN1,
                Move::To(State::Resolvida),
                found.owner_id.as_deref(),
                &actor,
            )
        },
    )
    .await
    .map_err(AppError::from);
    assert_eq!(
        late.map(|_| ()),
        Err(AppError::Rule(Rule::OccurrenceChanged))
    );
    let after = page(&state, &coordinator, n).await;
    assert_eq!(after.summary.state, State::EmAtendimento);
    assert!(!format!("{:?}", after.timeline).contains("tarde demais"));
}
