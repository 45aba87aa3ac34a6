//! Telling one analyst about an occurrence (a case directed or passed to them): an in-app
//! notice and a mail through the outbox, written in the caller's transaction so neither
//! exists without the change that caused it.

use crate::server::db::Change;

/// Whom to tell what. `prefix` keeps the statement's variables apart from the rest of the
/// transaction.
pub struct PersonNotice<'a> {
    pub prefix: &'static str,
    pub person_id: &'a str,
    pub occurrence_id: &'a str,
    /// The notice's line (also the mail's subject line).
    pub headline: &'a str,
    /// The mail's body.
    pub text: &'a str,
}

pub fn tell(change: Change, n: &PersonNotice<'_>) -> Change {
    let p = n.prefix;
    change
        .statement(format!(
            "LET ${p}_to = type::record('person', ${p}_person);
             CREATE notification SET person = ${p}_to,
                 occurrence = type::record('occurrence', ${p}_occ), text = ${p}_headline;
             LET ${p}_email = (SELECT VALUE email FROM ONLY ${p}_to);
             IF ${p}_email THEN
                 (CREATE outbox SET occurrence = type::record('occurrence', ${p}_occ),
                     recipients = [${p}_email], headline = ${p}_headline, text = ${p}_text)
             END"
        ))
        .bind(&format!("{p}_person"), n.person_id.to_owned())
        .bind(&format!("{p}_occ"), n.occurrence_id.to_owned())
        .bind(
            &format!("{p}_headline"),
            n.headline.chars().take(500).collect::<String>(),
        )
        .bind(&format!("{p}_text"), n.text.to_owned())
}
