//! Offices besides the default S.O.E. (whose calendar is in the SLA rules): each has its
//! calendar, and each company is served by one. New occurrences snapshot their company's
//! office calendar at opening; an office edit re-times open ones only when asked.

use anyhow::Result;
use serde::Deserialize;
use serde_json::json;

use super::policy::{OPEN, retime_open};
use crate::domain::{
    error::AppError,
    rule::Rule,
    sla::{
        calendar_spec::CalendarSpec,
        office::{Office, OfficeName},
    },
};
use crate::server::db::{self, Actor, Change, Db, first, rows};

#[derive(Deserialize)]
pub(crate) struct Row {
    id: String,
    name: String,
    calendar: String,
    #[serde(default)]
    companies: i64,
}

impl Row {
    /// A stored calendar that no longer parses (never written by this code) reads as the
    /// default one, logged.
    pub(crate) fn into_office(self) -> Office {
        let calendar = CalendarSpec::from_json(&self.calendar)
            .inspect_err(|e| tracing::warn!(office = %self.id, error = %e, "calendário ilegível"))
            .unwrap_or_default();
        Office {
            id: self.id,
            name: self.name,
            calendar,
            companies: u32::try_from(self.companies).unwrap_or(u32::MAX),
        }
    }
}

/// The SurrealQL giving a company row's office (`IF office … END AS office`).
pub(crate) const COMPANY_OFFICE: &str = "IF office THEN { id: record::id(office),
    name: office.name, calendar: office.calendar } END AS office";

const FIELDS: &str = "record::id(id) AS id, name, calendar,
    count(SELECT id FROM company WHERE office = $parent.id) AS companies";

/// Every office besides the default, by name.
pub async fn list(db: &Db) -> Result<Vec<Office>> {
    let mut res = db
        .query(format!(
            "SELECT {FIELDS} FROM office ORDER BY name LIMIT 200"
        ))
        .await?;
    Ok(rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(Row::into_office)
        .collect())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<Office>> {
    let mut res = db
        .query(format!(
            "SELECT {FIELDS} FROM office WHERE id = type::record('office', $id)"
        ))
        .bind(("id", id.to_owned()))
        .await?;
    Ok(first::<Row>(&mut res, 0)?.map(Row::into_office))
}

async fn found(db: &Db, id: &str) -> Result<Office, AppError> {
    get(db, id)
        .await?
        .ok_or_else(|| AppError::not_found("Escritório não encontrado."))
}

/// Registers an office (its name once) starting from `calendar`; returns its id.
pub async fn create(
    db: &Db,
    actor: &Actor,
    name: &OfficeName,
    calendar: &CalendarSpec,
) -> Result<String, AppError> {
    let id = crate::server::accounts::people::new_id()?;
    let change = Change::new()
        .statement(
            "CREATE type::record('office', $of_id) SET name = $of_name, name_key = $of_key,
                 calendar = $of_calendar",
        )
        .bind("of_id", id.clone())
        .bind("of_name", name.as_str().to_owned())
        .bind("of_key", name.key())
        .bind("of_calendar", calendar.to_json())
        .audit(
            actor,
            "escritório cadastrado",
            &format!("escritorio:{id}"),
            None,
            Some(json!({ "nome": name.as_str(), "horario": calendar.hours().describe() })),
        );
    db::commit_or(db, change, Rule::OfficeTaken).await?;
    Ok(id)
}

/// Saves an office's calendar with its audit row; with `retime`, the open occurrences of
/// the companies it serves move to it too (each says so on its timeline).
pub async fn save_calendar(
    db: &Db,
    actor: &Actor,
    id: &str,
    calendar: &CalendarSpec,
    retime: bool,
) -> Result<(), AppError> {
    let before = found(db, id).await?;
    let mut change = Change::new()
        .statement("UPDATE type::record('office', $of_id) SET calendar = $of_calendar")
        .bind("of_id", id.to_owned())
        .bind("of_calendar", calendar.to_json())
        .bind("of_author", actor.name.clone());
    if retime {
        change = retime_open(
            change,
            "company.office = type::record('office', $of_id)",
            calendar,
            "$of_author",
        );
    }
    let describe = |c: &CalendarSpec| {
        json!({
            "horario": c.hours().describe(),
            "feriados": crate::domain::sla::policy::holidays_text(c.holidays()),
        })
    };
    change
        .audit(
            actor,
            if retime {
                "calendário do escritório alterado (ocorrências abertas recalculadas)"
            } else {
                "calendário do escritório alterado"
            },
            &format!("escritorio:{id}"),
            Some(describe(&before.calendar)),
            Some(describe(calendar)),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// Which office serves a company (`None`: the default). Its open occurrences keep the
/// calendar they opened under (those opened before snapshots existed get it now).
pub async fn set_company_office(
    db: &Db,
    actor: &Actor,
    company_id: &str,
    office_id: Option<&str>,
) -> Result<(), AppError> {
    let company = crate::server::accounts::company_admin::company(db, company_id).await?;
    let office = match office_id {
        Some(id) => Some(found(db, id).await?),
        None => None,
    };
    let old_calendar = match &company.office {
        Some(o) => o.calendar.clone(),
        None => super::policy::load(db).await?.calendar_spec(),
    };
    let name = |o: Option<&Office>| {
        o.map_or_else(
            || crate::domain::sla::calendar_spec::OFFICE.to_owned(),
            |o| o.name.clone(),
        )
    };
    Change::new()
        .statement(format!(
            "UPDATE occurrence SET sla_calendar = $co_calendar
                 WHERE company = type::record('company', $co_id) AND {OPEN}
                   AND sla_calendar IS NONE"
        ))
        .statement(
            "UPDATE type::record('company', $co_id)
                 SET office = IF $co_office THEN type::record('office', $co_office) END",
        )
        .bind("co_calendar", old_calendar.to_json())
        .bind("co_id", company_id.to_owned())
        .bind("co_office", office_id.map(str::to_owned))
        .audit(
            actor,
            "escritório da empresa alterado",
            &format!("empresa:{company_id}"),
            Some(json!({ "escritorio": name(company.office.as_ref()) })),
            Some(json!({ "escritorio": name(office.as_ref()) })),
        )
        .commit(db)
        .await?;
    Ok(())
}
