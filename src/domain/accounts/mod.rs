//! Accounts: people who sign in, their roles, the rules on e-mails and passwords, and the
//! customer companies whose contacts they are.

pub mod cnpj;
pub mod company;
pub mod forms;
pub mod views;

use serde::{Deserialize, Serialize};
use std::fmt;

/// A lowercase, trimmed e-mail address of plausible shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let e = raw.trim().to_lowercase();
        let ok = e.len() <= 254
            && e.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !e.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
                    && !domain.contains('@')
            });
        if ok {
            Ok(Self(e))
        } else {
            Err(format!("E-mail inválido: \"{}\".", raw.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Self::parse(&v)
    }
}

impl From<Email> for String {
    fn from(v: Email) -> Self {
        v.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a person may act as. One person can hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A customer company's contact with Extranet access (project manager or VIP extra).
    Customer,
    AnalystN1,
    AnalystN2,
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Self::Customer,
        Self::AnalystN1,
        Self::AnalystN2,
        Self::Coordinator,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::AnalystN1 => "analyst_n1",
            Self::AnalystN2 => "analyst_n2",
            Self::Coordinator => "coordinator",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Customer => "Cliente",
            Self::AnalystN1 => "Analista Nível 1",
            Self::AnalystN2 => "Analista Nível 2",
            Self::Coordinator => "Coordenação",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.slug() == raw)
            .ok_or_else(|| format!("Papel desconhecido: \"{raw}\"."))
    }

    pub fn is_analyst(self) -> bool {
        matches!(self, Self::AnalystN1 | Self::AnalystN2)
    }
}

/// A customer contact's place in the company (`DOMAIN.md`: plans and Extranet contacts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    ProjectManager,
    VipExtra,
}

impl ContactRole {
    pub fn label(self) -> &'static str {
        match self {
            Self::ProjectManager => "Gerente de projeto",
            Self::VipExtra => "Contato adicional (VIP)",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::ProjectManager => "project_manager",
            Self::VipExtra => "vip_extra",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "project_manager" => Ok(Self::ProjectManager),
            "vip_extra" => Ok(Self::VipExtra),
            other => Err(format!("Tipo de contato desconhecido: \"{other}\".")),
        }
    }
}

/// A password someone chose, checked against the policy. Never serialized.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(format!(
                "A senha precisa ter pelo menos {} caracteres.",
                Self::MIN_CHARS
            ));
        }
        if n > 200 {
            return Err("A senha pode ter no máximo 200 caracteres.".into());
        }
        if raw.chars().all(|c| c.is_ascii_digit()) {
            return Err("A senha não pode ter só números.".into());
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Who is signed in, as the browser may know it (no secrets).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// The role the whole app currently shows; `None` = browsing as a visitor.
    pub active_role: Option<Role>,
    pub company_name: Option<String>,
    /// Signed in with a temporary password: must choose a new one before anything else.
    #[serde(default)]
    pub must_change_password: bool,
}

/// One open session of the signed-in person, as "Minha conta" lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this page was loaded with.
    pub current: bool,
}

/// "Chrome em Windows", from a browser's `User-Agent`, for the session list.
pub fn describe_browser(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.filter(|u| !u.trim().is_empty()) else {
        return "Navegador desconhecido".into();
    };
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map_or("Navegador", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    match system {
        Some(system) => format!("{browser} em {system}"),
        None => browser.to_owned(),
    }
}

/// A person's name as shown across the app: 1 to 120 characters.
pub fn parse_person_name(raw: &str) -> Result<String, String> {
    bounded_text(raw, "o nome", 120)
}

/// Trimmed, non-empty text of at most `max` characters; `what` names it in the message.
pub fn bounded_text(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(format!("Informe {what}."));
    }
    if t.chars().count() > max {
        return Err(format!(
            "{} pode ter no máximo {max} caracteres.",
            capitalise(what)
        ));
    }
    Ok(t.to_owned())
}

/// The text with its first letter in upper case ("o nome" → "O nome").
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The page a role lands on after sign-in or a role switch.
pub fn home_of(role: Option<Role>) -> &'static str {
    match role {
        None => "/",
        Some(Role::Customer) => "/minha-empresa",
        Some(Role::AnalystN1 | Role::AnalystN2) => "/atendimento",
        Some(Role::Coordinator) => "/coordenacao",
    }
}

impl SessionUser {
    /// Where the person lands after signing in or switching roles: their account page
    /// first while a temporary password is in use.
    pub fn landing(&self) -> &'static str {
        if self.must_change_password {
            "/conta"
        } else {
            home_of(self.active_role)
        }
    }

    pub fn acting_as(&self, role: Role) -> bool {
        self.active_role == Some(role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Ana@Empresa.COM.br ").unwrap().as_str(),
            "ana@empresa.com.br"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "ana@x",
            "a b@x.com",
            "a@x.com,b@y.com",
            "a@.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_follow_the_policy_and_never_print() {
        assert!(NewPassword::parse("curta").is_err());
        assert!(NewPassword::parse("1234567890").is_err());
        let p = NewPassword::parse("uma senha longa").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }

    #[test]
    fn browsers_are_described_in_a_few_words() {
        let chrome_win = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
        assert_eq!(describe_browser(Some(chrome_win)), "Chrome em Windows");
        let edge =
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(describe_browser(Some(edge)), "Edge em Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_browser(Some(iphone)), "Safari em iPhone");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
        assert_eq!(describe_browser(Some(firefox)), "Firefox em Linux");
        assert_eq!(describe_browser(Some("curl/8.0")), "Navegador");
        assert_eq!(describe_browser(None), "Navegador desconhecido");
    }

    #[test]
    fn bounded_texts_are_trimmed_and_limited() {
        assert_eq!(parse_person_name("  Ana ").unwrap(), "Ana");
        assert_eq!(parse_person_name(" ").unwrap_err(), "Informe o nome.");
        assert!(
            parse_person_name(&"a".repeat(121))
                .unwrap_err()
                .contains("no máximo 120")
        );
        assert!(parse_person_name(&"é".repeat(120)).is_ok());
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.slug()), Ok(r));
        }
        assert!(Role::parse("admin").is_err());
    }
}
