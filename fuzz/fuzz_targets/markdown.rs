//! Markdown bodies: rendering and sanitising never panic, and no script, event
//! handler or script URL survives inside a tag (as words in text they are harmless:
//! text is escaped, so every "<" in the output opens a real tag).
#![no_main]
use congbo::config::BaseUrl;
use congbo::render::markdown::{Html, render};
use libfuzzer_sys::fuzz_target;

fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest))
}

/// The attribute names of a tag's text, skipping quoted values.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = tag.chars().peekable();
    // Skip the element name.
    while chars.peek().is_some_and(|c| !c.is_whitespace()) {
        chars.next();
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let name: String = std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() && chars.peek().is_none() {
            break;
        }
        names.push(name.to_ascii_lowercase());
        if chars.next_if_eq(&'=').is_some() {
            match chars.next() {
                Some(q @ ('"' | '\'')) => while chars.next().is_some_and(|c| c != q) {},
                _ => while chars.next().is_some_and(|c| !c.is_whitespace()) {},
            }
        }
    }
    names
}

fuzz_target!(|text: &str| {
    let base = BaseUrl::parse("/ke-hoach/").unwrap();
    let out = render(text, &base, &[], Html::Sanitize);
    for tag in tags(&out.html) {
        let lower = tag.to_ascii_lowercase();
        let name = lower.split(|c: char| c.is_whitespace() || c == '/').find(|s| !s.is_empty()).unwrap_or("");
        assert!(!matches!(name, "script" | "iframe" | "object" | "embed" | "style" | "form" | "base" | "meta"), "<{tag}> survived");
        for name in attribute_names(tag) {
            assert!(!name.starts_with("on"), "handler {name} in <{tag}>");
        }
        for url_attr in ["href=\"", "src=\""] {
            if let Some(i) = lower.find(url_attr) {
                let url = lower[i + url_attr.len()..].trim_start();
                assert!(!url.starts_with("javascript:") && !url.starts_with("data:") && !url.starts_with("vbscript:"), "url in <{tag}>");
            }
        }
    }
});
