//! The phone (DOMAIN: "Phone"): every call can be logged — the company; who called (a
//! contact, or a name and phone for someone without Extranet access); the subject; how
//! long; and what came of it (nothing, an existing occurrence, or a new one opened with
//! channel `telefone`). A busy analyst gets a call-back message that waits in their queue.
//! The forms are parsed here into values that cannot be half-filled.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::occurrences::{NewOccurrence, OccurrenceForm, OccurrenceNumber};

/// Longest call worth logging (a working day).
pub const MAX_CALL_MINUTES: u32 = 600;
const MAX_NAME: usize = 120;
const MAX_PHONE: usize = 30;
const MAX_SUBJECT: usize = 200;
const MAX_MESSAGE: usize = 2000;
const MAX_WINDOW: usize = 120;

/// The call form as the browser sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallForm {
    pub company_id: String,
    /// A contact of the company, or empty for a caller without Extranet access.
    pub contact_id: String,
    pub caller_name: String,
    pub caller_phone: String,
    pub subject: String,
    pub minutes: String,
    /// `nenhuma`, `vincular` or `abrir`.
    pub outcome: String,
    pub occurrence: String,
    /// For `abrir`: the occurrence's module, type, criticality, description and steps
    /// (its title is the subject).
    pub module: String,
    pub kind: String,
    pub criticality: String,
    pub description: String,
    pub steps: String,
}

/// Who called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Contact {
        id: String,
    },
    /// Someone without Extranet access (the person the FAQ sends to the phone).
    Person {
        name: String,
        phone: String,
    },
}

/// What came of the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Linked(OccurrenceNumber),
    Opened(NewOccurrence),
}

/// A call to log: complete, or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLog {
    pub company_id: String,
    pub caller: Caller,
    pub subject: String,
    pub minutes: u32,
    pub outcome: Outcome,
}

fn bounded(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        Err(format!("Preencha {what}."))
    } else if t.chars().count() > max {
        Err(format!("{what}: no máximo {max} caracteres."))
    } else {
        Ok(t.to_owned())
    }
}

/// A phone number as people type it: digits with spaces, dots, dashes, parentheses and
/// an optional leading +; 8 to 15 digits.
fn phone(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed = t
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if allowed && (8..=15).contains(&digits) && t.len() <= MAX_PHONE {
        Ok(t.to_owned())
    } else {
        Err(format!(
            "Telefone de quem ligou: informe DDD e número, como (15) 99876-5432 (recebido \"{t}\")."
        ))
    }
}

impl CallLog {
    /// The form, or every problem (one pt-BR line each).
    pub fn parse(f: &CallForm) -> Result<Self, String> {
        let mut problems = Vec::new();
        let company_id = f.company_id.trim().to_owned();
        if company_id.is_empty() {
            problems.push("Escolha a empresa de quem ligou.".to_owned());
        }
        let caller = if f.contact_id.trim().is_empty() {
            match (
                bounded(&f.caller_name, "o nome de quem ligou", MAX_NAME),
                phone(&f.caller_phone),
            ) {
                (Ok(name), Ok(phone)) => Some(Caller::Person { name, phone }),
                (n, p) => {
                    problems.extend(n.err());
                    problems.extend(p.err());
                    None
                }
            }
        } else {
            Some(Caller::Contact {
                id: f.contact_id.trim().to_owned(),
            })
        };
        let subject = bounded(&f.subject, "o assunto", MAX_SUBJECT)
            .map_err(|e| problems.push(e))
            .ok();
        let minutes = match f.minutes.trim().parse::<u32>() {
            Ok(m) if (1..=MAX_CALL_MINUTES).contains(&m) => Some(m),
            _ => {
                problems.push(format!(
                    "Duração: informe os minutos da ligação, de 1 a {MAX_CALL_MINUTES} (recebido \"{}\").",
                    f.minutes.trim()
                ));
                None
            }
        };
        let outcome = match f.outcome.trim() {
            "" | "nenhuma" => Some(Outcome::Nothing),
            "vincular" => OccurrenceNumber::parse(f.occurrence.trim())
                .map(Outcome::Linked)
                .map_err(|_| {
                    problems.push(format!(
                        "Ocorrência a vincular: informe o número, como 2026/000123 (recebido \"{}\").",
                        f.occurrence.trim()
                    ))
                })
                .ok(),
            "abrir" => NewOccurrence::parse(&OccurrenceForm {
                module: f.module.clone(),
                kind: f.kind.clone(),
                criticality: f.criticality.clone(),
                title: f.subject.clone(),
                description: f.description.clone(),
                steps: f.steps.clone(),
                analyst_id: String::new(),
            })
            .map(Outcome::Opened)
            .map_err(|e| problems.push(e))
            .ok(),
            other => {
                problems.push(format!("Resultado da ligação desconhecido: \"{other}\"."));
                None
            }
        };
        match (caller, subject, minutes, outcome) {
            (Some(caller), Some(subject), Some(minutes), Some(outcome)) if problems.is_empty() => {
                Ok(Self {
                    company_id,
                    caller,
                    subject,
                    minutes,
                    outcome,
                })
            }
            _ => Err(problems.join("\n")),
        }
    }
}

/// A logged call, as the phone page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallView {
    pub at: DateTime<Utc>,
    pub company_name: String,
    pub caller_name: String,
    pub caller_phone: Option<String>,
    pub subject: String,
    pub minutes: u32,
    pub logged_by_name: String,
    /// The occurrence linked or opened, if any.
    pub occurrence: Option<OccurrenceNumber>,
}

