//! SLA plans, criticality levels and the default deadline table (`DOMAIN.md`), and the
//! business-time clock they are counted in: holidays, the calendar, the deadlines.

pub mod calendar;
pub mod calendar_spec;
#[cfg(test)]
mod calendar_tests;
pub mod clock;
pub mod command;
pub mod deadline;
pub mod holidays;
pub mod office;
pub mod policy;
pub mod report;
pub mod terms;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlaPlan {
    Prata,
    Ouro,
    Vip,
}

impl SlaPlan {
    pub const ALL: [SlaPlan; 3] = [Self::Prata, Self::Ouro, Self::Vip];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Prata => "prata",
            Self::Ouro => "ouro",
            Self::Vip => "vip",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Prata => "Prata",
            Self::Ouro => "Ouro",
            Self::Vip => "VIP",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|p| p.slug() == raw.trim().to_lowercase())
            .ok_or_else(|| format!("Plano desconhecido: \"{raw}\". Use Prata, Ouro ou VIP."))
    }

    /// People with Extranet access: the project manager, plus one more on VIP.
    pub fn max_contacts(self) -> usize {
        match self {
            Self::Prata | Self::Ouro => 1,
            Self::Vip => 2,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Criticality {
    Critica,
    Alta,
    Media,
    Baixa,
}

impl Criticality {
    pub const ALL: [Criticality; 4] = [Self::Critica, Self::Alta, Self::Media, Self::Baixa];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Critica => "critica",
            Self::Alta => "alta",
            Self::Media => "media",
            Self::Baixa => "baixa",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let t = raw.trim().to_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.slug() == t || c.label().to_lowercase() == t)
            .ok_or_else(|| {
                format!(
                    "Criticidade desconhecida: \"{}\". Use crítica, alta, média ou baixa.",
                    raw.trim()
                )
            })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Critica => "Crítica",
            Self::Alta => "Alta",
            Self::Media => "Média",
            Self::Baixa => "Baixa",
        }
    }
}

/// Deadlines in business hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub first_response_hours: u32,
    pub solution_hours: u32,
}

/// The default table shipped with the product (editable by the coordinator later).
pub fn default_targets(plan: SlaPlan, criticality: Criticality) -> Targets {
    use Criticality::*;
    use SlaPlan::*;
    let (first, solution) = match (plan, criticality) {
        (Vip, Critica) => (1, 4),
        (Vip, Alta) => (2, 8),
        (Vip, Media) => (4, 16),
        (Vip, Baixa) => (8, 40),
        (Ouro, Critica) => (2, 8),
        (Ouro, Alta) => (4, 16),
        (Ouro, Media) => (8, 24),
        (Ouro, Baixa) => (16, 60),
        (Prata, Critica) => (4, 16),
        (Prata, Alta) => (8, 24),
        (Prata, Media) => (16, 40),
        (Prata, Baixa) => (24, 80),
    };
    Targets {
        first_response_hours: first,
        solution_hours: solution,
    }
}

/// One plan's table, in criticality order.
pub fn plan_table(plan: SlaPlan) -> Vec<(Criticality, Targets)> {
    Criticality::ALL
        .into_iter()
        .map(|c| (c, default_targets(plan, c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn better_plans_never_have_longer_deadlines() {
        for c in Criticality::ALL {
            let [p, o, v] = SlaPlan::ALL.map(|plan| default_targets(plan, c));
            assert!(
                v.first_response_hours <= o.first_response_hours
                    && o.first_response_hours <= p.first_response_hours
            );
            assert!(v.solution_hours <= o.solution_hours && o.solution_hours <= p.solution_hours);
        }
    }

    #[test]
    fn only_vip_has_a_second_contact() {
        assert_eq!(SlaPlan::Prata.max_contacts(), 1);
        assert_eq!(SlaPlan::Ouro.max_contacts(), 1);
        assert_eq!(SlaPlan::Vip.max_contacts(), 2);
        assert_eq!(SlaPlan::parse("VIP"), Ok(SlaPlan::Vip));
        assert!(SlaPlan::parse("bronze").is_err());
    }
}
