//! What a customer contact must give to open an occurrence (`DOMAIN.md`): module, type,
//! criticality, title, description, steps to reproduce; optionally an analyst to direct
//! it to. Parsed once at the edge: a [`NewOccurrence`] is always valid.

use serde::{Deserialize, Serialize};

use crate::domain::{accounts::capitalise, content::ErpModule, sla::Criticality};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceKind {
    Duvida,
    Erro,
    Solicitacao,
}

impl OccurrenceKind {
    pub const ALL: [OccurrenceKind; 3] = [Self::Duvida, Self::Erro, Self::Solicitacao];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Duvida => "duvida",
            Self::Erro => "erro",
            Self::Solicitacao => "solicitacao",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Duvida => "Dúvida",
            Self::Erro => "Erro",
            Self::Solicitacao => "Solicitação",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == raw.trim())
            .ok_or_else(|| format!("Tipo de ocorrência desconhecido: \"{}\".", raw.trim()))
    }
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A valid new occurrence, as the customer described it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOccurrence {
    pub module: ErpModule,
    pub kind: OccurrenceKind,
    pub criticality: Criticality,
    pub title: String,
    pub description: String,
    /// Required for errors (support reproduces them); optional otherwise.
    pub steps: String,
    /// An analyst the customer directs it to, by id (checked against the team by the server).
    pub analyst_id: Option<String>,
}

/// The form as typed: every field a string, as the browser sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceForm {
    pub module: String,
    pub kind: String,
    pub criticality: String,
    pub title: String,
    pub description: String,
    pub steps: String,
    pub analyst_id: String,
}

fn text(raw: &str, what: &str, max: usize, required: bool) -> Result<String, String> {
    let t = raw.trim();
    if required && t.is_empty() {
        return Err(format!("Preencha {what}."));
    }
    let n = t.chars().count();
    if n > max {
        return Err(format!(
            "{} tem {n} caracteres; o máximo é {max}.",
            capitalise(what)
        ));
    }
    Ok(t.to_owned())
}

impl NewOccurrence {
    /// Checks every field; the first problem is reported in words the customer can act on.
    pub fn parse(form: &OccurrenceForm) -> Result<Self, String> {
        let module = ErpModule::parse(form.module.trim()).map_err(|e| e.to_string())?;
        let kind = OccurrenceKind::parse(&form.kind)?;
        let criticality = Criticality::parse(&form.criticality)?;
        let title = text(&form.title, "o título", MAX_TITLE_CHARS, true)?;
        let description = text(&form.description, "a descrição", MAX_TEXT_CHARS, true)?;
        let steps = text(
            &form.steps,
            "os passos para reproduzir",
            MAX_TEXT_CHARS,
            kind == OccurrenceKind::Erro,
        )?;
        let analyst_id = Some(form.analyst_id.trim())
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        Ok(Self {
            module,
            kind,
            criticality,
            title,
            description,
            steps,
            analyst_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> OccurrenceForm {
        OccurrenceForm {
            module: "fiscal".into(),
            kind: "erro".into(),
            criticality: "alta".into(),
            title: "  NF-e rejeitada 539 ".into(),
            description: "A nota 123 volta com rejeição 539.".into(),
            steps: "1. Emitir a nota 123\n2. Transmitir".into(),
            analyst_id: " ".into(),
        }
    }

    #[test]
    fn a_complete_form_becomes_an_occurrence() {
        let o = NewOccurrence::parse(&form()).unwrap();
        assert_eq!(o.module, ErpModule::Fiscal);
        assert_eq!(o.kind, OccurrenceKind::Erro);
        assert_eq!(o.criticality, Criticality::Alta);
        assert_eq!(o.title, "NF-e rejeitada 539");
        assert_eq!(o.analyst_id, None);
    }

    #[test]
    fn each_problem_is_named() {
        type Spoil = fn(&mut OccurrenceForm);
        let cases: [(Spoil, &str); 7] = [
            (|f| f.module = "marte".into(), "marte"),
            (
                |f| f.kind = "reclamação".into(),
                "Tipo de ocorrência desconhecido",
            ),
            (|f| f.criticality = "urgente".into(), "urgente"),
            (|f| f.title = "   ".into(), "Preencha o título."),
            (
                |f| f.title = "t".repeat(201),
                "O título tem 201 caracteres; o máximo é 200.",
            ),
            (|f| f.description = "d".repeat(20_001), "o máximo é 20000"),
            (
                |f| f.steps = String::new(),
                "Preencha os passos para reproduzir.",
            ),
        ];
        for (spoil, message) in cases {
            let mut f = form();
            spoil(&mut f);
            let e = NewOccurrence::parse(&f).unwrap_err();
            assert!(e.contains(message), "{e}");
        }
        // Steps are optional for a question.
        let mut f = form();
        f.kind = "duvida".into();
        f.steps = String::new();
        assert!(NewOccurrence::parse(&f).is_ok());
    }
}
