//! Occurrences (*ocorrências*), the Extranet's support tickets: their human number, the
//! lifecycle of `DOMAIN.md` as a state machine, and what a new one must contain. Pure:
//! the browser runs the same rules as the server.

pub mod autoclose;
pub mod directed;
pub mod draft;
pub mod estimate;
pub mod forwarding;
pub mod message;
pub mod number;
pub mod ownership;
pub mod simulation;
pub mod state;
pub mod view;
pub mod volume;

pub use draft::{NewOccurrence, OccurrenceForm, OccurrenceKind};
pub use number::OccurrenceNumber;
pub use state::{Action, ClockRule, Move, Party, Refusal, State, decide, possible};
pub use view::{
    EntryKind, FaqDraftView, ForwardedView, OccurrenceSummary, OccurrenceView, Page, TIMELINE_PAGE,
    TimelineEntry, TimelinePage,
};

use super::accounts::Role;

/// Roles that may read an occurrence page (and its files): a customer only their company's.
pub const READERS: &[Role] = &[
    Role::Customer,
    Role::AnalystN1,
    Role::AnalystN2,
    Role::Coordinator,
];
