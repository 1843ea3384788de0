//! Import: a Vietnamese document as portals publish it (plain text, or a Word file)
//! becomes a Markdown file with front matter, ready for an editor to check.
//!
//! ```text
//! read        text, Word, PDF (pdf); TCVN3 and VNI converted (legacy)
//! layout      lines and table cells; a one-line document's breaks put back
//! header      (regroup) header cells split over lines joined back
//! header      issuer, "Số: …", place and date, kind, title
//! references  "Thực hiện …" → implements, "Căn cứ …" → based_on, amends, replaces
//! closing     "Nơi nhận:" → recipients, the signature → signer
//! body        parts, sections and lists → Markdown, every sentence kept
//! targets     percentages and amounts with their year → candidate targets
//! write       the front matter, with a YAML comment on what to check
//! retention   the text in compared with the file out: nothing lost
//! merge       onto a document the site has: fill what it lacks, keep the rest
//! ```
//!
//! What the importer infers rather than reads (an issuer guessed from the opening
//! sentence, a year taken from a heading) is marked for the editor with "⚠".

mod body;
mod casing;
mod closing;
mod docx;
mod header;
mod imported;
mod layout;
mod legacy;
pub mod merge;
pub mod pdf;
mod references;
mod retention;
mod targets;
mod write;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use header::NumberLine;
pub use imported::Imported;
pub use retention::{Lost, normal};
pub use targets::Candidate;

/// One document imported and checked: what was found, the file to write, and the
/// pieces of the source that the importer could not place (copied verbatim at the end of
/// the body, so the file is complete, and reported as errors naming their lines).
pub struct Checked {
    pub doc: Imported,
    pub markdown: String,
    pub lost: Vec<Lost>,
}

/// Imports a text and checks that the file written holds every piece of it.
pub fn import_checked(text: &str, source_name: &str) -> Checked {
    let mut doc = import_text(text);
    let mut markdown = front_matter_and_body(&doc, source_name);
    // The header's cells put back together (only joined, never changed) are what is
    // looked for: "Sóc Trăng, ngày" / "27 tháng 09 năm 2022" became a date.
    let lost = retention::lost(&header::regroup(layout::lines(text)), &markdown);
    if !lost.is_empty() {
        let mut rescue = format!("\n<!-- {} -->\n", t!("import.rescued_comment"));
        for l in &lost {
            rescue.push('\n');
            rescue.push_str(&body::escape(&l.text));
            rescue.push('\n');
        }
        doc.body.push_str(&rescue);
        markdown = front_matter_and_body(&doc, source_name);
    }
    Checked { doc, markdown, lost }
}

