//! Documents (văn bản) and the other files of a site's content.

use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::located::Located;
use super::number::DocNumber;
use super::quantity::Qualifier;
use super::target::{Direction, Target};
use crate::address::DocAddress;
use crate::diagnostic::{Diagnostic, Place};

/// Everything the site publishes, as read from `content/`.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Directives, plans and reports, ordered by path; a document's index is its [`DocId`].
    /// Shared: `serve` keeps each as read and hands the same to every rebuild.
    pub documents: Vec<std::sync::Arc<Document>>,
    pub pages: Vec<Page>,
    pub indicators: Vec<Indicator>,
    /// Documents marked `draft: true` that were left out (a build publishes no draft).
    pub drafts_left_out: Vec<PathBuf>,
}

/// Index of a document in [`Corpus::documents`].
pub type DocId = usize;

/// Cấp ban hành: the level of government or organisation a document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    TrungUong,
    Tinh,
    Huyen,
    Xa,
    ToChuc,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::TrungUong, Level::Tinh, Level::Huyen, Level::Xa, Level::ToChuc];
    pub fn slug(self) -> &'static str {
        match self {
            Level::TrungUong => "trung-uong",
            Level::Tinh => "tinh",
            Level::Huyen => "huyen",
            Level::Xa => "xa",
            Level::ToChuc => "to-chuc",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Level::TrungUong => "Trung ương",
            Level::Tinh => "Tỉnh, thành phố",
            Level::Huyen => "Huyện, quận",
            Level::Xa => "Xã, phường",
            Level::ToChuc => "Tổ chức, hội",
        }
    }
}

/// Người ký: the signer and the lines of the signature block above the name.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    /// "T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ": the signature block's lines joined by ", ".
    #[serde(default)]
    pub title: String,
}

/// What a report (báo cáo) states: achieved values of a plan's targets for one year.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The plan reported on: a number in any spelling, or a document's path.
    pub reports_on: Located<String>,
    pub year: i32,
    /// Achieved values by target id, in the order written.
    pub values: Vec<ReportValue>,
    /// The published sentence the figures come from, verbatim.
    pub quote: Option<String>,
    /// Example figures, not real ones: the site labels them "Số liệu minh họa".
    pub illustrative: bool,
}

/// One achieved value in a report.
#[derive(Debug, Clone)]
pub struct ReportValue {
    /// The target's id in the plan reported on, where it is written.
    pub target: Located<String>,
    pub value: f64,
    /// How the source qualifies the figure: "trên" (over), "gần" (nearly), "hơn".
    pub qualifier: Option<Qualifier>,
    /// What a reader should know about this figure (which source, where they disagree).
    pub note: Option<String>,
}

/// A văn bản: a directive, plan, programme or report.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to `content/`, with "/" separators: "plans/ha-noi/x.md".
    pub path: String,
    /// The file's path as given to the loader, for diagnostics.
    pub file: PathBuf,
    /// Loại văn bản as written: "Kế hoạch", "Chỉ thị".
    pub kind: String,
    /// Số, ký hiệu.
    pub number: Option<Located<DocNumber>>,
    /// Trích yếu.
    pub title: String,
    /// Cơ quan ban hành.
    pub issuer: String,
    /// Nơi ban hành.
    pub place: Option<String>,
    /// Ngày ban hành.
    pub date: Option<Date>,
    /// Năm công bố: the year, when the source gives no exact date (a report known only
    /// from an article of that year).
    pub published: Option<i16>,
    /// Khóa: the Party term, which tells apart Party documents whose numbers restart
    /// each term ("X" for Chỉ thị 11-CT/TW of the Bộ Chính trị khóa X).
    pub term: Option<String>,
    pub level: Option<Level>,
    pub region: Option<String>,
    /// The issuer's and region's administrative units as on the document's date,
    /// resolved once when it is loaded.
    pub placed: crate::places::Placed,
    pub period: Option<(i32, i32)>,
    /// Ngày có hiệu lực, when it is not the date of issue.
    pub effective: Option<Date>,
    /// Ngày hết hiệu lực, when the document sets one.
    pub expires: Option<Date>,
    /// Hiệu lực as the editor states it: `false` ended, `true` in force past its period.
    pub in_force: Option<bool>,
    /// "Thực hiện …": documents this one carries out.
    pub implements: Vec<Located<String>>,
    /// "Căn cứ …": legal basis.
    pub based_on: Vec<Located<String>>,
    pub amends: Vec<Located<String>>,
    pub replaces: Vec<Located<String>>,
    /// Short names other documents use for this one ("Chương trình 387").
    pub aliases: Vec<String>,
    pub signer: Option<Signer>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// Link to the original (a scan).
    pub source: Option<String>,
    pub targets: Vec<Target>,
    pub report: Option<ReportData>,
    /// Markdown body, NFC.
    pub body: super::Body,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The front matter lines, to quote them in later diagnostics.
    pub front_matter: String,
    /// Where the document is published, computed once when it is loaded.
    pub address: DocAddress,
    /// Bản nháp: not published by `build`; shown with a banner by the preview.
    pub draft: bool,
}

