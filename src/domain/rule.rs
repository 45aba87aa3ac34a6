//! The business rules a request can be refused by, each with a stable code. The UI and the
//! tests match on the variant; a transaction that checks a rule itself `THROW`s the code
//! ([`Rule::code`]), and the server reads it back with [`Rule::from_code`]. The pt-BR
//! message of every rule is written here and nowhere else.

use serde::{Deserialize, Serialize};

use super::occurrences::{Action, Refusal, State};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Rule {
    /// The occurrence moved on while the caller acted (another person, another tab).
    OccurrenceChanged,
    /// Someone else took the occurrence first.
    AlreadyTaken {
        by: String,
    },
    /// The occurrence is another analyst's to work (`None`: the owner's name is unknown).
    HeldBy {
        owner: Option<String>,
    },
    /// N2 works what was escalated to N2 (and what it owns); elsewhere only notes.
    NotEscalated,
    /// The customer directed the occurrence to another analyst, who alone may take it
    /// until `until` (unless they become unavailable).
    DirectedTo {
        name: String,
        until: chrono::DateTime<chrono::Utc>,
    },
    /// The lifecycle does not allow `action` while the occurrence is in `state`.
    NotNow {
        action: Action,
        state: State,
    },
    /// An attachment id that is not an unused upload of the caller's.
    UnknownUpload,
    /// The person has too many uploads not yet used by a message.
    TooManyPendingUploads,
    /// The company's attachment space is full (its contacts' files, against its quota).
    AttachmentQuotaFull,
    /// Another coordinator filled the plan's contacts while this one was being added.
    ContactLimitReached,
    CnpjTaken,
    EmailTaken,
    /// Level 0 content of this kind already has this address.
    SlugTaken,
    /// A write collided with a unique record not covered by a more specific rule.
    Duplicate,
    /// A duplicate merges only into a case of its own company.
    MergeOtherCompany,
    /// The survivor of a merge must still be open.
    MergeIntoClosed,
    /// A case cannot be merged into itself.
    MergeIntoItself,
    /// A case waits only on a registered version not yet published.
    VersionNotOpen,
    /// The version was published already: publishing again changes nothing.
    VersionAlreadyPublished,
    /// A version with this number is registered already.
    VersionTaken,
    /// An office with this name (case and punctuation aside) exists already.
    OfficeTaken,
    /// The temporary password was given more than 72 h ago: a new one is needed.
    TemporaryPasswordExpired,
}

