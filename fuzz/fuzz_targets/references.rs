//! References between documents: a fuzzed document beside fixed directives goes
//! through linking (front matter references and mentions in its text) and progress.
#![no_main]
use congbo::content::parse_document;
use congbo::model::Corpus;
use libfuzzer_sys::fuzz_target;

const DIRECTIVE: &[u8] = "---\nkind: Chỉ thị\nnumber: \"11-CT/TW\"\ntitle: T\nissuer: Bộ Chính trị\ndate: 2007-04-13\naliases: [\"Chỉ thị 11\"]\ntargets:\n  - { id: a, label: A, unit: \"%\", milestones: [{ year: 2025, value: 70 }] }\n---\nThực hiện 49-KL/TW.\n".as_bytes();

fuzz_target!(|data: &[u8]| {
    let mut corpus = Corpus::default();
    corpus.documents.extend(parse_document("directives/11.md", DIRECTIVE).0);
    match parse_document("plans/fuzz.md", data).0 {
        Some(d) => corpus.documents.push(d),
        None => return,
    }
    let (links, _) = congbo::link::resolve(&corpus);
    for (id, mentions) in links.mentions.iter().enumerate() {
        let body = &corpus.documents[id].body;
        for m in mentions {
            assert!(body.is_char_boundary(m.range.start) && body.is_char_boundary(m.range.end));
        }
    }
    let _ = congbo::progress::assess(&corpus, &links, jiff::civil::date(2026, 1, 1));
});