impl Document {
    /// Whether this is `other` as read from the same file: all of a document is read
    /// from its file's path, front matter and text (for one configuration).
    pub fn same_as(&self, other: &Document) -> bool {
        self.file == other.file
            && self.path == other.path
            && self.front_matter == other.front_matter
            && self.body_line == other.body_line
            && self.body == other.body
            && self.draft == other.draft
    }

    /// A diagnostic at a value of this document's front matter, quoting its line.
    pub fn diagnostic_at<T>(&self, at: &Located<T>, error: bool, message: impl Into<String>) -> Diagnostic {
        let place = Place::at(&self.file, at.line, at.col);
        let d = if error { Diagnostic::error(place, message) } else { Diagnostic::warning(place, message) };
        // The front matter starts on file line 2.
        let mut d = d.with_source(&format!("\n{}", self.front_matter), at.width);
        d.place.line = at.line;
        d
    }

    /// How the document is named in lists and chains: "Kế hoạch 4621/KH-UBND", or for
    /// an unnumbered one its kind and issuer: "Kế hoạch của UBND thành phố Hà Nội".
    pub fn short_name(&self) -> String {
        match &self.number {
            Some(n) => format!("{} {}", self.kind, n.value),
            None => format!("{} của {}", self.kind, self.issuer),
        }
    }

    /// A diagnostic at a byte range of the body, quoting its line. `body` is the body's
    /// text, as the caller already unpacked it (unpacking it for each warning was 4% of a
    /// build whose documents cite many unknown numbers).
    pub fn diagnostic_in_body(
        &self,
        body: &str,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let before = &body[..range.start];
        let line_in_body = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        let width = body[range].chars().count();
        let line_text = body[line_start..].lines().next().unwrap_or("");
        let mut d = Diagnostic::warning(Place::at(&self.file, self.body_line + line_in_body, col), message);
        d.source_line = Some(line_text.trim_end().to_string());
        d.width = width.max(1);
        d
    }

    /// The year the document was issued or published: its date's, else `published`.
    pub fn year(&self) -> Option<i16> {
        self.date.map(|d| d.year()).or(self.published)
    }

    /// A sort key: newest first (by year, then date: a document known only by its year
    /// comes after the dated ones of that year), undated last, then by path for a stable
    /// order.
    pub fn newest_first_key(&self) -> (std::cmp::Reverse<Option<i16>>, std::cmp::Reverse<Option<Date>>, &str) {
        (std::cmp::Reverse(self.year()), std::cmp::Reverse(self.date), &self.path)
    }
}

/// A free page (giới thiệu, hướng dẫn) in content/pages/.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub path: String,
    pub file: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Order in the navigation; pages without one are not in it.
    pub weight: Option<i32>,
    pub body: String,
    pub body_line: usize,
    pub slug: String,
}

/// A shared indicator from content/indicators.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub key: String,
    pub name: String,
    pub unit: String,
    /// What counts: the definition citizens read.
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub direction: Direction,
}

/// The Markdown dialect of document bodies: tables, footnotes, strikethrough and
/// `{#id}` heading attributes. The link and render stages parse bodies with it alike,
/// so byte offsets found by one hold in the other.
pub const BODY_MARKDOWN: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
    .union(pulldown_cmark::Options::ENABLE_FOOTNOTES)
    .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
    .union(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);