/// Reads one document's text.
pub fn import_text(text: &str) -> Imported {
    let lines = header::regroup(layout::lines(text));
    // Cells, not lines: a header row mixes the issuer in capitals with the motto.
    let casing = casing::Casing::learn(
        lines.iter().flat_map(|l| l.cells.iter().map(String::as_str)).filter(|c| !layout::is_motto(c)),
    );
    let head = header::read(&lines, &casing);
    let close = closing::read(&lines, head.body_start);
    let mut blocks = body::blocks(&lines[head.body_start..close.start.max(head.body_start)]);
    // What the header could not place opens the body, as written.
    if !head.leftover.is_empty() {
        let before: Vec<body::Block> = head
            .leftover
            .iter()
            .map(|(no, text)| body::Block {
                kind: body::Kind::Paragraph,
                marker: String::new(),
                text: text.clone(),
                line: *no,
            })
            .collect();
        blocks.splice(0..0, before);
    }
    // What follows the signature: the plan a decision issues, kept whole.
    if close.end < lines.len() && lines[close.end..].iter().any(|l| !l.is_blank()) {
        blocks.extend(body::appendix(&lines[close.end..]));
    }
    // The opening: paragraphs before the first part or section.
    let opening: Vec<String> =
        blocks.iter().take_while(|b| matches!(b.kind, body::Kind::Paragraph)).map(|b| b.text.clone()).collect();
    let refs = references::read(&opening, &head.title_as_printed);
    let mut based_on = refs.based_on;
    if let Some(by) = &head.issued_by {
        for n in references::mentioned(by) {
            if !based_on.contains(&n) {
                based_on.push(n);
            }
        }
    }
    let own = match &head.number {
        Some(NumberLine::Number(n)) => crate::model::number::DocNumber::parse(n).map(|n| references::official(&n)),
        _ => None,
    };
    let listed: Vec<&String> =
        refs.implements.iter().chain(&based_on).chain(&refs.amends).chain(&refs.replaces).collect();
    let all_text: String = blocks.iter().map(|b| format!("{} {}\n", b.marker, b.text)).collect();
    let mentioned = references::mentioned(&format!("{}\n{all_text}", head.title_as_printed))
        .into_iter()
        .filter(|n| !listed.contains(&n) && Some(n) != own.as_ref())
        .collect();
    let place_written = head.place_date.as_ref().map(|p| p.place.as_str());
    let (issuer, issuer_inferred) = match header::issuer_from_lines(&head.issuer_lines, &casing) {
        Some(i) => (Some(i), false),
        None => (
            issuer_of_bare_header(&head.issuer_lines, place_written, &all_text).or_else(|| {
                opening
                    .iter()
                    .take(3)
                    .find_map(|p| issuer_in_opening(p, place_written))
                    .filter(|i| header::plausible_issuer(i))
            }),
            true,
        ),
    };
    // The kind: from the kind line, else from the number's symbol ("QĐ" is a Quyết
    // định); when both are there and differ, the symbol, which the issuer chose.
    let (mut number, mut number_inferred) = (head.number.clone(), false);
    let mut opening_date = None;
    if number.is_none() && head.issuer_lines.is_empty() {
        if let Some((n, d)) = opening.iter().take(4).find_map(|p| number_in_opening(p).map(|n| (n, date_in_opening(p))))
        {
            number = Some(NumberLine::Number(n));
            number_inferred = true;
            opening_date = d;
        }
    }
    let symbol_kind = match &number {
        Some(NumberLine::Number(n)) => crate::model::number::DocNumber::parse(n)
            .map(|n| n.kind_name().map(str::to_string).unwrap_or_else(|| "Công văn".to_string())),
        Some(NumberLine::Blank(b)) => {
            let code: String =
                b.trim_start_matches(['.', '…', '_', ' ', '/']).chars().take_while(|c| c.is_alphanumeric()).collect();
            crate::model::number::kind_name(&code).map(str::to_string)
        }
        None => None,
    };
    // No kind line and no number: a first line that names one ("Kế hoạch Chương trình
    // …", a page's own title) gives the kind, marked for the editor.
    let kind_from_line = || {
        lines.iter().filter(|l| !l.is_blank()).take(10).find_map(|l| {
            let text = l.text();
            (text.chars().count() < 200)
                .then(|| header::KINDS.iter().find(|(_, name)| text.starts_with(&format!("{name} "))).map(|(_, n)| *n))
                .flatten()
        })
    };
    let kind_inferred = head.kind.is_none() && symbol_kind.is_none() && kind_from_line().is_some();
    let symbol_kind = symbol_kind.or_else(|| kind_from_line().map(str::to_string));
    let kind = match (&head.kind, symbol_kind) {
        (Some(k), Some(s))
            if !crate::text::fold(k).starts_with(&crate::text::fold(&s))
                && !crate::text::fold(&s).starts_with(&crate::text::fold(k)) =>
        {
            Some(s)
        }
        (Some(k), _) => Some(k.clone()),
        (None, s) => s,
    };
    let period = period_in(&head.title_as_printed);
    let place = head.place_date.as_ref().map(|p| p.place.clone());
    let level = issuer.as_deref().map(level_of);
    // The region is the province: a district's own place is not one.
    let region = match level {
        Some("tinh" | "to-chuc") => place.clone().or_else(|| issuer.as_deref().and_then(region_of)),
        _ => None,
    };
    // Undated targets fall due at the end of the document's period or term.
    let due = period.map(|p| p.1).or_else(|| targets::year_in(&head.title_as_printed));
    let targets = targets::find(&blocks, due);
    let signer_title = (!close.signer_title.is_empty()).then(|| close.signer_title.join(", "));
    Imported {
        kind,
        kind_inferred,
        kind_note: head.kind_note,
        number,
        number_inferred,
        title: head.title,
        level,
        issuer,
        issuer_inferred,
        issuer_printed: head.issuer_lines.clone(),
        date: head.place_date.as_ref().and_then(|p| p.date).or(opening_date),
        date_inferred: head.place_date.as_ref().and_then(|p| p.date).is_none() && opening_date.is_some(),
        date_written: head.place_date.as_ref().filter(|p| p.date.is_none()).map(|p| p.written.clone()),
        place,
        region,
        period,
        implements: refs.implements,
        based_on,
        amends: refs.amends,
        replaces: refs.replaces,
        issued_by: head.issued_by,
        mentioned,
        signer_name: close.signer_name,
        signer_title,
        recipients: close.recipients,
        recipient_notes: close.recipient_notes,
        targets,
        body: body::markdown(&blocks),
    }
}

