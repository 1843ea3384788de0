//! `congbo import` scored on real documents nobody on the project wrote against:
//! tests/fixtures/import-real/ holds texts copied from public pages (SOURCES.tsv gives
//! each one's address) and, beside each, the front matter a careful editor would
//! write (`NN-slug.expected.yaml`). Every file must be imported without losing a
//! piece of its text, and the fields must be right.
//!
//! Scoring, per field of each document (kind, number, date, place, issuer, signer,
//! recipients, implements, based_on):
//! - **right**: the value written equals the expected one (after the normal form both
//!   sides are compared in: NFC, case, spacing, "Ủy ban nhân dân" = "UBND", "Hòa" =
//!   "Hoà"; numbers by their key; lists as sets), or both are absent;
//! - **missing**: expected, but the importer left it empty or commented out for the
//!   editor (with ⚠) — not wrong, but not done either;
//! - **wrong**: a value that differs from the expected one, or a value where the
//!   document has none — garbage costs more than a blank.
//!
//! The bar: 100% retention, and right ≥ 95% of all fields. Missing counts against the
//! bar like wrong does; they are told apart in the table printed.

use std::collections::BTreeMap;
use std::fs;

use congbo::import::{import_checked, read_source};
use congbo::model::number::{DocNumber, find_in_text};

use crate::support::fixture_path;

const FIELDS: &[&str] =
    &["kind", "number", "date", "place", "issuer", "signer", "recipients", "implements", "based_on"];

#[derive(Default, Clone, Copy)]
struct Score {
    right: usize,
    missing: usize,
    wrong: usize,
}

/// The normal form values are compared in (as the importer's own retention check).
fn normal(s: &str) -> String {
    congbo::import::normal(s)
        .replace("ủy ban nhân dân", "ubnd")
        .replace("hội đồng nhân dân", "hđnd")
        .trim_end_matches(['.', ';', ','])
        .to_string()
}

/// The numbers a reference list names, by key: "Chỉ thị số 11-CT/TW" and "11-CT/TW" are one.
fn number_keys(values: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = values
        .iter()
        .flat_map(|v| {
            let parsed: Vec<String> = match DocNumber::parse(v.trim()) {
                Some(n) => vec![format!("{:?}", n.key())],
                None => find_in_text(v).into_iter().map(|(_, n)| format!("{:?}", n.key())).collect(),
            };
            if parsed.is_empty() { vec![normal(v)] } else { parsed }
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A field as a list of strings (a string is a list of one; a signer is its name).
fn values(v: Option<&serde_yaml::Value>) -> Vec<String> {
    use serde_yaml::Value;
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Sequence(items)) => items.iter().flat_map(|i| values(Some(i))).collect(),
        Some(Value::Mapping(m)) => values(m.get("name")),
        Some(other) => vec![serde_yaml::to_string(other).unwrap_or_default().trim().to_string()],
    }
}

fn same(field: &str, expected: &[String], got: &[String]) -> bool {
    match field {
        "implements" | "based_on" => number_keys(expected) == number_keys(got),
        "number" => number_keys(expected) == number_keys(got),
        _ => {
            let mut e: Vec<String> = expected.iter().map(|s| normal(s)).collect();
            let mut g: Vec<String> = got.iter().map(|s| normal(s)).collect();
            e.sort();
            g.sort();
            e == g
        }
    }
}

fn front_matter(markdown: &str) -> serde_yaml::Mapping {
    let yaml = markdown.strip_prefix("---\n").and_then(|r| r.split_once("\n---\n")).map_or("", |(y, _)| y);
    serde_yaml::from_str(yaml).expect("the front matter written is YAML")
}

#[test]
fn real_documents_import_completely_and_their_fields_score_95_percent() {
    let dir = fixture_path("import-real");
    let mut sources: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
            ["txt", "pdf", "docx", "doc"].contains(&ext.as_str()) && !name.starts_with('.')
        })
        .collect();
    sources.sort();
    assert!(sources.len() >= 5, "the corpus of real documents is in {}", dir.display());
    let mut scores: BTreeMap<&str, Score> = FIELDS.iter().map(|f| (*f, Score::default())).collect();
    let mut lost_all = Vec::new();
    let mut wrong_all = Vec::new();
    let mut missing_all = Vec::new();
    let mut table = String::new();
    for source in &sources {
        let name = source.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s).to_string();
        let expected_path = dir.join(format!("{stem}.expected.yaml"));
        let expected: serde_yaml::Mapping =
            serde_yaml::from_str(&fs::read_to_string(&expected_path).unwrap_or_default()).unwrap_or_default();
        let text = match read_source(source) {
            Ok(t) => t,
            Err(e) => {
                lost_all.push(format!("{name}: not read: {e}"));
                continue;
            }
        };
        let checked = import_checked(&text, &name);
        for l in &checked.lost {
            lost_all.push(format!("{name}:{}: {}", l.line, l.text));
        }
        let got = front_matter(&checked.markdown);
        let mut row = format!("{stem:<50}");
        for field in FIELDS {
            let e = values(expected.get(*field));
            let mut g = values(got.get(*field));
            if *field == "implements" {
                g.extend(values(got.get("reports_on")));
            }
            let s = scores.get_mut(field).unwrap();
            let mark = if same(field, &e, &g) {
                s.right += 1;
                '✓'
            } else if g.is_empty() {
                s.missing += 1;
                missing_all.push(format!("{stem} {field}: expected {e:?}"));
                '·'
            } else {
                s.wrong += 1;
                wrong_all.push(format!("{stem} {field}: expected {e:?}, got {g:?}"));
                '✗'
            };
            row.push(' ');
            row.push(mark);
        }
        table.push_str(&row);
        table.push('\n');
    }
    let total: Score = scores.values().fold(Score::default(), |a, s| Score {
        right: a.right + s.right,
        missing: a.missing + s.missing,
        wrong: a.wrong + s.wrong,
    });
    let all = total.right + total.missing + total.wrong;
    println!("{:<50} {}", "document", FIELDS.iter().map(|f| &f[..2]).collect::<Vec<_>>().join(" "));
    print!("{table}");
    println!("\n{:<12} {:>6} {:>8} {:>6}", "field", "right", "missing", "wrong");
    for (f, s) in &scores {
        println!("{f:<12} {:>6} {:>8} {:>6}", s.right, s.missing, s.wrong);
    }
    let share = total.right as f64 * 100.0 / all.max(1) as f64;
    println!(
        "{:<12} {:>6} {:>8} {:>6}  ({share:.1}% right of {all} fields in {} documents)",
        "all",
        total.right,
        total.missing,
        total.wrong,
        sources.len()
    );
    for w in &wrong_all {
        println!("wrong: {w}");
    }
    for m in &missing_all {
        println!("missing: {m}");
    }
    assert!(lost_all.is_empty(), "text lost on import:\n{}", lost_all.join("\n"));
    assert!(share >= 95.0, "only {share:.1}% of fields right (bar: 95%)");
}
