//! A company's new SLA plan reaches its open occurrences: their targets change (the
//! deadlines are derived from plan × criticality, so they are recomputed at once), each
//! timeline says why and the company's contacts get it by mail — in the same transaction
//! as the company change.

use crate::domain::sla::{SlaPlan, policy::SlaPolicy};
use crate::server::db::Change;
use crate::server::sla::policy::targets_expr;

pub fn replan(
    change: Change,
    company_id: &str,
    (from, to): (SlaPlan, SlaPlan),
    policy: &SlaPolicy,
    author: &str,
) -> Change {
    change
        .statement(format!(
            "LET $rp_to = (SELECT VALUE email FROM person
                 WHERE company = type::record('company', $rp_company) AND active = true);
             FOR $rp IN (SELECT VALUE id FROM occurrence
                 WHERE company = type::record('company', $rp_company)
                   AND {}) {{
                 UPDATE $rp SET plan = $rp_plan;
                 UPDATE $rp SET sla_targets = {};
                 CREATE occurrence_event SET occurrence = $rp, kind = 'plan', public = true,
                     author_name = $rp_author, author_role = 'coordinator', text = $rp_text;
                 IF array::len($rp_to) > 0 THEN
                     (CREATE outbox SET occurrence = $rp, recipients = $rp_to,
                         headline = 'A coordenação mudou o plano de SLA da empresa', text = $rp_text)
                 END;
             }}",
            crate::server::sla::policy::OPEN,
            targets_expr(policy)
        ))
        .bind("rp_company", company_id.to_owned())
        .bind("rp_plan", to.slug().to_owned())
        .bind("rp_author", author.to_owned())
        .bind(
            "rp_text",
            format!(
                "Plano de SLA da empresa alterado de {} para {}: prazos recalculados.",
                from.label(),
                to.label()
            ),
        )
}
