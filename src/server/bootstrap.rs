//! Accounts that must exist before anyone can sign in.
//!
//! - The first coordinator comes from the command line (`suporte create-coordinator`) or
//!   from `SUPORTE_COORDINATOR_EMAIL` + `SUPORTE_COORDINATOR_PASSWORD` at start-up; there
//!   is no built-in default password.
//! - Demo accounts (README table) exist only in the demo data set (`demo-content = true`).

use anyhow::Result;
use chrono::{TimeZone, Utc};

use super::{auth::password, companies, db::Db, people};
use crate::domain::{
    account::{ContactRole, Email, NewPassword, Role},
    cnpj::Cnpj,
    sla::SlaPlan,
};

pub async fn create_coordinator(
    db: &Db,
    email: &str,
    name: &str,
    raw_password: &str,
) -> Result<String> {
    let email = Email::parse(email).map_err(anyhow::Error::msg)?;
    let password = NewPassword::parse(raw_password).map_err(anyhow::Error::msg)?;
    people::create(
        db,
        &people::NewPerson {
            email,
            name: name.to_owned(),
            password: password::hash(&password)?,
            roles: vec![Role::Coordinator],
            company_id: None,
            contact_role: None,
            modules: vec![],
            segments: vec![],
        },
    )
    .await
}

/// Creates the coordinator named by the environment when there is none yet.
pub async fn coordinator_from_env(db: &Db) -> Result<()> {
    let (Ok(email), Ok(pass)) = (
        std::env::var("SUPORTE_COORDINATOR_EMAIL"),
        std::env::var("SUPORTE_COORDINATOR_PASSWORD"),
    ) else {
        return Ok(());
    };
    if people::count_with_role(db, Role::Coordinator).await? == 0 {
        let name =
            std::env::var("SUPORTE_COORDINATOR_NAME").unwrap_or_else(|_| "Coordenação".into());
        create_coordinator(db, &email, &name, &pass).await?;
        tracing::info!(email = %email, "coordenador criado a partir do ambiente");
    }
    Ok(())
}

/// One demo account: e-mail, password, roles, company index, contact role.
type DemoAccount = (
    &'static str,
    &'static str,
    &'static str,
    &'static [Role],
    Option<(usize, ContactRole)>,
);

/// Listed in the README; only ever created in the demo data set.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    (
        "coordenacao@uno.example",
        "Coordena#2026",
        "Carla Coordenadora",
        &[Role::Coordinator, Role::AnalystN2],
        None,
    ),
    (
        "ana.n1@uno.example",
        "AnalistaN1#2026",
        "Ana Atendimento",
        &[Role::AnalystN1],
        None,
    ),
    (
        "bruno.n2@uno.example",
        "AnalistaN2#2026",
        "Bruno Análise",
        &[Role::AnalystN2],
        None,
    ),
    (
        "gp@metalurgica.example",
        "ClienteOuro#2026",
        "Marcos Gerente",
        &[Role::Customer],
        Some((0, ContactRole::ProjectManager)),
    ),
    (
        "gp@distribuidora.example",
        "ClientePrata#2026",
        "Paula Gerente",
        &[Role::Customer],
        Some((1, ContactRole::ProjectManager)),
    ),
    (
        "gp@alimentos.example",
        "ClienteVip#2026",
        "Rita Gerente",
        &[Role::Customer],
        Some((2, ContactRole::ProjectManager)),
    ),
    (
        "ti@alimentos.example",
        "ClienteVip2#2026",
        "Téo Contato",
        &[Role::Customer],
        Some((2, ContactRole::VipExtra)),
    ),
];

struct DemoCompany {
    name: &'static str,
    cnpj: &'static str,
    segment: &'static str,
    modules: &'static [&'static str],
    plan: SlaPlan,
    /// Whether every prerequisite is done (the Prata company is left incomplete on purpose).
    ready: bool,
}

const DEMO_COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        name: "Metalúrgica Sorocaba Ltda.",
        cnpj: "12345678000195",
        segment: "Indústria metalúrgica",
        modules: &["fiscal", "financeiro", "estoque", "producao"],
        plan: SlaPlan::Ouro,
        ready: true,
    },
    DemoCompany {
        name: "Distribuidora Barueri S.A.",
        cnpj: "98765432000198",
        segment: "Distribuição",
        modules: &["fiscal", "financeiro", "vendas", "compras"],
        plan: SlaPlan::Prata,
        ready: false,
    },
    DemoCompany {
        name: "Alimentos do Vale Ltda.",
        cnpj: "45612378000184",
        segment: "Alimentos",
        modules: &["fiscal", "financeiro", "estoque", "vendas", "crm"],
        plan: SlaPlan::Vip,
        ready: true,
    },
];

/// Creates the demo companies and accounts once (skipped when they already exist).
pub async fn seed_demo_accounts(db: &Db) -> Result<()> {
    if people::find_id(db, DEMO_ACCOUNTS[0].0).await?.is_some() {
        return Ok(());
    }
    let signed = Utc
        .with_ymd_and_hms(2026, 3, 2, 13, 0, 0)
        .single()
        .expect("valid date");
    let mut company_ids = Vec::new();
    for c in DEMO_COMPANIES {
        let id = companies::create(
            db,
            &companies::CompanyData {
                name: c.name.into(),
                cnpj: Cnpj::parse(c.cnpj).map_err(anyhow::Error::msg)?,
                segment: c.segment.into(),
                modules: c.modules.iter().map(|m| m.to_string()).collect(),
                plan: c.plan,
            },
        )
        .await?;
        if c.ready {
            companies::record_acceptance(db, &id, signed, "Diretoria da empresa").await?;
            companies::acknowledge_sla(db, &id, c.plan).await?;
        }
        company_ids.push(id);
    }
    for (email, pass, name, roles, contact) in DEMO_ACCOUNTS {
        let id = people::create(
            db,
            &people::NewPerson {
                email: Email::parse(email).map_err(anyhow::Error::msg)?,
                name: name.to_string(),
                password: password::hash(&NewPassword::parse(pass).map_err(anyhow::Error::msg)?)?,
                roles: roles.to_vec(),
                company_id: contact.map(|(i, _)| company_ids[i].clone()),
                contact_role: contact.map(|(_, r)| r),
                modules: if roles.iter().any(|r| r.is_analyst()) {
                    vec!["fiscal".into(), "financeiro".into()]
                } else {
                    vec![]
                },
                segments: if roles.iter().any(|r| r.is_analyst()) {
                    vec!["Indústria".into()]
                } else {
                    vec![]
                },
            },
        )
        .await?;
        if let Some((i, ContactRole::ProjectManager)) = contact
            && DEMO_COMPANIES[*i].ready
        {
            companies::set_course_completed(db, &id, Some(signed)).await?;
        }
    }
    tracing::info!("contas de demonstração criadas (veja o README)");
    Ok(())
}
