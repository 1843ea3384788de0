//! Document numbers: "Số, ký hiệu" of Vietnamese public documents.
//!
//! State documents write `NUMBER/KIND-ISSUER` ("387/QĐ-TTg", with an optional year part:
//! "30/2020/NĐ-CP"); Party documents `NUMBER-KIND/ISSUER` ("11-CT/TW"). Texts mix the
//! two ("49/KL-TW"), add "số", spaces and other dashes, and fold "Đ" as "D". All the
//! spellings of one number share one [`NumberKey`]; [`DocNumber`]'s `Display` gives the
//! form the document itself uses.

use std::fmt;

use crate::text::nfc;

/// Which separators a number is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Form {
    /// `NUMBER/KIND-ISSUER`, the State form.
    State,
    /// `NUMBER-KIND/ISSUER`, the Party form (also used by mass organisations).
    Party,
}

/// Số, ký hiệu: "387/QĐ-TTg", "11-CT/TW", "30/2020/NĐ-CP".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// The serial as written, leading zeros kept for display ("05").
    pub serial: String,
    /// The year part some State numbers carry ("30/2020/NĐ-CP").
    pub year: Option<u16>,
    /// The kind abbreviation as written: "QĐ", "CT", "CTHĐ".
    pub kind: String,
    /// The issuer abbreviation as written: "TTg", "TW", "UBND", "BGDĐT".
    pub issuer: String,
    pub form: Form,
}

/// What makes two spellings the same number: serial without leading zeros, the year
/// part, and kind and issuer in upper case with "Đ" folded to "D".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumberKey {
    pub serial: u64,
    pub year: Option<u16>,
    pub kind: String,
    pub issuer: String,
}

impl fmt::Display for NumberKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{}/{}/{}-{}", self.serial, y, self.kind, self.issuer),
            None => write!(f, "{}/{}-{}", self.serial, self.kind, self.issuer),
        }
    }
}

fn fold_code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'Đ' | 'đ' => 'D',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '−')
}

impl DocNumber {
    /// Parses a number in any of the spellings found in real documents. Returns `None`
    /// when `s` is not a complete number (serial, kind and issuer).
    pub fn parse(s: &str) -> Option<DocNumber> {
        let s = nfc(s);
        let mut rest = s.trim();
        // "Số: 41/CTHĐ-HKH", "số 11-CT/TW"
        for prefix in ["Số", "số", "SỐ"] {
            if let Some(r) = rest.strip_prefix(prefix) {
                rest = r.trim_start_matches([':', '.', ' ']).trim_start();
                break;
            }
        }
        // Tokens and the separators between them; spaces around separators are stray.
        let mut tokens: Vec<String> = vec![String::new()];
        let mut seps: Vec<char> = Vec::new();
        for c in rest.chars() {
            if c == '/' || is_dash(c) {
                seps.push(if c == '/' { '/' } else { '-' });
                tokens.push(String::new());
            } else if c.is_whitespace() {
                continue;
            } else if c.is_alphanumeric() {
                tokens.last_mut()?.push(c);
            } else {
                return None;
            }
        }
        if tokens.iter().any(String::is_empty) || tokens.len() < 3 {
            return None;
        }
        let serial = tokens[0].clone();
        if !serial.chars().all(|c| c.is_ascii_digit()) || serial.len() > 9 {
            return None;
        }
        let mut i = 1;
        let mut year = None;
        if tokens.len() >= 4 && seps[0] == '/' && tokens[1].len() == 4 {
            if let Ok(y) = tokens[1].parse::<u16>() {
                if (1945..=2100).contains(&y) {
                    year = Some(y);
                    i = 2;
                }
            }
        }
        let kind = tokens[i].clone();
        let issuer = tokens[i + 1..].join("-");
        let is_code = |t: &str| t.chars().next().is_some_and(|c| c.is_alphabetic());
        if !is_code(&kind) || !is_code(&tokens[i + 1]) {
            return None;
        }
        let form = if seps[i - 1] == '-' { Form::Party } else { Form::State };
        Some(DocNumber { serial, year, kind, issuer, form })
    }