/// "…, UBND Thành phố Hà Nội ban hành Kế hoạch …" → "UBND thành phố Hà Nội": the
/// subject of the opening sentence's main verb.
fn issuer_in_opening(paragraph: &str, place: Option<&str>) -> Option<String> {
    let lower = paragraph.to_lowercase();
    let verbs =
        [" ban hành", " xây dựng kế hoạch", " xây dựng chương trình", " sửa đổi", " triển khai kế hoạch", " đề ra"];
    let at = verbs.iter().filter_map(|v| lower.find(v)).min()?;
    let before = &paragraph[..at];
    let start = before.rfind([';', ',', '.', ':']).map_or(0, |i| i + 1);
    let mut subject = before[start..].trim().to_string();
    // "Ban Chấp hành Đảng bộ tỉnh khóa XIII đã": the subject without its adverbs and term.
    loop {
        let lower = subject.to_lowercase();
        let Some(last) = lower.split_whitespace().last() else { break };
        if ["đã", "vừa", "mới", "chính", "thức", "đã chính thức"].contains(&last) {
            subject.truncate(subject.len() - last.len());
            subject = subject.trim_end().to_string();
        } else {
            break;
        }
    }
    if let Some(at) = subject.to_lowercase().find(" khóa ").or_else(|| subject.to_lowercase().find(" khoá ")) {
        subject.truncate(at);
    }
    // "Ủy ban nhân dân (UBND) tỉnh Cao Bằng": the abbreviation in brackets goes.
    while let (Some(a), Some(b)) = (subject.find(" ("), subject.find(')')) {
        if b < a {
            break;
        }
        subject.replace_range(a..=b, "");
    }
    let words = subject.split_whitespace().count();
    if !(1..=12).contains(&words) || !subject.starts_with(char::is_uppercase) {
        return None;
    }
    let mut issuer = header::tidy_issuer(&subject);
    // "Hội Khuyến học tỉnh" names its province only in the header the text lost.
    if let Some(place) = place {
        if ["tỉnh", "thành phố", "huyện", "quận"].iter().any(|u| issuer.ends_with(u)) {
            issuer = format!("{issuer} {place}");
        }
    }
    Some(issuer)
}

/// "ỦY BAN NHÂN DÂN" printed without its place: the place is the one of the date line
/// when the text names "UBND tỉnh <place>" or "UBND thành phố <place>" itself.
fn issuer_of_bare_header(lines: &[String], place: Option<&str>, text: &str) -> Option<String> {
    let place = place?;
    let printed = crate::text::fold(lines.last()?);
    let (short, long): (&str, &[&str]) = match printed.trim() {
        "uy ban nhan dan" | "ubnd" => {
            ("UBND", &["UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "ỦY BAN NHÂN DÂN"])
        }
        "hoi dong nhan dan" | "hdnd" => ("HĐND", &["HĐND", "Hội đồng nhân dân", "HỘI ĐỒNG NHÂN DÂN"]),
        _ => return None,
    };
    let norm = retention::normal(text);
    ["tỉnh", "thành phố"].iter().find_map(|unit| {
        long.iter()
            .any(|body| norm.contains(&retention::normal(&format!("{body} {unit} {place}"))))
            .then(|| format!("{short} {unit} {place}"))
    })
}

/// "… ban hành Công văn số 13417/UBND-VP …": the number a text without header gives
/// itself in its first sentences.
fn number_in_opening(paragraph: &str) -> Option<String> {
    let lower = paragraph.to_lowercase();
    let at = lower.find("ban hành ")?;
    let after = &paragraph[at + "ban hành ".len()..];
    let (range, n) = crate::model::number::find_in_text(after).into_iter().next()?;
    let between = after[..range.start].to_lowercase();
    let between = between.trim().trim_end_matches("số").trim();
    (range.start < 60 && references::KIND_WORDS.iter().any(|k| between == *k)).then(|| references::official(&n))
}

/// "Ngày 14-11-2016, Ban Chấp hành … đã ban hành Nghị quyết số …": the date a text
/// without header gives its document, before "ban hành".
fn date_in_opening(paragraph: &str) -> Option<jiff::civil::Date> {
    let lower = paragraph.to_lowercase();
    let end = lower.find("ban hành")?;
    let at = lower[..end].find("ngày ")?;
    let digits: String = lower[at + "ngày ".len()..end]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'))
        .collect();
    let parts: Vec<&str> = digits.split(['/', '-', '.']).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok(),
        _ => None,
    }
}

/// The level of government an issuer belongs to, a guess the editor checks.
fn level_of(issuer: &str) -> &'static str {
    let f = crate::text::fold(issuer);
    let has = |w: &str| f.split(' ').collect::<Vec<_>>().windows(w.split(' ').count()).any(|win| win.join(" ") == w);
    if has("hoi") || has("doan") || has("mat tran") || has("lien doan") || has("hiep hoi") {
        "to-chuc"
    } else if has("thu tuong")
        || has("chinh phu")
        || has("bo")
        || has("trung uong")
        || has("ban bi thu")
        || has("quoc hoi")
    {
        "trung-uong"
    } else if has("xa") || has("phuong") || has("thi tran") {
        "xa"
    } else if has("huyen") || has("quan") || has("thi xa") {
        "huyen"
    } else {
        "tinh"
    }
}

