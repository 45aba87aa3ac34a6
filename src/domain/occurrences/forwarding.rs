//! Out of scope → another area (`DOMAIN.md`, "Out of scope"). The manual's categories of
//! demands support does not handle, the areas that do, and each area's e-mail: data the
//! coordinator edits. The analyst picks a category, the area comes from it (and may be
//! changed), and the customer reads the area and the reason.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// An area of UNO that takes demands support does not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Stable key (from the name when created).
    pub slug: String,
    pub name: String,
    /// Where the area receives its copy of each forwarded demand.
    pub email: String,
}

/// A kind of out-of-scope demand and the area it goes to by default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub label: String,
    /// The area's slug.
    pub area: String,
}

/// The coordinator's table of areas and categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarding {
    pub areas: Vec<Area>,
    pub categories: Vec<Category>,
}

const DEFAULT_AREAS: [(&str, &str); 5] = [
    ("Customer Success", "customer.success@uno.example"),
    ("Implantação", "implantacao@uno.example"),
    ("Comercial", "comercial@uno.example"),
    ("Desenvolvimento", "desenvolvimento@uno.example"),
    ("Infraestrutura", "infraestrutura@uno.example"),
];

/// The manual's list (`DOMAIN.md`). Database *administration* is here; a request to change
/// data in the customer's database is a data-change request, not a forward.
const DEFAULT_CATEGORIES: [(&str, &str); 9] = [
    (
        "Homologação de plugins (NF-e, NFS-e, boletos, aplicativo)",
        "Desenvolvimento",
    ),
    ("Implantação de funcionalidades ou módulos", "Implantação"),
    ("Treinamento", "Customer Success"),
    ("Customizações", "Desenvolvimento"),
    ("Preços de produtos ou serviços UNO", "Comercial"),
    (
        "Administração de banco de dados (alteração de dados é outro pedido)",
        "Infraestrutura",
    ),
    ("Intervenção no servidor", "Infraestrutura"),
    ("Instalação de impressoras ou VPN", "Infraestrutura"),
    ("Manutenção de computadores", "Infraestrutura"),
];

/// A key from a name: lower case ASCII letters and digits joined by `-`.
pub fn slug_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Portuguese letters without their accents (enough for keys).
fn fold(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' => 'a',
        'é' | 'ê' | 'è' | 'É' | 'Ê' => 'e',
        'í' | 'Í' => 'i',
        'ó' | 'ô' | 'õ' | 'Ó' | 'Ô' | 'Õ' => 'o',
        'ú' | 'ü' | 'Ú' => 'u',
        'ç' | 'Ç' => 'c',
        other => other,
    })
}

impl Default for Forwarding {
    fn default() -> Self {
        let areas = DEFAULT_AREAS
            .iter()
            .map(|(name, email)| Area {
                slug: slug_of(name),
                name: (*name).to_owned(),
                email: (*email).to_owned(),
            })
            .collect();
        let categories = DEFAULT_CATEGORIES
            .iter()
            .map(|(label, area)| Category {
                slug: slug_of(label),
                label: (*label).to_owned(),
                area: slug_of(area),
            })
            .collect();
        Self { areas, categories }
    }
}

/// A forward as the analyst chose it, resolved against the table: what the occurrence
/// keeps (names, not keys, so a later edit of the table does not rewrite the past).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub category: String,
    pub area: String,
    pub area_email: String,
}

/// How many rows the coordinator's form offers beyond the existing ones (to add).
pub const BLANK_ROWS: usize = 2;

fn simple_email(raw: &str) -> bool {
    let raw = raw.trim();
    let Some((user, host)) = raw.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !raw
            .chars()
            .any(|c| c.is_whitespace() || c == ',' || c == ';')
        && raw.len() <= 200
}

