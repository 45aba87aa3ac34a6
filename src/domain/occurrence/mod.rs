//! Occurrences (*ocorrências*), the Extranet's support tickets: their human number, the
//! lifecycle of `DOMAIN.md` as a state machine, and what a new one must contain. Pure:
//! the browser runs the same rules as the server.

pub mod autoclose;
pub mod draft;
pub mod number;
pub mod state;
pub mod view;

pub use draft::{NewOccurrence, OccurrenceForm, OccurrenceKind};
pub use number::OccurrenceNumber;
pub use state::{Action, Actor, ClockRule, Move, Refusal, State, decide, possible};
pub use view::{EntryKind, OccurrenceSummary, OccurrenceView, Page, TimelineEntry};
