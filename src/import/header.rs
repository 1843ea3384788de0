//! The top of a document: the issuer's name, "Số: …", "Thái Bình, ngày 1 tháng 6 năm
//! 2022", the kind in capitals ("KẾ HOẠCH") and the title (trích yếu) under it.

use jiff::civil::Date;

use super::casing::{Casing, capitalise};
use super::layout::{Line, is_caps, is_motto, is_rule, starts_with_ci};
use crate::model::number::DocNumber;
use crate::text::fold;

/// Kinds of document as printed in capitals, longest first, with their written name.
pub const KINDS: &[(&str, &str)] = &[
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Chương trình hành động"),
    ("CHƯƠNG TRÌNH", "Chương trình"),
    ("KẾ HOẠCH", "Kế hoạch"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("CHỈ THỊ", "Chỉ thị"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("NGHỊ ĐỊNH", "Nghị định"),
    ("KẾT LUẬN", "Kết luận"),
    ("HƯỚNG DẪN", "Hướng dẫn"),
    ("BÁO CÁO", "Báo cáo"),
    ("THÔNG BÁO", "Thông báo"),
    ("THÔNG TƯ", "Thông tư"),
    ("ĐỀ ÁN", "Đề án"),
    ("TỜ TRÌNH", "Tờ trình"),
    ("QUY CHẾ", "Quy chế"),
    ("QUY ĐỊNH", "Quy định"),
    ("CÔNG VĂN", "Công văn"),
    ("ĐỊNH HƯỚNG TUYÊN TRUYỀN", "Định hướng tuyên truyền"),
    ("THÔNG TRI", "Thông tri"),
    ("PHƯƠNG ÁN", "Phương án"),
    ("ĐIỀU LỆ", "Điều lệ"),
];

/// Words that open the body, never a title's continuation.
const BODY_OPENERS: &[&str] = &[
    "thực hiện",
    "căn cứ",
    "để ",
    "nhằm",
    "trên cơ sở",
    "sau khi",
    "xét đề nghị",
    "theo đề nghị",
    "phần ",
    "điều 1",
    "kính gửi",
    "(ban hành kèm theo",
];

/// The number line: a number, or one left blank to be filled at signing ("……/KH-UBND").
#[derive(Debug, Clone, PartialEq)]
pub enum NumberLine {
    Number(String),
    Blank(String),
}

/// The place and date line; the day or month may be left blank ("ngày … tháng 6 năm 2022").
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceDate {
    pub place: String,
    pub date: Option<Date>,
    /// The line as written, when the date could not be read from it.
    pub written: String,
}

#[derive(Debug, Default)]
pub struct Header {
    pub kind: Option<String>,
    /// Written after the kind: "(sửa đổi, bổ sung)".
    pub kind_note: Option<String>,
    pub title: String,
    /// The title as printed (all capitals, lines joined), to search for references.
    pub title_as_printed: String,
    pub number: Option<NumberLine>,
    pub place_date: Option<PlaceDate>,
    /// The issuer's name from the header's left column, in capitals as printed.
    pub issuer_lines: Vec<String>,
    /// "(Ban hành kèm theo Quyết định số …)": the decision that issued this document.
    pub issued_by: Option<String>,
    /// The first line of the body (index into the lines).
    pub body_start: usize,
    /// Cells above the body that are none of the above (a portal's heading, a "Căn cứ"
    /// line above a late kind line): (line number, text), kept for the body.
    pub leftover: Vec<(usize, String)>,
    /// "Số: 255 / BC-BCĐPCGD-": a number whose end is in a later cell ("XMC").
    number_open: Option<String>,
}

pub fn kind_of(cell: &str) -> Option<(&'static str, String)> {
    if !is_caps(cell) {
        return None;
    }
    // A kind line garbled by a PDF's extraction ("K ÉT LUẬN" for "KẾT LUẬN"): the whole
    // line is the kind when its letters, without marks or spaces, are the kind's.
    let squeezed = |s: &str| fold(s).chars().filter(|c| c.is_ascii_alphabetic()).collect::<String>();
    if cell.split_whitespace().count() <= 4 && !cell.trim_end().ends_with(':') {
        if let Some((_, name)) = KINDS.iter().find(|(caps, _)| squeezed(caps) == squeezed(cell)) {
            return Some((name, String::new()));
        }
    }
    KINDS.iter().find_map(|(caps, name)| {
        let rest = cell.strip_prefix(caps)?;
        (rest.is_empty() || rest.starts_with([' ', '('])).then(|| (*name, rest.trim().to_string()))
    })
}

/// Whether a word has no vowel, so cannot be a Vietnamese syllable: the first part of a
/// word split across lines ("KHÁNH H" / "ÒA").
fn is_word_fragment(word: &str) -> bool {
    let f = fold(word);
    !f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic()) && !f.chars().any(|c| "aeiouy".contains(c))
}

/// Joins two pieces of one cell: with a space, or without when the first ends in a
/// piece of a word.
fn join_pieces(a: &str, b: &str) -> String {
    let last = a.split_whitespace().last().unwrap_or("");
    if is_word_fragment(last) && b.starts_with(char::is_alphabetic) { format!("{a}{b}") } else { format!("{a} {b}") }
}

/// The header's cells, put back together. Pages copied from legal databases print a
/// header table one cell over several lines, each cell ended by "|" or a line of its
/// own ("ỦY BAN NHÂN" / "DÂN |", "Số:" / "48/2016/NQ-HĐND" / "|", "Cao" / "Bằng, ngày
/// …"); other copies split a word ("TỈNH KHÁNH H" / "ÒA") or put "Số:" alone on its
/// line. The lines of the header are joined back into cells; the body is untouched.
pub fn regroup(lines: Vec<Line>) -> Vec<Line> {
    // The header ends at the kind line, the first sentence of the body, or a long line.
    let end = lines
        .iter()
        .take(100)
        .position(|l| l.cells.iter().any(|c| kind_of(c).is_some()))
        .or_else(|| {
            lines.iter().take(100).position(|l| {
                l.cells.iter().any(|c| BODY_OPENERS.iter().any(|w| starts_with_ci(c, w) && !starts_with_ci(c, "phần ")))
            })
        })
        .unwrap_or(0);
    // A sentence (a page's title, a line of the text) is never part of a header cell.
    let sentence = |c: &str| c.chars().count() > 60 || c.ends_with(['.', ';', '!', '?']);
    let table = lines[..end].iter().any(|l| l.bar_end && l.cells.len() <= 1);
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut group: Option<Line> = None;
    let flush = |group: &mut Option<Line>, out: &mut Vec<Line>| {
        if let Some(g) = group.take() {
            out.push(g);
        }
    };
    let mut rest = lines.into_iter();
    for line in rest.by_ref().take(end) {
        if line.cells.len() != 1 {
            flush(&mut group, &mut out);
            out.push(line);
            continue;
        }
        let cell = line.cells[0].clone();
        if is_rule(&cell) || sentence(&cell) {
            flush(&mut group, &mut out);
            out.push(line);
            continue;
        }
        let joins = match &group {
            None => false,
            Some(g) => {
                let prev = g.cells[0].as_str();
                let prev_last = prev.split_whitespace().last().unwrap_or("");
                let number_open = number_of(prev).is_none()
                    && (matches!(prev.to_lowercase().trim_end_matches([':', '.', ' ']), "số")
                        || number_of(prev).is_none() && number_of(&join_pieces(prev, &cell)).is_some());
                let date_open = prev.to_lowercase().trim_end().ends_with("ngày") || prev.ends_with(',');
                let starts_new = number_of(&cell).is_some()
                    || is_motto(&cell) && !is_motto(prev)
                    || fold(&cell).starts_with("doc lap");
                if table {
                    !starts_new || number_open
                } else {
                    number_open
                        || (date_open && place_date(&join_pieces(prev, &cell)).is_some())
                        || (is_word_fragment(prev_last) && is_caps(prev) && is_caps(&cell))
                }
            }
        };
        if joins {
            let g = group.as_mut().expect("joins only onto a group");
            g.cells[0] = join_pieces(&g.cells[0], &cell);
            g.bar_end = line.bar_end;
        } else {
            flush(&mut group, &mut out);
            group = Some(line);
        }
        // In a flattened table "|" ends the cell; elsewhere each line is its own.
        if group.as_ref().is_some_and(|g| g.bar_end) {
            flush(&mut group, &mut out);
        }
        if !table {
            // A line stays open only when its next line may complete it.
            let open = group.as_ref().is_some_and(|g| {
                let c = g.cells[0].as_str();
                let l = c.to_lowercase();
                matches!(l.trim_end_matches([':', '.', ' ']), "số")
                    || l.trim_end().ends_with("ngày")
                    || c.ends_with(',')
                    || (is_caps(c) && is_word_fragment(c.split_whitespace().last().unwrap_or("")))
            });
            if !open {
                flush(&mut group, &mut out);
            }
        }
    }
    flush(&mut group, &mut out);
    out.extend(rest);
    out
}

/// Where a header without a kind line ends: at the first sentence of the body or the
/// first long line, within the first lines; 0 when the text opens with its body.
fn header_end(lines: &[Line]) -> usize {
    let header_like = |l: &Line| {
        l.is_blank()
            || l.cells.iter().all(|c| {
                is_rule(c)
                    || is_motto(c)
                    || number_of(c).is_some()
                    || place_date(c).is_some()
                    || is_caps(c) && c.chars().count() <= 80
            })
    };
    // The header is the run of header-like lines at the top (after a page's own lines).
    let first = lines
        .iter()
        .take(40)
        .position(|l| !l.is_blank() && header_like(l) && l.cells.iter().any(|c| is_caps(c) || number_of(c).is_some()));
    let Some(first) = first else { return 0 };
    let mut end = first;
    let mut seen_field = false;
    for (i, l) in lines.iter().enumerate().skip(first).take(40) {
        if !header_like(l) {
            break;
        }
        if l.cells.iter().any(|c| number_of(c).is_some() || place_date(c).is_some()) {
            seen_field = true;
        }
        end = i + 1;
    }
    // Capitals alone are a heading of the body, not a header: a header has "Số" or a date.
    if seen_field { end } else { 0 }
}

pub fn read(lines: &[Line], casing: &Casing) -> Header {
    let mut header = Header::default();
    // The kind line: the first capitalised line naming a kind, near the top.
    // Further down (after a page's own lines) only when "Số:" or the date is just above.
    let kind_at = lines.iter().take(100).enumerate().position(|(k, l)| {
        l.cells.iter().any(|c| kind_of(c).is_some())
            && (k < 60
                || lines[k.saturating_sub(15)..k]
                    .iter()
                    .any(|p| p.cells.iter().any(|c| number_of(c).is_some() || place_date(c).is_some())))
    });
    if kind_at.is_none() {
        if let Some(h) = official_letter(lines) {
            return h;
        }
    }
    let top = kind_at.unwrap_or_else(|| header_end(lines));
    for line in &lines[..top] {
        for cell in &line.cells {
            classify_header_cell(cell, line.no, &mut header);
        }
    }
    if kind_at.is_none() {
        // No kind line: the header (if any) is read, the title left for the editor.
        header.body_start = top;
        return header;
    }
    let mut i = top;
    let mut title_lines: Vec<String> = Vec::new();
    // "BÁO CÁO TÓM TẮT": words after the kind that only qualify it, the title under them.
    let mut qualifier_only = false;
    if let Some(k) = kind_at {
        let cell = lines[k].cells.iter().find(|c| kind_of(c).is_some()).expect("found above");
        let (kind, rest) = kind_of(cell).expect("found above");
        header.kind = Some(kind.to_string());
        let (note, rest) = split_parenthetical(&rest);
        header.kind_note = note;
        if !rest.is_empty() {
            qualifier_only = rest.split_whitespace().count() <= 3;
            title_lines.push(rest);
        }
        i = k + 1;
    }
    // The title: the lines under the kind, up to a blank line or the body's first words.
    // A blank line right under the kind is allowed.
    while title_lines.is_empty() && i < lines.len() && lines[i].is_blank() {
        i += 1;
    }
    while i < lines.len() {
        let line = &lines[i];
        if line.is_blank() {
            break;
        }
        let text = line.text();
        if starts_with_ci(&text, "(ban hành kèm theo") {
            header.issued_by = Some(text.trim_matches(['(', ')', ' ']).to_string());
            i += 1;
            continue;
        }
        if number_of(line.first()).is_some() || place_date(line.first()).is_some() {
            for cell in &line.cells {
                classify_header_cell(cell, line.no, &mut header);
            }
            i += 1;
            continue;
        }
        if is_rule(&text) {
            i += 1;
            if !title_lines.is_empty() {
                break;
            }
            continue;
        }
        let opens_body = BODY_OPENERS.iter().any(|w| starts_with_ci(&text, w));
        // The enacting authority under a decision's title ("ỦY BAN NHÂN DÂN TỈNH …",
        // "CHỦ TỊCH …") is no part of the title.
        let authority = is_caps(&text)
            && ["ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG"]
                .iter()
                .any(|a| text.starts_with(a));
        if !title_lines.is_empty() && (authority || starts_with_ci(&text, "(ban hành")) {
            break;
        }
        if let Some(prev) = title_lines.last() {
            // Continue a title in capitals with capitals, a written one with a line
            // that carries on its sentence.
            let continues = if is_caps(prev) { is_caps(&text) } else { text.starts_with(char::is_lowercase) }
                || (qualifier_only && title_lines.len() == 1);
            if opens_body || !continues {
                break;
            }
        }
        title_lines.push(text);
        i += 1;
    }
    header.body_start = i;
    let printed = title_lines.join(" ");
    header.title_as_printed = printed.clone();
    header.title = if is_caps(&printed) {
        casing.apply(&printed)
    } else {
        // Lines in capitals among written ones ("TÓM TẮT" above "Tình hình …").
        let parts: Vec<String> = title_lines
            .iter()
            .enumerate()
            .map(|(n, l)| {
                if !is_caps(l) {
                    l.clone()
                } else if n == 0 {
                    casing.apply(l)
                } else {
                    casing.apply(l).to_lowercase()
                }
            })
            .collect();
        capitalise(&parts.join(" "))
    };
    header
}

/// A công văn has no kind line: its subject ("V/v …") sits under the number in the
/// header's left column, and "Kính gửi:" opens its body.
fn official_letter(lines: &[Line]) -> Option<Header> {
    let is_subject = |c: &str| c.starts_with("V/v") || c.starts_with("V/V") || c.starts_with("v/v");
    let subject_at = lines.iter().take(60).position(|l| l.cells.iter().any(|c| is_subject(c)))?;
    let body_start = (subject_at..lines.len().min(60))
        .find(|&i| lines[i].cells.iter().any(|c| starts_with_ci(c, "kính gửi")))
        .unwrap_or(subject_at + 1);
    let mut header = Header { kind: Some("Công văn".to_string()), body_start, ..Header::default() };
    let mut subject: Vec<String> = Vec::new();
    for (i, line) in lines[..body_start].iter().enumerate() {
        for cell in &line.cells {
            if is_subject(cell) || (i > subject_at && !subject.is_empty() && cell.starts_with(char::is_lowercase)) {
                // The subject may wrap onto the lines under it, in the same column.
                subject.push(cell.clone());
            } else {
                classify_header_cell(cell, line.no, &mut header);
            }
        }
    }
    header.title_as_printed = subject.join(" ");
    header.title = capitalise(&header.title_as_printed);
    Some(header)
}

/// "(sửa đổi, bổ sung) CỦA BAN …" → ("sửa đổi, bổ sung", "CỦA BAN …").
fn split_parenthetical(s: &str) -> (Option<String>, String) {
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(end) = rest.find(')') {
            return (Some(rest[..end].trim().to_string()), rest[end + 1..].trim().to_string());
        }
    }
    (None, s.to_string())
}

