//! What a customer agrees to: the penalty rule in words (plans page, company page) and
//! the version of a plan's terms (an acknowledgement names it; a change asks again).

use super::policy::{Penalty, PlanRules, percent_text};

impl PlanRules {
    /// A short, stable name of this plan's terms (deadline table, what counts as the first
    /// response, the pause while waiting on a version, the penalty): `tabela 1a2b3c4d`.
    /// Holidays are left out: they move deadlines, not the contract.
    pub fn version(&self) -> String {
        let terms = serde_json::json!({
            "table": self.table,
            "first_response": self.first_response,
            "pause_version": self.pause_version,
            "penalty": self.penalty,
        });
        fingerprint(&terms.to_string())
    }
}

/// Eight hex digits of FNV-1a: no crypto needed, only a stable name on both sides.
pub fn fingerprint(text: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

impl Penalty {
    /// "5 % da mensalidade por prazo de solução estourado (metade, 2,5 %, por 1ª resposta
    /// estourada), até 20 % no mês."
    pub fn rule_text(&self) -> String {
        format!(
            "Crédito de {} % da mensalidade por prazo de solução estourado (metade, {} %, por 1ª resposta estourada), até {} % da mensalidade no mês. Vale a regra do plano em vigor quando a ocorrência foi aberta.",
            percent_text(self.per_breach_bp),
            percent_text(self.per_breach_bp / 2),
            percent_text(self.monthly_cap_bp)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_names_the_share_its_half_and_the_cap() {
        let p = Penalty {
            per_breach_bp: 500,
            monthly_cap_bp: 2000,
        };
        let text = p.rule_text();
        assert!(text.starts_with("Crédito de 5 % da mensalidade"), "{text}");
        assert!(
            text.contains("2,5 %") && text.contains("até 20 %"),
            "{text}"
        );
    }

    #[test]
    fn a_plans_version_changes_with_its_terms_only() {
        use crate::domain::sla::{SlaPlan, policy::SlaPolicy};
        let policy = SlaPolicy::default();
        let ouro = policy.rules(SlaPlan::Ouro);
        assert_eq!(ouro.version(), policy.rules(SlaPlan::Ouro).version());
        assert_ne!(ouro.version(), policy.rules(SlaPlan::Prata).version());
        assert_eq!(ouro.version().len(), 8);
        let mut cheaper = ouro.clone();
        cheaper.penalty.per_breach_bp += 100;
        assert_ne!(cheaper.version(), ouro.version());
        let mut holidays = ouro.clone();
        holidays.local_holidays.clear();
        assert_eq!(holidays.version(), ouro.version());
    }
}
