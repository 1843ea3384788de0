//! The search index: every document's number, title, issuer, region and body, folded
//! the way citizens type ("gia dinh hoc tap" finds "Gia đình học tập"), split into
//! small files so that a query loads only the few it needs, whatever the corpus size.
//!
//! Layout under /tim-kiem/:
//! - `chi-muc/<p>.json`: the words starting with the two characters `p`, each with two
//!   lists of document ids (ascending, delta-encoded): the documents whose number,
//!   kind, title, alias or signer holds the word (ranked first), then the others;
//! - `tai-lieu/<k>.json`: documents `k*DOCS_PER_CHUNK ..`, with what a result shows.
//!
//! The client (themes/default/static/tim-kiem.js) folds the query the same way.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::json;

use crate::text::fold;

use super::view::View;
use crate::output::OutputFile;

/// Documents per metadata file.
pub const DOCS_PER_CHUNK: usize = 50;
/// Characters of body text kept per document for result snippets.
const SNIPPET_SOURCE: usize = 1200;

/// Folded words of `text`: ASCII lower case, split at anything not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

/// A number written without separators ("49kltw"), so that "49/KL-TW", "49-kl-tw"
/// and "49/KL/TW" all find it.
pub fn compact_number(text: &str) -> String {
    fold(text).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The shard a word belongs to: its first two characters.
pub fn shard_of(word: &str) -> String {
    word.chars().take(2).collect()
}

/// Plain text of a Markdown body, for indexing and snippets.
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, crate::model::BODY_MARKDOWN) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// The index files.
pub fn index(view: &View) -> Vec<OutputFile> {
    let docs = &view.corpus.documents;
    // Per document: the words that name it (number, kind, title, aliases), the other
    // words it holds, and the start of its text for snippets.
    let per_doc: Vec<(BTreeSet<String>, BTreeSet<String>, String)> = docs
        .par_iter()
        .map(|d| {
            let body = plain_text(&d.body);
            let mut naming: BTreeSet<String> = BTreeSet::new();
            naming.extend(words(&d.kind));
            naming.extend(words(&d.title));
            if let Some(n) = &d.number {
                naming.extend(words(&n.value.to_string()));
                naming.insert(compact_number(&n.value.to_string()));
            }
            for a in &d.aliases {
                naming.extend(words(a));
            }
            // Citizens look documents up by who signed them too.
            if let Some(s) = &d.signer {
                naming.extend(words(&s.name));
            }
            let mut other: BTreeSet<String> = BTreeSet::new();
            // The place then and now: "thai binh" finds Thái Bình's plans, and so does
            // "hung yen", the province holding Thái Bình since 1/7/2025.
            let places = super::places::search_words(d);
            for field in [d.issuer.as_str(), d.region.as_deref().unwrap_or(""), &places, &body] {
                other.extend(words(field).filter(|w| !naming.contains(w)));
            }
            let snippet: String = body.chars().take(SNIPPET_SOURCE).collect();
            (naming, other, snippet)
        })
        .collect();
    let mut shards: BTreeMap<String, BTreeMap<&str, [Vec<usize>; 2]>> = BTreeMap::new();
    for (id, (naming, other, _)) in per_doc.iter().enumerate() {
        for (tier, set) in [naming, other].into_iter().enumerate() {
            for w in set {
                shards.entry(shard_of(w)).or_default().entry(w.as_str()).or_default()[tier].push(id);
            }
        }
    }
    let mut files: Vec<OutputFile> = shards
        .into_par_iter()
        .map(|(shard, words)| {
            let encoded: serde_json::Map<String, serde_json::Value> = words
                .into_iter()
                .map(|(w, tiers)| {
                    let encode = |ids: &[usize]| {
                        let mut prev = 0;
                        ids.iter().map(|&i| std::mem::replace(&mut prev, i).abs_diff(i)).collect::<Vec<usize>>()
                    };
                    (w.to_string(), json!([encode(&tiers[0]), encode(&tiers[1])]))
                })
                .collect();
            OutputFile {
                path: crate::address::search_words(&shard),
                bytes: serde_json::to_vec(&encoded).unwrap_or_default(),
            }
        })
        .collect();
    for (chunk, ids) in (0..docs.len()).collect::<Vec<_>>().chunks(DOCS_PER_CHUNK).enumerate() {
        let entries: Vec<serde_json::Value> = ids
            .iter()
            .map(|&id| {
                let s = &view.summaries[id];
                json!({ "u": s.url, "n": s.name, "t": s.title, "i": s.issuer, "d": s.date, "x": per_doc[id].2, "r": s.replaced })
            })
            .collect();
        files.push(OutputFile {
            path: crate::address::search_documents(chunk),
            bytes: serde_json::to_vec(&entries).unwrap_or_default(),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_like_citizens_type() {
        assert_eq!(words("Gia đình Học tập").collect::<Vec<_>>(), ["gia", "dinh", "hoc", "tap"]);
        assert_eq!(compact_number("49/KL-TW"), "49kltw");
        assert_eq!(compact_number("49-kl-tw"), "49kltw");
        assert_eq!(compact_number("387/QĐ-TTg"), "387qdttg");
        assert_eq!(shard_of("dinh"), "di");
        assert_eq!(shard_of("a"), "a");
    }
}
