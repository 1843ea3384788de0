//! Writing an imported document: front matter in the order the editors' guide
//! describes, a "⚠" comment on every value the editor must check, then the body.

use std::fmt::Write;

use super::header::NumberLine;
use super::imported::Imported;
use crate::text::slugify;

/// A YAML string: JSON's double-quoted strings are valid YAML.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

fn value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// The Markdown file: front matter and body.
pub fn front_matter_and_body(doc: &Imported, source: &str) -> String {
    let mut y = String::new();
    let w = &mut y;
    let _ = writeln!(w, "---");
    let _ = writeln!(w, "# {}", t!("import.fm.header", source = source));
    match &doc.kind {
        Some(k) if doc.kind_inferred => {
            let _ = writeln!(w, "kind: {}  # ⚠ {}", q(k), t!("import.fm.kind_inferred"));
        }
        Some(k) => {
            let _ = writeln!(w, "kind: {}", q(k));
        }
        None => {
            // Left empty rather than guessed: `check` asks for it until the editor fills it.
            let _ = writeln!(w, "kind: \"\"  # ⚠ {}", t!("import.fm.no_kind"));
        }
    }
    match &doc.number {
        Some(NumberLine::Number(n)) if doc.number_inferred => {
            let _ = writeln!(w, "number: {}  # ⚠ {}", q(n), t!("import.number_inferred"));
        }
        Some(NumberLine::Number(n)) => {
            let _ = writeln!(w, "number: {}", q(n));
        }
        Some(NumberLine::Blank(b)) => {
            let _ = writeln!(w, "# number: \"\"  # ⚠ {}", t!("import.fm.number_blank", written = b));
        }
        None => {}
    }
    if doc.title.is_empty() {
        let _ = writeln!(w, "title: \"\"  # ⚠ {}", t!("import.fm.no_title"));
    } else {
        let _ = writeln!(w, "title: {}", q(&doc.title));
    }
    match (&doc.issuer, doc.issuer_inferred) {
        (Some(i), false) => {
            let _ = writeln!(w, "issuer: {}", q(i));
        }
        (Some(i), true) => {
            let _ = writeln!(w, "issuer: {}  # ⚠ {}", q(i), t!("import.fm.issuer_inferred"));
        }
        (None, _) => {
            let _ = writeln!(w, "issuer: \"\"  # ⚠ {}", t!("import.fm.no_issuer"));
        }
    }
    // The header as printed, when the issuer leaves words of it out (a parent body
    // "ĐẢNG BỘ TỈNH …", a word split across lines): nothing of the text is lost.
    let issuer_norm = super::retention::normal(doc.issuer.as_deref().unwrap_or(""));
    if doc.issuer_printed.iter().any(|l| !issuer_norm.contains(&super::retention::normal(l))) {
        let _ = writeln!(w, "# {}: {}", t!("import.header_as_printed"), doc.issuer_printed.join(" / "));
    }
    if let Some(p) = &doc.place {
        let _ = writeln!(w, "place: {}", q(p));
    }
    match (doc.date, &doc.date_written) {
        (Some(d), _) if doc.date_inferred => {
            let _ = writeln!(w, "date: {d}  # ⚠ {}", t!("import.number_inferred"));
        }
        (Some(d), _) => {
            let _ = writeln!(w, "date: {d}");
        }
        (None, Some(written)) => {
            let _ = writeln!(w, "# date:   # ⚠ {}", t!("import.fm.date_incomplete", written = written));
        }
        (None, None) => {}
    }
    if let Some(level) = doc.level {
        let _ = writeln!(w, "level: {level}  # ⚠ {}", t!("import.fm.level"));
    }
    match (&doc.region, doc.level) {
        (Some(r), _) => {
            let _ = writeln!(w, "region: {}", q(r));
        }
        (None, Some("huyen" | "xa")) => {
            let _ = writeln!(w, "# region: \"\"  # ⚠ {}", t!("import.fm.region"));
        }
        _ => {}
    }
    if let Some((a, b)) = doc.period {
        let _ = writeln!(w, "period: [{a}, {b}]");
    }
    let report = doc.kind.as_deref() == Some("Báo cáo");
    if report {
        write_report(w, doc);
    } else if !doc.implements.is_empty() && doc.kind.as_deref() == Some("Chỉ thị") {
        // A directive's "Thực hiện …" tells what has been done so far more often than
        // what it carries out: offered, not asserted.
        let _ = writeln!(w, "# implements: {}  # ⚠ {}", list(&doc.implements), t!("import.directive_implements"));
    } else if !doc.implements.is_empty() {
        let _ = writeln!(w, "implements: {}", list(&doc.implements));
    }
    if !doc.based_on.is_empty() {
        let _ = writeln!(w, "based_on: {}", list(&doc.based_on));
    }
    if let Some(by) = &doc.issued_by {
        let _ = writeln!(w, "# ⚠ {}", t!("import.fm.issued_by", by = by));
    }
    if !doc.amends.is_empty() {
        let _ = writeln!(w, "amends: {}", list(&doc.amends));
    } else if doc.kind_note.as_deref().is_some_and(|n| n.contains("sửa đổi")) {
        let note = doc.kind_note.as_deref().unwrap_or("");
        let _ = writeln!(w, "# amends: \"\"  # ⚠ {}", t!("import.fm.amends_unknown", note = note));
    }
    if !doc.replaces.is_empty() {
        let _ = writeln!(w, "replaces: {}  # ⚠ {}", list(&doc.replaces), t!("import.fm.replaces"));
    }
    if !doc.mentioned.is_empty() {
        let _ = writeln!(w, "# ⚠ {}\n#   {}", t!("import.fm.mentioned"), doc.mentioned.join(", "));
    }
    match (&doc.signer_name, &doc.signer_title) {
        (Some(name), title) => {
            let _ = writeln!(w, "signer: {{ name: {}, title: {} }}", q(name), q(title.as_deref().unwrap_or("")));
        }
        (None, Some(title)) => {
            let _ =
                writeln!(w, "# signer: {{ name: \"\", title: {} }}  # ⚠ {}", q(title), t!("import.fm.no_signer_name"));
        }
        (None, None) => {}
    }
    if !doc.recipients.is_empty() {
        let _ = writeln!(w, "recipients:");
        for n in &doc.recipient_notes {
            let _ = writeln!(w, "  # {n}");
        }
        for r in &doc.recipients {
            let _ = writeln!(w, "  - {}", q(r));
        }
    }
    if !report {
        write_targets(w, doc);
    }
    let _ = writeln!(w, "---");
    format!("{y}\n{}", doc.body)
}

