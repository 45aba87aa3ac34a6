//! The coordinator's changes to companies and their Extranet contacts, and a contact's
//! acknowledgement of the SLA: each one checked against what is stored, audited with
//! before and after, and committed with its audit row in one transaction.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{companies, password, people};
use crate::domain::{
    accounts::{
        ContactRole, Email, Role,
        company::check_new_contact,
        forms::CompanyData,
        views::{CompanyView, CreatedAccount},
    },
    error::AppError,
    rule::Rule,
    sla::SlaPlan,
};
use crate::server::db::{self, Actor, Change, Db};

/// The company with `id`, or `NotFound`.
pub async fn company(db: &Db, id: &str) -> Result<CompanyView, AppError> {
    companies::get(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("Empresa não encontrada."))
}

fn snapshot(c: &CompanyData, id: &str) -> serde_json::Value {
    json!({
        "id": id, "nome": c.name, "cnpj": c.cnpj.formatted(), "segmento": c.segment,
        "modulos": c.modules, "plano": c.plan.label(),
    })
}

fn stored(c: &CompanyView) -> serde_json::Value {
    json!({
        "nome": c.name, "cnpj": c.cnpj, "segmento": c.segment, "modulos": c.modules, "plano": c.plan.label(),
    })
}

/// Creates (no `id`) or updates a company; returns its id. A change of plan gives the
/// company's open occurrences the new plan's targets in the same transaction.
pub async fn save_company(
    db: &Db,
    actor: &Actor,
    id: Option<String>,
    data: &CompanyData,
) -> Result<String, AppError> {
    if companies::cnpj_taken(db, &data.cnpj, id.as_deref()).await? {
        return Err(Rule::CnpjTaken.into());
    }
    let (change, id) = match id {
        Some(id) => {
            let before = company(db, &id).await?;
            let vip_extra = before
                .contacts
                .iter()
                .any(|c| c.role == ContactRole::VipExtra);
            if vip_extra && data.plan != SlaPlan::Vip {
                return Err(AppError::invalid(
                    "Remova o contato adicional (exclusivo do VIP) antes de mudar a empresa para outro plano.",
                ));
            }
            let mut change = companies::update(Change::new(), &id, data);
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
                actor,
                "empresa alterada",
                &format!("empresa:{id}"),
                Some(stored(&before)),
                Some(snapshot(data, &id)),
            );
            (change, id)
        }
        None => {
            let (change, id) = companies::create(Change::new(), data)?;
            let change = change.audit(
                actor,
                "empresa criada",
                &format!("empresa:{id}"),
                None,
                Some(snapshot(data, &id)),
            );
            (change, id)
        }
    };
    db::commit_or(db, change, Rule::CnpjTaken).await?;
    Ok(id)
}

