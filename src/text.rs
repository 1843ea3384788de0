//! Vietnamese text: Unicode normalisation, diacritic folding for slugs and search,
//! and the way dates are written in official documents.
//!
//! Text is stored as written, in NFC. Folding ("Đ" → "d", "học" → "hoc") happens only
//! where a citizen types or a URL is made.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises `s`: Vietnamese typed on different systems mixes precomposed and
/// combining tone marks, which would otherwise compare unequal.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) { s.to_string() } else { s.nfc().collect() }
}

/// As [`nfc`], keeping `s` itself when it is NFC already (most files are).
pub fn into_nfc(s: String) -> String {
    if is_nfc(&s) { s } else { s.nfc().collect() }
}

/// Whether `s` is NFC. What Vietnamese is written with — Latin letters, their
/// precomposed forms with tone marks (U+1E00–U+1EFF), punctuation — is NFC in any
/// order, and is passed over without the quick check's table lookups per character.
fn is_nfc(s: &str) -> bool {
    // By the UTF-8 bytes, without decoding: U+0000–U+02FF (ASCII, then lead bytes
    // C2–CB), U+1E00–U+1EFF (E1 B8–BB), U+2010–U+206F (E2 80 90 to E2 81 AF).
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        i += match b[i] {
            0..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 if (0xB8..=0xBB).contains(&b[i + 1]) => 3,
            0xE2 if (b[i + 1] == 0x80 && b[i + 2] >= 0x90) || (b[i + 1] == 0x81 && b[i + 2] < 0xB0) => 3,
            _ => return unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes,
        };
    }
    true
}

/// Folds diacritics and case: "Gia đình Học tập" → "gia dinh hoc tap".
pub fn fold(s: &str) -> String {
    // deunicode writes ASCII only: lower-casing it in place needs no Unicode tables.
    let mut folded = deunicode::deunicode(s);
    folded.make_ascii_lowercase();
    folded
}

/// A URL segment: ASCII lower case, words joined by "-": "UBND tỉnh Cao Bằng" →
/// "ubnd-tinh-cao-bang", "49-KL/TW" → "49-kl-tw".
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A short date for lists: "01/06/2022".
pub fn date_short(date: jiff::civil::Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// A URL path with its %XX escapes decoded ("/anh%20m%E1%BB%9Bi.png" → "/ảnh mới.png");
/// a malformed escape is kept as written.
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_vietnamese() {
        assert_eq!(slugify("UBND tỉnh Cao Bằng"), "ubnd-tinh-cao-bang");
        assert_eq!(slugify("Đắk Lắk"), "dak-lak");
        assert_eq!(slugify("49-KL/TW"), "49-kl-tw");
        assert_eq!(slugify("  Hà Nội!  "), "ha-noi");
        assert_eq!(slugify("41/CTHĐ-HKH"), "41-cthd-hkh");
    }

    #[test]
    fn nfc_composes_combining_marks() {
        let decomposed = "Vie\u{0302}\u{0323}t";
        assert_eq!(nfc(decomposed), "Việt");
        assert_eq!(into_nfc(decomposed.to_string()), "Việt");
        assert_eq!(fold("Gia đình Học tập"), "gia dinh hoc tap");
        // Precomposed letters with a combining mark after them still compose.
        assert_eq!(nfc("Vi\u{1EC7}t \u{1EA0}\u{0301}"), "Việt \u{1EA0}\u{0301}");
        assert_eq!(nfc("e\u{0301}"), "é");
        // Of the punctuation passed over, none changes: U+2000 (a space that NFC
        // replaces) is not passed over.
        assert_eq!(nfc("a\u{2000}b “c” – d…"), "a\u{2002}b “c” – d…");
        assert_eq!(nfc("a\u{0340}"), "à");
        assert_eq!(nfc("\u{02AF}\u{1EF9}\u{2010}\u{206F}"), "\u{02AF}\u{1EF9}\u{2010}\u{206F}");
    }

    #[test]
    fn short_dates() {
        let d = jiff::civil::date(2022, 6, 1);
        assert_eq!(date_short(d), "01/06/2022");
    }
}
