//! Customer companies, their Extranet contacts and their prerequisites.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::{
    accounts::{
        cnpj::Cnpj,
        company::Prerequisites,
        forms::CompanyData,
        views::{CompanyView, ContactView},
    },
    sla::SlaPlan,
};
use crate::server::db::{Change, Db, IdRow, first, rows};

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
    course_completed_at: Option<DateTime<Utc>>,
    contacts: Vec<ContactView>,
    office: Option<crate::server::sla::offices::Row>,
}

/// Its office is added by [`select`].
const SELECT_FIELDS: &str = "SELECT record::id(id) AS id, name, cnpj, segment, modules, plan, monthly_fee_cents,
        { used_bytes: attachment_bytes ?? 0, quota_bytes: attachment_quota_bytes } AS attachment_space,
        acceptance_signed_at, acceptance_signer, sla_acknowledged_at, sla_acknowledged_plan,
        sla_acknowledged_version,
        (SELECT VALUE course_completed_at FROM person
           WHERE company = $parent.id AND contact_role = 'project_manager')[0] AS course_completed_at,
        (SELECT record::id(id) AS id, name, email, contact_role AS role, active FROM person
           WHERE company = $parent.id ORDER BY contact_role) AS contacts";

fn select() -> String {
    format!(
        "{SELECT_FIELDS}, {} FROM company",
        crate::server::sla::offices::COMPANY_OFFICE
    )
}

fn view(r: Row, policy: &crate::domain::sla::policy::SlaPolicy) -> CompanyView {
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
            pm_course_completed: r.course_completed_at,
            sla_acknowledged: r.sla_acknowledged_at.zip(r.sla_acknowledged_plan),
            sla_acknowledged_version: r.sla_acknowledged_version,
            sla_current_version: Some(policy.rules(r.plan).version()),
        },
        contacts: r.contacts,
        office: r.office.map(crate::server::sla::offices::Row::into_office),
    }
}

pub async fn list(db: &Db) -> Result<Vec<CompanyView>> {
    let mut res = db.query(format!("{} ORDER BY name", select())).await?;
    let policy = crate::server::sla::policy::load(db).await?;
    Ok(rows(&mut res, 0)?
        .into_iter()
        .map(|r| view(r, &policy))
        .collect())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CompanyView>> {
    let mut res = db
        .query(format!(
            "{} WHERE id = type::record('company', $id)",
            select()
        ))
        .bind(("id", id.to_owned()))
        .await?;
    let policy = crate::server::sla::policy::load(db).await?;
    Ok(first(&mut res, 0)?.map(|r| view(r, &policy)))
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
