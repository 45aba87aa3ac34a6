//! The coordinator's SLA rules in the database (`sla_policy:current`; absent = the shipped
//! defaults), and the targets each occurrence is judged by (`sla_targets`, kept current
//! while it is open, frozen once it is closed).

use anyhow::Result;

use crate::domain::sla::{Criticality, SlaPlan, calendar_spec::CalendarSpec, policy::SlaPolicy};
use crate::server::db::{Change, Db};

/// The rules in force.
pub async fn load(db: &Db) -> Result<SlaPolicy> {
    crate::server::db::setting(db, "sla_policy").await
}

/// A SurrealQL expression giving a record's targets (in minutes) from its own `plan` and
/// `criticality` fields under `policy`. Only slugs and integers go into the text.
pub fn targets_expr(policy: &SlaPolicy) -> String {
    let mut out = String::new();
    for p in SlaPlan::ALL {
        for c in Criticality::ALL {
            let t = policy.targets(p, c);
            out.push_str(if out.is_empty() { "IF " } else { " ELSE IF " });
            out.push_str(&format!(
                "plan = '{}' AND criticality = '{}' THEN {{ first_response_minutes: {}, solution_minutes: {} }}",
                p.slug(),
                c.slug(),
                t.first_response_hours * 60,
                t.solution_hours * 60
            ));
        }
    }
    out.push_str(" END");
    out
}

/// Sets the targets of the occurrence(s) `target` (a SurrealQL record expression) from
/// their current plan and criticality.
pub fn refresh(change: Change, policy: &SlaPolicy, target: &str) -> Change {
    change.statement(format!(
        "UPDATE {target} SET sla_targets = {}",
        targets_expr(policy)
    ))
}

/// Snapshots, at opening, the penalty rule of the occurrence(s) `target` from their plan
/// and the calendar in force: editing the table never reprices them, and editing the
/// hours or holidays moves their deadlines only if the coordinator re-times open cases.
pub fn snapshot_at_opening(change: Change, policy: &SlaPolicy, target: &str) -> Change {
    let mut expr = String::new();
    for p in SlaPlan::ALL {
        let pen = policy.penalty(p);
        expr.push_str(if expr.is_empty() { "IF " } else { " ELSE IF " });
        expr.push_str(&format!(
            "plan = '{}' THEN {{ per_breach_bp: {}, monthly_cap_bp: {} }}",
            p.slug(),
            pen.per_breach_bp,
            pen.monthly_cap_bp
        ));
    }
    change
        // A company served by another office runs on that office's calendar.
        .statement(format!(
            "UPDATE {target} SET sla_penalty = {expr} END,
                 sla_calendar = company.office.calendar ?? $snap_calendar"
        ))
        .bind("snap_calendar", policy.calendar_spec().to_json())
}

/// Open occurrences, by state (the clock has not ended). Named, not `NOT IN` the others:
/// a `NOT IN` is not answered by the `state` index and reads every occurrence (about a
/// second at a million; BENCHMARKS.md).
pub(crate) const OPEN: &str = "state IN ['aberta', 'em_atendimento', 'escalada_n2', \
    'em_desenvolvimento', 'aguardando_cliente', 'aguardando_aprovacao', 'aguardando_versao']";

/// A calendar edit of the default office (companies without an office of their own):
/// open occurrences without a snapshot (opened before snapshots existed) keep the
/// calendar they ran on; with `retime`, every open one moves to the new calendar.
fn calendar_edit(change: Change, before: &SlaPolicy, after: &SlaPolicy, retime: bool) -> Change {
    let (old, new) = (before.calendar_spec(), after.calendar_spec());
    if old == new {
        return change;
    }
    let change = change
        .statement(format!(
            "UPDATE occurrence SET sla_calendar = $cal_old
                 WHERE {OPEN} AND sla_calendar IS NONE AND company.office IS NONE"
        ))
        .bind("cal_old", old.to_json());
    if !retime {
        return change;
    }
    retime_open(change, "company.office IS NONE", &new, "$pol_author")
}

