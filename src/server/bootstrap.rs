//! Accounts that must exist before anyone can sign in.
//!
//! - The first coordinator comes from the command line (`suporte create-coordinator`) or
//!   from `SUPORTE_COORDINATOR_EMAIL` + `SUPORTE_COORDINATOR_PASSWORD` at start-up; there
//!   is no built-in default password.
//! - Demo accounts (README table) exist only in the demo data set (`demo-content = true`)
//!   and only on a server listening on loopback: their passwords are published. A server
//!   listening on any other address that finds them refuses to start.

use anyhow::Result;
use chrono::{TimeZone, Utc};

use super::{
    accounts::{companies, password, people},
    config::Config,
    db::{Actor, Change, Db},
};
use crate::domain::{
    accounts::{ContactRole, Email, NewPassword, Role, cnpj::Cnpj},
    sla::SlaPlan,
};

/// The actor of changes made by the system itself (start-up, command line).
pub fn system() -> Actor {
    Actor {
        name: "Sistema".into(),
        ..Actor::default()
    }
}

pub async fn create_coordinator(
    db: &Db,
    email: &str,
    name: &str,
    raw_password: &str,
) -> Result<String> {
    let email = Email::parse(email).map_err(anyhow::Error::msg)?;
    let name = crate::domain::accounts::parse_person_name(name).map_err(anyhow::Error::msg)?;
    let password = NewPassword::parse(raw_password).map_err(anyhow::Error::msg)?;
    if people::find_id(db, email.as_str()).await?.is_some() {
        anyhow::bail!("já existe uma conta com o e-mail {email}");
    }
    let (change, id) = people::create(
        Change::new(),
        &people::NewPerson {
            email: email.clone(),
            name,
            password: password::hash_async(password).await?,
            roles: vec![Role::Coordinator],
            company_id: None,
            contact_role: None,
            modules: vec![],
            segments: vec![],
        },
        false,
    )?;
    change
        .audit(
            &system(),
            "coordenador criado",
            &format!("pessoa:{id}"),
            None,
            Some(serde_json::json!({ "email": email.as_str() })),
        )
        .commit(db)
        .await?;
    Ok(id)
}

/// Creates the coordinator named by `SUPORTE_COORDINATOR_EMAIL` and
/// `SUPORTE_COORDINATOR_PASSWORD` (and optionally `SUPORTE_COORDINATOR_NAME`).
pub async fn coordinator_from_env(db: &Db) -> Result<()> {
    let (Ok(email), Ok(pass)) = (
        std::env::var("SUPORTE_COORDINATOR_EMAIL"),
        std::env::var("SUPORTE_COORDINATOR_PASSWORD"),
    ) else {
        return Ok(());
    };
    let name = std::env::var("SUPORTE_COORDINATOR_NAME").unwrap_or_else(|_| "Coordenação".into());
    first_coordinator(db, &email, &name, &pass)
        .await
        .map(|_| ())
}

/// Creates this coordinator unless the account exists or a real (non-demo) coordinator
/// does; demo accounts do not count, so a database first run as a demo still gets its
/// real coordinator. Returns whether it was created.
pub async fn first_coordinator(db: &Db, email: &str, name: &str, pass: &str) -> Result<bool> {
    let address = Email::parse(email).map_err(anyhow::Error::msg)?;
    let demo = DEMO_ACCOUNTS
        .iter()
        .filter(|a| a.3.contains(&Role::Coordinator))
        .count() as i64;
    let demo_present = demo_accounts_present(db).await?;
    let real =
        people::count_with_role(db, Role::Coordinator).await? - if demo_present { demo } else { 0 };
    if real > 0 || people::find_id(db, address.as_str()).await?.is_some() {
        return Ok(false);
    }
    create_coordinator(db, email, name, pass).await?;
    tracing::info!(email = %address, "coordenador criado a partir do ambiente");
    Ok(true)
}

