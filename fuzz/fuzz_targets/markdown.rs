//! Markdown bodies: rendering and sanitising never panic, and no script or
//! script URL survives in markup (the words may stay as text, escaped).
#![no_main]
use congbo::config::BaseUrl;
use congbo::render::markdown::{Html, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let base = BaseUrl::parse("/ke-hoach/").unwrap();
    let out = render(text, &base, &[], Html::Sanitize);
    let lower = out.html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script survived: {}", out.html);
    for attr in ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:", " onerror=", " onload=", " onclick="] {
        assert!(!lower.contains(attr), "{attr} survived: {}", out.html);
    }
});
