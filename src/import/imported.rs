//! What the importer found in one document: the fields it read (or inferred) and the
//! body as Markdown.

use jiff::civil::Date;

use super::header::NumberLine;
use super::targets::Candidate;

/// What the importer found in one document.
#[derive(Debug)]
pub struct Imported {
    pub kind: Option<String>,
    /// The kind was read from a first line in ordinary case, not a kind line or number.
    pub kind_inferred: bool,
    /// Written after the kind in the original: "(sửa đổi, bổ sung)".
    pub kind_note: Option<String>,
    pub number: Option<NumberLine>,
    /// The number was read from the opening sentence of a text without header.
    pub number_inferred: bool,
    pub title: String,
    pub issuer: Option<String>,
    /// The issuer was inferred from the opening sentence, not read from the header.
    pub issuer_inferred: bool,
    /// The header's lines naming the issuer, as printed ("ĐẢNG BỘ TỈNH CAO BẰNG", "TỈNH
    /// ỦY"): kept as a comment when the issuer does not hold all their words.
    pub issuer_printed: Vec<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    /// The date was read from the opening sentence of a text without header.
    pub date_inferred: bool,
    /// The place-and-date line when its date could not be read (a day left blank).
    pub date_written: Option<String>,
    pub level: Option<&'static str>,
    pub region: Option<String>,
    pub period: Option<(i32, i32)>,
    pub implements: Vec<String>,
    pub based_on: Vec<String>,
    pub amends: Vec<String>,
    pub replaces: Vec<String>,
    /// "(Ban hành kèm theo Quyết định số …)".
    pub issued_by: Option<String>,
    /// Other numbers the text names, for the editor to place.
    pub mentioned: Vec<String>,
    pub signer_name: Option<String>,
    pub signer_title: Option<String>,
    pub recipients: Vec<String>,
    /// Labels inside the list of recipients ("Gửi bản điện tử:").
    pub recipient_notes: Vec<String>,
    pub targets: Vec<Candidate>,
    /// The body as Markdown.
    pub body: String,
}
