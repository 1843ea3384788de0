//! Checks over the whole corpus, once every file is read: what makes a typo a public
//! error. Two documents claiming one address; a year no plan could have; a number or
//! file name with a look-alike letter from another alphabet or an invisible character;
//! two spellings of one indicator key; raw HTML left open that would swallow the rest
//! of a document.

use std::collections::BTreeMap;
use std::path::Path;

use crate::address;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::model::{Corpus, Document, Located};
use crate::text::fold;

/// The first year a document of the Republic may carry.
const FIRST_YEAR: i16 = 1945;

/// The checks across documents: run each build, over the whole corpus.
pub(super) fn corpus(corpus: &Corpus, content: &Path, diagnostics: &mut Diagnostics) {
    unique_addresses(corpus, diagnostics);
    distinct_file_names(corpus, diagnostics);
    indicator_keys(corpus, content, diagnostics);
}

/// The checks of one document alone, made as its file is read (so that `serve` keeps
/// them with the file, and checks again only the files read again).
pub(super) fn document(d: &Document, this_year: i16, diagnostics: &mut Diagnostics) {
    plausible_years(d, this_year, diagnostics);
    plain_letters(d, diagnostics);
    body(d, diagnostics);
}

/// The checks of a document's body (and of nothing else).
pub(super) fn body(d: &Document, diagnostics: &mut Diagnostics) {
    raw_html_closed(d, diagnostics);
}

/// Two files whose names differ only in how their accents are encoded (composed "ệ" or
/// "e" + two combining marks) look like one name to everyone: both are named, with the
/// way each is written.
fn distinct_file_names(corpus: &Corpus, diagnostics: &mut Diagnostics) {
    let mut by_name: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for d in &corpus.documents {
        by_name.entry(crate::text::nfc(&d.path)).or_default().push(d);
    }
    for docs in by_name.values().filter(|docs| docs.len() > 1) {
        for d in docs {
            let encoding = if d.path == crate::text::nfc(&d.path) { t!("checks.nfc") } else { t!("checks.nfd") };
            diagnostics.push(
                Diagnostic::error(Place::file(&d.file), t!("checks.twin_names", encoding = encoding))
                    .with_help(t!("checks.twin_names.help")),
            );
        }
    }
}

/// The place of a top-level field in a document's front matter, for a diagnostic there.
fn field(d: &Document, key: &str) -> Located<String> {
    let (line, col, width) = d
        .front_matter
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let rest = l.strip_prefix(key)?.strip_prefix(':')?;
            let value = rest.trim();
            let col = l.chars().count() - rest.trim_start().chars().count() + 1;
            Some((i + 2, col, value.chars().count().max(1)))
        })
        .unwrap_or((1, 1, 3));
    Located { value: key.to_string(), line, col, width }
}

/// A year before 1945 or after next year is a typo (1900, 9999), not a document: warned,
/// since a 9999 would top every list and the feed.
fn plausible_years(d: &Document, this_year: i16, diagnostics: &mut Diagnostics) {
    let last = this_year + 1;
    let mut check = |key: &str, year: i32| {
        if year < i32::from(FIRST_YEAR) || year > i32::from(last) {
            diagnostics.push(
                d.diagnostic_at(
                    &field(d, key),
                    false,
                    t!("checks.implausible_year", year = year, first = FIRST_YEAR, last = last),
                )
                .with_help(t!("checks.implausible_year.help")),
            );
        }
    };
    if let Some(date) = d.date {
        check("date", i32::from(date.year()));
    }
    if let Some(y) = d.published {
        check("published", i32::from(y));
    }
    if let Some(r) = &d.report {
        check("year", r.year);
    }
}

/// A letter outside Latin and Vietnamese, or an invisible character, in what makes an
/// address or a key: "11-СТ/TW" with a Cyrillic С would publish a second document
/// beside the real one, identical to the eye.
pub(super) fn suspicious(c: char) -> Option<&'static str> {
    let code = c as u32;
    let invisible = matches!(code, 0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E)
        || (0x200B..=0x200F).contains(&code)
        || (0x202A..=0x202E).contains(&code)
        || (0x2060..=0x206F).contains(&code)
        || code == 0xFEFF
        || c.is_control();
    if invisible {
        return Some("invisible");
    }
    match code {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Some("greek"),
        0x0400..=0x052F => Some("cyrillic"),
        // Latin, Vietnamese letters and combining marks, common punctuation.
        0x0000..=0x024F | 0x0300..=0x036F | 0x1E00..=0x1EFF | 0x2010..=0x2027 | 0x2030..=0x205E => None,
        _ if c.is_alphabetic() => Some("other"),
        _ => None,
    }
}

/// "'С' (U+0421, chữ Kirin)": a character shown by its code point, since it looks like
/// another or not at all.
pub(super) fn describe_char(c: char, kind: &str) -> String {
    let what = match kind {
        "invisible" => t!("checks.char.invisible"),
        "greek" => t!("checks.char.greek"),
        "cyrillic" => t!("checks.char.cyrillic"),
        _ => t!("checks.char.other"),
    };
    let shown = if kind == "invisible" { String::new() } else { format!("'{c}' ") };
    format!("{shown}(U+{:04X}, {what})", c as u32)
}

