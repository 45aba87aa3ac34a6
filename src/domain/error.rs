//! The one error type of every server function: what went wrong, in a form the UI and the
//! tests match on (never on text), mapped to its HTTP status in [`AppError::status`].
//! A business rule that refused a request is a [`Rule`]: a stable code, its pt-BR message
//! written once, in `rule.rs`.
//!
//! Compiled for both sides: the server encodes it as JSON, the browser decodes it.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

pub use super::rule::Rule;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Bad input; the message says what to fix (pt-BR).
    #[error("{0}")]
    Invalid(String),
    /// The request itself could not be read (missing or mistyped arguments).
    #[error("Requisição inválida: {0}")]
    BadRequest(String),
    #[error("Entre com a sua conta para continuar.")]
    Unauthenticated,
    #[error("O seu papel atual não tem acesso a esta função.")]
    Forbidden,
    /// The account holds a temporary password that must be changed first.
    #[error("Troque a senha temporária em \"Minha conta\" antes de continuar.")]
    PasswordChangeRequired,
    #[error("{0}")]
    NotFound(String),
    /// A business rule refused the change (e.g. an e-mail already in use, an occurrence
    /// that moved on meanwhile); the code says which.
    #[error("{0}")]
    Rule(Rule),
    #[error("Muitas tentativas sem sucesso. Por segurança, aguarde {} e tente de novo.", wait_text(*retry_after_secs))]
    Throttled { retry_after_secs: u64 },
    /// A customer's hourly allowance of openings or messages is spent (theirs or their
    /// company's); the message says whose and how long to wait.
    #[error("{}", crate::domain::occurrences::volume::refusal_text(*volume, *scope, &wait_text(*retry_after_secs)))]
    TooMany {
        volume: crate::domain::occurrences::volume::Volume,
        scope: crate::domain::occurrences::volume::VolumeScope,
        retry_after_secs: u64,
    },
    #[error("O envio passa do tamanho máximo permitido.")]
    TooLarge,
    /// The body is not in the form server functions read (URL-encoded form data).
    #[error("Requisição inválida: formato de envio não aceito.")]
    UnsupportedMediaType,
    /// Something failed on the server; the cause is in the server log only.
    #[error("Erro interno no servidor. Tente novamente em instantes.")]
    Internal,
    /// The browser could not reach the server or read its answer.
    #[error("Não foi possível falar com o servidor. Verifique a conexão e tente de novo.")]
    Unreachable,
}

/// "15 minutos", "1 minuto", "30 segundos".
fn wait_text(secs: u64) -> String {
    match secs {
        0..=1 => "1 segundo".into(),
        2..=59 => format!("{secs} segundos"),
        60..=119 => "1 minuto".into(),
        _ => format!("{} minutos", secs.div_ceil(60)),
    }
}

impl AppError {
    pub fn invalid(message: impl std::fmt::Display) -> Self {
        Self::Invalid(message.to_string())
    }

    /// A request that could not be decoded; the decoder's detail is cut short, so a huge
    /// hostile value is never echoed back.
    pub fn bad_request(detail: impl std::fmt::Display) -> Self {
        Self::BadRequest(detail.to_string().chars().take(120).collect())
    }

    pub fn not_found(message: impl std::fmt::Display) -> Self {
        Self::NotFound(message.to_string())
    }

    /// The HTTP status of each kind of error: the single place where they are mapped.
    pub fn status(&self) -> u16 {
        match self {
            Self::Invalid(_) | Self::BadRequest(_) => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::PasswordChangeRequired => 403,
            Self::NotFound(_) => 404,
            Self::Rule(rule) => rule.status(),
            Self::TooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::Throttled { .. } | Self::TooMany { .. } => 429,
            Self::Internal => 500,
            Self::Unreachable => 502,
        }
    }

    /// Seconds to wait before trying again, when throttled (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Throttled { retry_after_secs }
            | Self::TooMany {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Failures of the server-function machinery itself: on the server they are requests
    /// that could not be decoded (the client's fault); in the browser, a failed exchange.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        use ServerFnErrorErr as E;
        match value {
            E::Args(m) | E::MissingArg(m) | E::UnsupportedRequestMethod(m) => Self::bad_request(m),
            E::Registration(_) => Self::not_found("Função inexistente."),
            E::Request(m) | E::Deserialization(m) if cfg!(feature = "ssr") => Self::bad_request(m),
            E::Request(_) | E::Response(_) | E::Deserialization(_) => Self::Unreachable,
            E::ServerError(_) | E::Serialization(_) | E::MiddlewareError(_) => Self::Internal,
        }
    }
}

/// A move the occurrence lifecycle refuses: not this role's at all (403), or not in the
/// occurrence's current state (409, saying why).
impl From<crate::domain::occurrences::Refusal> for AppError {
    fn from(r: crate::domain::occurrences::Refusal) -> Self {
        use crate::domain::occurrences::Refusal;
        match r {
            Refusal::NotYours { .. } => Self::Forbidden,
            Refusal::NotNow { action, state } => Self::Rule(Rule::NotNow { action, state }),
        }
    }
}

impl From<Rule> for AppError {
    fn from(rule: Rule) -> Self {
        Self::Rule(rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_status_and_survives_the_wire() {
        let all = [
            (AppError::invalid("x"), 400),
            (AppError::BadRequest("x".into()), 400),
            (AppError::Unauthenticated, 401),
            (AppError::Forbidden, 403),
            (AppError::PasswordChangeRequired, 403),
            (AppError::not_found("x"), 404),
            (AppError::Rule(Rule::OccurrenceChanged), 409),
            (AppError::Rule(Rule::UnknownUpload), 400),
            (AppError::TooLarge, 413),
            (AppError::UnsupportedMediaType, 415),
            (
                AppError::Throttled {
                    retry_after_secs: 90,
                },
                429,
            ),
            (
                AppError::TooMany {
                    volume: crate::domain::occurrences::volume::Volume::Openings,
                    scope: crate::domain::occurrences::volume::VolumeScope::Person,
                    retry_after_secs: 180,
                },
                429,
            ),
            (AppError::Internal, 500),
            (AppError::Unreachable, 502),
        ];
        for (e, status) in all {
            assert_eq!(e.status(), status, "{e:?}");
            assert_eq!(AppError::de(e.ser()), e);
        }
    }

    #[test]
    fn waits_read_naturally() {
        let t = |s| {
            AppError::Throttled {
                retry_after_secs: s,
            }
            .to_string()
        };
        assert!(t(900).contains("aguarde 15 minutos"), "{}", t(900));
        assert!(t(61).contains("aguarde 1 minuto "), "{}", t(61));
        assert!(t(20).contains("aguarde 20 segundos"), "{}", t(20));
    }
}