/// A call-back message for a named analyst.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackNote {
    pub analyst_id: String,
    pub caller_name: String,
    pub caller_phone: String,
    pub company_id: Option<String>,
    pub message: String,
}

impl CallbackNote {
    pub fn parse(
        analyst_id: &str,
        caller_name: &str,
        caller_phone: &str,
        company_id: &str,
        message: &str,
    ) -> Result<Self, String> {
        let mut problems = Vec::new();
        if analyst_id.trim().is_empty() {
            problems.push("Escolha o analista que deve retornar.".to_owned());
        }
        let name = bounded(caller_name, "o nome de quem ligou", MAX_NAME)
            .map_err(|e| problems.push(e))
            .ok();
        let phone = phone(caller_phone).map_err(|e| problems.push(e)).ok();
        let message = bounded(message, "o recado", MAX_MESSAGE)
            .map_err(|e| problems.push(e))
            .ok();
        match (name, phone, message) {
            (Some(caller_name), Some(caller_phone), Some(message)) if problems.is_empty() => {
                Ok(Self {
                    analyst_id: analyst_id.trim().to_owned(),
                    caller_name,
                    caller_phone,
                    company_id: Some(company_id.trim().to_owned()).filter(|c| !c.is_empty()),
                    message,
                })
            }
            _ => Err(problems.join("\n")),
        }
    }
}

/// A call-back waiting in an analyst's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallbackView {
    pub id: String,
    pub at: DateTime<Utc>,
    pub caller_name: String,
    pub caller_phone: String,
    pub company_name: Option<String>,
    pub message: String,
    pub left_by_name: String,
}

/// The public question of "solicitar ligação": support's phone, when to call if the
/// analyst said, and an optional word from them.
pub fn call_request_text(support_phone: &str, window: &str, note: &str) -> Result<String, String> {
    let window = window.trim();
    let note = note.trim();
    if window.chars().count() > MAX_WINDOW {
        return Err(format!(
            "Horário para ligar: no máximo {MAX_WINDOW} caracteres."
        ));
    }
    if note.chars().count() > MAX_MESSAGE {
        return Err(format!("Mensagem: no máximo {MAX_MESSAGE} caracteres."));
    }
    let mut text = format!(
        "Por favor, ligue para o suporte UNO no telefone {}",
        support_phone.trim()
    );
    if window.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!(" ({window})."));
    }
    if !note.is_empty() {
        text.push_str("\n\n");
        text.push_str(note);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CallForm {
        CallForm {
            company_id: "c1".into(),
            caller_name: "Seu Joaquim".into(),
            caller_phone: "(15) 99876-5432".into(),
            subject: "Nota fiscal travada".into(),
            minutes: "7".into(),
            outcome: "nenhuma".into(),
            ..CallForm::default()
        }
    }

    #[test]
    fn a_call_from_someone_without_access_needs_a_name_and_a_phone() {
        let log = CallLog::parse(&form()).unwrap();
        assert_eq!(
            log.caller,
            Caller::Person {
                name: "Seu Joaquim".into(),
                phone: "(15) 99876-5432".into()
            }
        );
        assert_eq!(log.outcome, Outcome::Nothing);
        let err = CallLog::parse(&CallForm {
            caller_name: " ".into(),
            caller_phone: "123".into(),
            minutes: "0".into(),
            ..form()
        })
        .unwrap_err();
        assert_eq!(err.lines().count(), 3, "{err}");
        // A contact needs neither.
        let contact = CallLog::parse(&CallForm {
            contact_id: "p9".into(),
            caller_name: String::new(),
            caller_phone: String::new(),
            ..form()
        })
        .unwrap();
        assert_eq!(contact.caller, Caller::Contact { id: "p9".into() });
    }

    #[test]
    fn outcomes_link_or_open() {
        let linked = CallLog::parse(&CallForm {
            outcome: "vincular".into(),
            occurrence: "2026/000012".into(),
            ..form()
        })
        .unwrap();
        assert!(matches!(linked.outcome, Outcome::Linked(n) if n.to_string().contains("000012")));
        assert!(
            CallLog::parse(&CallForm {
                outcome: "vincular".into(),
                occurrence: "doze".into(),
                ..form()
            })
            .is_err()
        );
        let opened = CallLog::parse(&CallForm {
            outcome: "abrir".into(),
            module: "fiscal".into(),
            kind: "duvida".into(),
            criticality: "media".into(),
            description: "Não sabe emitir a nota de devolução.".into(),
            ..form()
        })
        .unwrap();
        assert!(matches!(&opened.outcome, Outcome::Opened(o) if o.title == "Nota fiscal travada"));
    }

    #[test]
    fn a_callback_names_the_analyst_the_caller_and_the_message() {
        assert!(
            CallbackNote::parse("a1", "Joaquim", "15 99876 5432", "", "Retornar sobre a NF")
                .is_ok()
        );
        let err = CallbackNote::parse("", "", "x", "", "").unwrap_err();
        assert_eq!(err.lines().count(), 4, "{err}");
    }

    #[test]
    fn asking_the_customer_to_call_names_the_phone_and_the_window() {
        assert_eq!(
            call_request_text("(15) 3333-4444", "", "").unwrap(),
            "Por favor, ligue para o suporte UNO no telefone (15) 3333-4444."
        );
        assert_eq!(
            call_request_text("(15) 3333-4444", " hoje até 17h ", "Vamos ajustar juntos.").unwrap(),
            "Por favor, ligue para o suporte UNO no telefone (15) 3333-4444 (hoje até 17h).\n\nVamos ajustar juntos."
        );
        assert!(call_request_text("x", &"a".repeat(121), "").is_err());
    }
}
