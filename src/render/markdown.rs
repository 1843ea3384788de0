//! Markdown to HTML: tables, footnotes, heading ids, and site-absolute links made to
//! honour the base URL.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown`; links starting with "/" are taken as site paths under `base`.
pub fn render(markdown: &str, base: &BaseUrl) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let headings = assign_heading_ids(&mut events);
    for event in &mut events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                *dest_url = CowStr::from(base.link(dest_url));
            }
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
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
        let r = render("## I. MỤC TIÊU\n\ntext\n\n## I. MỤC TIÊU\n", &base);
        assert!(r.html.contains(r#"<h2 id="i-muc-tieu">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="i-muc-tieu-2">"#), "{}", r.html);
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn site_links_follow_the_base_url() {
        let base = BaseUrl::parse("https://portal.example.vn/ke-hoach/").unwrap();
        let r = render("[x](/van-ban/a/) [y](https://example.org/)", &base);
        assert!(r.html.contains(r#"href="/ke-hoach/van-ban/a/""#), "{}", r.html);
        assert!(r.html.contains(r#"href="https://example.org/""#));
    }

    #[test]
    fn tables_and_footnotes() {
        let base = BaseUrl::parse("/").unwrap();
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n", &base);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
    }
}
