//! Applying a move of the lifecycle. The update is guarded by the state it was decided
//! from: if another analyst acted first (two "take" at once), the guard fails, nothing
//! is written, and the caller is told what happened.

use anyhow::Result;

use super::read::Found;
use crate::domain::occurrences::{
    Action, Move, Party, State, estimate::EstimateInput, forwarding::Destination,
    message::Visibility, simulation::SimulationRecord,
};
use crate::domain::rule::Rule;
use crate::server::attachments::records::{Attaching, attach};
use crate::server::db::{self, Change, Db};
use crate::server::mail::{outbox, render::headline};

/// One applied action: who did what, with which text, and where it leads.
pub struct Step<'a> {
    pub found: &'a Found,
    pub action: Action,
    pub role: Party,
    pub moved: Move,
    /// `None` for the system itself (automatic closing).
    pub person_id: Option<&'a str>,
    pub actor: &'a db::Actor,
    /// Reply, note, question, solution, reason or simulation record; public or internal
    /// as the action says (`Action::text_visibility`).
    pub text: &'a str,
    /// On a hand-over inside support (internal text): a message for the customer, or "".
    pub public_message: &'a str,
    /// Uploads sent with the text (the caller's, not yet used).
    pub attachments: &'a [String],
    /// A resolution: when it closes by itself if nobody answers (the mail says so).
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A directed case taken from the pool: the internal note saying why it fell there.
    pub pool_note: Option<&'a str>,
    /// A reassignment: the new owner, told by notice and mail.
    pub new_owner: Option<NewOwner<'a>>,
    /// Out of scope: the area it goes to (kept on the case; the area gets a copy).
    pub forward: Option<ForwardTo<'a>>,
    /// To Desenvolvimento: the structured simulation record (kept on the case).
    pub simulation: Option<&'a SimulationRecord>,
    /// A data change's estimate, or the customer's decision on it.
    pub estimate: Option<EstimateStep<'a>>,
    /// A duplicate: the case it is merged into.
    pub merge: Option<super::merge::MergeInto<'a>>,
    /// To `aguardando_versao`: the version (number) that carries the fix.
    pub fix_version: Option<&'a str>,
}

/// What a step does to the case's estimate (FAQ 9).
pub enum EstimateStep<'a> {
    /// N2 or the coordinator prices the change; the customer's decision is pending.
    Record(&'a EstimateInput),
    /// The customer approves, or refuses with `reason`; who and when are kept.
    Decide { approved: bool, reason: &'a str },
}

impl<'a> Step<'a> {
    /// A step with no text, files or side effects; callers set what their action carries
    /// (`Step { text, ..Step::new(…) }`).
    pub fn new(
        found: &'a Found,
        action: Action,
        role: Party,
        moved: Move,
        person_id: Option<&'a str>,
        actor: &'a db::Actor,
    ) -> Self {
        Self {
            found,
            action,
            role,
            moved,
            person_id,
            actor,
            text: "",
            public_message: "",
            attachments: &[],
            closes_at: None,
            pool_note: None,
            new_owner: None,
            forward: None,
            simulation: None,
            estimate: None,
            merge: None,
            fix_version: None,
        }
    }
}

/// Where a forwarded case goes, and what the area's copy tells it about the demand.
pub struct ForwardTo<'a> {
    pub destination: &'a Destination,
    /// Why, as the customer reads it (the step's text also names the area).
    pub reason: &'a str,
}

/// Who receives a reassigned case, and the line of their notice. Their mail says where to
/// read the reason, not the reason: internal text never goes into the outbox.
pub struct NewOwner<'a> {
    pub person_id: &'a str,
    pub headline: &'a str,
}

const NEW_OWNER_MAIL: &str =
    "A ocorrência agora é sua. O motivo e o histórico estão na página da ocorrência.";

