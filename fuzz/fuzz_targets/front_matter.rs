//! Any bytes as a document file: splitting, YAML, every field, every diagnostic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (doc, diags) = congbo::content::parse_document("plans/fuzz.md", data);
    for d in &diags {
        let _ = d.to_string();
    }
    if let Some(doc) = doc {
        assert!(!doc.slug.contains('/') && !doc.slug.contains(".."), "slug escapes: {}", doc.slug);
    }
});
