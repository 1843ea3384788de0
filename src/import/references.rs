//! The documents a document names in its opening: "Thực hiện Kế hoạch số 4621/KH-UBND
//! …" (it implements them), "Căn cứ Quyết định số 387/QĐ-TTg …" (its bases), "sửa đổi,
//! bổ sung Chương trình hành động số 25-CTrHĐ/HKH" (it amends it), "thay thế …" (it
//! replaces it). Only the direct objects count: in "Kế hoạch số 4621 … về việc thực
//! hiện Kế hoạch số 387 …", 387 is what 4621 implements, not this document.

use crate::model::number::{DocNumber, find_in_text};

/// Names of kinds that introduce a number in running text, lower case.
pub const KIND_WORDS: &[&str] = &[
    "chương trình hành động",
    "chương trình",
    "kế hoạch",
    "chỉ thị",
    "quyết định",
    "nghị quyết",
    "nghị định",
    "kết luận",
    "thông tư",
    "hướng dẫn",
    "công văn",
    "thông báo",
    "đề án",
];

#[derive(Debug, Default)]
pub struct References {
    pub implements: Vec<String>,
    pub based_on: Vec<String>,
    pub amends: Vec<String>,
    pub replaces: Vec<String>,
}

/// A number written the way its issuer officially writes it ("4621-KH/UBND" →
/// "4621/KH-UBND", "387-KH-TU" → "387-KH/TU"), so it links to the document.
pub fn official(n: &DocNumber) -> String {
    n.official().to_string()
}

fn push(list: &mut Vec<String>, n: String) {
    if !list.contains(&n) {
        list.push(n);
    }
}

/// The numbers a clause names as its direct objects: the first one, and those joined to
/// it by "và" or a comma with no "về …" or "thực hiện …" between (which would make the
/// later number the object of the earlier document).
pub fn direct_numbers(clause: &str) -> Vec<DocNumber> {
    let clause = &unglue_dates(clause);
    let found = find_in_text(clause);
    let mut direct = Vec::new();
    let mut last_end = 0;
    for (i, (range, number)) in found.into_iter().enumerate() {
        let between = clause[last_end..range.start].to_lowercase();
        let nested = [" về ", "thực hiện", "triển khai"].iter().any(|w| between.contains(w));
        let joined = between.contains(" và ") || between.contains(", ") || between.contains(';');
        if i == 0 || (joined && !nested) {
            direct.push(number);
            last_end = range.end;
        }
    }
    direct
}

/// Reads the opening paragraphs (before the first part heading) and the title.
pub fn read(opening: &[String], title_as_printed: &str) -> References {
    let mut refs = References::default();
    // The list a "Thực hiện …" or "Căn cứ …" sentence feeds: its later clauses ("…;
    // Kế hoạch số 157-KH/TU …"; "…; ý kiến chỉ đạo … tại Công văn số …") feed it too,
    // up to the end of the sentence, even across a line broken mid-sentence.
    #[derive(Clone, Copy, PartialEq)]
    enum List {
        None,
        Implements,
        BasedOn,
    }
    let mut current = List::None;
    for paragraph in opening {
        for sentence in paragraph.split(". ") {
            for clause in sentence.split(';').map(str::trim).filter(|c| !c.is_empty()) {
                let lower = clause.to_lowercase();
                let opens_implements = [
                    "thực hiện",
                    "để thực hiện",
                    "để tiếp tục thực hiện",
                    "tiếp tục thực hiện",
                    "triển khai thực hiện",
                ]
                .iter()
                .any(|w| lower.starts_with(w));
                if opens_implements {
                    current = List::Implements;
                } else if lower.starts_with("căn cứ") {
                    current = List::BasedOn;
                } else if ["theo đề nghị", "xét đề nghị", "xét tờ trình", "theo tờ trình"]
                    .iter()
                    .any(|w| lower.starts_with(w))
                {
                    current = List::None;
                }
                let list = match current {
                    List::Implements => &mut refs.implements,
                    List::BasedOn => &mut refs.based_on,
                    List::None => continue,
                };
                for n in direct_numbers(clause) {
                    push(list, official(&n));
                }
            }
            current = List::None;
        }
        // A sentence carried on to the next line keeps its list.
        let ended = paragraph.trim_end().ends_with(['.', ':', ';', '!', '?']);
        if let (false, Some(last)) = (ended, paragraph.split(". ").last()) {
            let lower = last.to_lowercase();
            if lower.starts_with("thực hiện") || lower.contains("; thực hiện") {
                current = List::Implements;
            } else if lower.starts_with("căn cứ") || lower.contains("; căn cứ") {
                current = List::BasedOn;
            }
        }
        // What this document amends or replaces, not what a cited document did: a
        // "Căn cứ …" or "Thực hiện …" clause speaks of other documents.
        for sentence in paragraph.split(". ") {
            let lower = sentence.trim_start().to_lowercase();
            if lower.starts_with("căn cứ") || lower.starts_with("thực hiện") || lower.starts_with("theo ") {
                continue;
            }
            for (phrase, list) in [("sửa đổi", &mut refs.amends), ("thay thế", &mut refs.replaces)] {
                if let Some(n) = number_after(sentence, phrase) {
                    push(list, official(&n));
                }
            }
        }
    }
    // "KẾ HOẠCH THỰC HIỆN CHỈ THỊ SỐ 11-CT/TW …": the title names what the plan implements.
    let title_lower = title_as_printed.to_lowercase();
    if title_lower.starts_with("thực hiện") || title_lower.starts_with("triển khai thực hiện") {
        if let Some(n) = direct_numbers(title_as_printed).into_iter().next() {
            push(&mut refs.implements, official(&n));
        }
    }
    refs
}

