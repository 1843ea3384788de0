//! The body of a document as Markdown: Roman-numeral parts ("I. MỤC TIÊU") become
//! headings, numbered sections ("1. Mục tiêu", "a. …", "1.1 …") sub-headings when they
//! are short and numbered paragraphs when they are not, "-" and "+" lines lists. Every
//! sentence is kept as written; lines broken in the middle of a sentence are joined.

use super::layout::Line;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A heading of Markdown level 2–4.
    Heading(u8),
    /// A numbered paragraph too long to be a heading ("1. Sở GD-ĐT là cơ quan …").
    Numbered,
    /// A list item, 0 for "-", 1 for "+" under a "-".
    Item(u8),
    Paragraph,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// "I.", "1.", "a)", "1.1", "Điều 1." — empty for items and paragraphs.
    pub marker: String,
    pub text: String,
    pub line: usize,
}

const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];

/// Splits a leading section marker: ("II.", "MỤC TIÊU"), ("1.", "…"), ("1.1.", "…"), ("a)", "…").
fn marker(text: &str) -> Option<(Kind, &str, &str)> {
    let end = text.find(' ')?;
    let (m, rest) = (&text[..end], text[end + 1..].trim_start());
    if rest.is_empty() {
        return None;
    }
    let bare = m.trim_end_matches(['.', ')', '/']);
    if bare.len() == m.len() && !m.contains('.') {
        return None;
    }
    if ROMAN.contains(&bare) {
        return Some((Kind::Heading(2), m, rest));
    }
    let parts: Vec<&str> = bare.split('.').collect();
    if parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit())) {
        let level = if parts.len() == 1 { 3 } else { 4 };
        return Some((Kind::Heading(level), m, rest));
    }
    let mut chars = bare.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_lowercase() && m.len() > bare.len() {
            return Some((Kind::Heading(4), m, rest));
        }
    }
    None
}

/// Short, one sentence: a section's name rather than its content.
fn heading_like(text: &str) -> bool {
    let t = text.trim_end_matches(['.', ':']);
    t.chars().count() <= 160 && !t.contains(". ") && !t.contains("; ")
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', ':', ';', '!', '?', '”', '"', ')']) || s.ends_with("./.")
}

pub fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut last_blank = true;
    for line in lines {
        if line.is_blank() {
            last_blank = true;
            continue;
        }
        let text = line.text();
        // A sentence broken across lines (text copied from PDF): the next line starts in
        // lower case and the previous did not end its sentence.
        if let Some(prev) = out.last_mut() {
            // "Căn cứ Nghị định số" / "07/2021/NĐ-CP ngày …": a number is still to come.
            let awaits = {
                let l = prev.text.to_lowercase();
                l.ends_with(" số") || l.ends_with(" số:") || l.ends_with(" ngày")
            };
            if (text.starts_with(char::is_lowercase) && marker(&text).is_none() || awaits)
                && !ends_sentence(&prev.text)
                && !last_blank
            {
                prev.text = format!("{} {text}", prev.text);
                continue;
            }
        }
        last_blank = false;
        let block = if let Some(rest) = text.strip_prefix(['-', '+', '•', '–', '*']) {
            let depth = if text.starts_with('+') && out.last().is_some_and(|b| matches!(b.kind, Kind::Item(_))) {
                1
            } else {
                0
            };
            Block { kind: Kind::Item(depth), marker: String::new(), text: rest.trim().to_string(), line: line.no }
        } else if let Some(rest) = text.strip_prefix("Điều ").filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        {
            let end = rest.find(['.', ':']).map_or(rest.len(), |i| i + 1);
            let m = format!("Điều {}", &rest[..end]);
            let body = rest[end..].trim().to_string();
            let kind = if heading_like(&body) { Kind::Heading(3) } else { Kind::Numbered };
            Block { kind, marker: m, text: body, line: line.no }
        } else if let Some((kind, m, rest)) = marker(&text) {
            let kind = match kind {
                Kind::Heading(2) => kind,
                _ if heading_like(rest) => kind,
                _ => Kind::Numbered,
            };
            Block { kind, marker: m.to_string(), text: rest.to_string(), line: line.no }
        } else {
            Block { kind: Kind::Paragraph, marker: String::new(), text, line: line.no }
        };
        out.push(block);
    }
    // A section's name has something under it: a numbered line followed at once by its
    // sibling or a higher part ("1. Quán triệt … đảng viên." then "2. …") is content.
    for i in 0..out.len() {
        if let Kind::Heading(level @ 3..) = out[i].kind {
            let next = out.get(i + 1).map(|b| b.kind);
            let empty = match next {
                None | Some(Kind::Numbered) => true,
                Some(Kind::Heading(l)) => l <= level,
                _ => false,
            };
            if empty {
                out[i].kind = Kind::Numbered;
            }
        }
    }
    out
}

