//! Nothing lost: after a file is imported, every piece of its text (each cell of each
//! line) is looked for in the file written — in a front matter value or comment, or in
//! the body — so "imported" means "complete". What is not found is named by its line.
//!
//! Both sides are compared in one normal form: NFC, lower case, whitespace collapsed,
//! the Markdown and YAML quoting the importer adds removed (`\`, `#`, `*`, quotes),
//! the two spellings of a tone on "oa"/"uy" ("Hoà"/"Hòa") made one. A few lines are
//! read into fields in another form and are checked in that form: "Số: 41/CTHĐ-HKH"
//! (the number), "Thái Bình, ngày 1 tháng 6 năm 2022" (place and date). The national
//! motto, decorative rules and "(đã ký)" carry no text of the document and are not
//! counted. The issuer the site writes "UBND …" is also looked for as "Ủy ban nhân dân …".

use super::header::{NumberLine, number_of, place_date};
use super::layout::{Line, is_motto, is_rule};

/// A piece of the source the written file does not have.
#[derive(Debug, Clone, PartialEq)]
pub struct Lost {
    /// 1-based line of the source.
    pub line: usize,
    pub text: String,
}

/// The normal form both sides are compared in.
pub fn normal(s: &str) -> String {
    let s = crate::text::nfc(s).to_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if matches!(c, '\\' | '#' | '*' | '"' | '“' | '”' | '`' | '|') {
            continue;
        }
        if c.is_whitespace() || c == '\u{a0}' {
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        out.push(c);
        space = false;
    }
    let mut out = out.trim_end().to_string();
    // Old and new placement of the tone mark: "hoà" and "hòa" are one word.
    for (old, new) in [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ] {
        out = out.replace(old, new);
    }
    out
}

/// Text with every space removed, for numbers printed with stray spaces ("255 / BC").
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What carries no text of the document.
fn is_decoration(cell: &str) -> bool {
    let l = cell.trim().to_lowercase();
    let bare = l.trim_matches(|c: char| !c.is_alphanumeric());
    is_rule(cell)
        || is_motto(cell)
        || bare.is_empty()
        || matches!(bare, "đã ký" | "đã kí" | "ký" | "ký tên" | "ký tên, đóng dấu" | "ký, đóng dấu" | "ký và đóng dấu")
        || l == "./."
}

/// The pieces of `lines` that `written` (the whole Markdown file) does not contain.
pub fn lost(lines: &[Line], written: &str) -> Vec<Lost> {
    let hay = normal(written);
    // The issuer is written "UBND …" for "ỦY BAN NHÂN DÂN …": both forms are looked in.
    let hay = format!("{hay}\n{}", hay.replace("ubnd", "ủy ban nhân dân").replace("hđnd", "hội đồng nhân dân"));
    let hay_compact = compact(&hay);
    let front_matter = written.strip_prefix("---\n").and_then(|r| r.split_once("\n---")).map_or("", |(f, _)| f);
    let front = normal(front_matter);
    let front = format!("{front}\n{}", front.replace("ubnd", "ủy ban nhân dân").replace("hđnd", "hội đồng nhân dân"));
    let hay = Hay { text: &hay, front, cursor: std::cell::Cell::new(0) };
    let mut out = Vec::new();
    for line in lines {
        for cell in &line.cells {
            if is_decoration(cell) || found(cell, &hay, &hay_compact) {
                continue;
            }
            // A cell may hold the end of one sentence and the start of the next joined
            // differently: what matters is that each piece is there.
            let pieces: Vec<&str> = cell.split(". ").filter(|p| !p.trim().is_empty()).collect();
            if pieces.len() > 1 && pieces.iter().all(|p| is_decoration(p) || found(p, &hay, &hay_compact)) {
                continue;
            }
            out.push(Lost { line: line.no, text: cell.clone() });
        }
    }
    out
}

/// The written file, searched from where the previous piece was found: the body keeps
/// the source's order, so most pieces are just ahead and a 20 MB import stays linear
/// (a search of the whole text for each piece made it quadratic). A piece not ahead
/// (a header field, written in the front matter) is looked for everywhere.
struct Hay<'a> {
    text: &'a str,
    /// The front matter alone, in both spellings of the issuer: where header pieces are.
    front: String,
    cursor: std::cell::Cell<usize>,
}

impl Hay<'_> {
    fn contains(&self, needle: &str) -> bool {
        let from = self.cursor.get();
        if let Some(at) = self.text[from..].find(needle) {
            self.cursor.set(from + at + needle.len());
            return true;
        }
        // Fields and comments of the front matter, then (rarely: a piece the writer
        // moved) everything before.
        self.front.contains(needle) || self.text[..from].contains(needle)
    }
}

fn found(cell: &str, hay: &Hay, hay_compact: &str) -> bool {
    if let Some(n) = number_of(cell) {
        let n = match n {
            NumberLine::Number(n) | NumberLine::Blank(n) => n,
        };
        return hay_compact.contains(&compact(&normal(&n)));
    }
    // "Số: 255 / BC-BCĐPCGD-": a number whose end is in another cell.
    if let Some(rest) = ["Số", "SỐ", "số"].iter().find_map(|p| cell.strip_prefix(p)) {
        let rest = compact(&normal(rest.trim_start_matches([':', '.', ' '])));
        if rest.len() >= 3 && hay_compact.contains(&rest) {
            return true;
        }
    }
    // "Số:" alone: its number is on the next line.
    let bare = normal(cell);
    if matches!(bare.trim_end_matches([':', '.']), "số" | "nơi nhận" | "kính gửi") {
        return true;
    }
    if let Some(pd) = place_date(cell) {
        // Read into fields (place, date): looked for in the front matter alone, which
        // also keeps these checks from moving the cursor through the body.
        let date_there = match pd.date {
            Some(d) => hay.front.contains(&d.to_string()),
            None => hay.front.contains(&normal(&pd.written)),
        };
        if date_there && hay.front.contains(&normal(&pd.place)) {
            return true;
        }
    }
    // The kind line: "BÁO CÁO TÓM TẮT" is the kind and the start of the title.
    if let Some((kind, rest)) = super::header::kind_of(cell) {
        if hay.front.contains(&normal(kind)) && (rest.is_empty() || hay.front.contains(&normal(&rest))) {
            return true;
        }
    }
    let text = cell.trim().trim_start_matches(['-', '+', '•', '–', '*', ' ']).trim_end_matches([';', ',', '.', ' ']);
    let n = normal(text);
    n.is_empty() || hay.contains(&n) || hay_compact.contains(&compact(&n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    #[test]
    fn what_is_missing_is_named_by_line() {
        let src = lines(
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KHÁNH HOÀ\nSố: 255 / BC-UBND\nNha Trang, ngày 5 tháng 3 năm 2024\n-----\nCăn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Ban hành kèm theo.",
        );
        let written = "---\nissuer: \"UBND tỉnh Khánh Hòa\"\nnumber: \"255/BC-UBND\"\nplace: \"Nha Trang\"\ndate: 2024-03-05\n---\n\nĐiều 1\\. Ban hành kèm theo.\n";
        assert_eq!(lost(&src, written), [Lost { line: 6, text: "Căn cứ Luật Tổ chức chính quyền địa phương;".into() }]);
        let all = format!("{written}\nCăn cứ Luật Tổ chức chính quyền địa phương;\n");
        assert!(lost(&src, &all).is_empty());
    }
}
