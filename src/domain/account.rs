//! People who sign in, their roles, and the rules on e-mails and passwords.

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
}

impl SessionUser {
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
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.slug()), Ok(r));
        }
        assert!(Role::parse("admin").is_err());
    }
}