/// The guard of every change to an occurrence: it applies only if the case is still where
/// the decision read it (state, owner, and what it resumes to), so an action decided on a
/// stale read (another analyst took it, the coordinator reassigned it, the customer
/// closed it) writes nothing. `p` is the statement's variable prefix.
pub fn guard(change: Change, p: &str, found: &Found) -> (Change, String) {
    let clause = format!(
        "state = ${p}_from AND owner = (IF ${p}_owner_was THEN type::record('person', ${p}_owner_was) END)
         AND resume_state = ${p}_resume_was"
    );
    let change = change
        .bind(&format!("{p}_from"), found.state.slug().to_owned())
        .bind(&format!("{p}_owner_was"), found.owner_id.clone())
        .bind(
            &format!("{p}_resume_was"),
            found.resume_state.map(|s| s.slug().to_owned()),
        );
    (change, clause)
}

pub(super) fn role_slug(a: Party) -> &'static str {
    match a {
        Party::Customer => "customer",
        Party::AnalystN1 => "analyst_n1",
        Party::AnalystN2 => "analyst_n2",
        Party::Coordinator => "coordinator",
        Party::System => "system",
    }
}

/// The state a move lands in.
pub fn target(found: &Found, moved: Move) -> State {
    match moved {
        Move::Stay => found.state,
        Move::To(s) => s,
        Move::Resume => found.resume_state.unwrap_or(State::EmAtendimento),
    }
}

/// Writes the step: the guarded state change, its timeline entries and the audit row.
///
/// Two steps racing on one occurrence may both pass the guard and collide at commit; the
/// loser is run again, and its guard then sees the winner's state and refuses.
pub async fn apply(db: &Db, s: &Step<'_>) -> Result<State> {
    let to = target(s.found, s.moved);
    // Replies and moves on one busy case queue in this process instead of colliding.
    let change = db::retry_on_conflict(|| step_change(s, to).commit(db));
    db::serial::one_at_a_time(&format!("occurrence:{}", s.found.id), change).await?;
    Ok(to)
}

/// The fields the step sets on the occurrence (under the guard of [`step_change`]: only
/// if its state has not moved meanwhile).
fn field_sets(s: &Step<'_>, to: State, says_publicly: bool) -> Vec<&'static str> {
    let analyst = matches!(s.role, Party::AnalystN1 | Party::AnalystN2);
    let mut sets = vec!["state = $st_to", "last_activity_at = time::now()"];
    if to != s.found.state {
        // The record's own copy of its state changes: what the SLA clock is read from.
        sets.push(
            "state_changes = array::append(state_changes ?? [],
                 { at: $st_at + 2ms, from_state: $st_from, to_state: $st_to })",
        );
    }
    match s.action {
        Action::Take => {
            sets.push("owner = type::record('person', $st_person)");
            sets.push("taken_at = time::now()");
        }
        Action::AskCustomer => sets.push("resume_state = $st_from"),
        // N1's record: what the hand-over to Desenvolvimento is pre-filled from.
        Action::Escalate => sets.push("escalation_record = $st_text"),
        Action::HandToDevelopment if s.simulation.is_some() => {
            sets.push("simulation = $st_simulation");
        }
        _ => {}
    }
    match s.estimate {
        Some(EstimateStep::Record(_)) => sets.push(
            "estimate = { hundredths_of_hour: $st_estimate.hundredths_of_hour,
                 cost_cents: $st_estimate.cost_cents, description: $st_estimate.description,
                 by_name: $st_author, at: time::now(), decision: 'pendente' }",
        ),
        Some(EstimateStep::Decide { .. }) => {
            sets.push("estimate.decision = $st_decision");
            sets.push("estimate.decided_by = type::record('person', $st_person)");
            sets.push("estimate.decided_by_name = $st_author");
            sets.push("estimate.decided_at = time::now()");
            sets.push("estimate.reason = $st_reason");
        }
        None => {}
    }
    match s.action {
        Action::Reassign => {
            sets.push("owner = type::record('person', $st_new_owner)");
            sets.push("taken_at = taken_at ?? time::now()");
        }
        Action::Resolve | Action::ReleaseVersion => sets.push("resolved_at = time::now()"),
        Action::AwaitVersion if s.fix_version.is_some() => {
            sets.push("fix_version = $st_version");
        }
        Action::Forward => {
            // Forwarded while waiting on the customer: nothing resumes any more.
            sets.push("resume_state = NONE");
            sets.push("forwarded = $st_forwarded");
        }
        _ => {}
    }
    // Reopened (by Reabrir, or by the customer writing back): no longer resolved.
    if s.found.state == State::Resolvida && to == State::EmAtendimento {
        sets.push("resolved_at = NONE");
    }
    if s.moved == Move::Resume {
        sets.push("resume_state = NONE");
    }
    if analyst && says_publicly {
        // The first public answer of an analyst is the SLA's first response.
        sets.push("first_public_reply_at = first_public_reply_at ?? time::now()");
    }
    sets
}

