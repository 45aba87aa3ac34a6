//! What an action on an occurrence says: the text within its limit, present where the
//! action needs one (a reply may be files alone), and files only on a reply or a note.

use super::{Action, draft::MAX_TEXT_CHARS};

/// The action's text, trimmed, or what to fix (pt-BR).
pub fn action_text(action: Action, text: &str, files: usize) -> Result<String, String> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "O texto pode ter no máximo {MAX_TEXT_CHARS} caracteres."
        ));
    }
    let needs_text = match action {
        Action::Reply | Action::Note => Some("Escreva a mensagem."),
        Action::AskCustomer => Some("Escreva a pergunta para o cliente."),
        Action::Escalate => {
            Some("Descreva o registro da simulação: como reproduziu, em qual versão e os passos.")
        }
        Action::ReturnToN1 => Some("Descreva o que o Nível 2 encontrou."),
        Action::Forward => Some("Explique ao cliente por que e para qual área vai a demanda."),
        Action::Resolve => Some("Descreva a solução."),
        _ => None,
    };
    if files > 0 && !matches!(action, Action::Reply | Action::Note) {
        return Err("Anexe arquivos a uma resposta ou a uma nota.".into());
    }
    match needs_text {
        Some(message) if text.is_empty() && files == 0 => Err(message.into()),
        _ => Ok(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_required_where_the_action_says_something() {
        assert_eq!(action_text(Action::Reply, "  Oi  ", 0), Ok("Oi".into()));
        assert_eq!(action_text(Action::Reply, " ", 1), Ok(String::new()));
        assert!(
            action_text(Action::Resolve, " ", 0)
                .unwrap_err()
                .contains("solução")
        );
        assert_eq!(action_text(Action::Take, "", 0), Ok(String::new()));
        assert!(
            action_text(Action::Resolve, "x", 1)
                .unwrap_err()
                .contains("Anexe")
        );
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(
            action_text(Action::Note, &long, 0)
                .unwrap_err()
                .contains("no máximo")
        );
    }
}
