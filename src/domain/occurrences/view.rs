//! What pages are shown about occurrences. A customer's copy never holds internal notes:
//! the server leaves them out before anything is serialized.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Action, OccurrenceKind, OccurrenceNumber, State};
use crate::domain::{content::ErpModule, sla::Criticality};

/// One row of a list or queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceSummary {
    pub number: OccurrenceNumber,
    pub title: String,
    pub state: State,
    pub criticality: Criticality,
    pub module: ErpModule,
    pub company_name: String,
    pub owner_name: Option<String>,
    /// The analyst the customer directed it to, if any.
    pub directed_to: Option<String>,
    pub opened_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    /// The SLA clock, for the live countdown.
    pub sla: crate::domain::sla::clock::SlaClock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Opened,
    Reply,
    Note,
    State,
    Criticality,
    Attachment,
    /// The company changed plan: new targets, deadlines recomputed.
    Plan,
}

impl EntryKind {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Reply => "reply",
            Self::Note => "note",
            Self::State => "state",
            Self::Criticality => "criticality",
            Self::Attachment => "attachment",
            Self::Plan => "plan",
        }
    }
}

/// How many of the newest timeline entries a page shows; "ver anteriores" loads as many
/// again, so a case with thousands of messages still opens at once.
pub const TIMELINE_PAGE: usize = 50;

/// One entry of the timeline, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Opaque; the cursor "ver anteriores" continues from.
    pub id: String,
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub public: bool,
    pub author_name: String,
    pub text: String,
    pub from_state: Option<State>,
    pub to_state: Option<State>,
    /// The file, for an `attachment` entry.
    pub attachment: Option<crate::domain::attachment::AttachmentView>,
}

/// Entries before a given one, oldest first, and whether there are more before them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntry>,
    pub earlier: bool,
}

/// An occurrence as its page shows it to the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OccurrenceView {
    pub summary: OccurrenceSummary,
    pub kind: OccurrenceKind,
    pub description: String,
    pub steps: String,
    pub opened_by_name: String,
    /// The newest [`TIMELINE_PAGE`] entries the caller may see, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Older entries exist ("ver anteriores").
    pub earlier: bool,
    /// What the caller may do now (buttons).
    pub actions: Vec<Action>,
    /// Resolved: when it closes by itself if nobody answers (5 business days).
    pub closes_at: Option<DateTime<Utc>>,
    /// Out of scope: the area that has it and why (the customer reads both).
    pub forwarded: Option<ForwardedView>,
    /// Support only, when the caller may hand the case to Desenvolvimento: the
    /// simulation record's form, pre-filled (never sent to a customer).
    pub simulation: Option<super::simulation::SimulationFields>,
    /// A data change's estimate and the customer's decision (both sides read it).
    pub estimate: Option<super::estimate::EstimateView>,
    /// A merged duplicate: the occurrence the conversation goes on in.
    pub merged_into: Option<super::OccurrenceNumber>,
    /// The weekly version that carries the fix: awaited, or published (with how to update).
    pub fix_version: Option<crate::domain::versions::FixVersion>,
    /// Support only: the FAQ draft made from this case ("transformar em FAQ").
    pub faq_draft: Option<FaqDraftView>,
    /// The published Level 0 items its public replies point to, as cards.
    pub linked: Vec<crate::domain::knowledge::LinkedArticle>,
}

/// "Transformar em FAQ", for support on a solved case: the draft's address once made
/// (`None`: not yet), and whether the caller edits it (the coordinator) or only sees that
/// it exists (analysts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqDraftView {
    pub slug: Option<String>,
    pub editable: bool,
}

/// Where a forwarded case went. The area's e-mail only for support.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardedView {
    pub category: String,
    pub area: String,
    pub area_email: Option<String>,
    pub reason: String,
}

/// A page of a longer list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub has_more: bool,
}