/// What the customer reads of the step: its text if public, else the hand-over's public
/// message (possibly none). Internal text never goes further than support's timeline.
pub(super) fn public_words<'a>(s: &Step<'a>) -> &'a str {
    match s.action.text_visibility() {
        Visibility::Public => s.text,
        Visibility::Internal => s.public_message,
    }
}

/// Adds the e-mail copy for the company's contacts, when the step gives them something
/// to read on the page: a new state, a public text or public files.
fn with_copy(change: Change, s: &Step<'_>, to: State) -> Change {
    let moved = to != s.found.state;
    let words = public_words(s);
    let public_files =
        s.action.text_visibility() == Visibility::Public && !s.attachments.is_empty();
    if !(moved || !words.is_empty() || public_files) {
        return change;
    }
    let text = match s.closes_at {
        Some(at) if to == State::Resolvida => format!(
            "{words}\n\nSe não houver resposta, a ocorrência será encerrada automaticamente em {}.",
            crate::domain::time::format_date_time(at)
        ),
        _ => words.to_owned(),
    };
    let author = if s.person_id.is_some() {
        s.actor.name.as_str()
    } else {
        "O sistema"
    };
    outbox::notify(
        change,
        &outbox::Notice {
            occurrence_id: &s.found.id,
            company_id: &s.found.company_id,
            author_person_id: s.person_id,
            headline: headline(author, s.action, moved.then_some(to)),
            text: &text,
        },
    )
}

