//! Import: any text becomes a Markdown file whose front matter the loader can read.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let doc = congbo::import::import_text(text);
    let md = congbo::import::front_matter_and_body(&doc, "x.txt");
    let (_, diags) = congbo::content::parse_document("content/plans/x.md", md.as_bytes());
    assert!(diags.iter().all(|d| !d.message.starts_with("invalid YAML")), "{md}");
});
