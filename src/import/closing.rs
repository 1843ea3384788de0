//! The foot of a document: "Nơi nhận:" and its list of recipients, and the signature
//! block (T/M …, KT. …, the office, the name). In the original they sit side by side in
//! a table, so one line of text may hold a recipient and a line of the signature.

use super::layout::{Line, is_caps, is_rule, starts_with_ci};

#[derive(Debug, Default, PartialEq)]
pub struct Closing {
    /// Where the closing starts: the body ends before it.
    pub start: usize,
    /// Where it ends: after the signer's name. What follows is an appendix, such as the
    /// plan a decision issues ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)").
    pub end: usize,
    pub recipients: Vec<String>,
    /// The signature's office lines, as printed ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ").
    pub signer_title: Vec<String>,
    pub signer_name: Option<String>,
    /// Labels inside the list of recipients ("Gửi bản điện tử:"), kept as written.
    pub recipient_notes: Vec<String>,
}

fn item(cell: &str) -> Option<&str> {
    let rest = cell.strip_prefix(['-', '+', '•', '–', '*'])?;
    Some(rest.trim())
}

fn tidy_recipient(s: &str) -> String {
    s.trim().trim_end_matches([';', ',', '.']).trim().to_string()
}

/// Lines of the signature that are neither office nor name.
fn is_noise(s: &str) -> bool {
    let l = s.to_lowercase();
    is_rule(s)
        || l.contains("đã ký")
        || l.contains("ký tên")
        || l.contains("đóng dấu")
        || l == "./."
        || l.starts_with("(ký")
}

/// Whether a line is a person's name: two to six words, each capitalised, letters only.
pub fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && !is_caps(s)
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

/// Offices that open a signature block.
fn opens_signature(s: &str) -> bool {
    let starts = ["T/M", "TM.", "TM ", "KT.", "KT ", "Q.", "TL.", "TUQ.", "THAY MẶT", "KÝ THAY"];
    starts.iter().any(|p| s.starts_with(p))
        || (is_caps(s)
            && ["CHỦ TỊCH", "BÍ THƯ", "GIÁM ĐỐC", "TRƯỞNG BAN", "THỦ TƯỚNG", "BỘ TRƯỞNG"].iter().any(|o| s.contains(o))
            && s.chars().count() < 60)
}

pub fn read(lines: &[Line], body_start: usize) -> Closing {
    let found = (body_start..lines.len()).rev().find(|&i| lines[i].cells.iter().any(|c| starts_with_ci(c, "nơi nhận")));
    let mut closing = Closing { start: lines.len(), end: lines.len(), ..Closing::default() };
    let mut signature: Vec<String> = Vec::new();
    if let Some(at) = found {
        closing.start = at;
        // A signature printed just above "Nơi nhận:" belongs to the closing too.
        let mut above = at;
        while above > body_start {
            let prev = &lines[above - 1];
            if prev.is_blank() {
                above -= 1;
                continue;
            }
            let t = prev.text();
            if opens_signature(&t)
                || (is_caps(&t) && t.chars().count() < 60 && above < at)
                || is_name(&t)
                || is_noise(&t)
            {
                above -= 1;
            } else {
                break;
            }
        }
        let above_lines: Vec<&Line> = lines[above..at].iter().filter(|l| !l.is_blank()).collect();
        if above_lines.iter().any(|l| opens_signature(&l.text())) {
            closing.start = above;
            signature.extend(above_lines.iter().map(|l| l.text()));
        }
        let mut in_list = true;
        'lines: for (i, line) in lines[at..].iter().enumerate() {
            for cell in &line.cells {
                let cell = if i == 0 && starts_with_ci(cell, "nơi nhận") {
                    // "Nơi nhận: - Như trên;" may carry the first recipient.
                    let rest = cell.split_once(':').map_or("", |(_, r)| r.trim());
                    if rest.is_empty() {
                        continue;
                    }
                    rest
                } else {
                    cell.as_str()
                };
                match item(cell) {
                    Some(r) if in_list => closing.recipients.push(r.to_string()),
                    // "Gửi bản điện tử:", "Gửi bản giấy:": how the copies go, not to whom.
                    None if in_list && cell.ends_with(':') && !is_caps(cell) && cell.chars().count() < 40 => {
                        closing.recipient_notes.push(cell.to_string());
                    }
                    _ if in_list && cell.starts_with(char::is_lowercase) && !closing.recipients.is_empty() => {
                        // A recipient wrapped onto the next line.
                        let last = closing.recipients.last_mut().expect("checked");
                        *last = format!("{last} {cell}");
                    }
                    _ => {
                        signature.push(cell.to_string());
                        if line.cells.len() == 1 {
                            in_list = false;
                        }
                        if is_name(cell) {
                            closing.end = at + i + 1;
                            break 'lines;
                        }
                    }
                }
            }
        }
    } else {
        // No "Nơi nhận": the signature is the last lines, from its first office line.
        let tail: Vec<usize> = (body_start..lines.len()).rev().filter(|&i| !lines[i].is_blank()).take(8).collect();
        if let Some(&first) = tail.iter().rev().find(|&&i| opens_signature(&lines[i].text())) {
            closing.start = first;
            signature.extend(lines[first..].iter().filter(|l| !l.is_blank()).map(Line::text));
        } else if let [last, before, ..] = tail.as_slice() {
            // A name alone with "(Đã ký)" at the very end: an old text signed by a person.
            let (last, before) = (*last, *before);
            let (a, b) = (lines[before].text(), lines[last].text());
            let signed = if is_name(&a) && is_noise(&b) && b.to_lowercase().contains("ký") {
                Some(before)
            } else if is_name(&b) && is_noise(&a) && a.to_lowercase().contains("ký") {
                Some(before)
            } else {
                None
            };
            if let Some(first) = signed {
                closing.start = first;
                signature.extend(lines[first..].iter().filter(|l| !l.is_blank()).map(Line::text));
            }
        }
    }
    closing.recipients = closing.recipients.iter().map(|r| tidy_recipient(r)).collect();
    let signature: Vec<String> = signature.into_iter().filter(|s| !is_noise(s)).collect();
    if let Some(pos) = signature.iter().rposition(|s| is_name(s)) {
        closing.signer_name = Some(signature[pos].clone());
        // Office lines in capitals or not ("Chủ tịch"): none is dropped.
        closing.signer_title = signature[..pos].to_vec();
    } else {
        closing.signer_title = signature;
    }
    closing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    #[test]
    fn recipients_and_signature_side_by_side() {
        let text = "Nội dung./.\nNơi nhận:\t\t\tTM. ỦY BAN NHÂN DÂN\n- Như trên;\t\t\tKT. CHỦ TỊCH\n- Lưu: VT, KGVX.\t\t\tPHÓ CHỦ TỊCH\n\n\n\t\t\tNguyễn Văn An";
        let c = read(&lines(text), 1);
        assert_eq!(c.start, 1);
        assert_eq!(c.recipients, ["Như trên", "Lưu: VT, KGVX"]);
        assert_eq!(c.signer_title, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
        assert_eq!(c.signer_name.as_deref(), Some("Nguyễn Văn An"));
    }
}
