//! Customer companies, their Extranet contacts and their prerequisites.

use anyhow::Result;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::{
    accounts::{
        ContactRole,
        cnpj::Cnpj,
        company::Prerequisites,
        forms::CompanyData,
        views::{CompanyName, CompanyView, ContactView},
    },
    sla::SlaPlan,
};
use crate::server::db::{Change, Db, IdRow, rows};

#[derive(Deserialize)]
struct Row {
    id: String,
    name: String,
    cnpj: String,
    segment: String,
    modules: Vec<String>,
    plan: SlaPlan,
    monthly_fee_cents: Option<i64>,
    attachment_space: crate::domain::attachment_quota::AttachmentSpace,
    acceptance_signed_at: Option<DateTime<Utc>>,
    acceptance_signer: Option<String>,
    sla_acknowledged_at: Option<DateTime<Utc>>,
    sla_acknowledged_plan: Option<SlaPlan>,
    sla_acknowledged_version: Option<String>,
    office: Option<crate::server::sla::offices::Row>,
}

/// One Extranet contact with the company it belongs to.
#[derive(Deserialize)]
struct ContactRow {
    company: String,
    id: String,
    name: String,
    email: String,
    role: ContactRole,
    active: bool,
    course_completed_at: Option<DateTime<Utc>>,
}

/// The companies `$cos` (record ids), by name, then all their contacts in one read:
/// a `$parent` sub-select per company is not index-planned (~22 ms each at 300
/// companies), `company IN $cos` is.
fn select(companies: &str) -> String {
    format!(
        "LET $cos = ({companies});
         SELECT record::id(id) AS id, name, cnpj, segment, modules, plan, monthly_fee_cents,
             {{ used_bytes: attachment_bytes ?? 0, quota_bytes: attachment_quota_bytes }}
                 AS attachment_space,
             acceptance_signed_at, acceptance_signer, sla_acknowledged_at,
             sla_acknowledged_plan, sla_acknowledged_version, {}
         FROM $cos ORDER BY name;
         SELECT record::id(company) AS company, record::id(id) AS id, name, email,
             contact_role AS role, active, course_completed_at
         FROM person WHERE company IN $cos ORDER BY contact_role;",
        crate::server::sla::offices::COMPANY_OFFICE
    )
}

fn read(
    mut res: surrealdb::IndexedResults,
    policy: &crate::domain::sla::policy::SlaPolicy,
) -> Result<Vec<CompanyView>> {
    let companies: Vec<Row> = rows(&mut res, 1)?;
    let mut contacts: HashMap<String, Vec<ContactRow>> = HashMap::new();
    for c in rows::<ContactRow>(&mut res, 2)? {
        contacts.entry(c.company.clone()).or_default().push(c);
    }
    Ok(companies
        .into_iter()
        .map(|r| {
            let mine = contacts.remove(&r.id).unwrap_or_default();
            view(r, mine, policy)
        })
        .collect())
}

fn view(
    r: Row,
    contacts: Vec<ContactRow>,
    policy: &crate::domain::sla::policy::SlaPolicy,
) -> CompanyView {
    let course_completed_at = contacts
        .iter()
        .find(|c| c.role == ContactRole::ProjectManager)
        .and_then(|c| c.course_completed_at);
    CompanyView {
        cnpj: Cnpj::parse(&r.cnpj)
            .map(|c| c.formatted())
            .unwrap_or(r.cnpj),
        id: r.id,
        name: r.name,
        segment: r.segment,
        modules: r.modules,
        plan: r.plan,
        monthly_fee_cents: r.monthly_fee_cents,
        attachment_space: r.attachment_space,
        prerequisites: Prerequisites {
            acceptance: r.acceptance_signed_at.zip(r.acceptance_signer),
            pm_course_completed: course_completed_at,
            sla_acknowledged: r.sla_acknowledged_at.zip(r.sla_acknowledged_plan),
            sla_acknowledged_version: r.sla_acknowledged_version,
            sla_current_version: Some(policy.rules(r.plan).version()),
        },
        contacts: contacts
            .into_iter()
            .map(|c| ContactView {
                id: c.id,
                name: c.name,
                email: c.email,
                role: c.role,
                active: c.active,
            })
            .collect(),
        office: r.office.map(crate::server::sla::offices::Row::into_office),
    }
}

