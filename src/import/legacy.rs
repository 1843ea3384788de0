//! Vietnamese typed before Unicode: TCVN3 (ABC, the .VnTime fonts) and VNI (the
//! VNI-Times fonts), converted to Unicode.
//!
//! Both are fixed, public 8-bit mappings over ASCII:
//! - TCVN3 (TCVN 5712:1993, table VN3) gives each lower-case letter with its marks one
//!   byte (0xB8 "á", 0xE9 "ộ"), and the seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ
//!   bytes 0xA1–0xA7; upper-case letters with a tone exist only as a font's glyphs.
//! - VNI writes a base letter followed by a byte for its marks ("e" + 0xE4 "ä" = "ệ"),
//!   except ơ, ư, đ, ĩ, ỉ, ị, ỵ, which are one byte each.
//!
//! Files come in two ways: as the raw bytes (not UTF-8), decoded whole; or as UTF-8
//! made from those bytes read as Windows-1252 ("T×nh h×nh kinh tÕ-x· héi"), where only
//! the lines showing the unmistakable signs of one scheme are converted.

use unicode_normalization::UnicodeNormalization;

/// Which legacy scheme a text was in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
        }
    }
}

/// TCVN3 bytes 0xA1–0xFE and the letters they stand for.
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

fn tcvn3(byte: u8) -> Option<char> {
    if byte < 0x80 {
        return Some(byte as char);
    }
    TCVN3.iter().find(|(b, _)| *b == byte).map(|(_, c)| *c)
}

/// A byte as Windows-1252 reads it (what a legacy file shows as when opened as Latin).
fn cp1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[(byte - 0x80) as usize],
        b => b as char,
    }
}

/// The byte a Windows-1252 character came from.
fn byte_of(c: char) -> Option<u8> {
    if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) {
        return Some(c as u32 as u8);
    }
    (0x80..=0x9F).find(|&b| cp1252(b) == c)
}

// Combining marks.
const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

/// A VNI mark byte (as its Windows-1252 character, lower case) after a vowel: the
/// marks it adds.
fn vni_marks(c: char, base: char) -> Option<&'static [char]> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let a = matches!(base.to_ascii_lowercase(), 'a');
    let aeo = matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o');
    Some(match lower {
        // Tones alone.
        'ù' => &[ACUTE],
        'ø' => &[GRAVE],
        'û' => &[HOOK],
        'õ' => &[TILDE],
        'ï' => &[DOT],
        // Circumflex, alone or with a tone (a, e, o).
        'â' if aeo => &[CIRCUMFLEX],
        'á' if aeo => &[CIRCUMFLEX, ACUTE],
        'à' if aeo => &[CIRCUMFLEX, GRAVE],
        'å' if aeo => &[CIRCUMFLEX, HOOK],
        'ã' if aeo => &[CIRCUMFLEX, TILDE],
        'ä' if aeo => &[CIRCUMFLEX, DOT],
        // Breve, alone or with a tone (a only).
        'ê' if a => &[BREVE],
        'é' if a => &[BREVE, ACUTE],
        'è' if a => &[BREVE, GRAVE],
        'ú' if a => &[BREVE, HOOK],
        'ü' if a => &[BREVE, TILDE],
        'ë' if a => &[BREVE, DOT],
        _ => return None,
    })
}

/// VNI's one-byte letters.
fn vni_single(c: char) -> Option<&'static str> {
    Some(match c {
        'ô' => "ơ",
        'Ô' => "Ơ",
        'ö' => "ư",
        'Ö' => "Ư",
        'ñ' => "đ",
        'Ñ' => "Đ",
        'æ' => "ỉ",
        'Æ' => "Ỉ",
        'ó' => "ĩ",
        'Ó' => "Ĩ",
        'ò' => "ị",
        'Ò' => "Ị",
        'î' => "ỵ",
        'Î' => "Ỵ",
        _ => return None,
    })
}

/// Text in Windows-1252 characters read as VNI; the count of marks that followed no
/// vowel (a sign it was not VNI).
fn from_vni(latin: &str) -> (String, usize) {
    let mut out = String::with_capacity(latin.len());
    let mut stray = 0;
    let chars: Vec<char> = latin.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let base = vni_single(c).map(str::to_string).unwrap_or_else(|| c.to_string());
        let is_vowel = "aeiouyAEIOUY".contains(c) || matches!(c, 'ô' | 'Ô' | 'ö' | 'Ö');
        out.push_str(&base);
        i += 1;
        if is_vowel {
            if let Some(marks) = chars.get(i).and_then(|&m| vni_marks(m, c)) {
                out.extend(marks.iter());
                i += 1;
            }
        } else if vni_single(c).is_none() && !c.is_ascii() && vni_marks(c, 'a').is_some() {
            stray += 1;
        }
    }
    (out.nfc().collect(), stray)
}

/// How many letters of `s` carry Vietnamese marks: the more, the likelier the reading.
fn vietnamese_letters(s: &str) -> usize {
    s.nfd().filter(|c| matches!(*c, ACUTE | GRAVE | HOOK | TILDE | DOT | CIRCUMFLEX | BREVE | HORN)).count()
        + s.chars().filter(|c| matches!(c, 'đ' | 'Đ')).count()
}