    pub fn key(&self) -> NumberKey {
        NumberKey {
            serial: self.serial.parse().unwrap_or(0),
            year: self.year,
            kind: fold_code(&self.kind),
            issuer: fold_code(&self.issuer),
        }
    }

    /// The form the issuer's documents are officially numbered in, when the issuer is
    /// a known Party or State body: Party committees (TW, TU, HU, ĐU, QU) number
    /// `NUMBER-KIND/ISSUER`; the Government, ministries and people's committees
    /// `NUMBER/KIND-ISSUER`. Mass organisations use either, so `None`.
    pub fn expected_form(&self) -> Option<Form> {
        let issuer = fold_code(&self.issuer);
        match issuer.as_str() {
            "TW" | "TU" | "HU" | "DU" | "QU" | "TP" | "DUK" => Some(Form::Party),
            "TTG" | "CP" | "UBND" | "HDND" | "QH" | "UBTVQH" | "BGDDT" | "BTC" | "BNV" | "BYT" | "BCA" | "BQP"
            | "BKHDT" | "BLDTBXH" | "BVHTTDL" | "BTTTT" | "NHNN" | "VPCP" => Some(Form::State),
            _ => None,
        }
    }

    /// This number written in the official form for its issuer.
    pub fn official(&self) -> DocNumber {
        DocNumber { form: self.expected_form().unwrap_or(self.form), ..self.clone() }
    }

    /// The name of the kind of document, when the abbreviation is a known one:
    /// "CT" → "Chỉ thị".
    pub fn kind_name(&self) -> Option<&'static str> {
        kind_name(&self.kind)
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let serial = match self.year {
            Some(y) => format!("{}/{y}", self.serial),
            None => self.serial.clone(),
        };
        match self.form {
            Form::State => write!(f, "{serial}/{}-{}", self.kind, self.issuer),
            Form::Party => write!(f, "{serial}-{}/{}", self.kind, self.issuer),
        }
    }
}

/// Finds the document numbers written in running text ("Chỉ thị số 11-CT/TW ngày
/// 13/4/2007", "Kết luận 49/KL-TW", "Chỉ thị số 19 - CT/TU"), with their byte ranges.
/// Dates ("13/4/2007") and ranges ("2020-2025") are not numbers: a number's kind and
/// issuer start with a letter.
pub fn find_in_text(text: &str) -> Vec<(std::ops::Range<usize>, DocNumber)> {
    // Read in place, from one digit to the next: decoding a whole text into characters
    // first was 2% of a build (every body is scanned).
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(u8::is_ascii_digit) {
        i += off;
        // The character before the digit (Unicode tables only there).
        let boundary =
            text[..i].chars().next_back().is_none_or(|p| !(p.is_alphanumeric() || p == '/' || is_dash(p) || p == '.'));
        if !boundary {
            i += 1;
            continue;
        }
        match scan_number(text, i) {
            Some(end) => match DocNumber::parse(&text[i..end]) {
                Some(n) => {
                    found.push((i..end, n));
                    i = end;
                }
                None => i += 1,
            },
            // Skip the rest of this run of digits.
            None => i += bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count(),
        }
    }
    found
}

/// From a digit at byte `i` of `text`, the end (exclusive byte offset) of the longest text
/// shaped like a number: digits, [separator digits], then separator-joined codes starting
/// with a letter.
fn scan_number(text: &str, mut i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |k: usize| text.get(k..).and_then(|rest| rest.chars().next());
    i += bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    // A separator, with at most one space on either side.
    let sep = |k: usize| -> Option<usize> {
        let mut k = k;
        if at(k) == Some(' ') {
            k += 1;
        }
        let c = at(k)?;
        if c != '/' && !is_dash(c) {
            return None;
        }
        k += c.len_utf8();
        if at(k) == Some(' ') {
            k += 1;
        }
        Some(k)
    };
    let mut codes = 0;
    let mut end = None;
    let mut k = i;
    // Optional year part: "/2020".
    if let Some(after) = sep(k) {
        let digits = bytes[after..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 4 && at(after + 4).is_some_and(|c| c == '/' || is_dash(c) || c == ' ') {
            k = after + 4;
        }
    }
    while let Some(after) = sep(k) {
        if !at(after).is_some_and(char::is_alphabetic) {
            break;
        }
        let mut j = after;
        while let Some(c) = at(j).filter(|c| c.is_alphanumeric()) {
            j += c.len_utf8();
        }
        codes += 1;
        k = j;
        if codes >= 2 {
            end = Some(k);
        }
    }
    end
}

/// A Party term (khóa) as written — "X", "khóa X", "Khoá XI" — in one form: "X", "XI".
pub fn normalize_term(s: &str) -> Option<String> {
    let folded = crate::text::fold(s);
    let t = folded.trim().trim_start_matches("khoa").trim().to_ascii_uppercase();
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric())).then_some(t)
}

