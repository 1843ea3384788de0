//! Markdown to HTML: tables, footnotes, heading ids, and site-absolute links made to
//! honour the base URL.

use std::collections::HashMap;

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::config::BaseUrl;
use crate::text::slugify;

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Bodies rendered before, by a hash of everything [`render`] reads (the Markdown,
/// the base URL, the links of the text and how raw HTML is handled): `serve` keeps
/// them between rebuilds, so that a rebuild renders again only the bodies that changed.
#[derive(Default)]
pub struct Bodies {
    rendered: std::sync::Mutex<HashMap<u64, std::sync::Arc<Rendered>>>,
    /// The bodies asked for since the last [`Bodies::forget_unused`].
    used: std::sync::Mutex<std::collections::HashSet<u64>>,
}

impl Bodies {
    /// As [`render`], from the bodies rendered before when this one is among them.
    pub fn render(
        &self,
        markdown: &str,
        base: &BaseUrl,
        text_links: &[TextLink],
        html: Html,
    ) -> std::sync::Arc<Rendered> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        (markdown, &base.origin, &base.path, html == Html::Trusted).hash(&mut h);
        for l in text_links {
            (l.range.start, l.range.end, &l.url, &l.title).hash(&mut h);
        }
        let key = h.finish();
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
        if let Some(r) = self.rendered.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return std::sync::Arc::clone(r);
        }
        let r = std::sync::Arc::new(render(markdown, base, text_links, html));
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(key, std::sync::Arc::clone(&r));
        r
    }

    /// Forgets the bodies not asked for since the last call (after a whole build: the
    /// documents removed, the texts as they were before an edit).
    pub fn forget_unused(&self) {
        let mut used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).retain(|k, _| used.contains(k));
        used.clear();
    }
}

/// A span of the Markdown source to turn into a link (a document named in the text).
pub struct TextLink {
    pub range: Range<usize>,
    pub url: String,
    pub title: String,
}

/// Code is highlighted with classes prefixed "hl-", styled by the theme's stylesheet.
pub const HIGHLIGHT_CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: std::sync::OnceLock<SyntaxSet> = std::sync::OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A fenced code block as HTML: highlighted when its language is known ("yaml",
/// "markdown", "toml" …), else escaped as it is.
fn code_block(lang: &str, code: &str) -> String {
    let lang_class = lang.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>();
    let set = syntaxes();
    let highlighted = set.find_syntax_by_token(lang).and_then(|syntax| {
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, HIGHLIGHT_CLASSES);
        for line in LinesWithEndings::from(code) {
            generator.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(generator.finalize())
    });
    let body = highlighted.unwrap_or_else(|| code.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
    if lang_class.is_empty() {
        format!("<pre class=\"code\" tabindex=\"0\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\" tabindex=\"0\"><code class=\"language-{lang_class}\">{body}</code></pre>\n")
    }
}

/// How deep Markdown structure (quotes in lists in quotes …) may nest.
pub const MAX_NESTING: usize = 100;

/// Whether editors' raw HTML is cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Html {
    /// Raw HTML is sanitised: scripts, event handlers, frames, forms, styles and
    /// `javascript:`/`data:` URLs go; tables, links, images and formatting stay.
    Sanitize,
    /// `unsafe_html = true`: the site trusts its editors; raw HTML passes as written.
    Trusted,
}

/// URL schemes a link or image in a document may use; anything else (javascript:,
/// data:, vbscript: …) is dropped.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    match trimmed.split_once(':') {
        // A colon before any "/", "?" or "#" starts a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: std::sync::OnceLock<ammonia::Builder<'static>> = std::sync::OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "title", "lang"])
            .add_tags(["section", "figure", "figcaption", "details", "summary", "mark"])
            .add_tag_attributes("a", ["href", "title", "class"])
            .add_tag_attributes("img", ["src", "alt", "title", "width", "height", "loading"])
            .add_tag_attributes("td", ["colspan", "rowspan", "style"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope", "style"])
            .add_tag_attributes("ol", ["start"])
            // Code blocks scroll sideways: reachable by keyboard (WCAG 2.1.1).
            .add_tag_attributes("pre", ["tabindex"])
            .url_schemes(SAFE_SCHEMES.iter().copied().collect())
            .link_rel(None);
        b.rm_tag_attributes("td", ["style"]).rm_tag_attributes("th", ["style"]);
        b
    })
}