fn plain_letters(d: &Document, diagnostics: &mut Diagnostics) {
    if let Some(n) = &d.number {
        let written = d.front_matter.lines().find_map(|l| l.strip_prefix("number:")).unwrap_or("");
        if let Some((c, kind)) = written.chars().find_map(|c| suspicious(c).map(|k| (c, k))) {
            diagnostics.push(
                d.diagnostic_at(
                    n,
                    true,
                    t!("checks.number_char", number = n.value, character = describe_char(c, kind)),
                )
                .with_help(t!("checks.number_char.help")),
            );
        }
    }
    let stem = Path::new(&d.path).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if let Some((c, kind)) = stem.chars().find_map(|c| suspicious(c).map(|k| (c, k))) {
        diagnostics.push(
            Diagnostic::error(Place::file(&d.file), t!("checks.file_char", character = describe_char(c, kind)))
                .with_help(t!("checks.file_char.help")),
        );
    }
}

/// Raw HTML elements whose content runs to their closing tag: left open, they swallow
/// the rest of the document, which would then be silently missing from its page.
const SWALLOWING: [&str; 4] = ["script", "style", "pre", "textarea"];

fn raw_html_closed(d: &Document, diagnostics: &mut Diagnostics) {
    let mut fenced = false;
    // Tags are ASCII: ASCII lower case keeps every byte offset of the body, and is made
    // only for a body that opens one of them.
    let mut lower: Option<String> = None;
    let mut offset = 0;
    let body = d.body.text();
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || line.len() - t.len() > 3 {
            continue;
        }
        let Some(r) = t.strip_prefix('<') else { continue };
        for tag in SWALLOWING {
            let opens = r.get(..tag.len()).is_some_and(|name| name.eq_ignore_ascii_case(tag)) && {
                let after = &r[tag.len()..];
                after.is_empty() || after.starts_with(['>', ' ', '\t', '\n', '\r'])
            };
            if !opens {
                continue;
            }
            let lower = lower.get_or_insert_with(|| body.to_ascii_lowercase());
            if !lower[start..].contains(&format!("</{tag}")) {
                let at = start + (line.len() - t.len());
                diagnostics.push(
                    d.diagnostic_in_body(&body, at..at + tag.len() + 1, t!("checks.unclosed_html", tag = tag))
                        .with_help(t!("checks.unclosed_html.help", tag = tag))
                        .into_error(),
                );
            }
        }
    }
}

/// Indicator keys are compared as a reader would: "Gia-dinh-hoc-tap", "gia dinh hoc tap"
/// and "gia-đình-học-tập" are one key, written differently — and two pages would
/// overwrite each other at one address.
fn indicator_keys(corpus: &Corpus, content: &Path, diagnostics: &mut Diagnostics) {
    let normal = |k: &str| address::indicator(&fold(k));
    let mut written: BTreeMap<String, Vec<(String, std::path::PathBuf)>> = BTreeMap::new();
    for i in &corpus.indicators {
        written.entry(normal(&i.key)).or_default().push((i.key.clone(), content.join("indicators.yaml")));
    }
    for d in &corpus.documents {
        for t in d.targets.iter().filter_map(|t| t.indicator.as_ref()) {
            written.entry(normal(t)).or_default().push((t.clone(), d.file.clone()));
        }
    }
    for (_, uses) in written {
        let mut spellings: Vec<&str> = uses.iter().map(|(k, _)| k.as_str()).collect();
        spellings.sort();
        spellings.dedup();
        if spellings.len() < 2 {
            continue;
        }
        // Reported where each spelling other than the first is written.
        for (key, file) in uses.iter().filter(|(k, _)| k != spellings[0]) {
            diagnostics.push(
                Diagnostic::error(Place::file(file), t!("checks.indicator_spellings", key = key, other = spellings[0]))
                    .with_help(t!("checks.indicator_spellings.help", other = spellings[0])),
            );
        }
    }
}

/// Two documents (or pages) claiming one URL is an error, caught before rendering.
fn unique_addresses(corpus: &Corpus, diagnostics: &mut Diagnostics) {
    let mut by_slug: std::collections::BTreeMap<&str, Vec<&Document>> = Default::default();
    for d in &corpus.documents {
        by_slug.entry(d.address.page()).or_default().push(d);
    }
    for (slug, docs) in by_slug {
        if docs.len() > 1 {
            for doc in &docs {
                let file = &doc.file;
                let others: Vec<String> =
                    docs.iter().filter(|o| o.path != doc.path).map(|o| format!("content/{}", o.path)).collect();
                diagnostics.push(
                    Diagnostic::error(Place::file(file), t!("content.same_address", address = slug))
                        .with_help(t!("content.same_address.help", others = others.join(", "))),
                );
            }
        }
    }
    let mut pages: std::collections::BTreeMap<&str, &Path> = Default::default();
    for p in &corpus.pages {
        if address::is_reserved(&p.slug) || p.slug.is_empty() {
            diagnostics.push(
                Diagnostic::error(Place::file(&p.file), t!("content.page_reserved", name = p.slug))
                    .with_help(t!("content.page_reserved.help")),
            );
        } else if let Some(other) = pages.insert(&p.slug, &p.file) {
            diagnostics.push(Diagnostic::error(
                Place::file(&p.file),
                t!("content.same_page", name = p.slug, other = other.display()),
            ));
        }
    }
}