/// The province or city an issuer names: "UBND tỉnh Cao Bằng" → "Cao Bằng".
fn region_of(issuer: &str) -> Option<String> {
    for unit in ["thành phố ", "tỉnh "] {
        if let Some(at) = issuer.find(unit) {
            let name = issuer[at + unit.len()..].trim();
            if name.starts_with(char::is_uppercase) {
                return Some(name.to_string());
            }
        }
    }
    None
}

/// "… GIAI ĐOẠN 2021 - 2030" → (2021, 2030).
fn period_in(title: &str) -> Option<(i32, i32)> {
    let lower = title.to_lowercase();
    let at = lower.find("giai đoạn")?;
    targets::range_at(&lower[at + "giai đoạn".len()..])
}

/// Why a file was not imported.
#[derive(Debug)]
pub enum ImportError {
    /// The input given does not exist.
    Missing(PathBuf),
    Read(std::io::Error),
    /// A .docx file that is not a readable Word file.
    NotWord(String),
    /// An old binary Word .doc file.
    OldWord,
    /// A PDF no reader could read.
    Pdf(String),
    /// A PDF of scanned pages, without text.
    Scanned {
        pages: usize,
    },
    /// Neither UTF-8 nor UTF-16 text; the byte offset of the first bad byte.
    NotUtf8 {
        at: usize,
    },
    NotUtf16,
    /// More text than `build` accepts in one document file (MB read, limit in MB).
    TooLarge {
        mb: String,
        limit: u64,
    },
    /// The Markdown file it would write exists: an editor's work is never replaced.
    Exists(PathBuf),
    CreateDir(PathBuf, std::io::Error),
    Write(PathBuf, std::io::Error),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Missing(p) => write!(f, "{}", t!("import.missing", path = p.display())),
            ImportError::Read(e) => write!(f, "{}", t!("import.read", error = e)),
            ImportError::NotWord(e) => write!(f, "{}", t!("import.not_word", error = e)),
            ImportError::OldWord => write!(f, "{}", t!("import.old_word")),
            ImportError::Pdf(e) => write!(f, "{}", t!("import.pdf_unreadable", error = e)),
            ImportError::Scanned { pages } => write!(f, "{}", t!("import.pdf_scanned", pages = pages)),
            ImportError::NotUtf8 { at } => write!(f, "{}", t!("import.not_utf8", at = at)),
            ImportError::NotUtf16 => write!(f, "{}", t!("import.not_utf16")),
            ImportError::TooLarge { mb, limit } => write!(f, "{}", t!("import.too_large", size = mb, limit = limit)),
            ImportError::Exists(p) => write!(f, "{}", t!("import.exists", path = p.display())),
            ImportError::CreateDir(p, e) => write!(f, "{}", t!("import.cannot_create", path = p.display(), error = e)),
            ImportError::Write(p, e) => write!(f, "{}", t!("import.cannot_write", path = p.display(), error = e)),
        }
    }
}