/// Moves the open occurrences matching `scope` (a SurrealQL condition) to calendar `new`,
/// each with a public timeline entry by `$author` (a variable the change binds).
pub(crate) fn retime_open(change: Change, scope: &str, new: &CalendarSpec, author: &str) -> Change {
    change
        .statement(format!(
            "FOR $rc IN (SELECT VALUE id FROM occurrence
                 WHERE {OPEN} AND {scope} AND sla_calendar != $cal_new) {{
                 UPDATE $rc SET sla_calendar = $cal_new;
                 CREATE occurrence_event SET occurrence = $rc, kind = 'plan', public = true,
                     author_name = {author}, author_role = 'coordinator', text = $cal_text;
             }}"
        ))
        .bind("cal_new", new.to_json())
        .bind(
            "cal_text",
            format!(
                "Calendário de atendimento alterado pela coordenação; prazos recalculados. Horário: {}.",
                new.hours().describe()
            ),
        )
}

/// Stores `policy`; the open occurrences whose targets change get them at once, each with
/// a timeline entry saying why and a mail to its company's contacts.
pub fn save(
    change: Change,
    before: &SlaPolicy,
    policy: &SlaPolicy,
    author: &str,
    retime: bool,
) -> Result<Change> {
    let expr = targets_expr(policy);
    let change = calendar_edit(change, before, policy, retime);
    Ok(change
        .statement("UPSERT sla_policy:current SET data = $pol_data")
        .statement(format!(
            "LET $pol_changed = (SELECT VALUE id FROM occurrence
                 WHERE {OPEN} AND sla_targets != ({expr}))"
        ))
        .statement(format!(
            "FOR $pc IN $pol_changed {{
                 UPDATE $pc SET sla_targets = {expr};
                 LET $pt = (SELECT VALUE sla_targets FROM ONLY $pc);
                 LET $ptext = string::concat('Tabela de prazos do SLA alterada pela coordenação: 1ª resposta em ',
                         <string> ($pt.first_response_minutes / 60), 'h úteis, solução em ',
                         <string> ($pt.solution_minutes / 60), 'h úteis.');
                 CREATE occurrence_event SET occurrence = $pc, kind = 'plan', public = true,
                     author_name = $pol_author, author_role = 'coordinator', text = $ptext;
                 LET $pto = (SELECT VALUE email FROM person
                     WHERE company = (SELECT VALUE company FROM ONLY $pc) AND active = true);
                 IF array::len($pto) > 0 THEN
                     (CREATE outbox SET occurrence = $pc, recipients = $pto,
                         headline = 'A coordenação alterou os prazos do SLA', text = $ptext)
                 END;
             }}"
        ))
        .bind("pol_data", serde_json::to_value(policy)?)
        .bind("pol_author", author.to_owned()))
}

/// Saves the coordinator's rules with their audit row (before and after) in one
/// transaction; open occurrences whose targets change get them at once, and their
/// calendar too when the coordinator chose to re-time them (the audit row says so).
pub async fn save_audited(
    db: &Db,
    actor: &crate::server::db::Actor,
    new: &SlaPolicy,
    retime: bool,
) -> Result<(), crate::domain::error::AppError> {
    let before = load(db).await?;
    save(Change::new(), &before, new, &actor.name, retime)?
        .audit(
            actor,
            if retime {
                "regras de SLA alteradas (ocorrências abertas recalculadas no novo calendário)"
            } else {
                "regras de SLA alteradas"
            },
            "sla_policy:current",
            Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?),
            Some(serde_json::to_value(new).map_err(anyhow::Error::from)?),
        )
        .commit(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::occurrences::{ClockRule, State};

    #[test]
    fn the_open_condition_names_every_state_whose_clock_has_not_stopped() {
        let named: Vec<&str> = State::ALL
            .into_iter()
            .filter(|s| super::OPEN.contains(&format!("'{}'", s.slug())))
            .map(State::slug)
            .collect();
        let open: Vec<&str> = State::ALL
            .into_iter()
            .filter(|s| s.clock() != ClockRule::Stopped)
            .map(State::slug)
            .collect();
        assert_eq!(named, open);
    }
}
