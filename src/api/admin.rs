//! Coordinator functions: companies, Extranet contacts, prerequisites, analysts and the
//! audit log. Every change is recorded in the audit log with before and after.

use leptos::prelude::*;

use super::AppError;
use crate::domain::admin::{AnalystView, AuditEntry, CompanyView, CreatedAccount};

#[cfg(feature = "ssr")]
use crate::server::db::Change;

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

/// Comma- or newline-separated list, trimmed, without empties.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `aaaa-mm-dd` (HTML date input) or `dd/mm/aaaa`, as midday in Brasília.
pub fn parse_date(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let raw = raw.trim();
    let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| format!("Data inválida: \"{raw}\". Use dd/mm/aaaa."))?;
    let noon = date.and_hms_opt(12, 0, 0).expect("valid time");
    Ok(noon
        .and_local_timezone(crate::domain::time::sao_paulo())
        .single()
        .expect("fixed offset")
        .to_utc())
}

/// A random one-time password and its hash; the person must change it at first sign-in.
#[cfg(feature = "ssr")]
async fn temporary_password()
-> Result<(String, crate::server::auth::password::PasswordHash), AppError> {
    use crate::domain::account::NewPassword;
    use crate::server::auth::{password, token::SessionToken};
    let token = SessionToken::generate()?;
    let temporary = format!("Uno-{}", &token.expose()[..12]);
    let new = NewPassword::parse(&temporary).map_err(AppError::invalid)?;
    Ok((temporary, password::hash_async(new).await?))
}

/// Commits `change`; a UNIQUE-index refusal becomes a `Conflict` saying `taken`, and a
/// rule the transaction itself checked (`THROW`) a `Conflict` with the rule's message.
#[cfg(feature = "ssr")]
async fn commit_or_conflict(change: Change, taken: &str) -> Result<(), AppError> {
    use crate::server::db::{is_unique_violation, thrown_message};
    let state = super::state()?;
    change.commit(&state.db).await.map_err(|e| {
        if is_unique_violation(&e) {
            AppError::conflict(taken)
        } else if let Some(rule) = thrown_message(&e) {
            AppError::Conflict(rule)
        } else {
            e.into()
        }
    })
}

/// The company with `id`, or `NotFound`.
#[cfg(feature = "ssr")]
pub(crate) async fn company(db: &crate::server::db::Db, id: &str) -> Result<CompanyView, AppError> {
    crate::server::companies::get(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("Empresa não encontrada."))
}

#[cfg(feature = "ssr")]
fn company_json(c: &CompanyView) -> serde_json::Value {
    serde_json::json!({
        "nome": c.name, "cnpj": c.cnpj, "segmento": c.segment, "modulos": c.modules, "plano": c.plan.label(),
    })
}