/// Reads one cell of the header into its field; what is no field is kept as leftover.
fn classify_header_cell(cell: &str, line: usize, header: &mut Header) {
    if is_rule(cell) || is_motto(cell) {
        return;
    }
    let opens_body = BODY_OPENERS.iter().any(|w| starts_with_ci(cell, w));
    // The end of a number broken over the header's cells: a code alone ("XMC").
    if let Some(open) = header.number_open.clone() {
        let code = cell.chars().count() <= 12 && cell.chars().all(|c| c.is_alphanumeric() || c == '-');
        if code && is_caps(cell) {
            if let Some(n) = number_of(&format!("{open}{cell}")) {
                header.number = Some(n);
                header.number_open = None;
                return;
            }
        }
    }
    if header.number.is_none()
        && number_of(cell).is_none()
        && cell.ends_with(['-', '/'])
        && ["Số", "SỐ", "số"].iter().any(|p| cell.starts_with(p))
    {
        header.number_open = Some(cell.to_string());
        return;
    }
    // A number printed without "Số:" is no issuer.
    if is_caps(cell) && DocNumber::parse(cell).is_some() {
        if header.number.is_none() {
            header.number = number_of(&format!("Số: {cell}"));
        }
        return;
    }
    if let Some(n) = number_of(cell).filter(|_| header.number.is_none()) {
        header.number = Some(n);
    } else if let Some(pd) = place_date(cell).filter(|_| header.place_date.is_none() && !opens_body) {
        header.place_date = Some(pd);
    } else if is_caps(cell) && !opens_body && cell.chars().count() <= 80 {
        header.issuer_lines.push(cell.trim_matches(['*', ' ']).to_string());
    } else {
        header.leftover.push((line, cell.to_string()));
    }
}

