//! Candidate targets: clauses that state a percentage or an amount, with the year they
//! are due — in the clause ("vào năm 2010", "(Năm 2025)"), else in the heading or the
//! introducing line above it ("Mục tiêu đến năm 2025", "… giai đoạn 2013-2020, cụ thể:"),
//! else the end of the document's own period. The editor confirms each one.

use super::body::{Block, Kind};
use crate::text::slugify;

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub value: f64,
    pub year: Option<i32>,
    /// Where the year came from, when not from the clause itself.
    pub year_from: Option<String>,
    /// The clause, verbatim.
    pub text: String,
    pub line: usize,
}

/// Values in a clause: "90%", "2,5 %", "80.000 đ", "35.000 đồng".
pub fn values(clause: &str) -> Vec<(f64, &'static str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = clause.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'/' | b'-' | b'.' | b',')))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || ((bytes[i] == b'.' || bytes[i] == b',') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let number = &clause[start..i];
        let rest = clause[i..].trim_start();
        let skipped = clause[i..].len() - rest.len();
        let (unit, len) = if rest.starts_with('%') {
            ("%", 1)
        } else if let Some(u) = ["triệu đồng", "tỷ đồng", "đồng", "đ"]
            .iter()
            .find(|u| rest.starts_with(**u) && !rest[u.len()..].starts_with(|c: char| c.is_alphabetic()))
        {
            (*u, u.len())
        } else {
            continue;
        };
        if let Some(v) = parse_value(number) {
            let unit = if unit == "đ" { "đồng" } else { unit };
            out.push((v, unit, start..i + skipped + len));
        }
    }
    out
}

/// "80.000" is eighty thousand, "2,5" two and a half, "2.5" two and a half.
fn parse_value(s: &str) -> Option<f64> {
    let groups: Vec<&str> = s.split('.').collect();
    let plain = if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
        groups.concat().replace(',', ".")
    } else {
        s.replace(',', ".")
    };
    plain.parse().ok()
}

/// The year a text sets a value for: "năm 2025" (not a date "tháng 6 năm 2022"), else
/// the end of "giai đoạn 2013-2020" or "nhiệm kỳ 2020 - 2025".
pub fn year_in(text: &str) -> Option<i32> {
    let lower = text.to_lowercase();
    for (at, _) in lower.match_indices("năm ") {
        let before = &lower[..at];
        if before.trim_end().rsplit(' ').nth(1).is_some_and(|w| w == "tháng") {
            continue;
        }
        let year: String = lower[at + "năm ".len()..].chars().take_while(char::is_ascii_digit).collect();
        if year.len() == 4 {
            return year.parse().ok();
        }
    }
    for word in ["giai đoạn", "nhiệm kỳ"] {
        if let Some(at) = lower.find(word) {
            if let Some((_, to)) = range_at(&lower[at + word.len()..]) {
                return Some(to);
            }
        }
    }
    None
}

/// " 2013 - 2020" → (2013, 2020).
pub fn range_at(s: &str) -> Option<(i32, i32)> {
    let s = s.trim_start();
    let from: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = s[from.len()..].trim_start().strip_prefix(['-', '–', '—'])?.trim_start();
    let to: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let (from, to): (i32, i32) = (from.parse().ok()?, to.parse().ok()?);
    ((1945..=2200).contains(&from) && from <= to && to <= from + 50).then_some((from, to))
}

fn in_brackets(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.matches('(').count() > before.matches(')').count()
}

fn label_of(clause: &str, value_at: &std::ops::Range<usize>) -> String {
    let mut label = if value_at.start < 12 { clause[value_at.end..].trim().to_string() } else { clause.to_string() };
    for filler in ["trở lên ", "số ", "các "] {
        if label.starts_with(filler) {
            label = label[filler.len()..].to_string();
        }
    }
    let label = label.trim_end_matches(['.', ';', ',', ':', ' ']).to_string();
    let label = if label.chars().count() > 160 {
        let cut: String = label.chars().take(160).collect();
        format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a))
    } else {
        label
    };
    super::casing::capitalise(&label)
}

pub fn find(blocks: &[Block], period_end: Option<i32>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // What a clause sits under: headings, and lines ending with ":" that introduce it.
    let mut context: Vec<(u16, String)> = Vec::new();
    // Keys order the scopes: a heading of level l is l·10; a line introducing items in
    // it, l·10 + 5 (paragraph) or l·10 + 6 + depth (item). A block closes every scope
    // whose key is not below its own.
    let mut section = 0u16;
    for b in blocks {
        let key = match b.kind {
            Kind::Heading(l) => l as u16 * 10,
            Kind::Numbered => 50,
            Kind::Paragraph => section + 5,
            Kind::Item(d) => section + 6 + d as u16,
        };
        context.retain(|(k, _)| *k < key);
        if matches!(b.kind, Kind::Heading(_) | Kind::Numbered) {
            section = key;
        }
        for clause in b.text.split(';').flat_map(|c| c.split(". ")) {
            let clause = clause.trim();
            // "(Chỉ tiêu của toàn quốc là 25%)": a value in brackets compares, unless the
            // clause has no other.
            let all = values(clause);
            let outside: Vec<_> = all.iter().filter(|(_, _, at)| !in_brackets(clause, at.start)).cloned().collect();
            let chosen = if outside.is_empty() { all } else { outside };
            for (value, unit, at) in chosen {
                let (year, year_from) = match year_in(clause) {
                    Some(y) => (Some(y), None),
                    None => match context.iter().rev().find_map(|(_, t)| year_in(t).map(|y| (y, t))) {
                        Some((y, t)) => (Some(y), Some(t.clone())),
                        None => (period_end, period_end.map(|_| "thời kỳ của văn bản".to_string())),
                    },
                };
                let label = label_of(clause, &at);
                let base = slugify(&label.split_whitespace().take(6).collect::<Vec<_>>().join(" "));
                let base = if base.is_empty() { "chi-tieu".to_string() } else { base };
                let mut id = base.clone();
                let mut n = 2;
                while out.iter().any(|c| c.id == id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                out.push(Candidate {
                    id,
                    label,
                    unit: unit.to_string(),
                    value,
                    year,
                    year_from,
                    text: clause.to_string(),
                    line: b.line,
                });
            }
        }
        let heading = matches!(b.kind, Kind::Heading(_) | Kind::Numbered);
        if heading || b.text.trim_end().ends_with(':') {
            context.push((key, format!("{} {}", b.marker, b.text)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_years() {
        let v: Vec<(f64, &str)> =
            values("đạt 80.000 đ (cả nước từ 32.000 đến 35.000 đ.); 2,5% và 96 % trở lên; 13/4/2007")
                .into_iter()
                .map(|(v, u, _)| (v, u))
                .collect();
        assert_eq!(v, [(80000.0, "đồng"), (35000.0, "đồng"), (2.5, "%"), (96.0, "%")]);
        assert_eq!(year_in("Mục tiêu đến hết nhiệm kỳ (Năm 2025) cần đạt được"), Some(2025));
        assert_eq!(year_in("ngày 1 tháng 6 năm 2022"), None);
        assert_eq!(year_in("Kế hoạch số 3995/KH-UBND ngày 31/12/2013 … giai đoạn 2013 - 2020”, cụ thể:"), Some(2020));
    }
}
