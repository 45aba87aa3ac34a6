//! The words of an update's e-mail copy: which occurrence, what happened, where to answer,
//! and that answering the e-mail does nothing (DOMAIN: the e-mail is only a copy).

use crate::domain::occurrences::OccurrenceNumber;

/// One update as the outbox keeps it.
pub struct Update<'a> {
    pub number: OccurrenceNumber,
    pub title: &'a str,
    /// "Ana Analista respondeu", "Situação: Resolvida"…
    pub headline: &'a str,
    /// The public text of the update (a reply, a question, a solution), if any.
    pub text: &'a str,
    /// Absolute link to the occurrence page.
    pub link: &'a str,
}

pub struct MailText {
    pub subject: String,
    pub body: String,
}

pub const NO_REPLY: &str = "Este e-mail é só um aviso de que há novidade. Responder a ele não tem efeito: a ocorrência é lida e respondida somente na Extranet do Suporte UNO.";

pub fn render(u: &Update<'_>) -> MailText {
    let title: String = u.title.chars().take(120).collect();
    let subject = format!("[{}] {} — {}", u.number, title, u.headline);
    let mut body = format!(
        "Olá,\n\nHá uma atualização na ocorrência {} — {}.\n\n{}\n",
        u.number, u.title, u.headline
    );
    if !u.text.trim().is_empty() {
        body.push('\n');
        for line in u.text.trim().lines() {
            body.push_str("    ");
            body.push_str(line);
            body.push('\n');
        }
    }
    body.push_str(&format!(
        "\nPara ver a conversa completa e responder, acesse:\n{}\n\n{NO_REPLY}\n\n— Suporte UNO\n",
        u.link
    ));
    MailText { subject, body }
}

/// A notice that reports on no occurrence (a published version): `link` replaces the
/// relative one its text names.
pub fn render_notice(headline: &str, text: &str, link: &str) -> MailText {
    let text = text.replace(crate::server::versions::release_mail::LINK, link);
    MailText {
        subject: headline.chars().take(200).collect(),
        body: format!("Olá,\n\n{}\n\n— Suporte UNO\n", text.trim()),
    }
}

/// What the copy says happened, e.g. "Ana Analista respondeu — situação: Aguardando cliente".
pub fn headline(
    author: &str,
    action: crate::domain::occurrences::Action,
    new_state: Option<crate::domain::occurrences::State>,
) -> String {
    use crate::domain::occurrences::Action;
    let verb = match action {
        Action::Take => "assumiu a ocorrência",
        Action::Reply => "respondeu",
        Action::Note => "anotou internamente",
        Action::ChangeCriticality => "mudou a criticidade",
        Action::AskCustomer => "pediu uma informação",
        Action::Escalate => "escalou a ocorrência para o Nível 2",
        Action::ReturnToN1 => "devolveu a ocorrência ao Nível 1",
        Action::HandToDevelopment => "encaminhou a ocorrência ao Desenvolvimento",
        Action::AwaitVersion => "indicou que a correção sairá em uma versão",
        Action::Forward => "encaminhou a demanda a outra área",
        Action::Resolve => "resolveu a ocorrência",
        Action::Confirm => "confirmou a solução",
        Action::Reopen => "reabriu a ocorrência",
        Action::AutoClose => "encerrou a ocorrência (5 dias úteis sem resposta)",
        Action::Reassign => "passou a ocorrência a outro analista",
        Action::Close => "encerrou a ocorrência",
        Action::Estimate => "enviou o orçamento da alteração de dados para sua aprovação",
        Action::ApproveEstimate => "aprovou o orçamento",
        Action::RefuseEstimate => "recusou o orçamento",
        Action::Merge => "unificou esta ocorrência a outra",
        Action::ReleaseVersion => "resolveu a ocorrência: a versão com a correção foi publicada",
    };
    match new_state {
        Some(s) => format!("{author} {verb} — situação: {}", s.label()),
        None => format!("{author} {verb}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_occurrence_links_to_it_and_says_replying_does_nothing() {
        let m = render(&Update {
            number: OccurrenceNumber::new(2026, 123).unwrap(),
            title: "NF-e rejeitada",
            headline: "Ana Analista respondeu",
            text: "Confira o CST do item.\nDepois reenvie.",
            link: "https://suporte.uno.example/ocorrencias/2026/123",
        });
        assert_eq!(
            m.subject,
            "[OC 2026/000123] NF-e rejeitada — Ana Analista respondeu"
        );
        assert!(m.body.contains("OC 2026/000123 — NF-e rejeitada"));
        assert!(
            m.body
                .contains("    Confira o CST do item.\n    Depois reenvie.\n")
        );
        assert!(
            m.body
                .contains("https://suporte.uno.example/ocorrencias/2026/123")
        );
        assert!(m.body.contains("Responder a ele não tem efeito"));
    }

    #[test]
    fn an_update_without_text_has_no_empty_quote() {
        let m = render(&Update {
            number: OccurrenceNumber::new(2026, 1).unwrap(),
            title: "t",
            headline: "Situação: Escalada ao Nível 2",
            text: "",
            link: "http://x/ocorrencias/2026/1",
        });
        assert!(!m.body.contains("    \n"));
    }
}