/// "Số: 41/CTHĐ-HKH", "Số 387-KH/TU", "Số: 255 / BC-UBND", "Số: ……/KH-UBND".
pub fn number_of(cell: &str) -> Option<NumberLine> {
    let rest = ["Số", "SỐ", "số"].iter().find_map(|p| cell.strip_prefix(p))?;
    if !rest.starts_with([':', ' ', '.']) && !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start_matches([':', '.', ' ']).trim();
    if let Some(n) = DocNumber::parse(rest).or_else(|| DocNumber::parse(&unglue(rest))) {
        return Some(NumberLine::Number(n.to_string()));
    }
    // Left blank for the number to be written in at signing.
    let blank = rest.trim_start_matches(['.', '…', '_', ' ', '/', '-']);
    if rest.starts_with(['.', '…', '_', '/']) && blank.chars().next().is_some_and(char::is_alphabetic) {
        return Some(NumberLine::Blank(rest.to_string()));
    }
    None
}

/// "1961/QĐUBND" → "1961/QĐ-UBND": a kind's symbol glued to the issuer's.
fn unglue(number: &str) -> String {
    let Some((serial, code)) = number.split_once('/') else { return number.to_string() };
    if code.contains(['-', '/']) {
        return number.to_string();
    }
    for kind in ["QĐ", "KH", "BC", "CT", "NQ", "HD", "KL", "TB", "CTr", "TTr"] {
        if let Some(issuer) = code.strip_prefix(kind) {
            if issuer.chars().count() >= 2 && issuer.chars().all(|c| c.is_uppercase()) {
                return format!("{serial}/{kind}-{issuer}");
            }
        }
    }
    number.to_string()
}