/// The number following `phrase` closely, with only a kind's name between:
/// "sửa đổi bổ sung Chương trình hành động số 25-CTrHĐ/HKH".
fn number_after(text: &str, phrase: &str) -> Option<DocNumber> {
    let lower = text.to_lowercase();
    let at = lower.find(phrase)?;
    let after = &text[at + phrase.len()..];
    let (range, n) = find_in_text(after).into_iter().next()?;
    let between = after[..range.start].to_lowercase();
    let between = between.trim_matches(|c: char| c == ',' || c == ' ');
    let between = between.strip_prefix("bổ sung").unwrap_or(between).trim_matches(|c: char| c == ',' || c == ' ');
    let between = between.strip_suffix("số").unwrap_or(between).trim();
    (between.is_empty() || KIND_WORDS.iter().any(|k| between.ends_with(k))).then_some(n)
}

/// "70-TB/TWngày 5/2" (a space lost in copying) → "70-TB/TW ngày 5/2", so "ngày" is
/// not read as part of the issuer's symbol.
fn unglue_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == 'n' && prev.is_some_and(|p| p.is_uppercase() || p.is_ascii_digit()) && text[i..].starts_with("ngày") {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Every number the text names, in order, each once, in its official form.
pub fn mentioned(text: &str) -> Vec<String> {
    let mut all = Vec::new();
    for (_, n) in find_in_text(&unglue_dates(text)) {
        push(&mut all, official(&n));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_direct_objects_are_implemented() {
        let refs = read(
            &["Thực hiện Kế hoạch số 4621-KH/UBND ngày 31/12/2019 của UBND tỉnh Cao Bằng về việc Thực hiện Kế hoạch số 387-KH-TU ngày 04/10/2019 về việc triển khai thực hiện Kết luận số 49-KL/TW; UBND tỉnh ban hành Kế hoạch.".into()],
            "THỰC HIỆN KẾ HOẠCH SỐ 387-KH-TU",
        );
        assert_eq!(refs.implements, ["4621/KH-UBND", "387-KH/TU"]);
        let refs = read(
            &[
                "Căn cứ Quyết định số 387/QĐ-TTg ngày 25/3/2022 và Kế hoạch số 12/KH-UBND;".into(),
                "Ban Chấp hành sửa đổi bổ sung Chương trình hành động số 25-CTrHĐ/HKH, ngày 5/3/2021.".into(),
            ],
            "",
        );
        assert_eq!(refs.based_on, ["387/QĐ-TTg", "12/KH-UBND"]);
        assert_eq!(refs.amends, ["25-CTrHĐ/HKH"]);
    }
}