/// Kinds of documents by their abbreviation (Nghị định 30/2020/NĐ-CP, Phụ lục III, and
/// the Party's own list), folded as in [`NumberKey`].
pub fn kind_name(code: &str) -> Option<&'static str> {
    Some(match fold_code(code).as_str() {
        "CT" => "Chỉ thị",
        "KL" => "Kết luận",
        "NQ" => "Nghị quyết",
        "QD" => "Quyết định",
        "KH" => "Kế hoạch",
        "CTR" => "Chương trình",
        "CTRHD" | "CTHD" => "Chương trình hành động",
        "TB" => "Thông báo",
        "HD" => "Hướng dẫn",
        "BC" => "Báo cáo",
        "TT" => "Thông tư",
        "TTLT" => "Thông tư liên tịch",
        "ND" => "Nghị định",
        "QC" => "Quy chế",
        "QYD" => "Quy định",
        "DA" => "Đề án",
        "TTR" => "Tờ trình",
        "CV" => "Công văn",
        "L" => "Luật",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["CT", "KL", "QĐ", "KH", "NQ", "CTrHĐ", "CTHĐ", "HD", "TT", "BC", "ĐA"])
            .prop_map(str::to_string)
    }
    fn issuer() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["TW", "TU", "HU", "TTg", "UBND", "HKH", "BGDĐT", "HND", "ĐU", "CP"])
            .prop_map(str::to_string)
    }
    fn dash() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["-", "–", "—", " - ", "- ", " -"])
    }
    fn slash() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["/", " / ", "/ "])
    }

    proptest! {
        /// Every way a number is written in the wild has one key.
        #[test]
        fn every_variant_has_the_same_key(
            serial in 1u32..100_000, zeros in 0usize..2, kind in code(), iss in issuer(),
            d in dash(), sl in slash(), lower in any::<bool>(), fold_d in any::<bool>(), prefix in prop::sample::select(vec!["", "số ", "Số: ", "Số "]),
        ) {
            let official = DocNumber::parse(&format!("{serial}/{kind}-{iss}")).unwrap().key();
            let serial_text = format!("{}{serial}", "0".repeat(zeros));
            for form in [format!("{serial_text}{sl}{kind}{d}{iss}"), format!("{serial_text}{d}{kind}{sl}{iss}")] {
                let mut text = format!("{prefix}{form}");
                if lower { text = text.to_lowercase(); }
                if fold_d { text = text.replace('Đ', "D").replace('đ', "d"); }
                let parsed = DocNumber::parse(&text);
                prop_assert!(parsed.is_some(), "{} does not parse", text);
                prop_assert_eq!(parsed.unwrap().key(), official.clone(), "{}", text);
            }
        }

        /// Numbers that differ in serial, kind or issuer never share a key.
        #[test]
        fn distinct_numbers_never_collide(
            a in (1u32..5000, code(), issuer()), b in (1u32..5000, code(), issuer()),
        ) {
            let ka = DocNumber::parse(&format!("{}/{}-{}", a.0, a.1, a.2)).unwrap().key();
            let kb = DocNumber::parse(&format!("{}-{}/{}", b.0, b.1, b.2)).unwrap().key();
            let same = a.0 == b.0 && fold_code(&a.1) == fold_code(&b.1) && fold_code(&a.2) == fold_code(&b.2);
            prop_assert_eq!(ka == kb, same);
        }
    }

    fn key(s: &str) -> NumberKey {
        DocNumber::parse(s).unwrap_or_else(|| panic!("{s} should parse")).key()
    }

    #[test]
    fn both_forms_and_variants_share_a_key() {
        let k = key("49-KL/TW");
        for v in ["49/KL-TW", "số 49-KL/TW", "49 - KL/TW", "49–kl/tw", "Số: 49-KL/TW"] {
            assert_eq!(key(v), k, "{v}");
        }
        assert_eq!(key("387/QĐ-TTg"), key("387/QD-TTG"));
        assert_eq!(key("4621/KH-UBND"), key("4621-KH/UBND"));
        assert_eq!(key("387-KH/TU"), key("387-KH-TU"));
        assert_eq!(key("05/KH-UBND"), key("5/KH-UBND"));
        assert_eq!(key("1315/QĐ- TTg"), key("1315/QĐ-TTg"));
    }

    #[test]
    fn distinct_numbers_differ() {
        assert_ne!(key("387/QĐ-TTg"), key("387-KH/TU"));
        assert_ne!(key("41/CTHĐ-HKH"), key("25-CTrHĐ/HKH"));
        assert_ne!(key("30/2020/NĐ-CP"), key("30/NĐ-CP"));
    }

    #[test]
    fn display_keeps_the_documents_form() {
        assert_eq!(DocNumber::parse("11-CT/TW").unwrap().to_string(), "11-CT/TW");
        assert_eq!(DocNumber::parse("số 387/QĐ-TTg").unwrap().to_string(), "387/QĐ-TTg");
        assert_eq!(DocNumber::parse("30/2020/NĐ-CP").unwrap().to_string(), "30/2020/NĐ-CP");
        assert_eq!(DocNumber::parse("44/2014/TT-BGDĐT").unwrap().year, Some(2014));
        assert_eq!(DocNumber::parse("19 - CT/TU").unwrap().to_string(), "19-CT/TU");
    }

    #[test]
    fn incomplete_numbers_are_rejected() {
        for s in ["", "05/KHUB", "Chương trình 387", "abc/KH-UBND", "387", "……/KH-UBND"] {
            assert!(DocNumber::parse(s).is_none(), "{s}");
        }
    }

    /// The scan as it was written first, over the text decoded into characters: the one
    /// reading bytes in place must find the same numbers at the same places.
    fn find_in_text_by_chars(text: &str) -> Vec<(std::ops::Range<usize>, DocNumber)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let (start, c) = chars[i];
            // A digit first (cheap), then the character before it (Unicode tables).
            let boundary = || {
                i == 0 || {
                    let p = chars[i - 1].1;
                    !(p.is_alphanumeric() || p == '/' || is_dash(p) || p == '.')
                }
            };
            if !(c.is_ascii_digit() && boundary()) {
                i += 1;
                continue;
            }
            match scan_number_by_chars(&chars, i) {
                Some(end) => {
                    let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
                    match DocNumber::parse(&text[start..end_byte]) {
                        Some(n) => {
                            found.push((start..end_byte, n));
                            i = end;
                        }
                        None => i += 1,
                    }
                }
                None => {
                    // Skip the rest of this run of digits.
                    while i < chars.len() && chars[i].1.is_ascii_digit() {
                        i += 1;
                    }
                }
            }
        }
        found
    }

    /// From a digit at `i`, the end (exclusive char index) of the longest text shaped like a
    /// number: digits, [separator digits], then separator-joined codes starting with a letter.
    fn scan_number_by_chars(chars: &[(usize, char)], mut i: usize) -> Option<usize> {
        let n = chars.len();
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        while i < n && chars[i].1.is_ascii_digit() {
            i += 1;
        }
        // A separator, with at most one space on either side.
        let sep = |k: usize| -> Option<usize> {
            let mut k = k;
            if at(k) == Some(' ') {
                k += 1;
            }
            let c = at(k)?;
            if c != '/' && !is_dash(c) {
                return None;
            }
            k += 1;
            if at(k) == Some(' ') {
                k += 1;
            }
            Some(k)
        };
        let mut codes = 0;
        let mut end = None;
        let mut k = i;
        // Optional year part: "/2020".
        if let Some(after) = sep(k) {
            let digits = (after..n).take_while(|&j| chars[j].1.is_ascii_digit()).count();
            if digits == 4 && at(after + 4).is_some_and(|c| c == '/' || is_dash(c) || c == ' ') {
                k = after + 4;
            }
        }
        while let Some(after) = sep(k) {
            if !at(after).is_some_and(char::is_alphabetic) {
                break;
            }
            let mut j = after;
            while j < n && chars[j].1.is_alphanumeric() {
                j += 1;
            }
            codes += 1;
            k = j;
            if codes >= 2 {
                end = Some(k);
            }
        }
        end
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn numbers_found_in_place_are_those_found_by_characters(
            parts in proptest::collection::vec(
                prop_oneof![
                    "[0-9]{1,5}",
                    code(),
                    issuer(),
                    dash().prop_map(str::to_string),
                    slash().prop_map(str::to_string),
                    prop::sample::select(vec![" ", "số ", "\n", "Chỉ thị", "Kế hoạch", "–", ".", "đ", "/2020"])
                        .prop_map(str::to_string),
                    "\\PC{0,3}",
                ],
                0..24,
            )
        ) {
            let text: String = parts.concat();
            let key = |v: Vec<(std::ops::Range<usize>, DocNumber)>| {
                v.into_iter().map(|(r, n)| (r, n.to_string())).collect::<Vec<_>>()
            };
            prop_assert_eq!(key(find_in_text(&text)), key(find_in_text_by_chars(&text)), "{:?}", text);
        }
    }

    #[test]
    fn numbers_found_in_place_in_real_texts() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let key = |v: Vec<(std::ops::Range<usize>, DocNumber)>| {
            v.into_iter().map(|(r, n)| (r, n.to_string())).collect::<Vec<_>>()
        };
        let mut numbers = 0;
        for entry in walkdir::WalkDir::new(seeds).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let found = key(find_in_text(&text));
                numbers += found.len();
                assert_eq!(found, key(find_in_text_by_chars(&text)), "{}", entry.path().display());
            }
        }
        assert!(numbers > 100, "{numbers}");
    }

    #[test]
    fn numbers_are_found_in_text() {
        let text = "Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007, Kết luận 49/KL-TW và Chỉ thị số 19 - CT/TU; \
                    giai đoạn 2020-2025, kế hoạch 05/KHUB, Quyết định 30/2011/QĐ-TTg.";
        let found: Vec<String> = find_in_text(text).into_iter().map(|(r, _)| text[r].to_string()).collect();
        assert_eq!(found, ["11-CT/TW", "49/KL-TW", "19 - CT/TU", "30/2011/QĐ-TTg"]);
    }

    #[test]
    fn official_forms_follow_the_issuer() {
        assert_eq!(DocNumber::parse("49/KL-TW").unwrap().official().to_string(), "49-KL/TW");
        assert_eq!(DocNumber::parse("4621-KH/UBND").unwrap().official().to_string(), "4621/KH-UBND");
        assert_eq!(DocNumber::parse("25-CTrHĐ/HKH").unwrap().official().to_string(), "25-CTrHĐ/HKH");
        assert_eq!(DocNumber::parse("41/CTHĐ-HKH").unwrap().official().to_string(), "41/CTHĐ-HKH");
    }

    #[test]
    fn terms_in_any_spelling() {
        for t in ["X", "x", "khóa X", "Khoá X", "KHÓA X", "khoa x"] {
            assert_eq!(normalize_term(t).as_deref(), Some("X"), "{t}");
        }
        assert_eq!(normalize_term("khóa XI").as_deref(), Some("XI"));
        assert_eq!(normalize_term("khóa"), None);
    }

    #[test]
    fn kinds_have_names() {
        assert_eq!(DocNumber::parse("11-CT/TW").unwrap().kind_name(), Some("Chỉ thị"));
        assert_eq!(DocNumber::parse("41/CTHĐ-HKH").unwrap().kind_name(), Some("Chương trình hành động"));
    }
}
