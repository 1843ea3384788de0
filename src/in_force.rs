//! Hiệu lực: whether a document is in force on the build's date (`as_of`), the way
//! Vietnam's legal-document databases say it — còn hiệu lực, hết hiệu lực toàn bộ, hết
//! hiệu lực một phần, chưa có hiệu lực — with the date and the document that ended it.
//!
//! Decided, in this order, from:
//! 1. `in_force: false` in front matter (the editor says so; `expires` gives the date);
//! 2. `expires`, a date on or before `as_of`;
//! 3. a later document that `replaces` it, issued (or in force, by its `effective`) on
//!    or before `as_of`: hết hiệu lực toàn bộ;
//! 4. the end of its `period` (31 December of the last year) before `as_of`;
//! 5. `effective` (else its date) after `as_of`: chưa có hiệu lực;
//! 6. a document that `amends` it, on or before `as_of`: hết hiệu lực một phần;
//! 7. else còn hiệu lực. `in_force: true` keeps a document in force past its period.

use jiff::civil::Date;
use serde::Serialize;

use crate::link::Links;
use crate::model::{Corpus, DocId, Document};
use crate::theme::Strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    ConHieuLuc,
    HetHieuLucToanBo,
    HetHieuLucMotPhan,
    ChuaCoHieuLuc,
}

impl Status {
    /// Its name in the interface's strings ("Còn hiệu lực" … in `legal.*`).
    pub fn key(self) -> &'static str {
        match self {
            Status::ConHieuLuc => "legal.in_force",
            Status::HetHieuLucToanBo => "legal.ended",
            Status::HetHieuLucMotPhan => "legal.partly_ended",
            Status::ChuaCoHieuLuc => "legal.not_yet",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::ConHieuLuc => "con-hieu-luc",
            Status::HetHieuLucToanBo => "het-hieu-luc-toan-bo",
            Status::HetHieuLucMotPhan => "het-hieu-luc-mot-phan",
            Status::ChuaCoHieuLuc => "chua-co-hieu-luc",
        }
    }

    /// Whether a citizen can still rely on the document (in part at least).
    pub fn in_force(self) -> bool {
        matches!(self, Status::ConHieuLuc | Status::HetHieuLucMotPhan)
    }
}

/// Why: what ended (or will start) the document's force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Nothing ended it.
    None,
    /// `in_force: false` in its front matter.
    Declared,
    /// Its `expires` date.
    Expired,
    /// Replaced by `by`.
    Replaced,
    /// Its period ended.
    PeriodEnded,
    /// Its `effective` date (or date) is after `as_of`.
    NotYet,
    /// Amended by `by`.
    Amended,
}

/// A document's legal status as of the build's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalStatus {
    pub status: Status,
    pub reason: Reason,
    /// Since when (or from when, for chưa có hiệu lực).
    pub since: Option<Date>,
    /// The document that ended it (replaced, amended).
    pub by: Option<DocId>,
}

/// The day a document takes effect: `effective`, else its date.
fn start(d: &Document) -> Option<Date> {
    d.effective.or(d.date)
}

/// Every document's legal status on `as_of`.
pub fn assess(corpus: &Corpus, links: &Links, as_of: Date) -> Vec<LegalStatus> {
    (0..corpus.documents.len()).map(|id| one(corpus, links, id, as_of)).collect()
}

fn one(corpus: &Corpus, links: &Links, id: DocId, as_of: Date) -> LegalStatus {
    let d = &corpus.documents[id];
    let ended = |reason, since, by| LegalStatus { status: Status::HetHieuLucToanBo, reason, since, by };
    if d.in_force == Some(false) {
        return ended(Reason::Declared, d.expires, None);
    }
    if let Some(e) = d.expires.filter(|e| *e <= as_of) {
        return ended(Reason::Expired, Some(e), None);
    }
    // The earliest replacement already in force; an undated one counts, undated.
    let acting = |ids: &[DocId]| -> Option<(Option<Date>, DocId)> {
        ids.iter()
            .map(|&o| (start(&corpus.documents[o]), o))
            .filter(|(s, _)| s.is_none_or(|s| s <= as_of))
            .min_by_key(|(s, o)| (s.is_none(), *s, *o))
    };
    if let Some((since, by)) = acting(&links.replaces.backward[id]) {
        return ended(Reason::Replaced, since, Some(by));
    }
    if d.in_force != Some(true) && d.report.is_none() {
        if let Some((_, last)) = d.period {
            let end = i16::try_from(last).ok().and_then(|y| jiff::civil::Date::new(y, 12, 31).ok());
            if let Some(end) = end.filter(|e| *e < as_of) {
                return ended(Reason::PeriodEnded, Some(end), None);
            }
        }
    }
    if let Some(s) = start(d).filter(|s| *s > as_of) {
        return LegalStatus { status: Status::ChuaCoHieuLuc, reason: Reason::NotYet, since: Some(s), by: None };
    }
    if let Some((since, by)) = acting(&links.amends.backward[id]) {
        return LegalStatus { status: Status::HetHieuLucMotPhan, reason: Reason::Amended, since, by: Some(by) };
    }
    LegalStatus { status: Status::ConHieuLuc, reason: Reason::None, since: start(d), by: None }
}

/// The sentence a document page shows: "Hết hiệu lực toàn bộ từ 04/05/2021, bị thay thế
/// bởi Kế hoạch 40/KH-UBND", in the interface's words.
pub fn sentence(s: &LegalStatus, by_name: Option<&str>, strings: &Strings) -> String {
    let date = s.since.map(|d| strings.date_short(d)).unwrap_or_default();
    let label = strings.get(s.status.key());
    let with = |key: &str| strings.fill(key, &[("label", &label), ("date", &date)]);
    match s.reason {
        Reason::None if s.since.is_some() => with("legal.since_paren"),
        Reason::Declared if s.since.is_some() => with("legal.since"),
        Reason::None | Reason::Declared => label.to_string(),
        Reason::Expired => with("legal.since"),
        Reason::PeriodEnded => with("legal.period_ended"),
        Reason::NotYet => with("legal.starts"),
        Reason::Replaced | Reason::Amended => {
            let key = match (s.reason == Reason::Replaced, s.since.is_some()) {
                (true, true) => "legal.replaced_by",
                (true, false) => "legal.replaced_by_undated",
                (false, true) => "legal.amended_by",
                (false, false) => "legal.amended_by_undated",
            };
            let by = by_name.unwrap_or(strings.get("legal.another"));
            strings.fill(key, &[("label", &label), ("date", &date), ("by", &by)])
        }
    }
}
