//! The search index: every document's number, title, issuer, region and body, folded
//! the way citizens type ("gia dinh hoc tap" finds "Gia đình học tập"), split into
//! small files so that a query loads only the few it needs, whatever the corpus size.
//!
//! Layout under /tim-kiem/:
//! - `chi-muc.json`, the manifest: which files hold which words and documents. Every
//!   other file is named by a hash of its content (a word shard by its group's), so a
//!   browser that read a manifest never mixes files of two builds, and a build changes
//!   only the files whose content changed. The page reads it with `cache: "no-cache"`,
//!   and again with `cache: "reload"` when a file it names is gone (a deploy);
//! - `chi-muc/<prefix>.<hash>.json`: the keys starting with `prefix` (two characters,
//!   more where a shard would exceed [`SHARD_BYTES`]); the hash is that of the group of
//!   shards of the same two first characters. A key is a folded word ("dinh"), a folded
//!   pair of neighbouring words ("gia_dinh", so that phrases rank above scattered
//!   syllables) or a number written without separators ("49kltw"). Each key maps each
//!   way the word is written ("đình", "định"; "" for pairs and numbers) to two lists of
//!   document ids (ascending, delta-encoded): the documents whose number, kind, title,
//!   alias or signer holds it (ranked first), then the others. A document's number is
//!   also a key of the documents that implement, cite or name it;
//! - `chi-muc/<key>~.<hash>.json`: past [`HEAD_IDS`] ids, a key's shard holds only the
//!   ids below a bound (its head) and these tail files hold the rest, by doubling id
//!   ranges ([`head_and_tails`]): a query reads them only as far as its first page needs;
//! - `tai-lieu/<k>.<hash>.json`: what a result shows, for the documents whose id starts
//!   with the bits `k`; `tai-lieu/trang-<n>.<hash>.json`: the hashes of [`RECORD_PAGE`]
//!   of these files, from the `n`th;
//! - `tu-vung/<ending>.<hash>.json`: every word, by its last letters ([`vocabulary`]),
//!   where the page looks for the word a typo in a word's first letters meant.
//!
//! A document's id is a hash of its address (in [`id_bits`] bits, room for 16 times the
//! documents), not its place in the corpus, so adding a document leaves every other id
//! as it was, until the corpus crosses a power of two.
//!
//! The client (themes/default/static/tim-kiem.js) folds the query the same way.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::json;

use crate::text::fold;

use super::view::View;
use crate::output::OutputFile;

/// Documents per metadata file, at most (on average half to this many).
pub const DOCS_PER_CHUNK: usize = 16;
/// A word shard larger than this (JSON bytes) is split by one more character, so that
/// a query's few shards stay a few KB gzipped each.
const SHARD_BYTES: usize = 5_000;
/// Ids of a written form kept in its shard (the best: naming documents first, then by
/// id, the order the client breaks ties in); the rest go to tail files, fetched only
/// when the first page of results cannot be filled from these or more are asked for.
pub const HEAD_IDS: usize = 32;
/// Ids per tail file: a word in every one of 100,000 documents is 12 tail files, each
/// well under 50 KB gzipped.
const TAIL_IDS: usize = 8_000;
/// Hex digits of a word file's content hash in its name (24 bits): a browser holding an
/// old manifest takes a changed file for the one it named once in 16 million.
const HASH_DIGITS: usize = 6;
/// Hex digits of a record file's hash (12 bits): the manifest holds one per record
/// file, the most of its bytes; a record taken from a newer build is still the same
/// document's (ids are stable), never another's.
const RECORD_HASH_DIGITS: usize = 3;
/// Record files whose hashes one page of record hashes holds.
const RECORD_PAGE: usize = 256;
/// Characters of body text whose neighbouring words are indexed as pairs.
const PAIRS_SOURCE: usize = 600;
/// Characters of body text kept per document for result snippets: most of a record
/// file's bytes, and a first page of results reads ten of them.
const SNIPPET_SOURCE: usize = 300;
/// A vocabulary file larger than this (JSON bytes) is split by one more letter of its
/// words' endings.
const VOCABULARY_BYTES: usize = 4_000;

