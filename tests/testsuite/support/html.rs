//! The one HTML reader: pages are parsed by html5ever (the HTML5 parsing algorithm
//! browsers use) into `scraper`'s tree, so that attribute values are read whether
//! minify-html quoted them or not, entities are decoded as a browser decodes them, and
//! elements are found by CSS selectors instead of by offsets in the text.

use std::fs;
use std::path::Path;

use ego_tree::iter::Edge;
use html5ever::driver::ParseOpts;
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{ElementRef, Html, HtmlTreeSink, Node, Selector};

use super::files::html_files;

/// A page as a browser without JavaScript builds it: the content of `<noscript>` is
/// markup (its links and text count), not the raw text a scripting browser skips.
pub fn parse(html: &str) -> Html {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
        ..Default::default()
    };
    html5ever::driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(html)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad CSS selector {css:?}: {e}"))
}

/// Finding elements by CSS selector, in a page or below an element.
pub trait Select<'a>: Copy {
    /// Every matching element, in document order (below an element: its descendants).
    fn all(self, css: &str) -> Vec<ElementRef<'a>>;
    /// The first matching element.
    fn first(self, css: &str) -> Option<ElementRef<'a>>;
    /// The first matching element, which must be there.
    fn one(self, css: &str) -> ElementRef<'a> {
        self.first(css).unwrap_or_else(|| panic!("no element matches {css:?}"))
    }
}

impl<'a> Select<'a> for &'a Html {
    fn all(self, css: &str) -> Vec<ElementRef<'a>> {
        self.select(&selector(css)).collect()
    }
    fn first(self, css: &str) -> Option<ElementRef<'a>> {
        self.select(&selector(css)).next()
    }
}

impl<'a> Select<'a> for ElementRef<'a> {
    fn all(self, css: &str) -> Vec<ElementRef<'a>> {
        self.select(&selector(css)).collect()
    }
    fn first(self, css: &str) -> Option<ElementRef<'a>> {
        self.select(&selector(css)).next()
    }
}

/// Elements whose tags do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// What a reader sees of an element.
pub trait Text<'a> {
    /// The visible text: text nodes in order, `<script>` and `<style>` left out, the
    /// boundaries of other than inline elements read as a space, white space
    /// (no-break spaces too) collapsed to one space and trimmed.
    fn visible_text(self) -> String;
    /// The element's class list holds `class`.
    fn in_class(self, class: &str) -> bool;
    /// Every `href` and `src` value of the element and its descendants, in order.
    fn links(self) -> Vec<String>;
}

impl<'a> Text<'a> for ElementRef<'a> {
    fn visible_text(self) -> String {
        let mut out = String::new();
        let mut skipping = None;
        let separates = |node: &Node| node.as_element().is_some_and(|e| !INLINE.contains(&e.name()));
        for edge in self.traverse() {
            match edge {
                Edge::Open(_) if skipping.is_some() => {}
                Edge::Open(node) => {
                    match node.value() {
                        Node::Text(t) => out.push_str(t),
                        Node::Element(e) if matches!(e.name(), "script" | "style") => skipping = Some(node.id()),
                        _ => {}
                    }
                    if separates(node.value()) {
                        out.push(' ');
                    }
                }
                Edge::Close(node) => {
                    if skipping == Some(node.id()) {
                        skipping = None;
                    }
                    if skipping.is_none() && separates(node.value()) {
                        out.push(' ');
                    }
                }
            }
        }
        collapse_ws(&out)
    }

    fn in_class(self, class: &str) -> bool {
        self.value().classes().any(|c| c == class)
    }

    fn links(self) -> Vec<String> {
        self.descendent_elements()
            .flat_map(|e| ["href", "src"].into_iter().filter_map(move |a| e.attr(a).map(str::to_string)))
            .collect()
    }
}

/// The visible text of a page's `<body>`.
pub fn page_text(html: &str) -> String {
    parse(html).one("body").visible_text()
}

/// Every `href` and `src` value of a page, in order.
pub fn link_values(html: &str) -> Vec<String> {
    parse(html).root_element().links()
}

/// Collapses runs of white space (including no-break spaces) to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    s.split(char::is_whitespace).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Text with its character references (`&amp;`, `&colon;`, `&#x09;` …) decoded the
/// way an HTML parser decodes them in text, for files that are not HTML but may be
/// shown as such.
pub fn decode_character_references(text: &str) -> String {
    Html::parse_fragment(&text.replace('<', "&lt;")).root_element().text().collect()
}

/// An internal link found in an output page.
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// The page it is on, relative to the output folder.
    pub page: String,
    /// The link as written.
    pub url: String,
    /// The file it maps to, relative to the output folder.
    pub target: String,
}

/// Maps an internal URL (starting with `base`) to a file of the output folder:
/// "#fragment" and "?query" are dropped, %-escapes decoded, and a path ending in "/"
/// means its index.html.
pub fn url_to_file(url: &str, base: &str) -> Option<String> {
    let rest = url.strip_prefix(base)?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy().into_owned();
    Some(if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest })
}

/// Every internal link (`href` or `src` starting with `base`, e.g. "/" or
/// "/ke-hoach/" or "https://portal.example.vn/ke-hoach/") in every .html file of `out`.
/// With base "/", protocol-relative "//host/…" links are not internal.
pub fn internal_links(out: &Path, base: &str) -> Vec<InternalLink> {
    let mut links = Vec::new();
    for page in html_files(out) {
        let html = fs::read_to_string(out.join(&page)).unwrap();
        for url in link_values(&html) {
            if url.starts_with("//") && base.starts_with('/') {
                continue;
            }
            if let Some(target) = url_to_file(&url, base) {
                links.push(InternalLink { page: page.clone(), url, target });
            }
        }
    }
    links
}

/// Internal links whose file does not exist, described one per line.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    internal_links(out, base)
        .into_iter()
        .filter(|l| !out.join(&l.target).is_file())
        .map(|l| format!("{}: {} (no file {})", l.page, l.url, l.target))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unquoted_attributes_and_visible_text() {
        let doc = parse(
            "<!doctype html><title>T</title><body><p class=\"a b\">Một<b>hai</b>&nbsp;ba<br>bốn<script>x()</script><style>p{}</style><a href=/x/?y#z>năm</a><img src=a.png></p><noscript><p><a href=/khong-js/>sáu</a></noscript>",
        );
        let p = doc.one("p.b");
        assert!(p.in_class("a") && !p.in_class("c"));
        assert_eq!(p.visible_text(), "Mộthai ba bốn năm");
        assert_eq!(doc.one("body").visible_text(), "Mộthai ba bốn năm sáu", "<noscript> is read");
        assert_eq!(doc.root_element().links(), ["/x/?y#z", "a.png", "/khong-js/"]);
        assert_eq!(url_to_file("/van-ban/h%E1%BB%8Dc/#a", "/").as_deref(), Some("van-ban/học/index.html"));
        assert_eq!(decode_character_references("java&#x09;script&colon;<b>"), "java\tscript:<b>");
    }
}