/// The statements of one step (built again for each attempt).
fn step_change(s: &Step<'_>, to: State) -> Change {
    // Text that the customer reads (a reply, a question, a solution, a reason) or that
    // only support reads (a note, the simulation record, a hand-over's record).
    let text_public = s.action.text_visibility() == Visibility::Public;
    let text_kind = if text_public { "reply" } else { "note" };
    let sets = field_sets(s, to, !public_words(s).is_empty());
    // One instant for the step: its text, then its state change 2 ms later (the timeline
    // reads in order), the same in the event and in the record's copy.
    let at = Change::new().statement("LET $st_at = time::now()");
    let (change, guarded) = guard(at, "st", s.found);
    let mut change = change
        .statement(format!(
            "LET $st_updated = (UPDATE type::record('occurrence', $st_id) SET {}
                 WHERE {guarded} RETURN AFTER)",
            sets.join(", ")
        ))
        .statement(format!(
            "IF array::len($st_updated) = 0 THEN {} END",
            db::throw(&Rule::OccurrenceChanged)
        ))
        .bind("st_id", s.found.id.clone())
        .bind("st_to", to.slug().to_owned())
        .bind("st_person", s.person_id.map(str::to_owned))
        .bind("st_author", s.actor.name.clone())
        .bind("st_role", role_slug(s.role).to_owned());
    if !s.text.is_empty() {
        change = change
            .statement(format!(
                "CREATE occurrence_event SET occurrence = type::record('occurrence', $st_id),
                     at = $st_at, kind = '{text_kind}', public = {text_public},
                     author = IF $st_person THEN type::record('person', $st_person) END, author_name = $st_author,
                     author_role = $st_role, text = $st_text"
            ))
            .bind("st_text", s.text.to_owned());
        change = super::links::with_links(change, s.text, text_public);
    }
    if let Some(m) = &s.merge {
        change = super::merge::statements(change, m);
    }
    if let Some(v) = s.fix_version {
        // Only an unpublished version; touching it makes a publish racing this step
        // conflict (one of the two runs again and sees the other).
        change = change
            .statement(
                "LET $st_v = (UPDATE type::record('erp_version', $st_version) SET linked += 1
                     WHERE published_at = NONE RETURN AFTER)",
            )
            .statement(format!(
                "IF array::len($st_v) = 0 THEN {} END",
                db::throw(&Rule::VersionNotOpen)
            ))
            .bind("st_version", v.to_owned());
    }
    if let Some(note) = s.pool_note {
        change = change
            .statement(
                "CREATE occurrence_event SET occurrence = type::record('occurrence', $st_id),
                     at = $st_at + 1ms, kind = 'note', public = false, author_name = 'Sistema',
                     author_role = 'system', text = $st_pool",
            )
            .bind("st_pool", note.to_owned());
    }
    if !text_public && !s.public_message.is_empty() {
        // The hand-over's message to the customer: its own public entry, a moment later.
        change = change
            .statement(
                "CREATE occurrence_event SET occurrence = type::record('occurrence', $st_id),
                     at = $st_at + 1ms, kind = 'reply', public = true,
                     author = IF $st_person THEN type::record('person', $st_person) END, author_name = $st_author,
                     author_role = $st_role, text = $st_public",
            )
            .bind("st_public", s.public_message.to_owned());
    }
    if let Some(person) = s.person_id {
        change = attach(
            change,
            &Attaching {
                upload_ids: s.attachments,
                occurrence_id: &s.found.id,
                uploader_id: person,
                author_name: &s.actor.name,
                author_role: role_slug(s.role),
                public: text_public,
            },
        );
    }
    if let Some(owner) = &s.new_owner {
        change = change.bind("st_new_owner", owner.person_id.to_owned());
        change = super::notice::tell(
            change,
            &super::notice::PersonNotice {
                prefix: "st_owner",
                person_id: owner.person_id,
                occurrence_id: &s.found.id,
                headline: owner.headline,
                text: NEW_OWNER_MAIL,
            },
        );
    }
    change = match &s.estimate {
        Some(EstimateStep::Record(e)) => change.bind(
            "st_estimate",
            serde_json::json!({
                "hundredths_of_hour": e.hundredths_of_hour,
                "cost_cents": e.cost_cents,
                "description": e.description,
            }),
        ),
        Some(EstimateStep::Decide { approved, reason }) => change
            .bind(
                "st_decision",
                if *approved { "aprovado" } else { "recusado" },
            )
            .bind(
                "st_reason",
                (!reason.is_empty()).then(|| (*reason).to_owned()),
            ),
        None => change,
    };
    if let Some(record) = s.simulation {
        let f = record.fields();
        change = change.bind(
            "st_simulation",
            serde_json::json!({
                "erp_version": f.erp_version,
                "environment": f.environment,
                "steps": f.steps,
                "expected": f.expected,
                "obtained": f.obtained,
            }),
        );
    }
    if let Some(f) = &s.forward {
        change = change.bind(
            "st_forwarded",
            serde_json::json!({
                "category": f.destination.category,
                "area": f.destination.area,
                "area_email": f.destination.area_email,
                "reason": f.reason,
            }),
        );
    }
    change = with_copy(change, s, to);
    change = super::area_copy::with_area_copy(change, s, to);
    if to != s.found.state {
        // A state change is public (the customer follows where their case is).
        change = change.statement(
            "CREATE occurrence_event SET occurrence = type::record('occurrence', $st_id),
                 at = $st_at + 2ms, kind = 'state', public = true,
                 author = IF $st_person THEN type::record('person', $st_person) END, author_name = $st_author,
                 author_role = $st_role, text = '', from_state = $st_from, to_state = $st_to",
        );
    }
    change.audit(
        s.actor,
        &format!("ocorrência: {}", s.action.label()),
        &format!("ocorrencia:{}", s.found.id),
        Some(serde_json::json!({ "situacao": s.found.state.slug() })),
        Some(serde_json::json!({ "situacao": to.slug() })),
    )
}
