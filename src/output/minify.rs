//! Minifying: the one place pages are made smaller before they are published.

use super::file::OutputFile;

/// Minifies HTML pages, or leaves them as rendered when the site turns it off.
#[derive(Debug, Clone, Copy)]
pub struct Minifier {
    pub enabled: bool,
}

impl Minifier {
    /// The bytes to publish for `file`. A page nested deeper than minify-html's
    /// recursion can take (raw HTML on a site that trusts its editors) is kept as rendered.
    pub fn apply(self, file: &mut OutputFile) {
        if !self.enabled || !file.is_html() || tag_depth(&file.bytes) >= 400 {
            return;
        }
        let cfg = minify_html::Cfg {
            minify_css: true,
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            ..Default::default()
        };
        file.bytes = minify_html::minify(&file.bytes, &cfg);
    }
}

/// The deepest element nesting in `html`, by a quick scan of tags (void elements and
/// self-closing tags do not nest). Runs over every page: no allocation per tag.
fn tag_depth(html: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"br",
        b"img",
        b"hr",
        b"meta",
        b"link",
        b"input",
        b"col",
        b"area",
        b"base",
        b"wbr",
        b"source",
        b"path",
        b"rect",
        b"line",
        b"circle",
        b"polyline",
        b"stop",
    ];
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &html[i..]) {
        i += off + 1;
        let closing = html.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = html[start..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(html.len(), |p| start + p);
        if end == start {
            continue;
        }
        let name = &html[start..end];
        let tag_end = memchr::memchr(b'>', &html[end..]).map_or(html.len(), |p| end + p);
        let self_closing = tag_end > 0 && html.get(tag_end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            depth += 1;
            max = max.max(depth);
        }
        i = tag_end.min(html.len());
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;

    #[test]
    fn nesting_depth_of_pages() {
        assert_eq!(tag_depth(b"<html><body><p>a<br>b</p><img src=x></body></html>"), 3);
        assert_eq!(tag_depth("<div>".repeat(1000).as_bytes()), 1000);
        let mut deep =
            OutputFile::new("a.html", format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000)).into_bytes());
        Minifier { enabled: true }.apply(&mut deep); // must not overflow the stack
    }
}