/// Parses a comma-separated list of ERP module slugs.
#[cfg(feature = "ssr")]
fn modules(raw: &str) -> Result<Vec<String>, AppError> {
    use crate::domain::content::ErpModule;
    split_list(raw)
        .iter()
        .map(|m| ErpModule::parse(m).map(|m| m.slug().to_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::invalid)
}

#[server(endpoint = "empresas")]
pub async fn list_companies() -> Result<Vec<CompanyView>, AppError> {
    super::require(&[Role::Coordinator, Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    Ok(crate::server::companies::list(&state.db).await?)
}

#[server(endpoint = "empresa")]
pub async fn get_company(id: String) -> Result<CompanyView, AppError> {
    super::require(&[Role::Coordinator, Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    company(&state.db, &id).await
}

/// Creates (no `id`) or updates a company. Returns its id.
#[server(endpoint = "salvar-empresa")]
pub async fn save_company(
    id: Option<String>,
    name: String,
    cnpj: String,
    segment: String,
    modules: String,
    plan: String,
) -> Result<String, AppError> {
    use crate::domain::account::bounded_text;
    use crate::domain::{cnpj::Cnpj, sla::SlaPlan};
    use crate::server::companies;
    const CNPJ_TAKEN: &str = "Já existe uma empresa com este CNPJ.";
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let data = companies::CompanyData {
        name: bounded_text(&name, "o nome da empresa", 200).map_err(AppError::invalid)?,
        cnpj: Cnpj::parse(&cnpj).map_err(AppError::invalid)?,
        segment: if segment.trim().chars().count() > 100 {
            return Err(AppError::invalid(
                "O segmento pode ter no máximo 100 caracteres.",
            ));
        } else {
            segment.trim().to_owned()
        },
        modules: self::modules(&modules)?,
        plan: SlaPlan::parse(&plan).map_err(AppError::invalid)?,
    };
    let id = id.filter(|i| !i.is_empty());
    let db = &state.db;
    if companies::cnpj_taken(db, &data.cnpj, id.as_deref()).await? {
        return Err(AppError::conflict(CNPJ_TAKEN));
    }
    let actor = super::actor(&caller);
    let after = |id: &str| {
        let mut v = serde_json::json!({
            "nome": data.name, "cnpj": data.cnpj.formatted(), "segmento": data.segment,
            "modulos": data.modules, "plano": data.plan.label(),
        });
        v["id"] = id.into();
        v
    };
    match id {
        Some(id) => {
            let before = company(db, &id).await?;
            let vip_extra = before
                .contacts
                .iter()
                .any(|c| c.role == crate::domain::account::ContactRole::VipExtra);
            if vip_extra && data.plan != SlaPlan::Vip {
                return Err(AppError::invalid(
                    "Remova o contato adicional (exclusivo do VIP) antes de mudar a empresa para outro plano.",
                ));
            }
            let mut change = companies::update(Change::new(), &id, &data);
            if before.plan != data.plan {
                let policy = crate::server::sla::policy::load(db).await?;
                change = crate::server::occurrences::replan::replan(
                    change,
                    &id,
                    (before.plan, data.plan),
                    &policy,
                    &actor.name,
                );
            }
            let change = change.audit(
                &actor,
                "empresa alterada",
                &format!("empresa:{id}"),
                Some(company_json(&before)),
                Some(after(&id)),
            );
            commit_or_conflict(change, CNPJ_TAKEN).await?;
            Ok(id)
        }
        None => {
            let (change, id) = companies::create(Change::new(), &data)?;
            let change = change.audit(
                &actor,
                "empresa criada",
                &format!("empresa:{id}"),
                None,
                Some(after(&id)),
            );
            commit_or_conflict(change, CNPJ_TAKEN).await?;
            Ok(id)
        }
    }
}

/// The company's monthly fee (empty = not configured): SLA penalties are a share of it.
#[server(endpoint = "mensalidade")]
pub async fn set_monthly_fee(company_id: String, fee: String) -> Result<(), AppError> {
    let caller = super::require(&[Role::Coordinator]).await?;
    let cents = crate::domain::sla::report::parse_money(&fee).map_err(AppError::invalid)?;
    let state = super::state()?;
    let before = company(&state.db, &company_id).await?;
    Change::new()
        .statement("UPDATE type::record('company', $mf_id) SET monthly_fee_cents = $mf_cents")
        .bind("mf_id", company_id.clone())
        .bind("mf_cents", cents)
        .audit(
            &super::actor(&caller),
            "mensalidade alterada",
            &format!("empresa:{company_id}"),
            Some(serde_json::json!({ "mensalidade_centavos": before.monthly_fee_cents })),
            Some(serde_json::json!({ "mensalidade_centavos": cents })),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

#[server(endpoint = "termo-de-aceite")]
pub async fn record_acceptance(
    company_id: String,
    signed_on: String,
    signer: String,
) -> Result<(), AppError> {
    use crate::server::companies;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let at = parse_date(&signed_on).map_err(AppError::invalid)?;
    let signer =
        crate::domain::account::bounded_text(&signer, "quem assinou o termo de aceite", 120)
            .map_err(AppError::invalid)?;
    let before = company(&state.db, &company_id).await?;
    companies::record_acceptance(Change::new(), &company_id, at, &signer)
        .audit(
            &super::actor(&caller),
            "termo de aceite registrado",
            &format!("empresa:{company_id}"),
            before
                .prerequisites
                .acceptance
                .map(|(at, who)| serde_json::json!({ "assinado_em": at, "por": who })),
            Some(serde_json::json!({ "assinado_em": at, "por": signer })),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

/// Adds an Extranet contact within the plan's limit; returns the one-time password.
#[server(endpoint = "adicionar-contato")]
pub async fn add_contact(
    company_id: String,
    name: String,
    email: String,
    role: String,
) -> Result<CreatedAccount, AppError> {
    use crate::domain::account::{ContactRole, Email, parse_person_name};
    use crate::domain::company::check_new_contact;
    use crate::server::people;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let db = &state.db;
    let email = Email::parse(&email).map_err(AppError::invalid)?;
    let role = ContactRole::parse(&role).map_err(AppError::invalid)?;
    let name = parse_person_name(&name).map_err(AppError::invalid)?;
    let company = company(db, &company_id).await?;
    let existing: Vec<ContactRole> = company.contacts.iter().map(|c| c.role).collect();
    check_new_contact(company.plan, &existing, role).map_err(AppError::invalid)?;
    if people::find_id(db, email.as_str()).await?.is_some() {
        return Err(AppError::conflict(crate::domain::admin::EMAIL_TAKEN));
    }
    let (temporary, password) = temporary_password().await?;
    let person = people::NewPerson {
        email: email.clone(),
        name: name.clone(),
        password,
        roles: vec![Role::Customer],
        company_id: Some(company_id.clone()),
        contact_role: Some(role),
        modules: vec![],
        segments: vec![],
    };
    let (change, id) = people::create(Change::new(), &person, true)?;
    // The plan's limit is checked again inside the transaction: two coordinators adding
    // contacts at once cannot pass it together.
    let change = change
        .statement(
            "IF (SELECT count() AS n FROM person WHERE company = type::record('company', $limit_company) GROUP ALL)[0].n > $limit_max
             THEN THROW 'O limite de contatos do plano foi atingido enquanto você salvava. Recarregue a página.' END",
        )
        .bind("limit_company", company_id.clone())
        .bind("limit_max", company.plan.max_contacts() as i64)
        .audit(
            &super::actor(&caller),
            "contato adicionado",
            &format!("empresa:{company_id}"),
            None,
            Some(serde_json::json!({ "pessoa": id, "nome": name, "email": email.as_str(), "papel": role.label() })),
        );
    commit_or_conflict(change, crate::domain::admin::EMAIL_TAKEN).await?;
    Ok(CreatedAccount {
        email: email.as_str().to_owned(),
        temporary_password: temporary,
    })
}

#[server(endpoint = "remover-contato")]
pub async fn remove_contact(company_id: String, person_id: String) -> Result<(), AppError> {
    use crate::server::companies;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let company = company(&state.db, &company_id).await?;
    let contact = company
        .contacts
        .iter()
        .find(|c| c.id == person_id)
        .ok_or_else(|| AppError::not_found("Contato não encontrado nesta empresa."))?;
    companies::remove_contact(Change::new(), &company_id, &person_id)
        .audit(
            &super::actor(&caller),
            "contato removido",
            &format!("empresa:{company_id}"),
            Some(serde_json::json!({ "pessoa": contact.id, "nome": contact.name, "email": contact.email })),
            None,
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

/// Records (or clears) that the company's project manager completed the Extranet course.
#[server(endpoint = "curso-extranet")]
pub async fn set_course_completed(
    company_id: String,
    completed_on: String,
) -> Result<(), AppError> {
    use crate::domain::account::ContactRole;
    use crate::server::companies;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let at = if completed_on.trim().is_empty() {
        None
    } else {
        Some(parse_date(&completed_on).map_err(AppError::invalid)?)
    };
    let company = company(&state.db, &company_id).await?;
    let pm = company
        .contacts
        .iter()
        .find(|c| c.role == ContactRole::ProjectManager)
        .ok_or_else(|| AppError::invalid("Cadastre primeiro o gerente de projeto da empresa."))?;
    companies::set_course_completed(Change::new(), &pm.id, at)
        .audit(
            &super::actor(&caller),
            "curso de Extranet",
            &format!("empresa:{company_id}"),
            Some(serde_json::json!({ "concluido_em": company.prerequisites.pm_course_completed })),
            Some(serde_json::json!({ "concluido_em": at })),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

#[server(endpoint = "analistas")]
pub async fn list_analysts() -> Result<Vec<AnalystView>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::people::analysts(&state.db).await?)
}

/// Creates (no `id`) or updates an analyst. A new account gets a one-time password.
#[server(endpoint = "salvar-analista")]
pub async fn save_analyst(
    id: Option<String>,
    name: String,
    email: String,
    level: u8,
    modules: String,
    segments: String,
    available: bool,
) -> Result<Option<CreatedAccount>, AppError> {
    use crate::domain::account::{Email, parse_person_name};
    use crate::server::people;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let db = &state.db;
    let level_role = match level {
        1 => Role::AnalystN1,
        2 => Role::AnalystN2,
        _ => return Err(AppError::invalid("O nível do analista deve ser 1 ou 2.")),
    };
    let modules = self::modules(&modules)?;
    let segments = split_list(&segments);
    if segments.iter().any(|s| s.chars().count() > 100) || segments.len() > 30 {
        return Err(AppError::invalid(
            "Informe até 30 segmentos, cada um com no máximo 100 caracteres.",
        ));
    }
    let actor = super::actor(&caller);
    match id.filter(|i| !i.is_empty()) {
        Some(id) => {
            let before = people::analyst(db, &id)
                .await?
                .ok_or_else(|| AppError::not_found("Analista não encontrado."))?;
            let mut roles: Vec<Role> = people::roles_of(db, &id)
                .await?
                .into_iter()
                .filter(|r| !r.is_analyst())
                .collect();
            roles.push(level_role);
            people::set_analyst_profile(Change::new(), &id, &roles, &modules, &segments, available)
                .audit(
                    &actor,
                    "analista alterado",
                    &format!("pessoa:{id}"),
                    Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?),
                    Some(serde_json::json!({ "nivel": level, "modulos": modules, "segmentos": segments, "disponivel": available })),
                )
                .commit(db)
                .await?;
            Ok(None)
        }
        None => {
            let email = Email::parse(&email).map_err(AppError::invalid)?;
            let name = parse_person_name(&name).map_err(AppError::invalid)?;
            if people::find_id(db, email.as_str()).await?.is_some() {
                return Err(AppError::conflict(crate::domain::admin::EMAIL_TAKEN));
            }
            let (temporary, password) = temporary_password().await?;
            let person = people::NewPerson {
                email: email.clone(),
                name: name.clone(),
                password,
                roles: vec![level_role],
                company_id: None,
                contact_role: None,
                modules: modules.clone(),
                segments: segments.clone(),
            };
            let (change, id) = people::create(Change::new(), &person, true)?;
            let change = change.audit(
                &actor,
                "analista criado",
                &format!("pessoa:{id}"),
                None,
                Some(serde_json::json!({ "nome": name, "email": email.as_str(), "nivel": level, "modulos": modules })),
            );
            commit_or_conflict(change, crate::domain::admin::EMAIL_TAKEN).await?;
            Ok(Some(CreatedAccount {
                email: email.as_str().to_owned(),
                temporary_password: temporary,
            }))
        }
    }
}

/// Deactivates (ending every session at once) or reactivates a person's account.
#[server(endpoint = "ativar-pessoa")]
pub async fn set_person_active(person_id: String, active: bool) -> Result<(), AppError> {
    use crate::server::people;
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    if person_id == caller.person_id && !active {
        return Err(AppError::invalid(
            "Você não pode desativar a própria conta.",
        ));
    }
    let person = people::summary(&state.db, &person_id)
        .await?
        .ok_or_else(|| AppError::not_found("Pessoa não encontrada."))?;
    people::set_active(Change::new(), &person_id, active)
        .audit(
            &super::actor(&caller),
            if active {
                "conta reativada"
            } else {
                "conta desativada"
            },
            &format!("pessoa:{person_id}"),
            Some(serde_json::json!({ "email": person.email, "ativa": person.active })),
            Some(serde_json::json!({ "email": person.email, "ativa": active })),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}

/// Gives a person a new one-time password (shown once to the coordinator), ending their
/// sessions; they must choose their own at the next sign-in.
#[server(endpoint = "redefinir-senha")]
pub async fn reset_password(person_id: String) -> Result<CreatedAccount, AppError> {
    use crate::server::{auth::sessions, people};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let person = people::summary(&state.db, &person_id)
        .await?
        .ok_or_else(|| AppError::not_found("Pessoa não encontrada."))?;
    let (temporary, hash) = temporary_password().await?;
    people::set_password(Change::new(), &person_id, &hash, true)
        .statement(sessions::END_ALL)
        .bind("person", person_id.clone())
        .audit(
            &super::actor(&caller),
            "senha redefinida",
            &format!("pessoa:{person_id}"),
            None,
            Some(serde_json::json!({ "email": person.email })),
        )
        .commit(&state.db)
        .await?;
    Ok(CreatedAccount {
        email: person.email,
        temporary_password: temporary,
    })
}

#[server(endpoint = "auditoria")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::audit::latest(&state.db, 200).await?)
}

/// An analyst's own availability for new occurrences (e.g. away, in training).
#[server(endpoint = "minha-disponibilidade")]
pub async fn my_availability() -> Result<bool, AppError> {
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let me = crate::server::people::analyst(&state.db, &caller.person_id)
        .await?
        .ok_or_else(|| AppError::not_found("Analista não encontrado."))?;
    Ok(me.available)
}

#[server(endpoint = "definir-disponibilidade")]
pub async fn set_my_availability(available: bool) -> Result<bool, AppError> {
    use crate::server::people;
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    people::set_available(Change::new(), &caller.person_id, available)
        .audit(
            &super::actor(&caller),
            "disponibilidade",
            &format!("pessoa:{}", caller.person_id),
            Some(serde_json::json!({ "disponivel": !available })),
            Some(serde_json::json!({ "disponivel": available })),
        )
        .commit(&state.db)
        .await?;
    Ok(available)
}