/// Each word of `text` folded, with the way it is written (lower case, NFC):
/// ("dinh", "đình").
pub fn written_words(text: &str) -> Vec<(String, String)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for token in lower.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        let folded = fold(token);
        let parts: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        match parts.as_slice() {
            [one] => out.push((one.to_string(), token.to_string())),
            many => out.extend(many.iter().map(|p| (p.to_string(), p.to_string()))),
        }
    }
    out
}

/// A number written without separators ("49kltw"), so that "49/KL-TW", "49-kl-tw"
/// and "49/KL/TW" all find it.
pub fn compact_number(text: &str) -> String {
    fold(text).chars().filter(char::is_ascii_alphanumeric).collect()
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

/// 32-bit FNV-1a.
fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// 64-bit FNV-1a, for file names.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Bits of a document id: room for 16 times the documents, so that ids are sparse
/// enough to collide rarely and dense enough that the gaps between them, which the
/// index writes, stay two or three digits. They change only when the corpus crosses a
/// power of two.
pub fn id_bits(docs: usize) -> u32 {
    let mut bits = 10;
    while bits < 32 && (1_u64 << bits) < 16 * docs as u64 {
        bits += 1;
    }
    bits
}

/// Stable ids: a hash of each document's address, in `bits` bits; the rare collision
/// moves the later address (in sorted order) to the next free id.
pub fn stable_ids(addresses: &[&str], bits: u32) -> Vec<u32> {
    let mut order: Vec<usize> = (0..addresses.len()).collect();
    order.sort_by_key(|&i| addresses[i]);
    let mask = if bits >= 32 { u32::MAX } else { (1_u32 << bits) - 1 };
    let mut taken = std::collections::HashSet::new();
    let mut ids = vec![0; addresses.len()];
    for i in order {
        let mut id = fnv32(addresses[i].as_bytes()) >> (32 - bits);
        while !taken.insert(id) {
            id = id.wrapping_add(1) & mask;
        }
        ids[i] = id;
    }
    ids
}

/// Bits of the id that name a document file: enough for about [`DOCS_PER_CHUNK`] / 2
/// documents per file.
fn chunk_bits(docs: usize) -> u32 {
    let mut bits = 0;
    while bits < 24 && docs > (DOCS_PER_CHUNK / 2) << bits {
        bits += 1;
    }
    bits
}

/// Where each written form of a key occurs: written form → [naming ids, other ids].
type Postings = BTreeMap<String, [Vec<u32>; 2]>;

/// How many documents' keys are gathered (in parallel) before they go into the index.
const KEYS_AT_ONCE: usize = 256;

/// Keys grouped into shards by prefix: two characters, one more for a shard over
/// [`SHARD_BYTES`] (its keys equal to the prefix stay in the prefix's shard).
fn shards(keys: &BTreeMap<String, Postings>) -> Vec<(String, Vec<&str>)> {
    fn size(keys: &BTreeMap<String, Postings>, list: &[&str]) -> usize {
        list.iter()
            .map(|k| {
                k.len()
                    + 6
                    + keys[*k]
                        .iter()
                        .map(|(w, t)| w.len() + 8 + 4 * (t[0].len() + t[1].len()).min(HEAD_IDS))
                        .sum::<usize>()
            })
            .sum()
    }
    fn split<'a>(
        keys: &BTreeMap<String, Postings>,
        prefix: String,
        list: Vec<&'a str>,
        out: &mut Vec<(String, Vec<&'a str>)>,
    ) {
        let n = prefix.chars().count();
        if size(keys, &list) <= SHARD_BYTES || list.iter().all(|k| k.chars().count() <= n) {
            out.push((prefix, list));
            return;
        }
        let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for k in list {
            groups.entry(k.chars().take(n + 1).collect()).or_default().push(k);
        }
        for (p, l) in groups {
            split(keys, p, l, out);
        }
    }
    let mut top: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for k in keys.keys() {
        top.entry(k.chars().take(2).collect()).or_default().push(k);
    }
    let mut out = Vec::new();
    for (p, l) in top {
        split(keys, p, l, &mut out);
    }
    out
}

/// Per document: (key, written form, naming) triples, and the start of its text.
fn document_keys(view: &View, id: usize) -> (Vec<(String, String, bool)>, String) {
    let d = &view.corpus.documents[id];
    let body = plain_text(&d.body);
    let mut keys: Vec<(String, String, bool)> = Vec::new();
    // Pairs of neighbouring words from the fields that name the document and the start
    // of its text (what a result shows): enough to rank phrases, and the index stays
    // within memory on large corpora.
    let add_text = |text: &str, naming: bool, pairs: bool, keys: &mut Vec<(String, String, bool)>| {
        let ws = written_words(text);
        if pairs {
            for pair in ws.windows(2) {
                keys.push((format!("{}_{}", pair[0].0, pair[1].0), String::new(), naming));
            }
        }
        keys.extend(ws.into_iter().map(|(f, w)| (f, w, naming)));
    };
    add_text(&d.kind, true, true, &mut keys);
    add_text(&d.title, true, true, &mut keys);
    if let Some(n) = &d.number {
        add_text(&n.value.to_string(), true, true, &mut keys);
        keys.push((compact_number(&n.value.to_string()), String::new(), true));
    }
    for a in &d.aliases {
        add_text(a, true, true, &mut keys);
    }
    // Citizens look documents up by who signed them too.
    if let Some(s) = &d.signer {
        add_text(&s.name, true, true, &mut keys);
    }
    let start: String = body.chars().take(PAIRS_SOURCE).collect();
    add_text(d.issuer.as_str(), false, true, &mut keys);
    add_text(d.region.as_deref().unwrap_or(""), false, true, &mut keys);
    // The place then and now: "thai binh" finds Thái Bình's plans, and so does
    // "hung yen", the province holding Thái Bình since 1/7/2025.
    add_text(&super::places::search_words(d), false, true, &mut keys);
    // Cut between words, so that no word is split in two.
    let cut = if start.len() < body.len() { start.rfind(' ').unwrap_or(start.len()) } else { body.len() };
    add_text(&body[..cut], false, true, &mut keys);
    add_text(&body[cut..], false, false, &mut keys);
    // The numbers of the documents it carries out, cites or names: "49-kl/tw" finds
    // Kết luận 49 first, then these.
    let links = view.links;
    let mut related: Vec<usize> = Vec::new();
    for rel in [&links.implements, &links.based_on, &links.amends, &links.replaces, &links.reports_on] {
        related.extend(rel.forward[id].iter().filter_map(|e| match e.to {
            crate::link::Ref::Doc(t) => Some(t),
            crate::link::Ref::Missing(_) => None,
        }));
    }
    related.extend(links.mentions[id].iter().filter_map(|m| match m.to {
        crate::link::Ref::Doc(t) => Some(t),
        crate::link::Ref::Missing(_) => None,
    }));
    for t in related {
        if let Some(n) = &view.corpus.documents[t].number {
            keys.push((compact_number(&n.value.to_string()), String::new(), false));
        }
    }
    // Once each: every occurrence of every word, held for every document until the
    // postings are made, took 4 GB at 10,000 plans (postings are deduplicated anyway).
    keys.sort_unstable();
    keys.dedup();
    (keys, snippet_of(&start))
}

/// The start of a text shown under a result: [`SNIPPET_SOURCE`] characters, cut
/// between words.
fn snippet_of(start: &str) -> String {
    match start.char_indices().nth(SNIPPET_SOURCE) {
        None => start.to_string(),
        Some((end, _)) => start[..start[..end].rfind(' ').unwrap_or(end)].to_string(),
    }
}

/// The words the index holds, by their last letters, for the typo a citizen makes in a
/// word's first letters (the word shards, keyed by the first two, cannot see it): every
/// folded word of three letters or more (not pairs, not numbers), in files keyed by its
/// last two letters (three where a file would pass [`VOCABULARY_BYTES`]). A file maps
/// how many documents hold a word, as a power of two ("13": 8,192–16,383), to the words
/// in that class, so that the page can prefer the most used, and a new document moves
/// a word, and renames its file, only when it crosses a power of two.
fn vocabulary(keys: &BTreeMap<String, Postings>) -> (Vec<OutputFile>, serde_json::Map<String, serde_json::Value>) {
    let mut by_suffix: BTreeMap<String, Vec<(&str, u32)>> = BTreeMap::new();
    for (key, postings) in keys {
        if key.len() < 3 || !key.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let docs: usize = postings.values().map(|[n, o]| n.len() + o.len()).sum();
        by_suffix.entry(key[key.len() - 2..].to_string()).or_default().push((key, docs.max(1).ilog2()));
    }
    let mut split: Vec<(String, Vec<(&str, u32)>)> = Vec::new();
    for (suffix, words) in by_suffix {
        let bytes: usize = words.iter().map(|(w, _)| w.len() + 1).sum();
        if bytes <= VOCABULARY_BYTES {
            split.push((suffix, words));
            continue;
        }
        // By one more letter; the words of three letters stay in the two-letter file.
        let mut longer: BTreeMap<String, Vec<(&str, u32)>> = BTreeMap::new();
        let mut short = Vec::new();
        for (w, class) in words {
            if w.len() > 3 {
                longer.entry(w[w.len() - 3..].to_string()).or_default().push((w, class));
            } else {
                short.push((w, class));
            }
        }
        if !short.is_empty() {
            split.push((suffix, short));
        }
        split.extend(longer);
    }
    let mut files = Vec::new();
    let mut names = serde_json::Map::new();
    for (suffix, words) in split {
        let mut classes: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for (w, class) in words {
            classes.entry(class).or_default().push(w);
        }
        let content: serde_json::Map<String, serde_json::Value> =
            classes.into_iter().map(|(c, ws)| (c.to_string(), json!(ws.join(" ")))).collect();
        let bytes = serde_json::to_vec(&content).unwrap_or_default();
        let hash = short_hash(&bytes)[..RECORD_HASH_DIGITS].to_string();
        files.push(OutputFile { path: crate::address::search_vocabulary(&suffix, &hash), bytes });
        names.insert(suffix, json!(hash));
    }
    (files, names)
}

/// What follows a key in the name of its tail files ("dinh~.<hash>.json"): no key holds
/// "~".
const TAIL: &str = "~";

/// Sorted names, each written as how many characters it shares with the one before
/// (0–9) and the rest, separated by spaces: "10 11 11_" → "010 11 2_".
fn front_coded(names: &[String]) -> String {
    let mut out = String::new();
    let mut prev: &str = "";
    for name in names {
        let shared = prev.bytes().zip(name.bytes()).take_while(|(a, b)| a == b).count().min(9);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(char::from(b'0' + shared as u8));
        out.push_str(&name[shared..]);
        prev = name;
    }
    out
}

/// The group of a shard: its first two characters.
fn group_of(prefix: &str) -> String {
    prefix.chars().take(2).collect()
}

fn short_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv64(bytes))[..HASH_DIGITS].to_string()
}

