//! The coordinator's view of the knowledge loop: per month (Brasília), the Level 0 items
//! that answered people ("isto resolveu", once per person and item) and the ones replies
//! pointed to most. Counted from the rows each event writes, by month index.

use anyhow::Result;
use serde::Deserialize;

use crate::domain::content::ContentKind;
use crate::domain::knowledge::{ItemCount, KnowledgeReport, top_by_month};
use crate::server::db::{Db, rows};

/// Items shown per month.
const TOP: usize = 10;

#[derive(Deserialize)]
struct Counted {
    month: String,
    kind: ContentKind,
    slug: String,
    n: i64,
}

#[derive(Deserialize)]
struct Titled {
    kind: ContentKind,
    slug: String,
    title: String,
}

/// The report over `months` (`aaaa-mm` keys).
pub async fn report(db: &Db, months: &[String]) -> Result<KnowledgeReport> {
    Ok(KnowledgeReport {
        deflected: counted(db, "deflection_vote", months).await?,
        linked: counted(db, "content_link", months).await?,
    })
}

async fn counted(
    db: &Db,
    table: &'static str,
    months: &[String],
) -> Result<Vec<crate::domain::knowledge::MonthTop>> {
    let mut res = db
        .query(format!(
            "SELECT month, kind, slug, count() AS n FROM {table} WHERE month IN $months
                 GROUP BY month, kind, slug"
        ))
        .bind(("months", months.to_vec()))
        .await?;
    let counted: Vec<Counted> = rows(&mut res, 0)?;
    let mut ids: Vec<serde_json::Value> = counted
        .iter()
        .map(|c| serde_json::json!([c.kind.slug(), c.slug]))
        .collect();
    ids.dedup();
    let mut res = db
        .query(
            "LET $recs = array::map(array::distinct($ids), |$i| type::record('content', $i));
             SELECT kind, slug, title FROM $recs;",
        )
        .bind(("ids", ids))
        .await?;
    let titles: Vec<Titled> = rows(&mut res, 1)?;
    let rows = counted
        .into_iter()
        .filter_map(|c| {
            // An item deleted since is left out (its address leads nowhere).
            let title = titles
                .iter()
                .find(|t| t.kind == c.kind && t.slug == c.slug)?
                .title
                .clone();
            Some((
                c.month,
                ItemCount {
                    kind: c.kind,
                    slug: c.slug,
                    title,
                    count: u32::try_from(c.n).unwrap_or(u32::MAX),
                },
            ))
        })
        .collect();
    Ok(top_by_month(rows, TOP))
}
