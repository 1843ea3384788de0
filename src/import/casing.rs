//! Writing a capitalised heading ("THỰC HIỆN CHỈ THỊ SỐ 11-CT/TW CỦA BỘ CHÍNH TRỊ") the
//! way the document itself writes those words in running text ("Thực hiện Chỉ thị số
//! 11-CT/TW của Bộ Chính trị"). Vietnamese capitalises names of bodies and documents
//! word by word ("Bộ Chính trị", "Hội Khuyến học"), so the casing is learnt from the
//! document's body: for each word, how it is written after the same previous word,
//! else before the same next word, else anywhere.

use std::collections::HashMap;

#[derive(Default)]
struct Forms(HashMap<String, u32>);

impl Forms {
    fn add(&mut self, form: &str) {
        *self.0.entry(form.to_string()).or_default() += 1;
    }
    /// The most frequent form; ties go to the lower-case one.
    fn best(&self) -> Option<&str> {
        self.0
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| lowercase_first(a.0).cmp(&lowercase_first(b.0))))
            .map(|(f, _)| f.as_str())
    }
}

fn lowercase_first(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// How the document writes its words.
#[derive(Default)]
pub struct Casing {
    after: HashMap<(String, String), Forms>,
    before: HashMap<(String, String), Forms>,
    alone: HashMap<String, Forms>,
}

/// The letters of a token without surrounding punctuation: "“về" → "về".
fn core(token: &str) -> (&str, &str, &str) {
    let start = token.find(char::is_alphanumeric).unwrap_or(token.len());
    let end = token.char_indices().rev().find(|(_, c)| c.is_alphanumeric()).map_or(start, |(i, c)| i + c.len_utf8());
    let end = end.max(start);
    (&token[..start], &token[start..end], &token[end..])
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

/// Administrative units: the words after them are a place's name.
const UNITS: &[&str] = &["tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"];

impl Casing {
    /// Learns from running text (lines in capitals are headings, not evidence).
    pub fn learn<'a>(lines: impl IntoIterator<Item = &'a str>) -> Casing {
        let mut casing = Casing::default();
        for line in lines {
            if super::layout::is_caps(line) {
                continue;
            }
            let tokens: Vec<&str> = line.split_whitespace().collect();
            for i in 0..tokens.len() {
                let (_, word, _) = core(tokens[i]);
                if word.is_empty() || word.chars().any(|c| c.is_ascii_digit()) {
                    continue;
                }
                // The first word of a sentence is capitalised for the sentence, not the word.
                let sentence_start = i == 0
                    || tokens[i - 1].ends_with(['.', ':', ';', '!', '?'])
                    || tokens[i - 1].chars().all(|c| !c.is_alphanumeric());
                if sentence_start {
                    continue;
                }
                let lower = word.to_lowercase();
                casing.alone.entry(lower.clone()).or_default().add(word);
                let (_, prev, _) = core(tokens[i - 1]);
                casing.after.entry((prev.to_lowercase(), lower.clone())).or_default().add(word);
                if let Some(next) = tokens.get(i + 1) {
                    let (_, next, _) = core(next);
                    casing.before.entry((lower, next.to_lowercase())).or_default().add(word);
                }
            }
        }
        casing
    }

    /// Rewrites a capitalised phrase in the document's own casing, its first letter
    /// capitalised. Numbers ("11-CT/TW"), Roman numerals and acronyms stay as they are.
    pub fn apply(&self, caps: &str) -> String {
        let tokens: Vec<&str> = caps.split_whitespace().collect();
        let cores: Vec<String> = tokens.iter().map(|t| core(t).1.to_lowercase()).collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut in_name = false;
        for (i, token) in tokens.iter().enumerate() {
            let (lead, word, trail) = core(token);
            let lower = &cores[i];
            let written = if word.is_empty() || word.chars().any(|c| c.is_ascii_digit() || c == '/') || is_roman(word) {
                word.to_string()
            } else {
                let prev = if i > 0 { cores.get(i - 1) } else { None };
                let next = cores.get(i + 1);
                let known = prev
                    .and_then(|p| self.after.get(&(p.clone(), lower.clone())))
                    .and_then(Forms::best)
                    .or_else(|| next.and_then(|n| self.before.get(&(lower.clone(), n.clone()))).and_then(Forms::best))
                    .or_else(|| self.alone.get(lower).and_then(Forms::best));
                let committee =
                    matches!(lower.as_str(), "ủy" | "uỷ") && prev.is_some_and(|p| UNITS.contains(&p.as_str()));
                match known {
                    _ if committee => lower.clone(),
                    Some(form) => form.to_string(),
                    // A place's name after "tỉnh", "huyện" …: every word capitalised.
                    None if in_name => capitalise(lower),
                    None => lower.clone(),
                }
            };
            // Names run until punctuation.
            let unit_ends_here = UNITS.iter().any(|u| {
                let words: Vec<&str> = u.split(' ').collect();
                i + 1 >= words.len()
                    && cores[i + 1 - words.len()..=i].iter().map(String::as_str).eq(words.iter().copied())
            });
            if !trail.is_empty() {
                in_name = false;
            } else if unit_ends_here {
                in_name = true;
            }
            out.push(format!("{lead}{written}{trail}"));
        }
        capitalise(&out.join(" "))
    }
}

/// The first letter in upper case: "về tăng cường" → "Về tăng cường".
pub fn capitalise(s: &str) -> String {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => format!("{}{}{}", &s[..i], c.to_uppercase(), &s[i + c.len_utf8()..]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_take_the_casing_of_the_body() {
        let body = [
            "Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007 Bộ Chính trị “về Tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học”, theo Chỉ thị số 11-CT/TW về tăng cường sự lãnh đạo.",
        ];
        let casing = Casing::learn(body);
        assert_eq!(
            casing.apply("THỰC HIỆN CHỈ THỊ SỐ 11-CT/TW CỦA BỘ CHÍNH TRỊ “VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG”"),
            "Thực hiện Chỉ thị số 11-CT/TW của Bộ Chính trị “về tăng cường sự lãnh đạo của Đảng”"
        );
        assert_eq!(Casing::default().apply("ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH"), "Ủy ban nhân dân tỉnh Thái Bình");
        assert_eq!(Casing::default().apply("LẦN THỨ VI, NHIỆM KỲ 2021-2026"), "Lần thứ VI, nhiệm kỳ 2021-2026");
    }
}
