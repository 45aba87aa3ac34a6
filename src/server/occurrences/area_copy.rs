//! The copy a forwarded case's area receives: on the forward, the demand; afterwards,
//! every public word written on the case. Never internal text.

use super::act::{Step, public_words};
use crate::domain::occurrences::State;
use crate::server::db::Change;

/// The area's copy: on a forward, the demand (the reason and the customer's description,
/// read in the transaction); afterwards, every public word written on the case. Never
/// internal text.
pub(super) fn with_area_copy(change: Change, s: &Step<'_>, to: State) -> Change {
    let words = public_words(s);
    let (email, area, text, with_description) = match (&s.forward, &s.found.forwarded) {
        (Some(f), _) => (
            f.destination.area_email.as_str(),
            f.destination.area.as_str(),
            format!(
                "Categoria: {}\nMotivo informado ao cliente: {}\n\nDescrição do cliente:\n",
                f.destination.category, f.reason
            ),
            true,
        ),
        (None, Some(f)) if to == State::Encaminhada && !words.is_empty() => (
            f.area_email.as_str(),
            f.area.as_str(),
            words.to_owned(),
            false,
        ),
        _ => return change,
    };
    let body = if with_description {
        "string::concat($ar_text, $st_updated[0].description)"
    } else {
        "$ar_text"
    };
    let author = s.actor.name.as_str();
    change
        .statement(format!(
            "CREATE outbox SET occurrence = type::record('occurrence', $st_id),
                 recipients = [$ar_email], headline = $ar_headline, text = {body}"
        ))
        .bind("ar_email", email.to_owned())
        .bind(
            "ar_headline",
            format!("Para a área {area}: {author} {}", s.action.label())
                .chars()
                .take(500)
                .collect::<String>(),
        )
        .bind("ar_text", text)
}