/// "Thái Bình, ngày 1 tháng 6 năm 2022"; "Hà Nội, ngày    tháng 6 năm 2022".
pub fn place_date(cell: &str) -> Option<PlaceDate> {
    let lower = cell.to_lowercase();
    let at = lower.find("ngày")?;
    let place = cell[..at].trim().trim_end_matches(',').trim();
    if place.is_empty() || place.chars().count() > 60 || place.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = &lower[at + "ngày".len()..];
    let t = rest.find("tháng")?;
    let n = rest.find("năm")?;
    if n < t {
        return None;
    }
    let day = rest[..t].trim();
    let month = rest[t + "tháng".len()..n].trim();
    let year_text: String = rest[n + "năm".len()..].trim().chars().take_while(char::is_ascii_digit).collect();
    let year: i16 = year_text.parse().ok().filter(|y| (1945..=2200).contains(y))?;
    let date = match (day.parse::<i8>(), month.parse::<i8>()) {
        (Ok(d), Ok(m)) => Date::new(year, m, d).ok(),
        _ => None,
    };
    Some(PlaceDate { place: place.to_string(), date, written: cell.trim().to_string() })
}

/// Administrative units, in the folded form used for comparing.
const UNIT_WORDS: &[&str] = &["tinh", "thanh pho", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran"];

/// Where an administrative unit begins in folded text ("ubnd tinh cao bang" → 5),
/// not counting Party committees ("tinh uy").
fn unit_at(folded: &str) -> Option<usize> {
    let starts = std::iter::once(0).chain(folded.match_indices(' ').map(|(i, _)| i + 1));
    starts.into_iter().find(|&i| {
        UNIT_WORDS
            .iter()
            .any(|u| folded[i..].strip_prefix(u).is_some_and(|a| a.starts_with(' ') && !a[1..].starts_with("uy")))
    })
}

/// "TỈNH ỦY", "HUYỆN ỦY", "ĐẢNG ỦY …": a Party committee, named after its place alone.
fn is_committee(folded: &str) -> bool {
    ["tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy"].iter().any(|c| folded.starts_with(c))
}

/// The issuer's name from the header's capitalised lines: "ỦY BAN NHÂN DÂN" + "TỈNH THÁI
/// BÌNH" is one name; "HỘI NÔNG DÂN VIỆT NAM" + "BCH HỘI NÔNG DÂN TỈNH CAO BẰNG" is the
/// second under its parent; "UBND TỈNH X" + "SỞ GIÁO DỤC VÀ ĐÀO TẠO" is the Sở of tỉnh X.
pub fn issuer_from_lines(lines: &[String], casing: &Casing) -> Option<String> {
    let last = lines.last()?;
    let caps = if lines.len() == 1 {
        last.clone()
    } else {
        let prev = &lines[lines.len() - 2];
        let (fl, fp) = (fold(last), fold(prev));
        if unit_at(&fl) == Some(0) {
            format!("{prev} {last}")
        } else if unit_at(&fl).is_none() && is_committee(&fl) {
            // "ĐẢNG BỘ TỈNH CAO BẰNG" + "TỈNH ỦY": the committee takes the place's name only.
            match unit_at(&fp) {
                Some(at) => {
                    let unit = UNIT_WORDS.iter().find(|u| fp[at..].starts_with(*u)).map_or(0, |u| u.len() + 1);
                    format!("{last} {}", prev.chars().skip(fp[..at + unit].chars().count()).collect::<String>())
                }
                None => last.clone(),
            }
        } else if unit_at(&fl).is_none() {
            match unit_at(&fp) {
                Some(at) => format!("{last} {}", prev.chars().skip(fp[..at].chars().count()).collect::<String>()),
                None => last.clone(),
            }
        } else {
            last.clone()
        }
    };
    // "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" signs for the committee, which is the issuer.
    let caps =
        ["CHỦ TỊCH ", "Chủ tịch "].iter().find_map(|p| caps.strip_prefix(p)).map_or(caps.clone(), str::to_string);
    let issuer = tidy_issuer(&casing.apply(&caps));
    plausible_issuer(&issuer).then_some(issuer)
}

/// Whether a name can be an issuer: not the motto, not a number, not a body's bare
/// kind without its place ("UBND"), which the editor is asked for instead.
pub fn plausible_issuer(name: &str) -> bool {
    let f = fold(name);
    let bare = ["ubnd", "hdnd", "uy ban nhan dan", "hoi dong nhan dan", "ban chap hanh", "ban thuong vu"];
    !(f.contains("chu nghia viet nam")
        || f.contains("cong hoa xa hoi")
        || name.chars().any(|c| c.is_ascii_digit())
        || bare.contains(&f.trim())
        || UNIT_WORDS.iter().any(|u| f.trim_end().ends_with(&format!(" {u}")))
        || f.split_whitespace().count() == 1 && name.chars().count() <= 5)
}

/// The site's way of writing issuers: "UBND tỉnh …", "HĐND …", "Huyện ủy", units in lower
/// case before a name ("UBND Thành phố Hà Nội" → "UBND thành phố Hà Nội").
pub fn tidy_issuer(name: &str) -> String {
    let mut name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    for (long, short) in [("uy ban nhan dan", "UBND"), ("hoi dong nhan dan", "HĐND")] {
        let folded = fold(&name);
        if let Some(rest) = folded.strip_prefix(long) {
            if rest.is_empty() || rest.starts_with(' ') {
                let skip = long.split(' ').count();
                let tail: Vec<&str> = name.split(' ').skip(skip).collect();
                name = std::iter::once(short).chain(tail).collect::<Vec<_>>().join(" ");
            }
        }
    }
    let words: Vec<String> = name.split(' ').map(str::to_string).collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        let next = words.get(i + 1).map(|n| n.to_lowercase());
        let committee = next.as_deref().is_some_and(|n| n == "ủy" || n == "uỷ");
        let is_unit = ["tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"].contains(&lw.as_str());
        if is_unit && committee {
            out.push(capitalise(&lw));
        } else if is_unit && i > 0 {
            out.push(lw);
        } else {
            out.push(w.clone());
        }
    }
    // "thành Phố" after lower-casing "Thành": the second word of a unit follows it.
    let mut joined = out.join(" ");
    for (bad, good) in [("thành Phố", "thành phố"), ("thị Xã", "thị xã"), ("thị Trấn", "thị trấn")]
    {
        joined = joined.replace(bad, good);
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_dates_and_issuers_as_printed() {
        assert_eq!(number_of("Số: 41/CTHĐ-HKH"), Some(NumberLine::Number("41/CTHĐ-HKH".into())));
        assert_eq!(number_of("Số: 255 / BC-UBND"), Some(NumberLine::Number("255/BC-UBND".into())));
        assert_eq!(number_of("Số: 1315/QĐ- TTg"), Some(NumberLine::Number("1315/QĐ-TTg".into())));
        assert_eq!(number_of("Số: ……/KH-UBND"), Some(NumberLine::Blank("……/KH-UBND".into())));
        assert_eq!(number_of("Số người biết chữ"), None);
        let pd = place_date("Thái Bình, ngày 1 tháng 6 năm 2022").unwrap();
        assert_eq!((pd.place.as_str(), pd.date), ("Thái Bình", Some(jiff::civil::date(2022, 6, 1))));
        let blank = place_date("Hà Nội, ngày     tháng 6 năm 2022").unwrap();
        assert_eq!((blank.place.as_str(), blank.date), ("Hà Nội", None));
        let casing = Casing::learn(["phối hợp với Sở Giáo dục và Đào tạo tỉnh"]);
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            issuer_from_lines(&lines(&["ỦY BAN NHÂN DÂN", "TỈNH THÁI BÌNH"]), &casing).unwrap(),
            "UBND tỉnh Thái Bình"
        );
        assert_eq!(
            issuer_from_lines(&lines(&["UBND TỈNH QUẢNG NINH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]), &casing).unwrap(),
            "Sở Giáo dục và Đào tạo tỉnh Quảng Ninh"
        );
        assert_eq!(issuer_from_lines(&lines(&["TỈNH ỦY CAO BẰNG"]), &casing).unwrap(), "Tỉnh ủy Cao Bằng");
        assert_eq!(
            issuer_from_lines(&lines(&["ĐẢNG BỘ TỈNH CAO BẰNG", "TỈNH ỦY"]), &casing).unwrap(),
            "Tỉnh ủy Cao Bằng"
        );
        assert_eq!(tidy_issuer("UBND Thành phố Hà Nội"), "UBND thành phố Hà Nội");
        assert_eq!(tidy_issuer("Ban Thường vụ huyện ủy"), "Ban Thường vụ Huyện ủy");
    }
}
