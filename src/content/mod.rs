//! Loading: walks `content/`, splits each Markdown file's front matter, reads it into
//! typed documents and pages, and keeps the Markdown body for the render stage.
//!
//! Takes the [`Config`], gives a [`Corpus`] and the [`Diagnostics`] of every file.
//! Files are read and parsed in parallel; the corpus is ordered by path, so the result
//! does not depend on the file system's order or on thread scheduling.

mod checks;
mod front_matter;
pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;

pub use front_matter::parse_date;
use front_matter::{Fields, split};

use crate::address::DocAddress;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::model::quantity::Qualifier;
use crate::model::{
    Corpus, DocNumber, Document, Indicator, Level, Located, Page, ReportData, ReportValue, Signer, Target,
};
use crate::places;
use crate::text::{nfc, slugify};

/// A value as an editor writes it: `72.4` or `{ value: 86, qualifier: "trên" }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum WrittenValue {
    Plain(f64),
    Qualified {
        value: f64,
        #[serde(default)]
        qualifier: Option<String>,
        #[serde(default)]
        note: Option<String>,
    },
}

pub(crate) const DOCUMENT_FIELDS: &[&str] = &[
    "kind",
    "number",
    "title",
    "issuer",
    "place",
    "date",
    "term",
    "level",
    "region",
    "issuer_code",
    "region_code",
    "period",
    "effective",
    "expires",
    "in_force",
    "implements",
    "based_on",
    "amends",
    "replaces",
    "aliases",
    "signer",
    "recipients",
    "source",
    "targets",
    "reports_on",
    "year",
    "values",
    "illustrative",
    "quote",
    "published",
    "draft",
];
const PAGE_FIELDS: &[&str] = &["title", "description", "weight"];

/// Reads every file under the content directory.
pub fn load(config: &Config) -> (Corpus, Diagnostics) {
    load_with(config, &|path| read_file(config, path))
}

/// One Markdown file as the loader read it: its document or page, and its diagnostics.
/// Opaque, so that `serve` can keep it between rebuilds and re-read only changed files.
#[derive(Clone)]
pub struct FileResult(Option<Loaded>, Vec<Diagnostic>);

/// Reads and parses one Markdown file of the content, exactly as [`load`] does, with
/// the checks of its document alone (of a document to be published).
pub fn read_file(config: &Config, path: &Path) -> FileResult {
    let (loaded, mut diags) = load_file(&config.content_dir, path);
    if let Some(Loaded::Document(d)) = &loaded {
        if !d.draft || config.preview {
            let mut found = Diagnostics::new();
            checks::document(d, config.as_of.year(), &mut found);
            diags.extend(found);
        }
    }
    FileResult(loaded, diags)
}

impl FileResult {
    /// The document the file holds, if it holds one that could be read.
    pub fn document(&self) -> Option<&Document> {
        match &self.0 {
            Some(Loaded::Document(d)) => Some(d),
            _ => None,
        }
    }

    /// What reading the file found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.1
    }
}

/// What the checks over the whole corpus say of one document's body alone (raw HTML
/// left open): `serve` compares them before and after an edit to the body.
pub fn body_checks(d: &Document) -> Diagnostics {
    let mut diags = Diagnostics::new();
    checks::body(d, &mut diags);
    diags
}