/// Whether any demo account (published password) is in the database.
pub async fn demo_accounts_present(db: &Db) -> Result<bool> {
    for (email, ..) in DEMO_ACCOUNTS {
        if people::find_id(db, email).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Demo accounts only where nobody else can reach them: created when the demo is asked
/// for (`SUPORTE_DEMO=1`) and the server listens on loopback; on any other address, never created, and
/// their presence stops the start-up.
pub async fn demo_accounts_for(db: &Db, cfg: &Config) -> Result<()> {
    let addr = cfg.leptos.site_addr;
    if !addr.ip().is_loopback() {
        if demo_accounts_present(db).await? {
            anyhow::bail!(
                "o banco tem contas de demonstração (senhas publicadas no README) e o servidor escutaria em {addr}; remova-as com `suporte remove-demo-accounts` ou escute em 127.0.0.1"
            );
        }
        if cfg.support.demo {
            tracing::warn!(%addr, "contas de demonstração não criadas: o servidor não escuta só em loopback");
        }
        return Ok(());
    }
    if cfg.support.demo {
        seed_demo_accounts(db).await?;
    }
    Ok(())
}

/// Without any coordinator nobody can sign in to create the rest: says, once at start,
/// how to create the first one.
pub async fn tell_if_nobody_coordinates(db: &Db) -> Result<()> {
    if people::count_with_role(db, Role::Coordinator).await? == 0 {
        tracing::warn!(
            "nenhuma conta de coordenação ainda: crie a primeira com `suporte create-coordinator <e-mail> <nome>` (ou SUPORTE_COORDINATOR_EMAIL/SUPORTE_COORDINATOR_PASSWORD no ambiente); para experimentar com contas de demonstração, SUPORTE_DEMO=1"
        );
    }
    Ok(())
}

/// Deletes every demo account (and their sessions), keeping the demo companies' data.
pub async fn remove_demo_accounts(db: &Db) -> Result<usize> {
    let mut removed = 0;
    let mut change = Change::new();
    for (i, (email, ..)) in DEMO_ACCOUNTS.iter().enumerate() {
        if let Some(id) = people::find_id(db, email).await? {
            removed += 1;
            change = change
                .statement(format!(
                    "DELETE session WHERE person = type::record('person', $demo{i});
                     DELETE type::record('person', $demo{i})"
                ))
                .bind(&format!("demo{i}"), id);
        }
    }
    if removed > 0 {
        change
            .audit(
                &system(),
                "contas de demonstração removidas",
                "pessoa:*",
                None,
                Some(serde_json::json!({ "removidas": removed })),
            )
            .commit(db)
            .await?;
    }
    Ok(removed)
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
    // A second N1, so a case directed to Ana can be seen refused to a colleague.
    (
        "davi.n1@uno.example",
        "AnalistaN1b#2026",
        "Davi Suporte",
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
        .ok_or_else(|| anyhow::anyhow!("data do termo de aceite de demonstração"))?;
    let mut change = Change::new();
    let mut company_ids = Vec::new();
    for c in DEMO_COMPANIES {
        let (next, id) = companies::create(
            Change::new(),
            &crate::domain::accounts::forms::CompanyData {
                name: c.name.into(),
                cnpj: Cnpj::parse(c.cnpj).map_err(anyhow::Error::msg)?,
                segment: c.segment.into(),
                modules: c.modules.iter().map(|m| m.to_string()).collect(),
                plan: c.plan,
            },
        )?;
        let mut next = next;
        if c.ready {
            next = companies::record_acceptance(next, &id, signed, "Diretoria da empresa");
            let version = crate::server::sla::policy::load(db)
                .await?
                .rules(c.plan)
                .version();
            next = companies::acknowledge_sla(next, &id, c.plan, &version);
        }
        // Each company is its own change: the statements reuse variable names.
        next.commit(db).await?;
        company_ids.push(id);
    }
    for (email, pass, name, roles, contact) in DEMO_ACCOUNTS {
        let analyst = roles.iter().any(|r| r.is_analyst());
        let password =
            password::hash_async(NewPassword::parse(pass).map_err(anyhow::Error::msg)?).await?;
        let (next, id) = people::create(
            Change::new(),
            &people::NewPerson {
                email: Email::parse(email).map_err(anyhow::Error::msg)?,
                name: name.to_string(),
                password,
                roles: roles.to_vec(),
                company_id: contact.map(|(i, _)| company_ids[i].clone()),
                contact_role: contact.map(|(_, r)| r),
                modules: if analyst {
                    vec!["fiscal".into(), "financeiro".into()]
                } else {
                    vec![]
                },
                segments: if analyst {
                    vec!["Indústria".into()]
                } else {
                    vec![]
                },
            },
            false,
        )?;
        let mut next = next;
        if let Some((i, ContactRole::ProjectManager)) = contact
            && DEMO_COMPANIES[*i].ready
        {
            next = companies::set_course_completed(next, &id, Some(signed));
        }
        next.commit(db).await?;
    }
    change = change.audit(
        &system(),
        "dados de demonstração criados",
        "demo",
        None,
        Some(
            serde_json::json!({ "empresas": DEMO_COMPANIES.len(), "contas": DEMO_ACCOUNTS.len() }),
        ),
    );
    change.commit(db).await?;
    tracing::info!("contas de demonstração criadas (veja o README)");
    Ok(())
}