/// A report states achieved values of a plan's targets: the plan it carries out is
/// what it reports on, and the figures it gives are offered for `values`.
fn write_report(w: &mut String, doc: &Imported) {
    match doc.implements.first() {
        Some(plan) => {
            let _ = writeln!(w, "reports_on: {}  # ⚠ {}", q(plan), t!("import.fm.reports_on"));
        }
        None => {
            let _ = writeln!(w, "# reports_on: \"\"  # ⚠ {}", t!("import.fm.no_reports_on"));
        }
    }
    match super::targets::year_in(&doc.title) {
        Some(year) => {
            let _ = writeln!(w, "year: {year}  # ⚠ {}", t!("import.fm.year"));
        }
        None => {
            let _ = writeln!(w, "# year:   # ⚠ {}", t!("import.fm.no_year"));
        }
    }
    let _ = writeln!(w, "# ⚠ values: {}", t!("import.fm.values"));
    if !doc.targets.is_empty() {
        let _ = writeln!(w, "#   {}", t!("import.fm.figures"));
        for t in &doc.targets {
            let at = t!("import.fm.line", line = t.line);
            let _ = writeln!(w, "#   {}{} ({at}): {}", value(t.value), t.unit, shorten(&t.text, 120));
        }
    }
}

fn write_targets(w: &mut String, doc: &Imported) {
    let (dated, undated): (Vec<_>, Vec<_>) = doc.targets.iter().partition(|t| t.year.is_some());
    if dated.is_empty() && undated.is_empty() {
        return;
    }
    if !dated.is_empty() {
        let _ = writeln!(w, "targets:");
    }
    for t in &dated {
        let year = t.year.expect("partitioned");
        let from = match &t.year_from {
            Some(f) => t!("import.fm.year_from", year = year, from = shorten(f, 80)).into_owned(),
            None => String::new(),
        };
        let _ = writeln!(w, "  # ⚠ {}", t!("import.fm.target", line = t.line, from = from));
        let _ = writeln!(w, "  - id: {}", t.id);
        let _ = writeln!(w, "    label: {}", q(&t.label));
        let _ = writeln!(w, "    unit: {}", q(&t.unit));
        let _ = writeln!(w, "    milestones: [{{ year: {year}, value: {} }}]", value(t.value));
        let _ = writeln!(w, "    text: {}", q(&t.text));
    }
    if !undated.is_empty() {
        let _ = writeln!(w, "# ⚠ {}", t!("import.fm.undated"));
        for t in &undated {
            let _ = writeln!(w, "#  - id: {}   # {}", t.id, t!("import.fm.line", line = t.line));
            let _ = writeln!(w, "#    label: {}", q(&t.label));
            let _ = writeln!(w, "#    unit: {}", q(&t.unit));
            let _ = writeln!(w, "#    milestones: [{{ year: ????, value: {} }}]", value(t.value));
            let _ = writeln!(w, "#    text: {}", q(&t.text));
        }
    }
}

