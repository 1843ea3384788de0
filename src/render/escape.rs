//! One escaper for the markup congbo writes itself: charts, the feed, links in text.

/// Escapes text for HTML and XML, in content or a quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escapes text for XML (the feed, the sitemap) and leaves out the characters XML 1.0
/// forbids (control characters other than tab and line ends, U+FFFE, U+FFFF): one of
/// them, pasted invisibly into a title, would make every feed reader reject the feed.
pub fn escape_xml(s: &str) -> String {
    let allowed =
        |c: &char| matches!(*c, '\t' | '\n' | '\r') || !(c.is_ascii_control() || matches!(*c, '\u{FFFE}' | '\u{FFFF}'));
    escape(&s.chars().filter(allowed).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_never_holds_what_xml_forbids() {
        assert_eq!(escape_xml("Kế hoạch\u{0}\u{8}\u{B}\u{1F} <số 1>\u{FFFF}\tx\n"), "Kế hoạch &lt;số 1&gt;\tx\n");
        assert_eq!(escape_xml("\u{7F}"), "");
    }
}
