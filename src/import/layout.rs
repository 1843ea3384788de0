//! The layout of a plain-text document as portals publish it: lines, and the cells a
//! line splits into when it was a table row in the original (the header "ỦY BAN NHÂN
//! DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận: … KT. CHỦ TỊCH").

use crate::text::{fold, nfc};

/// One line of the source: its number (1-based) and its cells, trimmed, none empty.
#[derive(Debug, Clone)]
pub struct Line {
    pub no: usize,
    pub cells: Vec<String>,
    /// The line as copied ends a table cell with "|" (or is only "|"): a header laid
    /// out as table cells, flattened one cell over several lines.
    pub bar_end: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.cells.is_empty()
    }

    /// The line's text, its cells joined by a space.
    pub fn text(&self) -> String {
        self.cells.join(" ")
    }

    pub fn first(&self) -> &str {
        self.cells.first().map_or("", String::as_str)
    }
}

/// Splits a document into lines and cells: NFC, any line ending, no-break spaces and
/// zero-width and control characters made plain, Markdown bold markers (some portals export them)
/// dropped. Cells are separated by "|", tabs, or runs of three or more spaces.
pub fn lines(text: &str) -> Vec<Line> {
    let text = nfc(text.trim_start_matches('\u{feff}'));
    // A page's source copied with its line breaks escaped ("…\r\n…"): they are breaks.
    let text = if text.matches("\\r\\n").count() >= 3 { text.replace("\\r\\n", "\n") } else { text };
    let text = unflatten(&text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let clean: String = raw
                .chars()
                // Control characters (a form feed from a PDF export) are not text.
                .filter(|&c| {
                    !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}') && (c == '\t' || !c.is_control())
                })
                .map(|c| if c == '\u{a0}' || c == '\u{2007}' || c == '\u{202f}' { ' ' } else { c })
                .collect();
            let clean = strip_tags(&clean.replace("**", ""));
            Line { no: i + 1, cells: cells(&clean), bar_end: clean.trim_end().ends_with('|') }
        })
        .collect()
}