/// Renders `markdown`; links starting with "/" are taken as site paths under `base`,
/// and the text at each of `text_links` (byte ranges found by the link stage with the
/// same parser) becomes a link. Raw HTML is handled as `html` says.
pub fn render(markdown: &str, base: &BaseUrl, text_links: &[TextLink], html: Html) -> Rendered {
    let mut raw_html = false;
    let mut events: Vec<Event> = Vec::new();
    // Structure nested deeper than MAX_NESTING is flattened (its text kept): no editor
    // needs it, and deep trees overflow the stacks of HTML tools downstream.
    let mut depth = 0usize;
    let mut dropped: Vec<usize> = Vec::new();
    // The language and text of the code block being read.
    let mut code: Option<(String, String)> = None;
    let mut pending = text_links.iter().peekable();
    for (event, range) in Parser::new_ext(markdown, crate::model::BODY_MARKDOWN).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) if code.is_none() => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                if let Some((lang, body)) = code.take() {
                    events.push(Event::Html(CowStr::from(code_block(&lang, &body))));
                }
            }
            Event::Text(text) if pending.peek().is_some_and(|l| l.range.start < range.end) => {
                if markdown.get(range.clone()) != Some(text.as_ref()) {
                    events.push(Event::Text(text));
                    continue;
                }
                let mut at = range.start;
                while let Some(link) = pending.next_if(|l| l.range.start >= at && l.range.end <= range.end) {
                    if link.range.start > at {
                        events.push(Event::Text(CowStr::from(markdown[at..link.range.start].to_string())));
                    }
                    events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"ref\" href=\"{}\" title=\"{}\">",
                        super::escape::escape(&link.url),
                        super::escape::escape(&link.title)
                    ))));
                    events.push(Event::Text(CowStr::from(markdown[link.range.clone()].to_string())));
                    events.push(Event::InlineHtml(CowStr::from("</a>")));
                    at = link.range.end;
                }
                if at < range.end {
                    events.push(Event::Text(CowStr::from(markdown[at..range.end].to_string())));
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                events.push(event);
            }
            Event::Start(tag) => {
                depth += 1;
                if depth > MAX_NESTING {
                    dropped.push(depth);
                } else {
                    events.push(Event::Start(tag));
                }
            }
            Event::End(tag) => {
                if dropped.last() == Some(&depth) {
                    dropped.pop();
                } else {
                    events.push(Event::End(tag));
                }
                depth -= 1;
            }
            event => events.push(event),
        }
    }
    let headings = assign_heading_ids(&mut events);
    for event in &mut events {
        // `{#id .class}` after a heading is for anchors; other attributes
        // (`{onclick=…}`) would be a way around the sanitiser.
        if let (Event::Start(Tag::Heading { attrs, .. }), Html::Sanitize) = (&mut *event, html) {
            attrs.clear();
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if html == Html::Sanitize && !is_safe_url(dest_url) {
                *dest_url = CowStr::from("");
            } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                *dest_url = CowStr::from(base.link(dest_url));
            }
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // Without raw HTML, pulldown-cmark's output is already safe (text escaped, URLs
    // checked above); only bodies with raw HTML pay for a full sanitising pass.
    if raw_html && html == Html::Sanitize {
        out = sanitizer().clean(&out).to_string();
    }
    Rendered { html: out, headings }
}

