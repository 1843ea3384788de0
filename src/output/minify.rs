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
    /// Each of the page's compact spans (see [`OutputFile::with_compact`]) stands as a
    /// marker while the rest is minified, and is put back as it was.
    pub fn apply(self, file: &mut OutputFile) {
        if !self.enabled || !file.is_html() {
            return;
        }
        let spans = std::mem::take(&mut file.compact);
        if !spans.is_empty() {
            let mut shell = Vec::with_capacity(file.bytes.len());
            let mut from = 0;
            for span in &spans {
                shell.extend_from_slice(&file.bytes[from..span.start]);
                shell.extend_from_slice(MARKER.as_bytes());
                from = span.end;
            }
            shell.extend_from_slice(&file.bytes[from..]);
            if tag_depth(&shell) >= 400 {
                return;
            }
            let minified = minify(&shell);
            let markers: Vec<usize> = memchr::memmem::find_iter(&minified, MARKER.as_bytes()).collect();
            // The marker's characters are never in a page; should a page hold them, it
            // is minified whole, below.
            if markers.len() == spans.len() {
                let mut bytes = Vec::with_capacity(minified.len() + spans.iter().map(|s| s.len()).sum::<usize>());
                let mut from = 0;
                for (at, span) in markers.into_iter().zip(spans) {
                    bytes.extend_from_slice(&minified[from..at]);
                    bytes.extend_from_slice(&file.bytes[span]);
                    from = at + MARKER.len();
                }
                bytes.extend_from_slice(&minified[from..]);
                file.bytes = bytes;
                return;
            }
        }
        if tag_depth(&file.bytes) < 400 {
            file.bytes = minify(&file.bytes);
        }
    }
}

/// What stands for a page's compact span while the rest is minified: text minify-html
/// keeps as it is (private-use characters, in no document).
const MARKER: &str = "\u{E000}congbo\u{E001}";

fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        minify_css: true,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..Default::default()
    };
    minify_html::minify(html, &cfg)
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

    /// A page's compact span is published as it was rendered, the rest minified; a page
    /// already holding the marker's characters is minified whole.
    #[test]
    fn a_compact_span_is_kept_as_it_is() {
        let body = format!("<p class=\"a\">{}</p>\n<p>b</p>\n", "x ".repeat(200));
        let page = format!("<html>\n  <body>\n    <main>\n    {body}\n    </main>\n  </body>\n</html>");
        let mut file = OutputFile::new("a.html", page.clone()).with_compact(&body);
        assert_eq!(file.compact.len(), 1);
        Minifier { enabled: true }.apply(&mut file);
        let out = String::from_utf8(file.bytes).unwrap();
        assert!(out.contains(&format!("<main>{body}</main></body></html>")), "{out}");
        assert!(!out.contains("\n  "), "{out}");

        let odd = page.replace("<main>", &format!("<main>{MARKER}"));
        let mut file = OutputFile::new("a.html", odd).with_compact(&body);
        Minifier { enabled: true }.apply(&mut file);
        let out = String::from_utf8(file.bytes).unwrap();
        assert!(out.contains(MARKER) && out.contains("<p class=a>"), "{out}");

        // Text that is not HTML is never taken for the span (it may sit in an attribute).
        let file = OutputFile::new("a.html", page.clone()).with_compact(&"x ".repeat(200));
        assert!(file.compact.is_empty());

        // Several spans, the same text twice: each kept in its place.
        let svg = format!("<svg viewBox=\"0 0 1 1\"><title>{}</title></svg>", "y".repeat(300));
        let page = format!("<div>\n  {svg}\n</div>\n<main>\n  {body}\n</main>\n<div>\n  {svg}\n</div>");
        let mut file = OutputFile::new("a.html", page).with_compact(&svg).with_compact(&body).with_compact(&svg);
        assert_eq!(file.compact.len(), 3);
        Minifier { enabled: true }.apply(&mut file);
        let out = String::from_utf8(file.bytes).unwrap();
        assert_eq!(out, format!("<div>{svg}</div><main>{body}</main><div>{svg}</div>"));
    }
}