/// A written form's ids as its shard holds them: `[naming, other]` (delta-encoded), or,
/// past [`HEAD_IDS`], a head and tails by id range, so that the client, intersecting
/// the heads of a query's words, knows every document below the smallest of their
/// ranges exactly, and widens that range only as far as the first page needs:
/// `[naming, other, total, s, parts]` where the head holds the ids below `2^(bits - s)`
/// (and every naming id when there are at most [`HEAD_IDS`] of them: a number's own
/// document comes first whatever its id), `total` is how many ids there are in all,
/// and `parts[k]` lists the tail files of the ids in `[2^(bits-s+k), 2^(bits-s+k+1))`,
/// [`TAIL_IDS`] ids each, as `[naming, other]` pairs delta-encoded from 0. A tail file
/// is named by its content, so that a new document changes only its own words' files.
fn head_and_tails(
    key: &str,
    tiers: &[Vec<u32>; 2],
    bits: u32,
    tails: &mut BTreeMap<(String, String), Vec<u8>>,
) -> serde_json::Value {
    let [naming, other] = tiers;
    let total = naming.len() + other.len();
    if total <= HEAD_IDS {
        return json!([delta(naming), delta(other)]);
    }
    let all_naming = naming.len() <= HEAD_IDS;
    let below = |limit: u64| -> usize {
        let n = if all_naming { 0 } else { naming.partition_point(|&i| u64::from(i) < limit) };
        n + other.partition_point(|&i| u64::from(i) < limit)
    };
    let mut s = 1;
    while s < bits && below(1_u64 << (bits - s)) > HEAD_IDS {
        s += 1;
    }
    let range = |tier: &[u32], lo: u64, hi: u64| -> Vec<u32> {
        tier.iter().copied().filter(|&i| u64::from(i) >= lo && u64::from(i) < hi).collect()
    };
    let head_limit = 1_u64 << (bits - s);
    let head_n = if all_naming { naming.clone() } else { range(naming, 0, head_limit) };
    let head_o = range(other, 0, head_limit);
    let mut parts = Vec::new();
    for k in 0..s {
        let (lo, hi) = (1_u64 << (bits - s + k), 1_u64 << (bits - s + k + 1));
        let n = if all_naming { Vec::new() } else { range(naming, lo, hi) };
        let o = range(other, lo, hi);
        let mut hashes = Vec::new();
        let mut at = 0;
        while at < n.len() + o.len() {
            let end = at + TAIL_IDS;
            let pn = &n[at.min(n.len())..end.min(n.len())];
            let po = &o[at.saturating_sub(n.len()).min(o.len())..end.saturating_sub(n.len()).min(o.len())];
            let bytes = serde_json::to_vec(&json!([delta(pn), delta(po)])).unwrap_or_default();
            let hash = format!("{:016x}", fnv64(&bytes));
            tails.insert((key.to_string(), hash.clone()), bytes);
            hashes.push(hash);
            at = end;
        }
        parts.push(hashes);
    }
    json!([delta(&head_n), delta(&head_o), total, s, parts])
}