/// The text of a source file: UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's
/// "Unicode"), a Word .docx file or a PDF with a text layer.
pub fn read_source(path: &Path) -> Result<String, ImportError> {
    read_source_noted(path).map(|(text, _)| text)
}

/// The text of a source file and, when it was not plain Unicode text, how it was
/// read ("PDF, read by pdftotext"), for the import report.
pub fn read_source_noted(path: &Path) -> Result<(String, Option<String>), ImportError> {
    let (text, note) = read_any(path)?;
    // A document `build` would refuse is refused here, before any work on it (with
    // room for the front matter and the escapes Markdown needs).
    let limit = crate::content::MAX_FILE_BYTES;
    if text.len() as u64 + 512 * 1024 > limit {
        let mb = format!("{:.1}", text.len() as f64 / 1e6);
        return Err(ImportError::TooLarge { mb, limit: limit / 1024 / 1024 });
    }
    Ok((text, note))
}

fn read_any(path: &Path) -> Result<(String, Option<String>), ImportError> {
    let bytes = std::fs::read(path).map_err(ImportError::Read)?;
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        return match pdf::text(path, &bytes, pdf::Reader::Auto) {
            Ok((text, by)) => Ok((text, Some(t!("import.read_pdf", reader = by).into_owned()))),
            Err(pdf::PdfError::Scanned { pages }) => Err(ImportError::Scanned { pages }),
            Err(pdf::PdfError::Unreadable(e)) => Err(ImportError::Pdf(e)),
        };
    }
    let text = match read_text_bytes(path, bytes) {
        Err(ImportError::NotUtf8 { at }) => {
            // Not UTF-8: typed with a TCVN3 or VNI font, converted whole.
            let bytes = std::fs::read(path).map_err(ImportError::Read)?;
            return match legacy::decode(&bytes) {
                Some((text, scheme)) => {
                    Ok((text, Some(t!("import.converted_file", scheme = scheme.name()).into_owned())))
                }
                None => Err(ImportError::NotUtf8 { at }),
            };
        }
        other => other?,
    };
    // Unicode, with lines of TCVN3 or VNI shown as Latin letters ("T×nh h×nh"): those
    // lines converted, and said.
    Ok(match legacy::repair(&text) {
        Some((fixed, scheme, lines)) => {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            (fixed, Some(t!("import.converted_lines", scheme = scheme.name(), lines = lines.join(", ")).into_owned()))
        }
        None => (text, None),
    })
}

fn read_text_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, ImportError> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
        return docx::text(&bytes).map_err(|e| ImportError::NotWord(e.to_string()));
    }
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("doc")) {
        return Err(ImportError::OldWord);
    }
    let utf16 = |bytes: &[u8], le: bool| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        String::from_utf16(&units).map_err(|_| ImportError::NotUtf16)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        _ => String::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 { at: e.utf8_error().valid_up_to() }),
    }
}

/// The files an import reads: the file given, or the .txt, .docx and .pdf files in a folder
/// (and .doc files, to say how to convert them).
pub fn sources(input: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if input.is_file() {
        return Ok(vec![input.to_path_buf()]);
    }
    if !input.is_dir() {
        return Err(ImportError::Missing(input.to_path_buf()));
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|e| ["txt", "docx", "doc", "pdf"].iter().any(|x| e.eq_ignore_ascii_case(x)))
        })
        .collect();
    files.sort();
    Ok(files)
}

pub use write::{file_name, front_matter_and_body, summary};

/// One source file's import.
pub struct Outcome {
    pub source: PathBuf,
    /// The file written and what was found, or why nothing was written.
    pub result: Result<(PathBuf, Imported), ImportError>,
    /// Problems `congbo check` will report in the written file (fields left to fill).
    pub to_fix: Vec<String>,
    /// Pieces of the source the importer could not place: copied at the end of the body,
    /// an error for the editor to settle.
    pub lost: Vec<Lost>,
    /// How the source was read when it was not plain Unicode text (a PDF, a legacy
    /// encoding converted).
    pub note: Option<String>,
    /// The document the site already has with this number, and what merging changes.
    pub onto: Option<Onto>,
}

/// Imports every source into `out_dir`, never overwriting a file, except that with
/// `write_merge` a document the site has (`on_site`) is completed in place.
pub fn import_all(
    sources: &[PathBuf],
    out_dir: &Path,
    on_site: &OnSite,
    write_merge: bool,
    progress: &dyn Fn(&Path),
) -> Vec<Outcome> {
    // Names this run wrote: two documents of one folder that would get the same name
    // (unnumbered plans whose titles begin alike) are told apart with "-2", "-3".
    let mut written = HashSet::new();
    sources
        .iter()
        .map(|source| {
            let outcome = import_one(source, out_dir, on_site, write_merge, &mut written);
            progress(source);
            outcome
        })
        .collect()
}

