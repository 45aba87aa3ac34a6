//! Word families of the ERP's vocabulary: derivations the Portuguese stemmer keeps apart
//! ("emitir" → `emit`, "emissão" → `emissa`) although a person searching one means the
//! other. Small and reviewable on purpose: add a family when a search misses, and the test
//! below checks that it really joins different stems.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::analyzer;

const FAMILIES: &[&[&str]] = &[
    &["emitir", "emissão", "emitida", "emitido"],
    &[
        "imprimir",
        "impressão",
        "impressa",
        "impresso",
        "impressora",
    ],
    &["rejeitar", "rejeição", "rejeitada", "rejeitado"],
    &["transmitir", "transmissão", "transmitida"],
    &["admitir", "admissão", "admissional"],
    &["demitir", "demissão", "demissional"],
    &["incluir", "inclusão", "incluída"],
    &["excluir", "exclusão", "excluída"],
    &["concluir", "conclusão", "concluída"],
    &["converter", "conversão", "convertida"],
    &["permitir", "permissão", "permitida"],
    &["suspender", "suspensão", "suspensa"],
    &["devolver", "devolução", "devolvida"],
    &["resolver", "resolução", "resolvido"],
    &["produzir", "produção", "produzida"],
    &["reduzir", "redução", "reduzida"],
    &["deduzir", "dedução", "dedutível"],
    &["reter", "retenção", "retida"],
    &["manter", "manutenção"],
    &["pagar", "pagamento", "paga", "pago"],
    &["fechar", "fechamento", "fechada"],
    &["lançar", "lançamento", "lançada"],
    &[
        "contabilizar",
        "contábil",
        "contabilidade",
        "contabilização",
    ],
    &["baixar", "baixa", "download"],
    &["atualizar", "atualização", "atualizada", "update"],
    &["corrigir", "correção", "corrigida"],
];

fn table() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::new();
        for family in FAMILIES {
            let mut stems: Vec<String> = family.iter().map(|w| analyzer::stem(w)).collect();
            stems.sort();
            stems.dedup();
            for stem in &stems {
                let others = table.entry(stem.clone()).or_default();
                for other in stems.iter().filter(|s| *s != stem) {
                    if !others.contains(other) {
                        others.push(other.clone());
                    }
                }
            }
        }
        table
    })
}

/// The other stems of `stem`'s family (empty when it has none).
pub fn relatives(stem: &str) -> &'static [String] {
    table().get(stem).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn related(a: &str, b: &str) -> bool {
        relatives(&analyzer::stem(a)).contains(&analyzer::stem(b))
    }

    #[test]
    fn derivations_the_stemmer_keeps_apart_are_related() {
        assert!(related("emitir", "emissão"));
        assert!(related("emissao", "emitir"), "unaccented too");
        assert!(related("impressão", "imprimir"));
        assert!(related("rejeitada", "rejeição"));
        assert!(related("contábil", "contabilizar"));
        assert!(!related("emitir", "imprimir"));
        assert!(relatives(&analyzer::stem("boleto")).is_empty());
    }

    #[test]
    fn every_family_joins_at_least_two_different_stems() {
        let pointless: Vec<_> = FAMILIES
            .iter()
            .filter(|family| {
                let mut stems: Vec<String> = family.iter().map(|w| analyzer::stem(w)).collect();
                stems.sort();
                stems.dedup();
                stems.len() < 2
            })
            .collect();
        assert!(
            pointless.is_empty(),
            "the stemmer already joins {pointless:?}"
        );
    }

    #[test]
    fn a_stem_is_never_its_own_relative() {
        for stem in table().keys() {
            assert!(!relatives(stem).contains(stem), "{stem}");
        }
    }
}