fn shorten(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// The file's name: the number and year when it has them ("41-cthd-hkh-2022.md"), else
/// its kind and the first words of its title.
pub fn file_name(doc: &Imported, fallback: &str) -> String {
    let stem = match (&doc.number, doc.date) {
        (Some(NumberLine::Number(n)), Some(d)) => format!("{}-{}", slugify(n), d.year()),
        (Some(NumberLine::Number(n)), None) => slugify(n),
        _ => {
            let words: Vec<&str> = doc.title.split_whitespace().take(8).collect();
            let kind = doc.kind.as_deref().unwrap_or("");
            slugify(&format!("{kind} {}", words.join(" ")))
        }
    };
    let stem = if stem.is_empty() { slugify(fallback) } else { stem };
    format!("{}.md", if stem.is_empty() { "van-ban".to_string() } else { stem })
}

/// What the importer found and what it could not, one line each, for the terminal.
pub fn summary(doc: &Imported) -> (Vec<String>, Vec<String>) {
    let mut found = Vec::new();
    let mut check = Vec::new();
    match &doc.kind {
        Some(k) => found.push(t!("import.found.kind", kind = k).into()),
        None => check.push(t!("import.check.no_kind").into()),
    }
    match &doc.number {
        Some(NumberLine::Number(n)) => found.push(t!("import.found.number", number = n).into()),
        Some(NumberLine::Blank(b)) => check.push(t!("import.check.number_blank", written = b).into()),
        None => check.push(t!("import.check.no_number").into()),
    }
    match (doc.date, &doc.date_written) {
        (Some(d), _) => found.push(t!("import.found.date", date = d).into()),
        (None, Some(w)) => check.push(t!("import.check.date_incomplete", written = w).into()),
        (None, None) => check.push(t!("import.check.no_date").into()),
    }
    if doc.title.is_empty() {
        check.push(t!("import.check.no_title").into());
    } else {
        found.push(t!("import.found.title").into());
    }
    match (&doc.issuer, doc.issuer_inferred) {
        (Some(i), false) => found.push(t!("import.found.issuer", issuer = i).into()),
        (Some(i), true) => check.push(t!("import.check.issuer_inferred", issuer = i).into()),
        (None, _) => check.push(t!("import.check.no_issuer").into()),
    }
    if !doc.implements.is_empty() {
        found.push(t!("import.found.implements", list = doc.implements.join(", ")).into());
    }
    if !doc.based_on.is_empty() {
        found.push(t!("import.found.based_on", list = doc.based_on.join(", ")).into());
    }
    if !doc.amends.is_empty() {
        found.push(t!("import.found.amends", list = doc.amends.join(", ")).into());
    }
    if !doc.mentioned.is_empty() {
        check.push(t!("import.check.mentioned", count = doc.mentioned.len()).into());
    }
    if doc.recipients.is_empty() {
        check.push(t!("import.check.no_recipients").into());
    } else {
        found.push(t!("import.found.recipients", count = doc.recipients.len()).into());
    }
    match &doc.signer_name {
        Some(n) => found.push(t!("import.found.signer", name = n).into()),
        None if doc.signer_title.is_some() => check.push(t!("import.check.signer_no_name").into()),
        None => check.push(t!("import.check.no_signer").into()),
    }
    let undated = doc.targets.iter().filter(|t| t.year.is_none()).count();
    let report = doc.kind.as_deref() == Some("Báo cáo");
    match (doc.targets.len(), undated) {
        (0, _) => {}
        (n, _) if report => check.push(t!("import.check.report_figures", count = n).into()),
        (n, 0) => check.push(t!("import.check.targets", count = n).into()),
        (n, u) => check.push(t!("import.check.targets_undated", count = n, undated = u).into()),
    }
    (found, check)
}
