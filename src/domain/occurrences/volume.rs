//! How much a customer may send: occurrences opened and messages written per hour, per
//! person and per company, so one rogue contact (or a script with their session) cannot
//! flood the analysts' queue and mail. Each limit is a token bucket: the hour's allowance
//! may be spent at once, and it comes back evenly over the hour.

use serde::{Deserialize, Serialize};

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volume {
    /// Occurrences opened on the Extranet.
    Openings,
    /// Anything a customer does on an occurrence (replies, confirmations, reopenings).
    Messages,
}

/// Whose allowance ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeScope {
    Person,
    Company,
}

impl Volume {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Openings => "openings",
            Self::Messages => "messages",
        }
    }
}

impl VolumeScope {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
        }
    }
}

/// Allowances per hour; `None` is no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolumeLimits {
    pub openings_person: Option<u32>,
    pub openings_company: Option<u32>,
    pub messages_person: Option<u32>,
    pub messages_company: Option<u32>,
}

impl Default for VolumeLimits {
    /// Far above what a busy company does (UNO's busiest customers open a few a day),
    /// low enough that a flood stops within minutes.
    fn default() -> Self {
        Self {
            openings_person: Some(20),
            openings_company: Some(60),
            messages_person: Some(120),
            messages_company: Some(300),
        }
    }
}

impl VolumeLimits {
    /// No limit at all (tests that open hundreds of occurrences as one person).
    pub const UNLIMITED: Self = Self {
        openings_person: None,
        openings_company: None,
        messages_person: None,
        messages_company: None,
    };

    pub fn per_hour(&self, volume: Volume, scope: VolumeScope) -> Option<u32> {
        match (volume, scope) {
            (Volume::Openings, VolumeScope::Person) => self.openings_person,
            (Volume::Openings, VolumeScope::Company) => self.openings_company,
            (Volume::Messages, VolumeScope::Person) => self.messages_person,
            (Volume::Messages, VolumeScope::Company) => self.messages_company,
        }
    }
}

/// Whole seconds until a bucket holding `tokens` (of an allowance of `per_hour`) holds one
/// again: at least 1, so a refusal always says to wait.
pub fn wait_secs(tokens: f64, per_hour: u32) -> u64 {
    let missing = (1.0 - tokens).max(0.0);
    let secs = missing * 3600.0 / f64::from(per_hour.max(1));
    (secs.ceil() as u64).max(1)
}

/// The refusal as the customer reads it.
pub fn refusal_text(volume: Volume, scope: VolumeScope, wait: &str) -> String {
    let who = match scope {
        VolumeScope::Person => "Você",
        VolumeScope::Company => "A sua empresa",
    };
    match volume {
        Volume::Openings => format!(
            "{who} abriu muitas ocorrências na última hora. Aguarde {wait} para abrir outra; se for urgente, ligue para o suporte."
        ),
        Volume::Messages => format!(
            "{who} enviou muitas mensagens na última hora. Aguarde {wait} e envie de novo; nada do que já foi enviado se perdeu."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_is_the_time_one_token_takes_to_come_back() {
        // 20 an hour: one every 3 minutes.
        assert_eq!(wait_secs(0.0, 20), 180);
        assert_eq!(wait_secs(0.5, 20), 90);
        assert_eq!(wait_secs(0.999_9, 20), 1);
        // Never "wait 0 seconds".
        assert_eq!(wait_secs(1.0, 20), 1);
        assert_eq!(wait_secs(-3.0, 3600), 4);
    }

    #[test]
    fn each_refusal_says_whose_allowance_and_how_long() {
        let t = refusal_text(Volume::Openings, VolumeScope::Company, "3 minutos");
        assert!(t.starts_with("A sua empresa abriu"), "{t}");
        assert!(t.contains("3 minutos"), "{t}");
        let t = refusal_text(Volume::Messages, VolumeScope::Person, "1 minuto");
        assert!(t.starts_with("Você enviou"), "{t}");
    }

    #[test]
    fn limits_are_looked_up_by_volume_and_scope() {
        let l = VolumeLimits::default();
        assert_eq!(l.per_hour(Volume::Openings, VolumeScope::Person), Some(20));
        assert_eq!(
            l.per_hour(Volume::Messages, VolumeScope::Company),
            Some(300)
        );
        assert_eq!(
            VolumeLimits::UNLIMITED.per_hour(Volume::Openings, VolumeScope::Company),
            None
        );
    }
}
