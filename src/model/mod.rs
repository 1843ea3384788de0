//! The domain: the values every stage shares — documents and free pages, targets and
//! their milestones, reports and their figures, indicators, document numbers, and the
//! place in a source file each value was written at.
//!
//! No I/O here and no dependency on any stage: the loader builds these values, the
//! link, progress and render stages read them.

mod body;
mod document;
mod located;
pub mod number;
pub mod quantity;
mod target;

pub use body::{Body, BodyKey};
pub use document::{BODY_MARKDOWN, Corpus, DocId, Document, Indicator, Level, Page, ReportData, ReportValue, Signer};
pub use located::Located;
pub use number::{DocNumber, NumberKey};
pub use target::{Direction, Target, YearValue};
