//! Document numbers: parsing any text, and finding numbers in running text.
#![no_main]
use congbo::model::number::{DocNumber, find_in_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(n) = DocNumber::parse(text) {
        // The printed form parses back to the same number.
        let again = DocNumber::parse(&n.to_string()).expect("a printed number parses");
        assert_eq!(again.key(), n.key());
        let official = n.official();
        assert_eq!(DocNumber::parse(&official.to_string()).map(|o| o.key()), Some(n.key()));
    }
    for (range, n) in find_in_text(text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert_eq!(DocNumber::parse(&text[range]).map(|p| p.key()), Some(n.key()));
    }
});