impl Forwarding {
    pub fn area(&self, slug: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.slug == slug)
    }

    pub fn category(&self, slug: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    /// The analyst's choice (category and area keys, as the form sends them), or what to
    /// fix. An empty area means the category's own.
    pub fn destination(&self, category: &str, area: &str) -> Result<Destination, String> {
        let category = self
            .category(category.trim())
            .ok_or("Escolha a categoria da demanda fora do escopo do suporte.")?;
        let area_slug = match area.trim() {
            "" => category.area.as_str(),
            other => other,
        };
        let area = self
            .area(area_slug)
            .ok_or("Escolha a área que recebe a demanda.")?;
        Ok(Destination {
            category: category.label.clone(),
            area: area.name.clone(),
            area_email: area.email.clone(),
        })
    }

    /// The coordinator's form, one field per cell (`area_0_nome`, `categoria_3_area`…),
    /// with [`BLANK_ROWS`] empty rows of each to add new ones.
    pub fn to_fields(&self) -> HashMap<String, String> {
        let mut f = HashMap::new();
        for (i, a) in self.areas.iter().enumerate() {
            f.insert(format!("area_{i}_nome"), a.name.clone());
            f.insert(format!("area_{i}_email"), a.email.clone());
        }
        for (i, c) in self.categories.iter().enumerate() {
            f.insert(format!("categoria_{i}_nome"), c.label.clone());
            f.insert(format!("categoria_{i}_area"), c.area.clone());
        }
        f
    }

    /// The table from the coordinator's form, or every problem found (pt-BR, one per
    /// line). A row with an empty name is dropped (that is how a row is removed).
    pub fn from_fields(fields: &HashMap<String, String>) -> Result<Self, String> {
        let get = |k: String| fields.get(&k).map(|v| v.trim()).unwrap_or("").to_owned();
        let rows = |prefix: &str| {
            (0..100)
                .filter(|i| {
                    fields.contains_key(&format!("{prefix}_{i}_nome"))
                        && !get(format!("{prefix}_{i}_nome")).is_empty()
                })
                .collect::<Vec<_>>()
        };
        let mut problems = Vec::new();
        let mut areas: Vec<Area> = Vec::new();
        for i in rows("area") {
            let name = get(format!("area_{i}_nome"));
            let email = get(format!("area_{i}_email"));
            let slug = slug_of(&name);
            if name.chars().count() > 80 || slug.is_empty() {
                problems.push(format!(
                    "Área \"{name}\": use um nome de até 80 caracteres."
                ));
            } else if areas.iter().any(|a| a.slug == slug) {
                problems.push(format!("A área \"{name}\" aparece duas vezes."));
            }
            if !simple_email(&email) {
                problems.push(format!(
                    "Área \"{name}\": informe um e-mail válido (ex.: comercial@uno.example)."
                ));
            }
            areas.push(Area { slug, name, email });
        }
        let mut categories: Vec<Category> = Vec::new();
        for i in rows("categoria") {
            let label = get(format!("categoria_{i}_nome"));
            let area = get(format!("categoria_{i}_area"));
            let slug = slug_of(&label);
            if label.chars().count() > 120 || slug.is_empty() {
                problems.push(format!(
                    "Categoria \"{label}\": use um nome de até 120 caracteres."
                ));
            } else if categories.iter().any(|c| c.slug == slug) {
                problems.push(format!("A categoria \"{label}\" aparece duas vezes."));
            }
            if !areas.iter().any(|a| a.slug == area) {
                problems.push(format!(
                    "Categoria \"{label}\": escolha uma das áreas da tabela."
                ));
            }
            categories.push(Category { slug, label, area });
        }
        if areas.is_empty() || categories.is_empty() {
            problems.push("Mantenha ao menos uma área e uma categoria.".into());
        }
        if problems.is_empty() {
            Ok(Self { areas, categories })
        } else {
            Err(problems.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manual_s_categories_each_lead_to_an_area() {
        let f = Forwarding::default();
        assert_eq!(f.categories.len(), 9);
        assert_eq!(f.areas.len(), 5);
        for c in &f.categories {
            assert!(f.area(&c.area).is_some(), "{}", c.label);
        }
        let price = f
            .destination("precos-de-produtos-ou-servicos-uno", "")
            .unwrap();
        assert_eq!(price.area, "Comercial");
        assert_eq!(price.area_email, "comercial@uno.example");
        // The analyst may send it elsewhere.
        let other = f.destination("treinamento", "implantacao").unwrap();
        assert_eq!(
            (other.category.as_str(), other.area.as_str()),
            ("Treinamento", "Implantação")
        );
        assert!(f.destination("", "").unwrap_err().contains("categoria"));
        assert!(
            f.destination("treinamento", "rh")
                .unwrap_err()
                .contains("área")
        );
    }

    #[test]
    fn the_form_round_trips_and_reports_every_problem() {
        let f = Forwarding::default();
        assert_eq!(Forwarding::from_fields(&f.to_fields()), Ok(f.clone()));
        let mut fields = f.to_fields();
        fields.insert("area_5_nome".into(), "Jurídico".into());
        fields.insert("area_5_email".into(), "juridico@uno.example".into());
        fields.insert("categoria_2_area".into(), "juridico".into());
        let edited = Forwarding::from_fields(&fields).unwrap();
        assert_eq!(edited.areas.len(), 6);
        assert_eq!(edited.category("treinamento").unwrap().area, "juridico");
        // Removing an area still in use, and a bad address: both said, nothing kept.
        fields.insert("area_5_nome".into(), String::new());
        fields.insert("area_0_email".into(), "sem arroba".into());
        let problems = Forwarding::from_fields(&fields).unwrap_err();
        assert_eq!(problems.lines().count(), 2, "{problems}");
        assert!(problems.contains("Treinamento"));
        assert!(problems.contains("e-mail válido"));
    }

    #[test]
    fn keys_are_plain_ascii() {
        assert_eq!(slug_of("Implantação"), "implantacao");
        assert_eq!(slug_of("  Preços: UNO!  "), "precos-uno");
        assert_eq!(slug_of("!!!"), "");
    }
}
