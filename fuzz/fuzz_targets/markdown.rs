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

fuzz_target!(|text: &str| {
    let base = BaseUrl::parse("/ke-hoach/").unwrap();
    let out = render(text, &base, &[], Html::Sanitize);
    for tag in tags(&out.html) {
        let lower = tag.to_ascii_lowercase();
        let name = lower.split(|c: char| c.is_whitespace() || c == '/').find(|s| !s.is_empty()).unwrap_or("");
        assert!(!matches!(name, "script" | "iframe" | "object" | "embed" | "style" | "form" | "base" | "meta"), "<{tag}> survived");
        // Attributes start after whitespace; an event handler is "on…=".
        for attr in lower.split_whitespace().skip(1) {
            assert!(!(attr.starts_with("on") && attr.contains('=')), "handler in <{tag}>");
        }
        for url_attr in ["href=\"", "src=\""] {
            if let Some(i) = lower.find(url_attr) {
                let url = lower[i + url_attr.len()..].trim_start();
                assert!(!url.starts_with("javascript:") && !url.starts_with("data:") && !url.starts_with("vbscript:"), "url in <{tag}>");
            }
        }
    }
});
