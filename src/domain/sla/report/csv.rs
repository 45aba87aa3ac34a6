//! The report's lines, and its penalties, as CSV files for a spreadsheet.

use super::{Penalty, ReportLine, Verdict};
use crate::domain::time::format_date_time;

/// The lines as CSV for a spreadsheet in pt-BR (`;` between fields, dates dd/mm/aaaa).
pub fn csv(lines: &[ReportLine]) -> String {
    let when = |v: &Verdict| v.deadline.map(format_date_time).unwrap_or_default();
    let mut out = String::from(
        "numero;titulo;empresa;plano;criticidade;analista;canal;aberta_em;primeira_resposta_prazo;primeira_resposta_situacao;primeira_resposta_minutos_uteis;solucao_prazo;solucao_situacao\r\n",
    );
    for l in lines {
        let cells = [
            l.about.number.clone(),
            l.about.title.clone(),
            l.about.company_name.clone(),
            l.about.plan.label().to_owned(),
            l.about.criticality.label().to_owned(),
            l.about.analyst.clone().unwrap_or_default(),
            if l.about.phone {
                "telefone"
            } else {
                "extranet"
            }
            .to_owned(),
            format_date_time(l.opened_at),
            when(&l.first_response),
            l.first_response.outcome.label().to_owned(),
            l.first_response_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            when(&l.solution),
            l.solution.outcome.label().to_owned(),
        ];
        out.push_str(&crate::domain::csv::line(&cells));
    }
    out
}

/// Every company's penalty per month (the page lists only the largest).
pub fn penalties_csv(penalties: &[Penalty]) -> String {
    let mut out = String::from("empresa;mes;prazos_estourados;multa_percentual;teto;valor\r\n");
    for p in penalties {
        let cells = [
            p.company_name.clone(),
            p.month.clone(),
            p.breaches.to_string(),
            crate::domain::sla::policy::percent_text(p.share_bp),
            if p.capped { "sim" } else { "não" }.to_owned(),
            p.amount_cents.map(super::money_text).unwrap_or_default(),
        ];
        out.push_str(&crate::domain::csv::line(&cells));
    }
    out
}