fn delta(ids: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    ids.iter().map(|&i| i - std::mem::replace(&mut prev, i)).collect()
}

/// The index files.
pub fn index(view: &View) -> Vec<OutputFile> {
    index_until(view, &|| false).unwrap_or_default()
}

/// The index files, or `None` as soon as `stop` says to stop (checked for each document
/// and each file): `serve` stops an index that a new edit would make stale.
pub fn index_until(view: &View, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<OutputFile>> {
    let docs = &view.corpus.documents;
    let addresses: Vec<&str> = docs.iter().map(|d| d.address.page()).collect();
    let bits_of_ids = id_bits(docs.len());
    let ids = stable_ids(&addresses, bits_of_ids);
    // The keys of a few hundred documents at a time: those of every document at once
    // are many times the index itself (4 GB at 10,000 plans).
    let mut snippets: Vec<String> = Vec::with_capacity(docs.len());
    let mut keys: BTreeMap<String, Postings> = BTreeMap::new();
    for start in (0..docs.len()).step_by(KEYS_AT_ONCE) {
        let end = (start + KEYS_AT_ONCE).min(docs.len());
        let part: Option<Vec<(Vec<(String, String, bool)>, String)>> =
            (start..end).into_par_iter().map(|id| (!stop()).then(|| document_keys(view, id))).collect();
        let part = part?;
        for (doc, (doc_keys, snippet)) in (start..end).zip(part) {
            snippets.push(snippet);
            for (key, written, naming) in doc_keys {
                let tiers = keys.entry(key).or_default().entry(written).or_default();
                tiers[usize::from(!naming)].push(ids[doc]);
            }
        }
    }
    // Ascending, once each; a document named by a word is not listed again among those
    // holding it elsewhere.
    keys.par_iter_mut().for_each(|(_, postings)| {
        for tiers in postings.values_mut() {
            let [naming, other] = tiers;
            naming.sort_unstable();
            naming.dedup();
            other.sort_unstable();
            other.dedup();
            other.retain(|i| naming.binary_search(i).is_err());
        }
    });
    let mut files = Vec::new();
    // Shards are named by the hash of their group (the shards of the same two first
    // characters): the manifest holds a hash per group and only the names of the shards,
    // a third of its bytes on a large corpus; a new document renames the shards of its
    // words' groups.
    let mut groups: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    // Tails: (key, hash) → bytes.
    let mut tails: BTreeMap<(String, String), Vec<u8>> = BTreeMap::new();
    for (prefix, list) in shards(&keys) {
        if stop() {
            return None;
        }
        let encoded: serde_json::Map<String, serde_json::Value> = list
            .iter()
            .map(|k| {
                let forms: serde_json::Map<String, serde_json::Value> =
                    keys[*k].iter().map(|(w, t)| (w.clone(), head_and_tails(k, t, bits_of_ids, &mut tails))).collect();
                (k.to_string(), serde_json::Value::Object(forms))
            })
            .collect();
        let bytes = serde_json::to_vec(&encoded).unwrap_or_default();
        groups.entry(group_of(&prefix)).or_default().push((prefix, bytes));
    }
    let mut word_groups = serde_json::Map::new();
    let mut shard_names: Vec<String> = Vec::new();
    for (group, shards) in groups {
        let mut all = Vec::new();
        for (prefix, bytes) in &shards {
            all.extend_from_slice(prefix.as_bytes());
            all.push(0);
            all.extend_from_slice(bytes);
        }
        let hash = short_hash(&all);
        for (prefix, bytes) in shards {
            files.push(OutputFile { path: crate::address::search_words(&prefix, &hash), bytes });
            shard_names.push(prefix);
        }
        word_groups.insert(group, json!(hash));
    }
    for ((key, hash), bytes) in tails {
        files.push(OutputFile { path: crate::address::search_words(&format!("{key}{TAIL}"), &hash), bytes });
    }
    let (vocabulary_files, vocabulary_names) = vocabulary(&keys);
    files.extend(vocabulary_files);
    let bits = chunk_bits(docs.len());
    let mut chunks: BTreeMap<u32, serde_json::Map<String, serde_json::Value>> = BTreeMap::new();
    for (doc, s) in view.summaries.iter().enumerate() {
        let chunk = ids[doc] >> (bits_of_ids - bits);
        chunks.entry(chunk).or_default().insert(
            ids[doc].to_string(),
            json!({ "u": s.url, "n": s.name, "t": s.title, "i": s.issuer, "d": s.date, "x": snippets[doc], "r": s.replaced }),
        );
    }
    // The hash of every record file, in the order of their numbers, in strings of
    // RECORD_PAGE chunks (RECORD_HASH_DIGITS each; dashes where no document falls), each
    // a file named by its content: the manifest holds only their hashes (at 100,000
    // documents 64 instead of 16,384, 24 KB of its 32 KB gzipped), and a query reads
    // the one or two pages of the ids its first results have.
    let mut record_pages: Vec<String> = Vec::new();
    let mut page = String::with_capacity(RECORD_HASH_DIGITS * RECORD_PAGE);
    for chunk in 0..(1_u32 << bits) {
        match chunks.remove(&chunk) {
            Some(entries) => {
                let bytes = serde_json::to_vec(&entries).unwrap_or_default();
                let hash = short_hash(&bytes)[..RECORD_HASH_DIGITS].to_string();
                files.push(OutputFile { path: crate::address::search_documents(chunk, &hash), bytes });
                page.push_str(&hash);
            }
            None => page.push_str(&"-".repeat(RECORD_HASH_DIGITS)),
        }
        if page.len() == RECORD_HASH_DIGITS * RECORD_PAGE || chunk + 1 == 1 << bits {
            let bytes = serde_json::to_vec(&page).unwrap_or_default();
            let hash = short_hash(&bytes);
            files.push(OutputFile { path: crate::address::search_record_page(record_pages.len(), &hash), bytes });
            record_pages.push(hash);
            page.clear();
        }
    }
    let manifest = json!({
        "i": bits_of_ids,
        "b": bits,
        "w": word_groups,
        "s": front_coded(&shard_names),
        "r": record_pages,
        "p": RECORD_PAGE,
        "h": RECORD_HASH_DIGITS,
        "v": vocabulary_names
    });
    files.push(OutputFile {
        path: crate::address::search_manifest(),
        bytes: serde_json::to_vec(&manifest).unwrap_or_default(),
    });
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_like_citizens_type() {
        let folded: Vec<String> = written_words("Gia đình Học tập").into_iter().map(|w| w.0).collect();
        assert_eq!(folded, ["gia", "dinh", "hoc", "tap"]);
        assert_eq!(compact_number("49/KL-TW"), "49kltw");
        assert_eq!(compact_number("49-kl-tw"), "49kltw");
        assert_eq!(compact_number("387/QĐ-TTg"), "387qdttg");
        assert_eq!(
            written_words("Gia đình, QUY ĐỊNH"),
            [("gia", "gia"), ("dinh", "đình"), ("quy", "quy"), ("dinh", "định")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn ids_do_not_move_when_a_document_is_added() {
        let before = stable_ids(&["/van-ban/a/", "/van-ban/b/", "/van-ban/c/"], id_bits(3));
        let after = stable_ids(&["/van-ban/0/", "/van-ban/a/", "/van-ban/b/", "/van-ban/c/"], id_bits(4));
        assert_eq!(before, after[1..]);
        assert_eq!(chunk_bits(8), 0);
        assert_eq!(chunk_bits(10), 1);
        assert_eq!(chunk_bits(100), 4);
    }

    /// A long list: its head is every id below the bound (and all naming ids, few), and
    /// its tails, range by range, give back exactly the rest, in order.
    #[test]
    fn long_lists_split_into_a_head_and_doubling_ranges() {
        let bits = 12;
        let naming: Vec<u32> = vec![5, 4000];
        let other: Vec<u32> = (0..1000).map(|i| i * 4 + 1).collect();
        let mut tails = BTreeMap::new();
        let v = head_and_tails("k", &[naming.clone(), other.clone()], bits, &mut tails);
        let undelta = |v: &serde_json::Value| -> Vec<u32> {
            let mut at = 0;
            v.as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    at += d.as_u64().unwrap() as u32;
                    at
                })
                .collect()
        };
        let s = v[3].as_u64().unwrap() as u32;
        let bound = 1_u32 << (bits - s);
        assert_eq!(v[2].as_u64(), Some(1002));
        assert_eq!(undelta(&v[0]), naming, "few naming ids: all in the head");
        let head = undelta(&v[1]);
        assert!(head.len() <= HEAD_IDS && head.iter().all(|&i| i < bound), "{head:?} under {bound}");
        let mut all = head;
        for (k, part) in v[4].as_array().unwrap().iter().enumerate() {
            let (lo, hi) = (1_u32 << (bits - s + k as u32), 1_u32 << (bits - s + k as u32 + 1));
            for hash in part.as_array().unwrap() {
                let bytes = &tails[&("k".to_string(), hash.as_str().unwrap().to_string())];
                let file: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                assert!(undelta(&file[0]).is_empty());
                let ids = undelta(&file[1]);
                assert!(ids.iter().all(|&i| lo <= i && i < hi), "range {k}: {ids:?}");
                all.extend(ids);
            }
        }
        assert_eq!(all, other);
        // A short list stays whole.
        let v = head_and_tails("k", &[vec![1], vec![2, 3]], bits, &mut tails);
        assert_eq!(v, json!([[1], [2, 1]]));
    }

    #[test]
    fn shard_names_are_front_coded() {
        let names: Vec<String> = ["10", "11", "11_", "2", "ab"].map(String::from).into();
        assert_eq!(front_coded(&names), "010 11 2_ 02 0ab");
    }
}
