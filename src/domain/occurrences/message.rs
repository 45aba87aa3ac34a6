//! What an action on an occurrence says, and who may read it. Each action's text is
//! either public (the customer reads it and gets a copy by e-mail) or internal (support
//! only); that is decided here, by the action, never by a switch the browser sends. The
//! hand-overs inside support (back to N1, to Desenvolvimento) carry an internal record and,
//! optionally, a separate public message for the customer.

use serde::{Deserialize, Serialize};

use super::{Action, draft::MAX_TEXT_CHARS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Internal,
}

impl Visibility {
    /// `public` / `internal` (the `data-visibility` of the buttons).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
        }
    }
}

impl Action {
    /// Who reads the text this action carries.
    pub fn text_visibility(self) -> Visibility {
        match self {
            Self::Note
            | Self::Escalate
            | Self::ReturnToN1
            | Self::HandToDevelopment
            | Self::Reassign => Visibility::Internal,
            _ => Visibility::Public,
        }
    }

    /// Whether the action may carry a separate public message besides its internal text.
    pub fn takes_public_message(self) -> bool {
        matches!(self, Self::ReturnToN1 | Self::HandToDevelopment)
    }
}

/// An action's texts, checked: `text` (visible as [`Action::text_visibility`] says) and,
/// on a hand-over, an optional public message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionText {
    pub text: String,
    pub public_message: String,
}

fn within_limit(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "O texto pode ter no máximo {MAX_TEXT_CHARS} caracteres."
        ));
    }
    Ok(text.to_owned())
}

/// The action's texts, trimmed, or what to fix (pt-BR). A text is required where the
/// action says something (a reply may be files alone); files go with a reply or a note.
pub fn action_text(
    action: Action,
    text: &str,
    public_message: &str,
    files: usize,
) -> Result<ActionText, String> {
    let text = within_limit(text)?;
    let public_message = within_limit(public_message)?;
    if !public_message.is_empty() && !action.takes_public_message() {
        return Err(format!(
            "Esta ação não leva mensagem separada ao cliente ({}).",
            action.label()
        ));
    }
    let needs_text = match action {
        Action::Reply | Action::Note => Some("Escreva a mensagem."),
        Action::AskCustomer => Some("Escreva a pergunta para o cliente."),
        Action::Escalate => {
            Some("Descreva o registro da simulação: como reproduziu, em qual versão e os passos.")
        }
        Action::ReturnToN1 => Some("Descreva, no registro interno, o que o Nível 2 encontrou."),
        Action::HandToDevelopment => Some(
            "Escreva o registro interno para o Desenvolvimento: versão do ERP, ambiente, passos, resultado esperado e obtido.",
        ),
        Action::Forward => Some("Explique ao cliente por que e para qual área vai a demanda."),
        Action::Resolve => Some("Descreva a solução."),
        Action::Reassign => Some("Escreva o motivo da reatribuição."),
        Action::Estimate => Some("Descreva a alteração de dados que o orçamento cobre."),
        Action::RefuseEstimate => Some("Diga por que o orçamento foi recusado."),
        Action::Merge => Some("Diga ao cliente por que as ocorrências foram unificadas."),
        _ => None,
    };
    if files > 0
        && !matches!(
            action,
            Action::Reply | Action::Note | Action::HandToDevelopment
        )
    {
        return Err(
            "Anexe arquivos a uma resposta, a uma nota ou ao registro para o Desenvolvimento."
                .into(),
        );
    }
    match needs_text {
        Some(message) if text.is_empty() && files == 0 => Err(message.into()),
        _ => Ok(ActionText {
            text,
            public_message,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(action: Action, t: &str, files: usize) -> Result<String, String> {
        action_text(action, t, "", files).map(|a| a.text)
    }

    #[test]
    fn texts_are_required_where_the_action_says_something() {
        assert_eq!(text(Action::Reply, "  Oi  ", 0), Ok("Oi".into()));
        assert_eq!(text(Action::Reply, " ", 1), Ok(String::new()));
        assert!(
            text(Action::Resolve, " ", 0)
                .unwrap_err()
                .contains("solução")
        );
        assert_eq!(text(Action::Take, "", 0), Ok(String::new()));
        assert!(text(Action::Resolve, "x", 1).unwrap_err().contains("Anexe"));
        assert!(
            text(Action::HandToDevelopment, "", 0)
                .unwrap_err()
                .contains("registro")
        );
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(
            text(Action::Note, &long, 0)
                .unwrap_err()
                .contains("no máximo")
        );
    }

    #[test]
    fn hand_overs_are_internal_with_an_optional_public_message() {
        use Visibility::*;
        let internal: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| a.text_visibility() == Internal)
            .collect();
        assert_eq!(
            internal,
            [
                Action::Note,
                Action::Escalate,
                Action::ReturnToN1,
                Action::HandToDevelopment,
                Action::Reassign
            ]
        );
        let both = action_text(Action::ReturnToN1, "NCM errado", " Já sabemos a causa. ", 0);
        assert_eq!(
            both,
            Ok(ActionText {
                text: "NCM errado".into(),
                public_message: "Já sabemos a causa.".into()
            })
        );
        // Only hand-overs take one: elsewhere a second text would be a surprise.
        assert!(action_text(Action::Note, "x", "para o cliente", 0).is_err());
        assert!(action_text(Action::Resolve, "x", "y", 0).is_err());
    }
}