fn import_one(
    source: &Path,
    out_dir: &Path,
    on_site: &OnSite,
    write_merge: bool,
    taken: &mut HashSet<PathBuf>,
) -> Outcome {
    let fail = |e: ImportError| Outcome {
        source: source.to_path_buf(),
        result: Err(e),
        to_fix: Vec::new(),
        lost: Vec::new(),
        note: None,
        onto: None,
    };
    let (text, note) = match read_source_noted(source) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let name = source.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let Checked { doc, markdown, lost } = import_checked(&text, &name);
    // A document the site has (a stub from citations, an earlier import): completed in
    // place with --merge, else the changes are shown and nothing is written.
    if let Some(NumberLine::Number(number)) = &doc.number {
        if let Some((file, path)) = on_site.find(number, doc.date.map(|d| d.year())) {
            let existing = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return fail(ImportError::Read(e)),
            };
            if let Some(m) = merge::merge(&existing, &markdown) {
                let written = write_merge && m.changes();
                if written {
                    if let Err(e) = std::fs::write(&file, &m.text) {
                        return fail(ImportError::Write(file, e));
                    }
                }
                let onto = Onto { path, number: number.clone(), merge: m, written };
                return Outcome {
                    source: source.to_path_buf(),
                    result: Ok((file, doc)),
                    to_fix: Vec::new(),
                    lost,
                    note,
                    onto: Some(onto),
                };
            }
        }
    }
    let stem = source.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = file_name(&doc, &stem);
    let mut target = out_dir.join(&name);
    let mut n = 2;
    while taken.contains(&target) {
        target = out_dir.join(format!("{}-{n}.md", name.trim_end_matches(".md")));
        n += 1;
    }
    // What `congbo check` will say about the new file: fields the editor must fill.
    let (_, diags) = crate::content::parse_document(&target.to_string_lossy(), markdown.as_bytes());
    let to_fix = diags.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect();
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        return fail(ImportError::CreateDir(out_dir.to_path_buf(), e));
    }
    // create_new: an existing file, an editor's work, is never replaced.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, markdown.as_bytes()));
    match written {
        Ok(()) => {
            taken.insert(target.clone());
            Outcome { source: source.to_path_buf(), result: Ok((target, doc)), to_fix, lost, note, onto: None }
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => fail(ImportError::Exists(target)),
        Err(e) => fail(ImportError::Write(target, e)),
    }
}

/// The site's documents by number and date, to import onto.
#[derive(Default)]
pub struct OnSite {
    docs: HashMap<crate::model::number::NumberKey, Vec<(Option<i16>, PathBuf, String)>>,
}

impl OnSite {
    /// The documents of the site at `root` (none when there is no site there).
    pub fn load(root: &Path) -> OnSite {
        match crate::config::load(root, &crate::config::Overrides::default()) {
            Ok(config) => OnSite::of(&crate::content::load(&config).0),
            Err(_) => OnSite::default(),
        }
    }

    pub fn of(corpus: &crate::model::Corpus) -> OnSite {
        let mut docs: HashMap<_, Vec<_>> = HashMap::new();
        for d in &corpus.documents {
            if let Some(n) = &d.number {
                docs.entry(n.value.key()).or_default().push((d.date.map(|d| d.year()), d.file.clone(), d.path.clone()));
            }
        }
        OnSite { docs }
    }

    /// The file of the document with this number, of this year (or undated).
    fn find(&self, number: &str, year: Option<i16>) -> Option<(PathBuf, String)> {
        let key = crate::model::number::DocNumber::parse(number)?.key();
        self.docs
            .get(&key)?
            .iter()
            .find(|(y, _, _)| year.is_none() || y.is_none() || *y == year)
            .map(|(_, file, path)| (file.clone(), path.clone()))
    }
}

/// An import onto a document the site has.
#[derive(Debug)]
pub struct Onto {
    /// The site's path of the document ("plans/ct41.md").
    pub path: String,
    pub number: String,
    pub merge: merge::Merge,
    /// Whether the file was written (with --merge and something to fill).
    pub written: bool,
}