/// The company's monthly fee in cents (`None`: not configured); penalties are a share of it.
pub async fn set_monthly_fee(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    cents: Option<i64>,
) -> Result<(), AppError> {
    let before = company(db, company_id).await?;
    Change::new()
        .statement("UPDATE type::record('company', $mf_id) SET monthly_fee_cents = $mf_cents")
        .bind("mf_id", company_id.to_owned())
        .bind("mf_cents", cents)
        .audit(
            actor,
            "mensalidade alterada",
            &format!("empresa:{company_id}"),
            Some(json!({ "mensalidade_centavos": before.monthly_fee_cents })),
            Some(json!({ "mensalidade_centavos": cents })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The company's attachment space in bytes (`None`: the default). Lowering it below what
/// is used keeps every file and refuses new ones until there is room.
pub async fn set_attachment_quota(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    bytes: Option<i64>,
) -> Result<(), AppError> {
    let before = company(db, company_id).await?;
    Change::new()
        .statement("UPDATE type::record('company', $aq_id) SET attachment_quota_bytes = $aq_bytes")
        .bind("aq_id", company_id.to_owned())
        .bind("aq_bytes", bytes)
        .audit(
            actor,
            "espaço para anexos alterado",
            &format!("empresa:{company_id}"),
            Some(json!({ "espaco_anexos_bytes": before.attachment_space.quota_bytes })),
            Some(json!({ "espaco_anexos_bytes": bytes })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The implementation acceptance (*termo de aceite*): when it was signed, and by whom.
pub async fn record_acceptance(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    at: DateTime<Utc>,
    signer: &str,
) -> Result<(), AppError> {
    let before = company(db, company_id).await?;
    companies::record_acceptance(Change::new(), company_id, at, signer)
        .audit(
            actor,
            "termo de aceite registrado",
            &format!("empresa:{company_id}"),
            before
                .prerequisites
                .acceptance
                .map(|(at, who)| json!({ "assinado_em": at, "por": who })),
            Some(json!({ "assinado_em": at, "por": signer })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// A new Extranet contact, as the coordinator typed it.
pub struct NewContact {
    pub name: String,
    pub email: Email,
    pub role: ContactRole,
}

/// Adds an Extranet contact within the plan's limit; returns the one-time password.
pub async fn add_contact(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    contact: NewContact,
) -> Result<CreatedAccount, AppError> {
    let NewContact { name, email, role } = contact;
    let company = company(db, company_id).await?;
    let existing: Vec<ContactRole> = company.contacts.iter().map(|c| c.role).collect();
    check_new_contact(company.plan, &existing, role).map_err(AppError::invalid)?;
    if people::find_id(db, email.as_str()).await?.is_some() {
        return Err(Rule::EmailTaken.into());
    }
    let (temporary, password) = password::temporary().await?;
    let person = people::NewPerson {
        email: email.clone(),
        name: name.clone(),
        password,
        roles: vec![Role::Customer],
        company_id: Some(company_id.to_owned()),
        contact_role: Some(role),
        modules: vec![],
        segments: vec![],
    };
    let (change, id) = people::create(Change::new(), &person, true)?;
    // The plan's limit is checked again inside the transaction: two coordinators adding
    // contacts at once cannot pass it together.
    let change = change
        .statement(format!(
            "IF (SELECT count() AS n FROM person WHERE company = type::record('company', $limit_company) GROUP ALL)[0].n > $limit_max
             THEN {} END",
            db::throw(&Rule::ContactLimitReached)
        ))
        .bind("limit_company", company_id.to_owned())
        .bind("limit_max", company.plan.max_contacts() as i64)
        .audit(
            actor,
            "contato adicionado",
            &format!("empresa:{company_id}"),
            None,
            Some(json!({ "pessoa": id, "nome": name, "email": email.as_str(), "papel": role.label() })),
        );
    db::commit_or(db, change, Rule::EmailTaken).await?;
    Ok(CreatedAccount {
        email: email.as_str().to_owned(),
        temporary_password: temporary,
    })
}

/// Removes a contact of the company, ending their sessions.
pub async fn remove_contact(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    person_id: &str,
) -> Result<(), AppError> {
    let company = company(db, company_id).await?;
    let contact = company
        .contacts
        .iter()
        .find(|c| c.id == person_id)
        .ok_or_else(|| AppError::not_found("Contato não encontrado nesta empresa."))?;
    companies::remove_contact(Change::new(), company_id, person_id)
        .audit(
            actor,
            "contato removido",
            &format!("empresa:{company_id}"),
            Some(json!({ "pessoa": contact.id, "nome": contact.name, "email": contact.email })),
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}

/// Records (or clears, `None`) that the project manager completed the Extranet course.
pub async fn set_course_completed(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    at: Option<DateTime<Utc>>,
) -> Result<(), AppError> {
    let company = company(db, company_id).await?;
    let pm = company
        .contacts
        .iter()
        .find(|c| c.role == ContactRole::ProjectManager)
        .ok_or_else(|| AppError::invalid("Cadastre primeiro o gerente de projeto da empresa."))?;
    companies::set_course_completed(Change::new(), &pm.id, at)
        .audit(
            actor,
            "curso de Extranet",
            &format!("empresa:{company_id}"),
            Some(json!({ "concluido_em": company.prerequisites.pm_course_completed })),
            Some(json!({ "concluido_em": at })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// A contact confirms, for the company, that they read its plan's deadline table.
pub async fn acknowledge_sla(
    db: &Db,
    actor: &Actor,
    company_id: &str,
) -> Result<CompanyView, AppError> {
    let before = company(db, company_id).await?;
    let version = crate::server::sla::policy::load(db)
        .await?
        .rules(before.plan)
        .version();
    companies::acknowledge_sla(Change::new(), company_id, before.plan, &version)
        .audit(
            actor,
            "ciência do SLA",
            &format!("empresa:{company_id}"),
            None,
            Some(json!({ "plano": before.plan.label(), "tabela": version })),
        )
        .commit(db)
        .await?;
    company(db, company_id).await
}
