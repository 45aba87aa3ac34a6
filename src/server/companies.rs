//! Customer companies, their Extranet contacts and their prerequisites.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::db::{Db, IdRow, first, rows};
use crate::domain::{
    admin::{CompanyView, ContactView},
    cnpj::Cnpj,
    company::Prerequisites,
    sla::SlaPlan,
};

/// Validated company data, as created or edited by the coordinator.
#[derive(Clone, Debug, Serialize)]
pub struct CompanyData {
    pub name: String,
    pub cnpj: Cnpj,
    pub segment: String,
    pub modules: Vec<String>,
    pub plan: SlaPlan,
}

#[derive(Deserialize)]
struct Row {
    id: String,
    name: String,
    cnpj: String,
    segment: String,
    modules: Vec<String>,
    plan: SlaPlan,
    acceptance_signed_at: Option<DateTime<Utc>>,
    acceptance_signer: Option<String>,
    sla_acknowledged_at: Option<DateTime<Utc>>,
    sla_acknowledged_plan: Option<SlaPlan>,
    course_completed_at: Option<DateTime<Utc>>,
    contacts: Vec<ContactView>,
}

const SELECT: &str = "SELECT record::id(id) AS id, name, cnpj, segment, modules, plan,
        acceptance_signed_at, acceptance_signer, sla_acknowledged_at, sla_acknowledged_plan,
        (SELECT VALUE course_completed_at FROM person
           WHERE company = $parent.id AND contact_role = 'project_manager')[0] AS course_completed_at,
        (SELECT record::id(id) AS id, name, email, contact_role AS role FROM person
           WHERE company = $parent.id ORDER BY contact_role) AS contacts
    FROM company";

fn view(r: Row) -> CompanyView {
    CompanyView {
        cnpj: Cnpj::parse(&r.cnpj)
            .map(|c| c.formatted())
            .unwrap_or(r.cnpj),
        id: r.id,
        name: r.name,
        segment: r.segment,
        modules: r.modules,
        plan: r.plan,
        prerequisites: Prerequisites {
            acceptance: r.acceptance_signed_at.zip(r.acceptance_signer),
            pm_course_completed: r.course_completed_at,
            sla_acknowledged: r.sla_acknowledged_at.zip(r.sla_acknowledged_plan),
        },
        contacts: r.contacts,
    }
}

pub async fn list(db: &Db) -> Result<Vec<CompanyView>> {
    let mut res = db.query(format!("{SELECT} ORDER BY name")).await?;
    Ok(rows(&mut res, 0)?.into_iter().map(view).collect())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CompanyView>> {
    let mut res = db
        .query(format!("{SELECT} WHERE id = type::record('company', $id)"))
        .bind(("id", id.to_owned()))
        .await?;
    Ok(first(&mut res, 0)?.map(view))
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

pub async fn create(db: &Db, data: &CompanyData) -> Result<String> {
    let mut res = db
        .query(
            "CREATE company SET name = $name, cnpj = $cnpj, segment = $segment, modules = $modules, plan = $plan
             RETURN record::id(id) AS id",
        )
        .bind(("name", data.name.trim().to_owned()))
        .bind(("cnpj", data.cnpj.digits().to_owned()))
        .bind(("segment", data.segment.trim().to_owned()))
        .bind(("modules", data.modules.clone()))
        .bind(("plan", data.plan.slug().to_owned()))
        .await?;
    first::<IdRow>(&mut res, 0)?
        .map(|i| i.id)
        .ok_or_else(|| anyhow::anyhow!("empresa não criada"))
}

pub async fn update(db: &Db, id: &str, data: &CompanyData) -> Result<()> {
    db.query(
        "UPDATE type::record('company', $id) SET name = $name, cnpj = $cnpj, segment = $segment,
             modules = $modules, plan = $plan",
    )
    .bind(("id", id.to_owned()))
    .bind(("name", data.name.trim().to_owned()))
    .bind(("cnpj", data.cnpj.digits().to_owned()))
    .bind(("segment", data.segment.trim().to_owned()))
    .bind(("modules", data.modules.clone()))
    .bind(("plan", data.plan.slug().to_owned()))
    .await?
    .check()?;
    Ok(())
}

pub async fn record_acceptance(
    db: &Db,
    id: &str,
    signed_at: DateTime<Utc>,
    signer: &str,
) -> Result<()> {
    db.query("UPDATE type::record('company', $id) SET acceptance_signed_at = $at, acceptance_signer = $signer")
        .bind(("id", id.to_owned()))
        .bind(("at", signed_at))
        .bind(("signer", signer.trim().to_owned()))
        .await?
        .check()?;
    Ok(())
}

pub async fn acknowledge_sla(db: &Db, id: &str, plan: SlaPlan) -> Result<()> {
    db.query("UPDATE type::record('company', $id) SET sla_acknowledged_at = time::now(), sla_acknowledged_plan = $plan")
        .bind(("id", id.to_owned()))
        .bind(("plan", plan.slug().to_owned()))
        .await?
        .check()?;
    Ok(())
}

/// Records (or clears) the project manager's completion of the Extranet course.
pub async fn set_course_completed(
    db: &Db,
    person_id: &str,
    at: Option<DateTime<Utc>>,
) -> Result<()> {
    db.query("UPDATE type::record('person', $id) SET course_completed_at = $at")
        .bind(("id", person_id.to_owned()))
        .bind(("at", at))
        .await?
        .check()?;
    Ok(())
}

pub async fn remove_contact(db: &Db, company_id: &str, person_id: &str) -> Result<bool> {
    let mut res = db
        .query(
            "DELETE person WHERE id = type::record('person', $person) AND company = type::record('company', $company)
             RETURN BEFORE",
        )
        .bind(("person", person_id.to_owned()))
        .bind(("company", company_id.to_owned()))
        .await?;
    Ok(!rows::<serde_json::Value>(&mut res, 0)?.is_empty())
}
