//! One escaper for the markup congbo writes itself: charts, the feed, links in text.

/// Escapes text for HTML and XML, in content or a quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