/// As [`load`], with each Markdown file read by `read` (called in parallel); `serve`
/// passes one that answers from its cache for files that did not change.
pub fn load_with(config: &Config, read: &(dyn Fn(&Path) -> FileResult + Sync)) -> (Corpus, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let content = &config.content_dir;
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(Place::file(content), t!("content.no_folder")).with_help(t!("content.no_folder.help")),
        );
        return (Corpus::default(), diagnostics);
    }
    let mut markdown = Vec::new();
    let mut indicators_file = None;
    // Hidden files and folders (.git, .trash, editor swap files) are not content.
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content.clone());
                diagnostics.push(Diagnostic::error(Place::file(path), t!("content.cannot_read", error = e)));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue; // editor swap files, .DS_Store
        }
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::warning(Place::file(path), t!("content.symlink")).with_help(t!("content.symlink.help")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = path.strip_prefix(content).unwrap_or(path);
        if rel == Path::new("indicators.yaml") {
            indicators_file = Some(path.to_path_buf());
        } else if path.extension().is_some_and(|e| e == "md") {
            markdown.push(path.to_path_buf());
        } else {
            diagnostics.push(
                Diagnostic::warning(Place::file(path), t!("content.not_markdown"))
                    .with_help(t!("content.not_markdown.help")),
            );
        }
    }

    let loaded: Vec<FileResult> = markdown.par_iter().map(|path| read(path)).collect();
    let mut corpus = Corpus::default();
    for FileResult(item, diags) in loaded {
        diagnostics.extend(diags.into());
        match item {
            // A draft is not published: left out, and named in the summary.
            Some(Loaded::Document(d)) if d.draft && !config.preview => corpus.drafts_left_out.push(d.file.clone()),
            Some(Loaded::Document(d)) => corpus.documents.push(d),
            Some(Loaded::Page(p)) => corpus.pages.push(p),
            None => {}
        }
    }
    if let Some(path) = indicators_file {
        let (indicators, diags) = load_indicators(&path);
        corpus.indicators = indicators;
        diagnostics.extend(diags.into());
    }
    checks::corpus(&corpus, content, &mut diagnostics);
    (corpus, diagnostics)
}

#[derive(Clone)]
enum Loaded {
    /// Shared with the corpus: `serve` hands the document it keeps to each rebuild.
    Document(std::sync::Arc<Document>),
    Page(Page),
}

/// Reads a file as UTF-8 text, without BOM, with "\n" line endings, NFC.
/// Documents larger than this are refused: a plan is tens of kilobytes, and a file of
/// many megabytes is a mistake (a scan saved as .md, a log).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Place::file(path),
            t!("content.too_large", size = format!("{:.1}", size as f64 / 1e6), limit = MAX_FILE_BYTES / 1024 / 1024),
        )
        .with_help(t!("content.too_large.help")));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(Place::file(path), t!("content.cannot_read", error = e)))?;
    decode_text(path, bytes)
}

/// Bytes to the text the loader works on: UTF-8 without BOM, "\n" line ends, NFC.
fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    // Checked with SIMD: Vietnamese is mostly multi-byte, which the standard check takes
    // byte by byte (3% of a build's CPU went there).
    let mut text = match simdutf8::compat::from_utf8(&bytes) {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(e) => {
            let line = line_at(&bytes[..e.valid_up_to()]);
            return Err(Diagnostic::error(Place::at(path, line, 0), t!("content.not_utf8"))
                .with_help(t!("content.not_utf8.help")));
        }
    };
    if let Some(pos) = text.find('\0') {
        let line = line_at(&text.as_bytes()[..pos]);
        return Err(Diagnostic::error(Place::at(path, line, 0), t!("content.nul")));
    }
    // In place: the file's text is not copied unless it must change.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(crate::text::into_nfc(text))
}