/// An attached document (the plan a decision issues): its kind and title, in capitals
/// or not, become one heading; the rest is body.
pub fn appendix(lines: &[Line]) -> Vec<Block> {
    let mut all = blocks(lines);
    if let Some(first) = all.first() {
        if matches!(first.kind, Kind::Paragraph) && super::layout::is_caps(&first.text) {
            let mut heading = all.remove(0);
            heading.kind = Kind::Heading(2);
            if let Some(next) = all.first() {
                if matches!(next.kind, Kind::Paragraph) {
                    heading.text = format!("{}: {}", heading.text, all.remove(0).text);
                }
            }
            all.insert(0, heading);
        }
    }
    all
}

/// Escapes what Markdown would read as markup, so the text shows as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    // Markup that only counts at the start of a line.
    if out.starts_with(['#', '>', '+', '-', '=', '|'])
        || out.starts_with(|c: char| c.is_ascii_digit()) && looks_numbered(&out)
    {
        out.insert(0, '\\');
    }
    out
}

fn looks_numbered(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    s[digits..].starts_with(". ") || s[digits..].starts_with(") ")
}

/// A marker written so Markdown does not make it a list: "1." → "1\.".
fn escape_marker(m: &str) -> String {
    if m.starts_with(|c: char| c.is_ascii_digit())
        && (m.ends_with('.') || m.ends_with(')'))
        && !m[..m.len() - 1].contains('.')
    {
        format!("{}\\{}", &m[..m.len() - 1], &m[m.len() - 1..])
    } else {
        m.to_string()
    }
}

pub fn markdown(blocks: &[Block]) -> String {
    let mut md = String::new();
    let mut in_list = false;
    for b in blocks {
        let item = matches!(b.kind, Kind::Item(_));
        if !md.is_empty() && !(item && in_list) {
            md.push('\n');
        }
        match b.kind {
            Kind::Heading(level) => {
                md.push_str(&"#".repeat(level as usize));
                md.push(' ');
                if !b.marker.is_empty() {
                    md.push_str(&b.marker);
                    md.push(' ');
                }
                md.push_str(escape(&b.text).trim_start_matches('\\'));
            }
            Kind::Numbered => {
                md.push_str(&escape_marker(&b.marker));
                md.push(' ');
                md.push_str(&escape(&b.text));
            }
            Kind::Item(depth) => {
                md.push_str(&"  ".repeat(depth as usize));
                md.push_str("- ");
                md.push_str(&escape(&b.text));
            }
            Kind::Paragraph => md.push_str(&escape(&b.text)),
        }
        md.push('\n');
        in_list = item;
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    #[test]
    fn parts_sections_and_lists() {
        let text = "I. MỤC TIÊU, CHỈ TIÊU\n1. Mục tiêu\n- Một ý;\n+ Ý con\na. Công tác phổ cập\n- Một câu.\n1. Sở GD và ĐT là cơ quan bảo trợ. Chủ trì phối hợp với các sở.\nĐoạn văn bị ngắt\ngiữa câu.";
        let md = markdown(&blocks(&lines(text)));
        assert_eq!(
            md,
            "## I. MỤC TIÊU, CHỈ TIÊU\n\n### 1. Mục tiêu\n\n- Một ý;\n  - Ý con\n\n#### a. Công tác phổ cập\n\n- Một câu.\n\n1\\. Sở GD và ĐT là cơ quan bảo trợ. Chủ trì phối hợp với các sở.\n\nĐoạn văn bị ngắt giữa câu.\n"
        );
        assert_eq!(escape("<b> 5*3 [x]"), "\\<b> 5\\*3 \\[x\\]");
    }
}