/// Bytes that are not UTF-8, read as TCVN3 or VNI, whichever reads as Vietnamese; `None`
/// when neither does.
pub fn decode(bytes: &[u8]) -> Option<(String, Legacy)> {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high == 0 {
        return None;
    }
    let tcvn: Option<String> = bytes.iter().map(|&b| tcvn3(b)).collect();
    let latin: String = bytes.iter().map(|&b| cp1252(b)).collect();
    let (vni, stray) = from_vni(&latin);
    let tcvn_score = tcvn.as_deref().map_or(0, |t| vietnamese_letters(t).saturating_sub(3 * two_tones(t)));
    let vni_score = vietnamese_letters(&vni).saturating_sub(stray * 2 + 3 * two_tones(&vni));
    // Most high bytes must become Vietnamese letters.
    if tcvn_score >= vni_score && tcvn_score * 10 >= high * 9 {
        return tcvn.map(|t| (t, Legacy::Tcvn3));
    }
    if vni_score > tcvn_score && vni_score * 2 >= high {
        return Some((vni, Legacy::Vni));
    }
    None
}

/// Signs of TCVN3 read as Windows-1252: characters that are no Vietnamese letter but
/// stand for one in TCVN3.
const TCVN3_SIGNS: &str = "¡¢£¤¥¦§¨©ª«¬\u{AD}®µ¶·¸¹»¼½¾ÆÇËÎÏÐÑÖ×ØÜÞßäåæçëîïñö÷øûüþ";

/// UTF-8 text with lines of TCVN3 or VNI read as Windows-1252: those lines converted.
/// Returns the text, the scheme and the 1-based numbers of the lines converted.
pub fn repair(text: &str) -> Option<(String, Legacy, Vec<usize>)> {
    let mut lines: Vec<String> = Vec::new();
    let mut converted = Vec::new();
    let mut scheme = None;
    for (i, line) in text.split('\n').enumerate() {
        match repair_line(line) {
            Some((fixed, legacy)) => {
                lines.push(fixed);
                converted.push(i + 1);
                scheme.get_or_insert(legacy);
            }
            None => lines.push(line.to_string()),
        }
    }
    scheme.map(|s| (lines.join("\n"), s, converted))
}

fn repair_line(line: &str) -> Option<(String, Legacy)> {
    // Only Windows-1252 characters: a line with Vietnamese letters is Unicode already.
    let bytes: Option<Vec<u8>> = line.chars().map(byte_of).collect();
    let bytes = bytes?;
    let mut candidates: Vec<(String, Legacy)> = Vec::new();
    let tcvn_signs = line.chars().filter(|c| TCVN3_SIGNS.contains(*c)).count();
    if tcvn_signs >= 2 {
        if let Some(t) = bytes.iter().map(|&b| tcvn3(b)).collect::<Option<String>>() {
            candidates.push((t, Legacy::Tcvn3));
        }
    }
    // VNI: a vowel followed by one of its mark bytes, at least twice.
    let chars: Vec<char> = line.chars().collect();
    let vni_signs = chars
        .windows(2)
        .filter(|w| {
            "aeiouyAEIOUY".contains(w[0])
                && matches!(w[1].to_lowercase().next(), Some('ä' | 'ø' | 'û' | 'õ' | 'ï' | 'ë' | 'ü' | 'å'))
        })
        .count()
        + chars.iter().filter(|c| matches!(c, 'ñ' | 'Ñ')).count();
    if vni_signs >= 2 {
        let (v, stray) = from_vni(line);
        if stray == 0 {
            candidates.push((v, Legacy::Vni));
        }
    }
    // The reading with Vietnamese syllables: one tone at most per word.
    candidates
        .into_iter()
        .map(|(t, l)| {
            let score = vietnamese_letters(&t) as i64 - 3 * two_tones(&t) as i64;
            (score, t, l)
        })
        .filter(|(score, _, _)| *score >= 2)
        .max_by_key(|(score, _, _)| *score)
        .map(|(_, t, l)| (t, l))
}

/// Words with two tone marks, which no Vietnamese syllable has.
fn two_tones(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.nfd().filter(|c| matches!(*c, ACUTE | GRAVE | HOOK | TILDE | DOT)).count() >= 2)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes of a text typed in a legacy font: each character's Windows-1252 byte.
    fn bytes(latin: &str) -> Vec<u8> {
        latin.chars().map(|c| byte_of(c).expect("a Windows-1252 character")).collect()
    }

    #[test]
    fn tcvn3_and_vni_become_unicode() {
        // The motto and an opening as typed with .VnTime (TCVN3) and VNI-Times fonts.
        let tcvn = bytes(
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nThùc hiÖn KÕt luËn sè 49-KL/TW cña Ban BÝ th­",
        );
        assert_eq!(
            decode(&tcvn),
            Some((
                "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nThực hiện Kết luận số 49-KL/TW của Ban Bí thư"
                    .to_string(),
                Legacy::Tcvn3
            ))
        );
        let vni = bytes(
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nQuyeát ñònh thaønh laäp Ban chæ ñaïo",
        );
        assert_eq!(
            decode(&vni),
            Some((
                "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nQuyết định thành lập Ban chỉ đạo"
                    .to_string(),
                Legacy::Vni
            ))
        );
        // Windows-1252 text that is neither stays refused.
        assert_eq!(decode(&bytes("Prix: 5€ – façade")), None);
    }

    #[test]
    fn lines_of_legacy_text_read_as_latin_are_repaired() {
        let text = "1.1. Dân số\n1.2.T×nh h×nh kinh tÕ-x· héi:\nVieät Nam vaø theá giôùi\nCó 95% gia đình.";
        let (fixed, legacy, lines) = repair(text).unwrap();
        assert_eq!(legacy, Legacy::Tcvn3);
        assert_eq!(lines, [2, 3]);
        assert_eq!(fixed, "1.1. Dân số\n1.2.Tình hình kinh tế-xã hội:\nViệt Nam và thế giới\nCó 95% gia đình.");
        // Vietnamese in Unicode, even with letters also found in Latin-1, is left alone.
        assert_eq!(repair("Thái Bình, ngày 1 tháng 6 năm 2022; Hòa Bình; Cà Mau"), None);
    }
}