/// Gives every heading without an explicit `{#id}` one made from its text, unique
/// within the document, so parts ("I. MỤC TIÊU") can be linked to.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.clone();
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let id = match explicit {
                Some(id) => id.to_string(),
                None => {
                    let base = match slugify(&text) {
                        s if s.is_empty() => "muc".to_string(),
                        s => s,
                    };
                    let n = used.entry(base.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 { base } else { format!("{base}-{n}") }
                }
            };
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(Heading { level: heading_number(level), id, text });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let base = BaseUrl::parse("/").unwrap();
        let r = render("## I. MỤC TIÊU\n\ntext\n\n## I. MỤC TIÊU\n", &base, &[], Html::Sanitize);
        assert!(r.html.contains(r#"<h2 id="i-muc-tieu">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="i-muc-tieu-2">"#), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn site_links_follow_the_base_url() {
        let base = BaseUrl::parse("https://portal.example.vn/ke-hoach/").unwrap();
        let r = render("[x](/van-ban/a/) [y](https://example.org/)", &base, &[], Html::Sanitize);
        assert!(r.html.contains(r#"href="/ke-hoach/van-ban/a/""#), "{}", r.html);
        assert!(r.html.contains(r#"href="https://example.org/""#));
    }

    #[test]
    fn text_links_wrap_their_span() {
        let base = BaseUrl::parse("/").unwrap();
        let md = "Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007.";
        let start = md.find("11-CT/TW").unwrap();
        let links =
            [TextLink { range: start..start + 8, url: "/van-ban/11-ct-tw-2007/".into(), title: "Chỉ thị".into() }];
        let r = render(md, &base, &links, Html::Sanitize);
        assert!(
            r.html.contains(
                r#"Chỉ thị số <a class="ref" href="/van-ban/11-ct-tw-2007/" title="Chỉ thị">11-CT/TW</a> ngày"#
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_sanitised() {
        let base = BaseUrl::parse("/").unwrap();
        let md = "Text <script>alert(1)</script> <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>\n\n\
                  <iframe src=\"https://evil\"></iframe><form><input></form><style>body{}</style>\n\n\
                  [y](javascript:alert(4)) ![z](data:image/png;base64,AAAA) <b>bold</b>\n\n<table><tr><td>cell</td></tr></table>\n";
        let r = render(md, &base, &[], Html::Sanitize);
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<form", "<input", "<style", "data:"] {
            assert!(!r.html.contains(bad), "{bad} survived: {}", r.html);
        }
        for good in ["<b>bold</b>", "<td>cell</td>", "<img src=\"x\""] {
            assert!(r.html.contains(good), "{good} was removed: {}", r.html);
        }
        let attrs = render("## Tiêu đề {#muc .lop onclick=alert(1)}\n", &base, &[], Html::Sanitize);
        assert!(attrs.html.contains("id=\"muc\"") && !attrs.html.contains("onclick"), "{}", attrs.html);
        let trusted = render("<b onclick=\"x()\">t</b>", &base, &[], Html::Trusted);
        assert!(trusted.html.contains("onclick"));
    }

    /// Fuzzing found "javascript:" as a word in running text: text, not a link, so it
    /// stays (escaped); the oracle now looks at attributes only.
    #[test]
    fn fuzz_regressions_render_safely() {
        let base = BaseUrl::parse("/").unwrap();
        // The fuzzer's &str is the valid UTF-8 prefix of the saved bytes.
        let inputs: [&[u8]; 3] = [
            include_bytes!("../../tests/regressions/markdown-javascript-word-in-text.md"),
            include_bytes!("../../tests/regressions/markdown-onerror-word-in-text.md"),
            include_bytes!("../../tests/regressions/markdown-on-in-class-value.md"),
        ];
        for bytes in inputs {
            let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
            let input = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let html = render(input, &base, &[], Html::Sanitize).html.to_ascii_lowercase();
            // The words stay as text; no tag carries them.
            for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or(t)) {
                assert!(!tag.contains("javascript:") && !tag.contains("onerror"), "<{tag}>");
            }
        }
    }

    #[test]
    fn deep_nesting_is_flattened_not_fatal() {
        let base = BaseUrl::parse("/").unwrap();
        let r = render(&format!("{} deep", ">".repeat(10_000)), &base, &[], Html::Sanitize);
        assert_eq!(r.html.matches("<blockquote>").count(), MAX_NESTING);
        assert!(r.html.contains("deep"));
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let base = BaseUrl::parse("/").unwrap();
        let r = render("```yaml\nkind: Kế hoạch\nnumber: \"4621/KH-UBND\"\n```\n", &base, &[], Html::Sanitize);
        assert!(r.html.contains("<pre class=\"code\" tabindex=\"0\"><code class=\"language-yaml\">"), "{}", r.html);
        assert!(r.html.contains("class=\"hl-"), "highlighted with classes: {}", r.html);
        assert!(!r.html.contains("style="), "no inline styles: {}", r.html);
        assert!(r.html.contains("Kế hoạch"));
        let plain = render("```\n<b>x</b>\n```\n", &base, &[], Html::Sanitize);
        assert!(plain.html.contains("&lt;b&gt;x&lt;/b&gt;"), "{}", plain.html);
    }

    /// The stylesheet carries the highlighting classes, generated from a syntect theme.
    #[test]
    fn stylesheet_has_the_highlighting_classes() {
        let theme = &syntect::highlighting::ThemeSet::load_defaults().themes["InspiredGitHub"];
        let css = syntect::html::css_for_theme_with_class_style(theme, HIGHLIGHT_CLASSES).unwrap();
        let style = include_str!("../../themes/default/static/style.css");
        assert!(style.contains(css.trim()), "append to style.css:\n{css}");
    }

    #[test]
    fn tables_and_footnotes() {
        let base = BaseUrl::parse("/").unwrap();
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n", &base, &[], Html::Sanitize);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
    }
}