/// The 1-based line at the end of `before`, whatever its line ends: "\r\n", "\n" or "\r".
fn line_at(before: &[u8]) -> usize {
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

fn rel_path(content: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(content).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn load_file(content: &Path, path: &Path) -> (Option<Loaded>, Vec<Diagnostic>) {
    match read_text(path) {
        Ok(text) => parse_file(&rel_path(content, path), path, &text),
        Err(d) => (None, vec![d]),
    }
}

/// Parses a document's bytes exactly as the loader does, without the file system; for
/// tools and fuzzing. `rel` is its path under content/.
pub fn parse_document(rel: &str, bytes: &[u8]) -> (Option<Document>, Vec<Diagnostic>) {
    let path = Path::new(rel);
    match decode_text(path, bytes.to_vec()) {
        Ok(text) => match parse_file(rel, path, &text) {
            (Some(Loaded::Document(d)), diags) => (Some(std::sync::Arc::unwrap_or_clone(d)), diags),
            (_, diags) => (None, diags),
        },
        Err(d) => (None, vec![d]),
    }
}

fn parse_file(rel: &str, path: &Path, text: &str) -> (Option<Loaded>, Vec<Diagnostic>) {
    let text = text.to_string();
    let parts = match split(&text, path) {
        Ok(s) => s,
        Err(d) => return (None, vec![d]),
    };
    let mut fields = match Fields::parse(path, &text, &parts) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    let rel = rel.to_string();
    let stem = Path::new(&rel).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let loaded = if rel.starts_with("pages/") {
        fields.check_unknown(PAGE_FIELDS);
        let title = fields.required_string("title", &t!("content.what.page_title"));
        let description = fields.string("description");
        let weight = fields.typed::<i32>("weight");
        Loaded::Page(Page {
            path: rel,
            file: path.to_path_buf(),
            title,
            description,
            weight,
            body: parts.body.to_string(),
            body_line: parts.body_line,
            slug: slugify(&stem),
        })
    } else {
        Loaded::Document(std::sync::Arc::new(read_document(&mut fields, rel, &stem, &parts)))
    };
    // A document with errors is still linked (so that its number does not also show up
    // as "unknown" elsewhere); the errors stop the build before anything is rendered.
    (Some(loaded), fields.diagnostics)
}

fn read_document(f: &mut Fields, rel: String, stem: &str, parts: &front_matter::Split) -> Document {
    f.check_unknown(DOCUMENT_FIELDS);
    let is_report = f.has("reports_on");
    let kind = f.required_string("kind", &t!("content.what.kind"));
    let number = f.string("number").and_then(|s| {
        let located = f.string_list("number").pop();
        match DocNumber::parse(&s) {
            Some(n) => located.map(|l| Located { value: n, line: l.line, col: l.col, width: l.width }),
            None => {
                // An invisible or look-alike character is the likely cause: name it.
                let (message, help) = match s.chars().find_map(|c| checks::suspicious(c).map(|k| (c, k))) {
                    Some((c, kind)) => (
                        t!("checks.number_char", number = s, character = checks::describe_char(c, kind)),
                        t!("checks.number_char.help"),
                    ),
                    None => (t!("content.bad_number", value = s), t!("content.bad_number.help")),
                };
                f.error_at("number", message, Some(help.into()));
                None
            }
        }
    });
    let title = if is_report {
        f.string("title").unwrap_or_default()
    } else {
        f.required_string("title", &t!("content.what.title"))
    };
    let issuer = f.required_string("issuer", &t!("content.what.issuer"));
    let place = f.string("place");
    let date = f.date("date");
    let draft = f.typed::<bool>("draft").unwrap_or(false);
    let published = f.typed::<i16>("published");
    if let (Some(d), Some(p)) = (date, published) {
        if d.year() != p {
            f.error_at("published", t!("content.published_differs", published = p, year = d.year()), None);
        }
    }
    let term = f.string("term").and_then(|t| {
        let term = crate::model::number::normalize_term(&t);
        if term.is_none() {
            f.error_at("term", t!("content.bad_term", value = t), Some(t!("content.bad_term.help").into()));
        }
        term
    });
    let level = f.typed::<Level>("level");
    let region = f.string("region");
    let placed = resolve_place(f, &issuer, region.as_deref(), date);
    let period = f.typed::<(i32, i32)>("period");
    if let Some((from, to)) = period {
        if from > to {
            f.error_at("period", t!("content.period_reversed", from = from, to = to), None);
        }
    }
    let effective = f.date("effective");
    let expires = f.date("expires");
    let in_force = f.typed::<bool>("in_force");
    if let (Some(e), Some(x)) = (effective.or(date), expires) {
        if x < e {
            f.error_at("expires", t!("content.expires_before_effective", expires = x, effective = e), None);
        }
    }
    let implements = f.string_list("implements");
    let based_on = f.string_list("based_on");
    let amends = f.string_list("amends");
    let replaces = f.string_list("replaces");
    let aliases = f.string_list("aliases").into_iter().map(|l| l.value).collect();
    let signer = f.typed::<Signer>("signer").map(|s| Signer { name: nfc(s.name.trim()), title: nfc(s.title.trim()) });
    let recipients = f.string_list("recipients").into_iter().map(|l| l.value).collect();
    let source = f.string("source");
    if let Some(url) = &source {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            f.error_at("source", t!("content.bad_source", url = url), None);
        }
    }
    let targets: Vec<Target> = f.typed("targets").unwrap_or_default();
    check_targets(f, &targets);
    let report = read_report(f, is_report);
    let address = DocAddress::for_document(
        number.as_ref().map(|n| n.value.to_string()).as_deref(),
        number.as_ref().is_some_and(|n| n.value.year.is_some()),
        date.map(|d| d.year()).or(published),
        term.as_deref(),
        stem,
    );
    if address.slug().is_empty() {
        f.error_at("kind", t!("content.no_address"), Some(t!("content.no_address.help").into()));
    }
    Document {
        path: rel,
        file: f.path().to_path_buf(),
        kind,
        number,
        title: if title.is_empty() && is_report { t!("content.report_title").into() } else { title },
        issuer,
        place,
        date,
        published,
        term,
        level,
        region,
        placed,
        period,
        effective,
        expires,
        in_force,
        implements,
        based_on,
        amends,
        replaces,
        aliases,
        signer,
        recipients,
        source,
        targets,
        report,
        body: crate::model::Body::new(parts.body),
        body_line: parts.body_line,
        front_matter: parts.yaml.to_string(),
        address,
        draft,
    }
}

/// Resolves the issuer and region against the official list of administrative units
/// (and the central bodies) as on the document's date, with `issuer_code` and
/// `region_code` settling either; a name that matches nothing, or several units, is a
/// warning at its line with the closest names.
fn resolve_place(
    f: &mut Fields,
    issuer: &str,
    region: Option<&str>,
    date: Option<jiff::civil::Date>,
) -> places::Placed {
    // A code written unquoted loses its leading zero in YAML ("04" → 4): put it back.
    let code = |f: &mut Fields, key: &str| {
        f.string(key).map(|c| match c.len() {
            1 if c.bytes().all(|b| b.is_ascii_digit()) => format!("{c:0>2}"),
            3 | 4 if c.bytes().all(|b| b.is_ascii_digit()) => format!("{c:0>5}"),
            _ => c,
        })
    };
    let issuer_code = code(f, "issuer_code");
    let region_code = code(f, "region_code");
    let (placed, issuer_r, region_r) =
        places::resolve(issuer, region, date, issuer_code.as_deref(), region_code.as_deref());
    let table = places::table();
    // A document dated from 1/7/2025 naming a unit that no longer exists under that name.
    if places::Era::of(date) == places::Era::After {
        for (unit, key) in [(placed.issuer, "issuer"), (placed.region, "region")] {
            let Some(u) = unit.filter(|u| {
                matches!(u, places::Unit::Province(_) | places::Unit::District(_) | places::Unit::Commune(_))
            }) else {
                continue;
            };
            let now = table.now(u).map(|n| table.name(n)).unwrap_or_default();
            f.warning_at(key, t!("places.gone", name = table.name(u), now = now), Some(t!("places.gone.help").into()));
        }
    }
    for (r, key, code_key, what) in [
        (
            issuer_r,
            if issuer_code.is_some() { "issuer_code" } else { "issuer" },
            "issuer_code",
            t!("places.what.issuer"),
        ),
        (
            region_r,
            if region_code.is_some() { "region_code" } else { "region" },
            "region_code",
            t!("places.what.region"),
        ),
    ] {
        match r {
            places::Resolution::Nothing | places::Resolution::Unit(_) => {}
            places::Resolution::Unknown { written, suggestions } => {
                let help = if suggestions.is_empty() {
                    t!("places.unknown.help", code = code_key)
                } else {
                    t!("places.did_you_mean", names = suggestions.join(" / "))
                };
                let field = if key == "issuer" { issuer } else { region.unwrap_or("") };
                let message = if written == field {
                    t!("places.unknown", what = what, name = written)
                } else {
                    t!("places.unknown_unit", what = what, field = field, name = written)
                };
                f.warning_at(key, message, Some(help.into()));
            }
            places::Resolution::Ambiguous { written, units } => {
                let names: Vec<String> = units.iter().take(5).map(|&u| table.name(u)).collect();
                let more = if units.len() > 5 { format!(" (+{})", units.len() - 5) } else { String::new() };
                f.warning_at(
                    key,
                    t!("places.ambiguous", what = what, name = written, units = format!("{}{more}", names.join("; "))),
                    Some(t!("places.ambiguous.help", code = code_key).into()),
                );
            }
            places::Resolution::NoPlace(written) => {
                f.warning_at(key, t!("places.no_place", name = written), Some(t!("places.no_place.help").into()));
            }
            places::Resolution::BadCode(c) => {
                let era = if places::Era::of(date) == places::Era::After {
                    t!("places.era.after")
                } else {
                    t!("places.era.before")
                };
                f.warning_at(key, t!("places.bad_code", code = c, era = era), Some(t!("places.bad_code.help").into()));
            }
        }
    }
    placed
}

/// Years a target may name: a typo like 20250 or 225 is an error, not a chart that
/// spans millennia.
const TARGET_YEARS: std::ops::RangeInclusive<i32> = 1945..=2200;

fn check_targets(f: &mut Fields, targets: &[Target]) {
    let mut seen = std::collections::BTreeSet::new();
    for t in targets {
        // Problems are reported at the target's own `id:` line.
        let at = f.locate("targets", t.id.clone());
        if !seen.insert(t.id.as_str()) {
            f.error_located(
                &at,
                t!("content.target.duplicate_id", id = t.id),
                Some(t!("content.target.duplicate_id.help").into()),
            );
        }
        if let Some(v) = t.baseline.iter().chain(&t.milestones).find(|v| !TARGET_YEARS.contains(&v.year)) {
            f.error_located(
                &at,
                t!("content.target.implausible_year", id = t.id, year = v.year),
                Some(t!("content.target.implausible_year.help").into()),
            );
        }
        if let Some(b) = t.baseline {
            if let Some(m) = t.milestones.iter().find(|m| m.year < b.year) {
                f.error_located(
                    &at,
                    t!("content.target.milestone_before_baseline", id = t.id, year = m.year, baseline = b.year),
                    None,
                );
            }
        }
        if crate::model::quantity::is_share(&t.unit) {
            let out = t.baseline.iter().chain(&t.milestones).find(|v| !(0.0..=100.0).contains(&v.value));
            if let Some(v) = out {
                f.error_located(&at, t!("content.target.share_out_of_range", id = t.id, value = v.value), None);
            }
        }
    }
}

fn read_report(f: &mut Fields, is_report: bool) -> Option<ReportData> {
    if !is_report {
        for key in ["year", "values", "quote", "illustrative"] {
            if f.has(key) {
                f.error_at(key, t!("content.report.field_without_report", key = key), None);
            }
        }
        return None;
    }
    let reports_on = f.string_list("reports_on").pop()?;
    let year = f.typed::<i32>("year");
    if !f.has("year") {
        f.error_at("reports_on", t!("content.report.no_year"), None);
    }
    let written: BTreeMap<String, WrittenValue> = f.typed("values").unwrap_or_default();
    let mut values = Vec::new();
    for (id, v) in written {
        let target = f.locate("values", id.clone());
        let (value, qualifier, note) = match v {
            WrittenValue::Plain(v) => (v, None, None),
            WrittenValue::Qualified { value, qualifier, note } => (value, qualifier.map(|q| nfc(q.trim())), note),
        };
        if !value.is_finite() {
            f.error_at("values", t!("content.report.value_not_number", id = id), None);
            continue;
        }
        let qualifier = match qualifier.as_deref().map(|q| (q, Qualifier::parse(q))) {
            None => None,
            Some((_, Some(q))) => Some(q),
            Some((word, None)) => {
                f.error_located(
                    &target,
                    t!("content.report.bad_qualifier", id = id, word = word),
                    Some(t!("content.qualifier.help", words = Qualifier::words()).into()),
                );
                None
            }
        };
        values.push(ReportValue { target, value, qualifier, note: note.map(|n| nfc(n.trim())) });
    }
    values.sort_by_key(|v| (v.target.line, v.target.col));
    let quote = f.string("quote");
    let illustrative = f.typed::<bool>("illustrative").unwrap_or(false);
    Some(ReportData { reports_on, year: year?, values, quote, illustrative })
}

fn load_indicators(path: &Path) -> (Vec<Indicator>, Vec<Diagnostic>) {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), vec![d]),
    };
    match serde_yaml::from_str::<Vec<Indicator>>(&text) {
        Ok(list) => {
            let mut diags = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            for i in &list {
                if !seen.insert(i.key.clone()) {
                    diags.push(Diagnostic::error(Place::file(path), t!("content.indicator_twice", key = i.key)));
                }
            }
            (list, diags)
        }
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            (
                Vec::new(),
                vec![
                    Diagnostic::error(
                        Place::at(path, line, col),
                        t!("content.indicators_invalid", error = crate::lang::library_error(&e.to_string())),
                    )
                    .with_source(&text, 1),
                ],
            )
        }
    }
}