impl Rule {
    /// The stable code (also what a transaction's `THROW` carries).
    pub fn code(&self) -> &'static str {
        match self {
            Self::OccurrenceChanged => "occurrence_changed",
            Self::AlreadyTaken { .. } => "already_taken",
            Self::HeldBy { .. } => "held_by",
            Self::NotEscalated => "not_escalated",
            Self::DirectedTo { .. } => "directed_to",
            Self::NotNow { .. } => "not_now",
            Self::UnknownUpload => "unknown_upload",
            Self::TooManyPendingUploads => "too_many_pending_uploads",
            Self::AttachmentQuotaFull => "attachment_quota_full",
            Self::ContactLimitReached => "contact_limit_reached",
            Self::CnpjTaken => "cnpj_taken",
            Self::EmailTaken => "email_taken",
            Self::SlugTaken => "slug_taken",
            Self::Duplicate => "duplicate",
            Self::MergeOtherCompany => "merge_other_company",
            Self::MergeIntoClosed => "merge_into_closed",
            Self::MergeIntoItself => "merge_into_itself",
            Self::VersionNotOpen => "version_not_open",
            Self::VersionAlreadyPublished => "version_already_published",
            Self::VersionTaken => "version_taken",
            Self::OfficeTaken => "office_taken",
            Self::TemporaryPasswordExpired => "temporary_password_expired",
        }
    }

    /// The rule a transaction threw, from its code (only rules without details are thrown).
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::OccurrenceChanged,
            Self::UnknownUpload,
            Self::TooManyPendingUploads,
            Self::AttachmentQuotaFull,
            Self::ContactLimitReached,
            Self::MergeOtherCompany,
            Self::MergeIntoClosed,
            Self::VersionNotOpen,
            Self::VersionAlreadyPublished,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    /// A refusal the caller could not have avoided by reading the page again is a
    /// conflict (409); an attachment that was never theirs is bad input (400).
    pub fn status(&self) -> u16 {
        match self {
            Self::UnknownUpload | Self::MergeOtherCompany | Self::MergeIntoItself => 400,
            Self::TooManyPendingUploads => 429,
            Self::AttachmentQuotaFull => 413,
            _ => 409,
        }
    }

    /// Whether the page the caller acted on is out of date (the UI reloads it).
    pub fn page_is_stale(&self) -> bool {
        matches!(
            self,
            Self::OccurrenceChanged
                | Self::AlreadyTaken { .. }
                | Self::HeldBy { .. }
                | Self::NotEscalated
                | Self::NotNow { .. }
        )
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::OccurrenceChanged => {
                f.write_str("A ocorrência mudou enquanto você agia. Recarregue a página.")
            }
            Self::AlreadyTaken { by } => write!(f, "Esta ocorrência já foi assumida por {by}."),
            Self::HeldBy { owner } => write!(
                f,
                "Esta ocorrência está com {}.",
                owner.as_deref().unwrap_or("outro analista")
            ),
            Self::NotEscalated => f.write_str(
                "O Nível 2 atua nas ocorrências escaladas para ele; nesta, deixe uma nota interna.",
            ),
            Self::DirectedTo { name, until } => write!(
                f,
                "Esta ocorrência foi direcionada a {name}: só essa pessoa pode assumi-la até {}.",
                crate::domain::time::format_date_time(*until)
            ),
            Self::NotNow { action, state } => Refusal::NotNow {
                action: *action,
                state: *state,
            }
            .fmt(f),
            Self::UnknownUpload => f.write_str(
                "Um dos anexos não foi encontrado ou já foi usado. Envie o arquivo de novo.",
            ),
            Self::TooManyPendingUploads => f.write_str(
                "Há arquivos demais enviados e ainda não usados em uma mensagem. Envie a mensagem ou recarregue a página.",
            ),
            Self::AttachmentQuotaFull => f.write_str(
                "O espaço para anexos da sua empresa está cheio. Envie um arquivo menor ou peça à coordenação do Suporte UNO para ampliá-lo.",
            ),
            Self::ContactLimitReached => f.write_str(
                "O limite de contatos do plano foi atingido enquanto você salvava. Recarregue a página.",
            ),
            Self::CnpjTaken => f.write_str("Já existe uma empresa com este CNPJ."),
            Self::EmailTaken => f.write_str("Já existe uma conta com este e-mail."),
            Self::SlugTaken => {
                f.write_str("Já existe um conteúdo deste tipo com este endereço (slug).")
            }
            Self::Duplicate => f.write_str("Já existe um registro com estes dados."),
            Self::MergeOtherCompany => f.write_str(
                "Só se unificam ocorrências da mesma empresa: a de destino é de outra empresa.",
            ),
            Self::MergeIntoClosed => f.write_str(
                "A ocorrência de destino já está encerrada: unifique a uma ocorrência em aberto.",
            ),
            Self::MergeIntoItself => {
                f.write_str("Uma ocorrência não se unifica a ela mesma: informe a outra.")
            }
            Self::VersionNotOpen => f.write_str(
                "Escolha uma versão cadastrada e ainda não publicada (a coordenação cadastra as versões semanais).",
            ),
            Self::VersionAlreadyPublished => {
                f.write_str("Esta versão já foi publicada; publicar de novo não muda nada.")
            }
            Self::VersionTaken => f.write_str("Já existe uma versão com este número."),
            Self::OfficeTaken => f.write_str("Já existe um escritório com este nome."),
            Self::TemporaryPasswordExpired => f.write_str(
                "Esta senha provisória expirou (vale 72 horas). Peça uma nova à coordenação do suporte.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<Rule> {
        vec![
            Rule::OccurrenceChanged,
            Rule::AlreadyTaken { by: "Ana".into() },
            Rule::HeldBy { owner: None },
            Rule::NotEscalated,
            Rule::DirectedTo {
                name: "Ana".into(),
                until: chrono::DateTime::UNIX_EPOCH,
            },
            Rule::NotNow {
                action: Action::Confirm,
                state: State::Aberta,
            },
            Rule::UnknownUpload,
            Rule::TooManyPendingUploads,
            Rule::AttachmentQuotaFull,
            Rule::ContactLimitReached,
            Rule::CnpjTaken,
            Rule::EmailTaken,
            Rule::SlugTaken,
            Rule::Duplicate,
            Rule::MergeOtherCompany,
            Rule::MergeIntoClosed,
            Rule::MergeIntoItself,
            Rule::VersionNotOpen,
            Rule::VersionAlreadyPublished,
            Rule::VersionTaken,
            Rule::OfficeTaken,
            Rule::TemporaryPasswordExpired,
        ]
    }

    #[test]
    fn codes_are_distinct_and_thrown_ones_read_back() {
        let mut codes: Vec<&str> = all().iter().map(Rule::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all().len());
        for rule in [
            Rule::OccurrenceChanged,
            Rule::UnknownUpload,
            Rule::TooManyPendingUploads,
            Rule::AttachmentQuotaFull,
            Rule::ContactLimitReached,
            Rule::MergeOtherCompany,
            Rule::MergeIntoClosed,
            Rule::VersionNotOpen,
            Rule::VersionAlreadyPublished,
        ] {
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
        }
        assert_eq!(Rule::from_code("already_taken"), None);
        assert_eq!(Rule::from_code("A ocorrência mudou"), None);
    }

    #[test]
    fn every_rule_says_something_and_survives_the_wire() {
        for rule in all() {
            let text = rule.to_string();
            assert!(text.ends_with('.'), "{rule:?}: {text}");
            let back: Rule = serde_json::from_str(&serde_json::to_string(&rule).unwrap()).unwrap();
            assert_eq!(back, rule);
        }
        assert_eq!(
            Rule::NotNow {
                action: Action::Confirm,
                state: State::Aberta
            }
            .to_string(),
            "Não é possível confirmar a solução agora: a ocorrência está \"Aberta\"."
        );
    }
}