pub async fn list(db: &Db) -> Result<Vec<CompanyView>> {
    let res = db.query(select("SELECT VALUE id FROM company")).await?;
    let policy = crate::server::sla::policy::load(db).await?;
    read(res, &policy)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CompanyView>> {
    let res = db
        .query(select(
            "SELECT VALUE id FROM company WHERE id = type::record('company', $id)",
        ))
        .bind(("id", id.to_owned()))
        .await?;
    let policy = crate::server::sla::policy::load(db).await?;
    Ok(read(res, &policy)?.into_iter().next())
}

/// Every company's id and name, by name.
pub async fn names(db: &Db) -> Result<Vec<CompanyName>> {
    let mut res = db
        .query("SELECT record::id(id) AS id, name FROM company ORDER BY name")
        .await?;
    rows(&mut res, 0)
}

pub async fn cnpj_taken(db: &Db, cnpj: &Cnpj, except: Option<&str>) -> Result<bool> {
    let mut res = db
        .query("SELECT record::id(id) AS id FROM company WHERE cnpj = $cnpj")
        .bind(("cnpj", cnpj.digits().to_owned()))
        .await?;
    Ok(rows::<IdRow>(&mut res, 0)?
        .into_iter()
        .any(|i| Some(i.id.as_str()) != except))
}

/// Adds the creation of a company to `change`; returns its new id. A CNPJ already in use
/// fails the change on the UNIQUE index.
pub fn create(change: Change, data: &CompanyData) -> Result<(Change, String)> {
    let id = super::people::new_id()?;
    let change = change
        .statement(
            "CREATE type::record('company', $co_id) SET name = $co_name, cnpj = $co_cnpj,
                 segment = $co_segment, modules = $co_modules, plan = $co_plan",
        )
        .bind("co_id", id.clone());
    Ok((bind_data(change, data), id))
}

pub fn update(change: Change, id: &str, data: &CompanyData) -> Change {
    let change = change
        .statement(
            "UPDATE type::record('company', $co_id) SET name = $co_name, cnpj = $co_cnpj,
                 segment = $co_segment, modules = $co_modules, plan = $co_plan",
        )
        .bind("co_id", id.to_owned());
    bind_data(change, data)
}

fn bind_data(change: Change, data: &CompanyData) -> Change {
    change
        .bind("co_name", data.name.trim().to_owned())
        .bind("co_cnpj", data.cnpj.digits().to_owned())
        .bind("co_segment", data.segment.trim().to_owned())
        .bind("co_modules", data.modules.clone())
        .bind("co_plan", data.plan.slug().to_owned())
}

pub fn record_acceptance(
    change: Change,
    id: &str,
    signed_at: DateTime<Utc>,
    signer: &str,
) -> Change {
    change
        .statement(
            "UPDATE type::record('company', $acc_id) SET acceptance_signed_at = $acc_at,
                 acceptance_signer = $acc_signer",
        )
        .bind("acc_id", id.to_owned())
        .bind("acc_at", signed_at)
        .bind("acc_signer", signer.trim().to_owned())
}

/// The company read `plan`'s terms in `version` (`PlanRules::version`) and agrees.
pub fn acknowledge_sla(change: Change, id: &str, plan: SlaPlan, version: &str) -> Change {
    change
        .statement(
            "UPDATE type::record('company', $ack_id) SET sla_acknowledged_at = time::now(),
                 sla_acknowledged_plan = $ack_plan, sla_acknowledged_version = $ack_version",
        )
        .bind("ack_id", id.to_owned())
        .bind("ack_plan", plan.slug().to_owned())
        .bind("ack_version", version.to_owned())
}

/// Records (or clears) the project manager's completion of the Extranet course.
pub fn set_course_completed(change: Change, person_id: &str, at: Option<DateTime<Utc>>) -> Change {
    change
        .statement(
            "UPDATE type::record('person', $course_person) SET course_completed_at = $course_at",
        )
        .bind("course_person", person_id.to_owned())
        .bind("course_at", at)
}

/// Removes a contact of the company, with their sessions.
pub fn remove_contact(change: Change, company_id: &str, person_id: &str) -> Change {
    change
        .statement(
            "DELETE session WHERE person = type::record('person', $rm_person);
             DELETE person WHERE id = type::record('person', $rm_person)
                 AND company = type::record('company', $rm_company)",
        )
        .bind("rm_person", person_id.to_owned())
        .bind("rm_company", company_id.to_owned())
}