/// A whole document printed on one line (a page that lost its line breaks): the
/// breaks are put back where a document has them — around the motto, before "Số:",
/// after the date, around the kind in capitals, before "Căn cứ", "Thực hiện",
/// "Điều 1.", "1.", "- ", "Nơi nhận:", the signature and the signer's name. Only
/// line breaks are added; no character is changed.
fn unflatten(text: &str) -> String {
    if !text.lines().any(|l| l.chars().count() > 400) {
        return text.to_string();
    }
    text.split('\n')
        .map(|line| if line.chars().count() > 400 { unflatten_line(line) } else { line.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

fn unflatten_line(line: &str) -> String {
    let head: String = line.chars().take(600).collect();
    let fh = fold(&head);
    let markers = [
        fh.contains("cong hoa xa hoi chu nghia"),
        fh.contains("so:"),
        fh.contains("noi nhan"),
        head.contains(" ngày "),
    ];
    if markers.iter().filter(|m| **m).count() < 2 {
        return line.to_string();
    }
    let mut cuts: Vec<usize> = Vec::new();
    let find = |pat: &str, from: usize| line[from..].find(pat).map(|i| i + from);
    // The motto and the header's fields, once each, near the top.
    for pat in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập", "Số:", "Số "]
    {
        if let Some(at) = find(pat, 0).filter(|&a| a < head.len()) {
            cuts.push(at);
            if pat.starts_with("CỘNG") {
                cuts.push(at + pat.len());
            }
        }
    }
    if let Some(at) = find("Hạnh phúc", 0).filter(|&a| a < head.len()) {
        cuts.push(at + "Hạnh phúc".len());
    }
    // The date line: from the place before ", ngày" to the year.
    if let Some(ngay) = find(", ngày ", 0).filter(|&a| a < head.len()) {
        if let Some(nam) = find("năm ", ngay) {
            let year_end =
                nam + "năm ".len() + line[nam + "năm ".len()..].chars().take_while(char::is_ascii_digit).count();
            cuts.push(year_end);
            // The place: the capitalised words just before ", ngày".
            let before = &line[..ngay];
            let mut start = ngay;
            for w in before.split(' ').rev() {
                if w.chars().next().is_some_and(char::is_uppercase) && !is_caps(w) && start > 0 {
                    start -= w.len() + 1;
                } else {
                    break;
                }
            }
            cuts.push(start.min(ngay));
        }
    }
    // The kind in capitals and the end of the header.
    for kind in [
        "CHỈ THỊ",
        "QUYẾT ĐỊNH",
        "KẾ HOẠCH",
        "BÁO CÁO",
        "NGHỊ QUYẾT",
        "KẾT LUẬN",
        "HƯỚNG DẪN",
        "CHƯƠNG TRÌNH",
        "THÔNG BÁO",
        "CÔNG VĂN",
    ] {
        if let Some(at) = find(&format!(" {kind} "), 0).filter(|&a| a < head.len()) {
            cuts.push(at + 1);
            cuts.push(at + 1 + kind.len());
            break;
        }
    }
    // The body's openings and sections, the closing.
    let mut prev_end = ' ';
    let bytes: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let rest = &line[i..];
        let after_space = k > 0 && bytes[k - 1].1 == ' ';
        if after_space {
            let sentence_end = matches!(prev_end, '.' | ':' | ';');
            let opens = ["Căn cứ ", "Thực hiện ", "Nơi nhận:", "TM. ", "T/M ", "KT. ", "Xét đề nghị", "Theo đề nghị"]
                .iter()
                .any(|p| rest.starts_with(p));
            let article = rest.starts_with("Điều ") && rest[7..].starts_with(|c: char| c.is_ascii_digit());
            let numbered = c.is_ascii_digit() && {
                let d = rest.chars().take_while(char::is_ascii_digit).count();
                rest[d..].starts_with(". ") || rest[d..].starts_with(") ")
            };
            let item = rest.starts_with("- ") || rest.starts_with("+ ");
            if opens || article || (sentence_end && (numbered || item)) {
                cuts.push(i);
            }
        }
        if !c.is_whitespace() {
            prev_end = c;
        }
    }
    // The signer's name: the words in title case after the last capitals.
    if let Some(tm) = ["TM. ", "T/M ", "KT. "].iter().filter_map(|p| line.rfind(p)).max() {
        let tail = &line[tm..];
        let mut offset = 0;
        for w in tail.split(' ') {
            if !w.is_empty() && !is_caps(w) && w.chars().next().is_some_and(char::is_uppercase) && offset > 0 {
                cuts.push(tm + offset);
                break;
            }
            offset += w.len() + 1;
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(line.len() + cuts.len());
    let mut last = 0;
    for c in cuts.into_iter().filter(|&c| c > 0 && c < line.len()) {
        out.push_str(line[last..c].trim_end_matches(' '));
        out.push('\n');
        last = c;
        while line[last..].starts_with(' ') {
            last += 1;
        }
    }
    out.push_str(&line[last..]);
    out
}

/// Formatting tags some portals leave in copied text ("<b>BÁO CÁO</b>", "<span …>"):
/// only these names, so a "<" in the text ("tỷ lệ < 5%") stays.
fn strip_tags(line: &str) -> String {
    const TAGS: &[&str] =
        &["b", "i", "u", "em", "strong", "sub", "sup", "span", "div", "p", "br", "font", "center", "small"];
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name: String =
            after.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>();
        let close = after.find('>');
        let known = TAGS.contains(&name.to_ascii_lowercase().as_str());
        match close {
            Some(end) if known && !after[..end].contains('<') => {
                // Such tags separate the cells of a header row copied from a page.
                if !out.ends_with('\t') && !out.is_empty() {
                    out.push('\t');
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in line.split(['|', '\t']) {
        let mut cell = String::new();
        let mut spaces = 0;
        for c in piece.chars() {
            if c == ' ' {
                spaces += 1;
                continue;
            }
            if spaces >= 3 && !cell.is_empty() {
                out.push(std::mem::take(&mut cell));
            } else if spaces > 0 && !cell.is_empty() {
                cell.push(' ');
            }
            spaces = 0;
            cell.push(c);
        }
        if !cell.is_empty() {
            out.push(cell);
        }
    }
    // A blank left to be filled in by hand is not a column: "ngày      tháng 3 năm 2023",
    // "Số:        /KH-UBND".
    let mut joined: Vec<String> = Vec::with_capacity(out.len());
    for cell in out {
        let lower = cell.to_lowercase();
        let continues = lower.starts_with("tháng") || lower.starts_with("năm") || cell.starts_with(['/', '.', '…']);
        match joined.last_mut() {
            Some(prev)
                if continues && ["ngày", "tháng", "số:", "số"].iter().any(|w| prev.to_lowercase().ends_with(w)) =>
            {
                prev.push(' ');
                prev.push_str(&cell);
            }
            _ => joined.push(cell),
        }
    }
    joined
}

/// Whether `s` is written in capitals: it has letters and no lower-case letter outside
/// parentheses ("CHƯƠNG TRÌNH HÀNH ĐỘNG (sửa đổi, bổ sung)" is).
pub fn is_caps(s: &str) -> bool {
    let mut depth = 0;
    let mut letters = 0;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth <= 0 && c.is_lowercase() => return false,
            c if c.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    letters >= 2
}

/// A line that only decorates: "-----", "***", "_____".
pub fn is_rule(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '-' | '_' | '*' | '=' | '—' | '–' | '.' | ' ' | '~'))
}

/// The national motto and the Party's name printed at the top right of every document.
pub fn is_motto(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim();
    if ["cong hoa xa hoi chu nghia", "doc lap - tu do", "doc lap tu do", "dang cong san viet nam"]
        .iter()
        .any(|m| f.contains(m))
        || (f.starts_with("doc lap") && f.ends_with("hanh phuc"))
    {
        return true;
    }
    // The motto split over lines: "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập -" /
    // "Tự do - Hạnh phúc".
    let words = f.split(' ').count();
    f == "cong"
        || f.len() >= 4
            && words >= 2
            && f.chars().all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-')
            && ["cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc"]
                .iter()
                .any(|m| m.starts_with(f) || (m.ends_with(f) && words >= 3) || f == "hoi chu nghia viet nam")
}

/// Starts with `prefix`, ignoring case and diacritics-preserving: "THỰC HIỆN" and
/// "Thực hiện" both start with "thực hiện".
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    let lower = s.to_lowercase();
    lower.starts_with(&prefix.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_become_cells() {
        let l = lines("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n\tT/M BAN THƯỜNG VỤ       \nSố  người");
        assert_eq!(l[0].cells, ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]);
        assert_eq!(l[1].cells, ["T/M BAN THƯỜNG VỤ"]);
        assert_eq!(l[2].cells, ["Số người"]);
        let blank = lines("Số:      /KH-UBND\t\tHà Quảng, ngày      tháng 3 năm 2023");
        assert_eq!(blank[0].cells, ["Số: /KH-UBND", "Hà Quảng, ngày tháng 3 năm 2023"]);
        assert!(is_caps("CHƯƠNG TRÌNH HÀNH ĐỘNG (sửa đổi, bổ sung)"));
        assert!(!is_caps("Kế hoạch"));
        assert!(is_motto("Độc lập - Tự do - Hạnh phúc"));
    }
}
