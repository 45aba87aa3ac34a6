//! Customer companies: Extranet contact limits and the prerequisites to open occurrences.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ContactRole;
use crate::domain::sla::SlaPlan;

/// Checks whether a company on `plan`, whose current contacts have `existing` roles, may
/// add one more with role `new`. The messages are what the coordinator reads.
pub fn check_new_contact(
    plan: SlaPlan,
    existing: &[ContactRole],
    new: ContactRole,
) -> Result<(), String> {
    let has_pm = existing.contains(&ContactRole::ProjectManager);
    match new {
        ContactRole::ProjectManager if has_pm => {
            Err("A empresa já tem um gerente de projeto com acesso à Extranet.".into())
        }
        ContactRole::VipExtra if plan != SlaPlan::Vip => Err(format!(
            "O plano {} dá acesso à Extranet apenas ao gerente de projeto. O contato adicional é exclusivo do plano VIP.",
            plan.label()
        )),
        ContactRole::VipExtra if existing.contains(&ContactRole::VipExtra) => Err(
            "O plano VIP permite dois acessos à Extranet: o gerente de projeto e mais um contato. A empresa já tem os dois."
                .into(),
        ),
        _ if existing.len() >= plan.max_contacts() => Err(format!(
            "O plano {} permite no máximo {} contato(s) com acesso à Extranet.",
            plan.label(),
            plan.max_contacts()
        )),
        _ => Ok(()),
    }
}

/// The three conditions of `DOMAIN.md` before a company's contacts may open occurrences.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Prerequisites {
    /// Implementation acceptance term: when and who signed it.
    pub acceptance: Option<(DateTime<Utc>, String)>,
    /// When the project manager completed the Extranet EAD course.
    pub pm_course_completed: Option<DateTime<Utc>>,
    /// When the company acknowledged its current plan's deadline table, and for which plan.
    pub sla_acknowledged: Option<(DateTime<Utc>, SlaPlan)>,
    /// The version of the terms it acknowledged (`PlanRules::version`), and the version
    /// in force now: when they differ the table changed, and it is asked again.
    #[serde(default)]
    pub sla_acknowledged_version: Option<String>,
    #[serde(default)]
    pub sla_current_version: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    AcceptanceTerm,
    ExtranetCourse,
    SlaAcknowledgement,
}

impl Step {
    pub const ALL: [Step; 3] = [
        Self::AcceptanceTerm,
        Self::ExtranetCourse,
        Self::SlaAcknowledgement,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::AcceptanceTerm => "Termo de aceite de implantação assinado",
            Self::ExtranetCourse => "Gerente de projeto aprovado no EAD de Extranet",
            Self::SlaAcknowledgement => "Ciência do plano de SLA e dos prazos",
        }
    }

    /// How to complete the step, in the customer's words.
    pub fn how_to(self) -> &'static str {
        match self {
            Self::AcceptanceTerm => {
                "Assine o termo de aceite com a equipe de Implantação; o registro é feito pela coordenação do suporte."
            }
            Self::ExtranetCourse => {
                "O gerente de projeto conclui o curso \"EAD de Extranet\" na Universidade UNO (/ead/extranet)."
            }
            Self::SlaAcknowledgement => {
                "Leia a tabela de prazos do seu plano em \"Minha empresa\" e confirme a ciência."
            }
        }
    }
}

impl Prerequisites {
    pub fn is_done(&self, step: Step, plan: SlaPlan) -> bool {
        match step {
            Step::AcceptanceTerm => self.acceptance.is_some(),
            Step::ExtranetCourse => self.pm_course_completed.is_some(),
            // A plan change asks for a new acknowledgement. A change of the plan's terms
            // asks again too (`sla_table_changed`), without stopping the company's work.
            Step::SlaAcknowledgement => self.sla_acknowledged.is_some_and(|(_, p)| p == plan),
        }
    }

    /// Acknowledged, but the plan's terms changed since.
    pub fn sla_table_changed(&self) -> bool {
        match (&self.sla_acknowledged_version, &self.sla_current_version) {
            (Some(acked), Some(now)) => acked != now,
            // Acknowledged before versions were kept: asked again only once terms change.
            _ => false,
        }
    }

    pub fn missing(&self, plan: SlaPlan) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| !self.is_done(*s, plan))
            .collect()
    }

    pub fn may_open_occurrences(&self, plan: SlaPlan) -> bool {
        self.missing(plan).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContactRole::*;

    #[test]
    fn prata_and_ouro_allow_only_the_project_manager() {
        for plan in [SlaPlan::Prata, SlaPlan::Ouro] {
            assert_eq!(check_new_contact(plan, &[], ProjectManager), Ok(()));
            let e = check_new_contact(plan, &[ProjectManager], VipExtra).unwrap_err();
            assert!(e.contains("exclusivo do plano VIP"), "{e}");
            let e = check_new_contact(plan, &[ProjectManager], ProjectManager).unwrap_err();
            assert!(e.contains("já tem um gerente"), "{e}");
        }
    }

    #[test]
    fn vip_allows_one_extra_contact_and_refuses_a_third() {
        assert_eq!(
            check_new_contact(SlaPlan::Vip, &[ProjectManager], VipExtra),
            Ok(())
        );
        assert_eq!(
            check_new_contact(SlaPlan::Vip, &[VipExtra], ProjectManager),
            Ok(())
        );
        let e = check_new_contact(SlaPlan::Vip, &[ProjectManager, VipExtra], VipExtra).unwrap_err();
        assert!(e.contains("já tem os dois"), "{e}");
        let e = check_new_contact(SlaPlan::Vip, &[ProjectManager, VipExtra], ProjectManager)
            .unwrap_err();
        assert!(e.contains("já tem um gerente"), "{e}");
    }

    #[test]
    fn the_gate_opens_only_with_all_three_steps_for_the_current_plan() {
        let now = Utc::now();
        let mut p = Prerequisites::default();
        assert_eq!(p.missing(SlaPlan::Ouro), Step::ALL.to_vec());
        p.acceptance = Some((now, "Maria".into()));
        p.pm_course_completed = Some(now);
        assert_eq!(p.missing(SlaPlan::Ouro), [Step::SlaAcknowledgement]);
        p.sla_acknowledged = Some((now, SlaPlan::Prata));
        assert!(
            !p.may_open_occurrences(SlaPlan::Ouro),
            "acknowledged another plan"
        );
        p.sla_acknowledged = Some((now, SlaPlan::Ouro));
        assert!(p.may_open_occurrences(SlaPlan::Ouro));
        // The plan's terms changed since: asked again.
        p.sla_acknowledged_version = Some("aaaa0000".into());
        p.sla_current_version = Some("bbbb1111".into());
        assert!(p.sla_table_changed());
        assert!(
            p.may_open_occurrences(SlaPlan::Ouro),
            "asked again, not stopped"
        );
        p.sla_acknowledged_version = Some("bbbb1111".into());
        assert!(!p.sla_table_changed());
    }
}
