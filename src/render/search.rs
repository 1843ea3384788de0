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
/// Tail ranges of fewer ids than this share a file with the ranges after them.
const TAIL_SHARED: usize = 256;
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

/// Calls `f` with each word of `text` folded and as written (lower case): ("dinh",
/// "đình"), and whether `f` had it already under `mark` (see [`Folded::mark`]). A word
/// whose folding holds several ("ǆ" → "dz" is one; "½" → "1/2" two) gives each folded
/// part as its own written form. The index folds every word of every document: ASCII
/// words are only lower-cased (and never marked), others folded once per thread.
fn each_word(text: &str, mark: u64, mut f: impl FnMut(&str, &str, bool)) {
    // A text repeats its words: each is lower-cased and folded once per thread, and
    // looked up by the text's own slice (no copy made to ask).
    FOLDED.with_borrow_mut(|known| {
        if known.len() > FOLDED_WORDS {
            known.clear();
        }
        let mut lower = String::new();
        for token in text.split(|c: char| !is_word_char(c)).filter(|t| !t.is_empty()) {
            // Lower-case ASCII letters and digits fold to themselves.
            if token.is_ascii() {
                if token.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(token);
                    lower.make_ascii_lowercase();
                    f(&lower, &lower, false);
                } else {
                    f(token, token, false);
                }
                continue;
            }
            let word = known.entry_ref(token).or_insert_with(|| Folded { forms: fold_word(token), mark: 0 });
            let had = mark != 0 && word.mark == mark;
            for (folded, written) in word.forms.iter() {
                f(folded, written, had);
            }
            word.mark = mark;
        }
    });
}

/// A word as [`fold_word`] made it, and the last mark it was given: the document and
/// tier whose keys hold it already, so that its repeats in a text skip the look-up.
struct Folded {
    forms: Box<[(Box<str>, Box<str>)]>,
    mark: u64,
}

/// Words folded before (see [`each_word`]), at most this many.
const FOLDED_WORDS: usize = 1 << 20;

thread_local! {
    /// A word as written in a text → what [`fold_word`] made of it, and its last mark.
    static FOLDED: std::cell::RefCell<hashbrown::HashMap<Box<str>, Folded, rustc_hash::FxBuildHasher>> =
        Default::default();
}

/// A word of a text (letters and digits, not all ASCII), lower-cased, as (folded, written)
/// pairs: one, or each folded part of a word whose folding holds several ("ǆ" → "dz"
/// is one; "½" → "1/2" two), each as its own written form.
fn fold_word(word: &str) -> Box<[(Box<str>, Box<str>)]> {
    let mut out: Vec<(Box<str>, Box<str>)> = Vec::new();
    let lower = word.to_lowercase();
    // Lower-casing can leave marks that are not letters ("İ" → "i̇"): split again.
    for token in lower.split(|c: char| !is_word_char(c)).filter(|t| !t.is_empty()) {
        if token.is_ascii() {
            out.push((token.into(), token.into()));
            continue;
        }
        let folded = fold(token);
        let mut parts = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
        match (parts.next(), parts.next()) {
            (Some(one), None) => out.push((one.into(), token.into())),
            (first, second) => {
                for p in first.into_iter().chain(second).chain(parts) {
                    out.push((p.into(), p.into()));
                }
            }
        }
    }
    out.into_boxed_slice()
}

/// `char::is_alphanumeric`, without its table search for the Latin letters Vietnamese is
/// written with (a few percent of a build's time went there).
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{bf}' | '\u{d7}' | '\u{f7}' => c.is_alphanumeric(),
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
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

/// Ascending document ids, each written as its gap from the one before in LEB128 (7 bits
/// a byte): one or two bytes an id where a `Vec<u32>` took four, and up to eight while
/// growing. Ids come ascending because documents go into the index in the order of
/// their ids.
#[derive(Default)]
struct Ids {
    bytes: Vec<u8>,
    last: u32,
    len: usize,
}

impl Ids {
    /// Adds `id`, which is above every id held, or equal to the last (then nothing).
    fn push(&mut self, id: u32) {
        if self.len > 0 && self.last == id {
            return;
        }
        let mut gap = if self.len == 0 { id } else { id - self.last };
        while gap >= 0x80 {
            self.bytes.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        self.bytes.push(gap as u8);
        self.last = id;
        self.len += 1;
    }

    fn last(&self) -> Option<u32> {
        (self.len > 0).then_some(self.last)
    }

    fn to_vec(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len);
        let (mut at, mut shift, mut gap) = (0_u32, 0, 0_u32);
        for &b in &self.bytes {
            gap |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                at += gap;
                out.push(at);
                (shift, gap) = (0, 0);
            } else {
                shift += 7;
            }
        }
        out
    }
}

/// A key of the index (a folded word, a pair of words or a number) with each way it is
/// written and, for each, the ids of the documents naming it and of the others holding
/// it (no id in both).
struct Key {
    key: Box<str>,
    forms: Vec<(Box<str>, [Ids; 2])>,
}

impl Key {
    /// How many documents hold the key, in any spelling.
    fn documents(&self) -> usize {
        if let [(_, [naming, other])] = self.forms.as_slice() {
            return naming.len + other.len;
        }
        let mut all: Vec<u32> =
            self.forms.iter().flat_map(|(_, [n, o])| n.to_vec().into_iter().chain(o.to_vec())).collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    }
}

/// How many documents' keys are gathered (in parallel) before they go into the index.
const KEYS_AT_ONCE: usize = 256;

/// The keys starting with the first `n` characters of `keys[0]`: how many.
fn same_start(keys: &[Key], n: usize) -> usize {
    let start = |k: &str| -> usize { k.char_indices().nth(n).map_or(k.len(), |(i, _)| i) };
    let first = &keys[0].key[..start(&keys[0].key)];
    keys.iter().take_while(|k| k.key[..start(&k.key)] == *first).count()
}

/// Keys (sorted) grouped into shards by prefix: two characters, one more for a shard over
/// [`SHARD_BYTES`] (its keys equal to the prefix stay in the prefix's shard). Each shard
/// is a prefix and a run of `keys`, in the order of the keys.
fn shards(keys: &[Key]) -> Vec<(String, std::ops::Range<usize>)> {
    fn size(keys: &[Key]) -> usize {
        keys.iter()
            .map(|k| {
                k.key.len()
                    + 6
                    + k.forms.iter().map(|(w, t)| w.len() + 8 + 4 * (t[0].len + t[1].len).min(HEAD_IDS)).sum::<usize>()
            })
            .sum()
    }
    /// The runs of `keys[range]` sharing their first `n` characters, each split further
    /// while too large.
    fn split_by(
        keys: &[Key],
        range: std::ops::Range<usize>,
        n: usize,
        out: &mut Vec<(String, std::ops::Range<usize>)>,
    ) {
        let mut at = range.start;
        while at < range.end {
            let end = at + same_start(&keys[at..range.end], n);
            let prefix: String = keys[at].key.chars().take(n).collect();
            let run = &keys[at..end];
            if size(run) <= SHARD_BYTES || run.iter().all(|k| k.key.chars().count() <= n) {
                out.push((prefix, at..end));
            } else {
                split_by(keys, at..end, n + 1, out);
            }
            at = end;
        }
    }
    let mut out = Vec::new();
    split_by(keys, 0..keys.len(), 2, &mut out);
    out
}

/// One document's keys, each once: `text` holds each as "key\0written form" (written ""
/// for pairs and numbers), ending at `ends[i].0`; `ends[i].1` says whether a field naming the document holds it. One
/// buffer a document, where a pair of Strings an occurrence was most of the index's
/// allocations; repeats are dropped here, on all cores, rather than in the index.
#[derive(Default)]
struct DocKeys {
    text: String,
    ends: Vec<(usize, bool)>,
    /// Indexes into `ends`, by the hash of their entry and tier.
    held: hashbrown::HashTable<usize>,
    /// This document's marks of the words it holds (see [`Folded::mark`]), one per tier:
    /// unique in the process (a build in `serve` follows another), never 0.
    marks: [u64; 2],
}

/// The `i`th entry of a [`DocKeys`]'s `text` and `ends`.
fn entry_of<'t>(text: &'t str, ends: &[(usize, bool)], i: usize) -> &'t str {
    let start = if i == 0 { 0 } else { ends[i - 1].0 };
    &text[start..ends[i].0]
}

impl DocKeys {
    /// No keys yet, with marks of its own, and room for about `keys` keys (grown from
    /// nothing, the table of keys was rehashed several times per document).
    fn with_capacity(keys: usize) -> DocKeys {
        static MARKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let first = MARKS.fetch_add(2, std::sync::atomic::Ordering::Relaxed);
        DocKeys {
            text: String::with_capacity(keys * 12),
            ends: Vec::with_capacity(keys),
            held: hashbrown::HashTable::with_capacity(keys),
            marks: [first, first + 1],
        }
    }

    fn hash(entry: &str, naming: bool) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one((entry, naming))
    }

    fn push(&mut self, key: &[&str], written: &str, naming: bool) {
        let start = self.text.len();
        for part in key {
            self.text.push_str(part);
        }
        self.text.push('\0');
        self.text.push_str(written);
        let entry = &self.text[start..];
        let hash = Self::hash(entry, naming);
        let same = |&i: &usize| self.ends[i].1 == naming && entry_of(&self.text, &self.ends, i) == entry;
        if self.held.find(hash, same).is_some() {
            self.text.truncate(start);
            return;
        }
        self.ends.push((self.text.len(), naming));
        let i = self.ends.len() - 1;
        let (text, ends) = (&self.text, &self.ends);
        self.held.insert_unique(hash, i, |&j| Self::hash(entry_of(text, ends, j), ends[j].1));
    }

    fn iter(&self) -> impl Iterator<Item = (&str, bool)> {
        (0..self.ends.len()).map(|i| (entry_of(&self.text, &self.ends, i), self.ends[i].1))
    }

    /// Each word of `text`, and each pair of neighbouring words if `pairs`.
    fn add_text(&mut self, text: &str, naming: bool, pairs: bool) {
        let mark = self.marks[naming as usize];
        if !pairs {
            // Most of a body: its words alone, each once.
            each_word(text, mark, |folded, written, had| {
                if !had {
                    self.push(&[folded], written, naming);
                }
            });
            return;
        }
        let mut prev = String::new();
        let mut first = true;
        each_word(text, mark, |folded, written, had| {
            if !first {
                self.push(&[&prev, "_", folded], "", naming);
            }
            if !had {
                self.push(&[folded], written, naming);
            }
            prev.clear();
            prev.push_str(folded);
            first = false;
        });
    }
}

/// Per document: its keys, and the start of its text.
fn document_keys(view: &View, id: usize) -> (DocKeys, String) {
    let d = &view.corpus.documents[id];
    let body = plain_text(&d.body.text());
    // About a key for every 16 bytes of text: a body's distinct words and its first pairs.
    let mut keys = DocKeys::with_capacity(body.len() / 16 + 64);
    // Pairs of neighbouring words from the fields that name the document and the start
    // of its text (what a result shows): enough to rank phrases, and the index stays
    // within memory on large corpora.
    keys.add_text(&d.kind, true, true);
    keys.add_text(&d.title, true, true);
    if let Some(n) = &d.number {
        keys.add_text(&n.value.to_string(), true, true);
        keys.push(&[&compact_number(&n.value.to_string())], "", true);
    }
    for a in &d.aliases {
        keys.add_text(a, true, true);
    }
    // Citizens look documents up by who signed them too.
    if let Some(s) = &d.signer {
        keys.add_text(&s.name, true, true);
    }
    let start: String = body.chars().take(PAIRS_SOURCE).collect();
    keys.add_text(d.issuer.as_str(), false, true);
    keys.add_text(d.region.as_deref().unwrap_or(""), false, true);
    // The place then and now: "thai binh" finds Thái Bình's plans, and so does
    // "hung yen", the province holding Thái Bình since 1/7/2025.
    keys.add_text(&super::places::search_words(d), false, true);
    // Cut between words, so that no word is split in two.
    let cut = if start.len() < body.len() { start.rfind(' ').unwrap_or(start.len()) } else { body.len() };
    keys.add_text(&body[..cut], false, true);
    keys.add_text(&body[cut..], false, false);
    // The numbers of the documents it carries out, cites or names: "49-kl/tw" finds
    // Kết luận 49 first, then these.
    let links = view.links;
    let mut related: Vec<usize> = Vec::new();
    for rel in links.relations() {
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
            keys.push(&[&compact_number(&n.value.to_string())], "", false);
        }
    }
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
fn vocabulary(keys: &[Key]) -> (Vec<OutputFile>, serde_json::Map<String, serde_json::Value>) {
    let mut by_suffix: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
    for k in keys {
        let key = &*k.key;
        if key.len() < 3 || !key.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        by_suffix.entry(&key[key.len() - 2..]).or_default().push((key, k.documents().max(1).ilog2()));
    }
    let mut split: Vec<(&str, Vec<(&str, u32)>)> = Vec::new();
    for (suffix, words) in by_suffix {
        let bytes: usize = words.iter().map(|(w, _)| w.len() + 1).sum();
        if bytes <= VOCABULARY_BYTES {
            split.push((suffix, words));
            continue;
        }
        // By one more letter; the words of three letters stay in the two-letter file.
        let mut longer: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
        let mut short = Vec::new();
        for (w, class) in words {
            if w.len() > 3 {
                longer.entry(&w[w.len() - 3..]).or_default().push((w, class));
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
        files.push(OutputFile::new(crate::address::search_vocabulary(suffix, &hash), bytes));
        names.insert(suffix.to_string(), json!(hash));
    }
    (files, names)
}

/// Every key of the documents, sorted, each with its spellings (sorted) and their ids;
/// `None` as soon as `stop` says to stop. `order` lists the documents by ascending id.
fn gather(
    view: &View,
    ids: &[u32],
    order: &[usize],
    snippets: &mut [String],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Key>> {
    // "key\0written form" → its place in `postings`.
    let mut interned: rustc_hash::FxHashMap<Box<str>, usize> = rustc_hash::FxHashMap::default();
    let mut postings: Vec<[Ids; 2]> = Vec::new();
    // The keys of a few hundred documents at a time: those of every document at once
    // are many times the index itself (4 GB at 10,000 plans).
    for part in order.chunks(KEYS_AT_ONCE) {
        let keys: Option<Vec<(DocKeys, String)>> =
            part.par_iter().map(|&doc| (!stop()).then(|| document_keys(view, doc))).collect();
        for (&doc, (doc_keys, snippet)) in part.iter().zip(keys?) {
            snippets[doc] = snippet;
            let id = ids[doc];
            // Naming occurrences first: a document named by a word is not listed again
            // among those holding it elsewhere.
            for naming in [true, false] {
                for (entry, _) in doc_keys.iter().filter(|&(_, n)| n == naming) {
                    let at = match interned.get(entry) {
                        Some(&at) => at,
                        None => {
                            interned.insert(entry.into(), postings.len());
                            postings.push(Default::default());
                            postings.len() - 1
                        }
                    };
                    let [named, other] = &mut postings[at];
                    if naming {
                        named.push(id);
                    } else if named.last() != Some(id) {
                        other.push(id);
                    }
                }
            }
        }
    }
    let mut entries: Vec<(Box<str>, [Ids; 2])> =
        interned.into_iter().map(|(entry, at)| (entry, std::mem::take(&mut postings[at]))).collect();
    drop(postings);
    // "key\0form" sorts as (key, form): no key holds "\0".
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut keys: Vec<Key> = Vec::new();
    for (entry, tiers) in entries {
        let (key, written) = entry.split_once('\0').unwrap_or((&entry, ""));
        match keys.last_mut() {
            Some(k) if *k.key == *key => k.forms.push((written.into(), tiers)),
            _ => keys.push(Key { key: key.into(), forms: vec![(written.into(), tiers)] }),
        }
    }
    Some(keys)
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
/// and `parts[k]` lists the tail files holding the ids in `[2^(bits-s+k),
/// 2^(bits-s+k+1))`, as `[naming, other]` pairs delta-encoded from 0: [`TAIL_IDS`] ids
/// each, or, for ranges of fewer than [`TAIL_SHARED`], one file shared with the next
/// ranges (the client keeps a range's own ids). A tail file is named by its content, so
/// that a new document changes only its own words' files.
fn head_and_tails(key: &str, tiers: &[Vec<u32>; 2], bits: u32, out: &mut Out) -> serde_json::Value {
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
    // The ids of each range, then the files: a range of TAIL_SHARED ids or more has its
    // own (TAIL_IDS each); ranges of fewer share one with the small ranges after them,
    // until it holds TAIL_SHARED (half the tail files held a few dozen ids, and each file
    // costs a build more than its bytes). Each range names the files holding its ids.
    let ranges: Vec<(Vec<u32>, Vec<u32>)> = (0..s)
        .map(|k| {
            let (lo, hi) = (1_u64 << (bits - s + k), 1_u64 << (bits - s + k + 1));
            let n = if all_naming { Vec::new() } else { range(naming, lo, hi) };
            (n, range(other, lo, hi))
        })
        .collect();
    let mut file = |n: &[u32], o: &[u32]| -> String {
        let bytes = serde_json::to_vec(&json!([delta(n), delta(o)])).unwrap_or_default();
        let hash = format!("{:016x}", fnv64(&bytes));
        out.tail(key, &hash, bytes);
        hash
    };
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); ranges.len()];
    let mut k = 0;
    while k < ranges.len() {
        let (n, o) = &ranges[k];
        if n.len() + o.len() >= TAIL_SHARED {
            let mut at = 0;
            while at < n.len() + o.len() {
                let end = at + TAIL_IDS;
                let pn = &n[at.min(n.len())..end.min(n.len())];
                let po = &o[at.saturating_sub(n.len()).min(o.len())..end.saturating_sub(n.len()).min(o.len())];
                parts[k].push(file(pn, po));
                at = end;
            }
            k += 1;
            continue;
        }
        let (mut sn, mut so, first) = (Vec::new(), Vec::new(), k);
        while k < ranges.len() && sn.len() + so.len() < TAIL_SHARED {
            let (n, o) = &ranges[k];
            if n.len() + o.len() >= TAIL_SHARED {
                break;
            }
            sn.extend_from_slice(n);
            so.extend_from_slice(o);
            k += 1;
        }
        if sn.len() + so.len() > 0 {
            let hash = file(&sn, &so);
            for (j, (n, o)) in ranges.iter().enumerate().take(k).skip(first) {
                if n.len() + o.len() > 0 {
                    parts[j].push(hash.clone());
                }
            }
        }
    }
    json!([delta(&head_n), delta(&head_o), total, s, parts])
}

fn delta(ids: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    ids.iter().map(|&i| i - std::mem::replace(&mut prev, i)).collect()
}

/// Where the index's files go, each as soon as it is made (at 100,000 plans the index
/// is some 250 MB, held whole until the end before); a tail file that two spellings of
/// a key share goes once.
struct Out<'p> {
    put: &'p mut dyn FnMut(OutputFile),
    tails: rustc_hash::FxHashSet<String>,
}

impl Out<'_> {
    fn file(&mut self, path: String, bytes: Vec<u8>) {
        (self.put)(OutputFile::new(path, bytes));
    }

    fn tail(&mut self, key: &str, hash: &str, bytes: Vec<u8>) {
        let path = crate::address::search_words(&format!("{key}{TAIL}"), hash);
        if self.tails.insert(path.clone()) {
            self.file(path, bytes);
        }
    }
}

/// Makes the index files, handing each to `put` as it is made; `false` as soon as `stop`
/// says to stop (checked for each document and each file): `serve` stops an index that a
/// new edit would make stale, and throws away what it was handed.
pub fn index_until(view: &View, stop: &(dyn Fn() -> bool + Sync), put: &mut dyn FnMut(OutputFile)) -> bool {
    let docs = &view.corpus.documents;
    let addresses: Vec<&str> = docs.iter().map(|d| d.address.page()).collect();
    let bits_of_ids = id_bits(docs.len());
    let ids = stable_ids(&addresses, bits_of_ids);
    // By ascending id: each key's ids come in order, and the record files one after the
    // other.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_unstable_by_key(|&doc| ids[doc]);
    let mut snippets: Vec<String> = vec![String::new(); docs.len()];
    let Some(keys) = gather(view, &ids, &order, &mut snippets, stop) else { return false };
    let mut out = Out { put, tails: Default::default() };
    // Shards are named by the hash of their group (the shards of the same two first
    // characters, one run of them in key order): the manifest holds a hash per group and
    // only the names of the shards, a third of its bytes on a large corpus; a new
    // document renames the shards of its words' groups.
    let mut word_groups = serde_json::Map::new();
    let mut shard_names: Vec<String> = Vec::new();
    let mut group: Option<(String, Vec<(String, Vec<u8>)>)> = None;
    let mut flush = |group: (String, Vec<(String, Vec<u8>)>), out: &mut Out| {
        let (name, shards) = group;
        let mut all = Vec::new();
        for (prefix, bytes) in &shards {
            all.extend_from_slice(prefix.as_bytes());
            all.push(0);
            all.extend_from_slice(bytes);
        }
        let hash = short_hash(&all);
        for (prefix, bytes) in shards {
            out.file(crate::address::search_words(&prefix, &hash), bytes);
            shard_names.push(prefix);
        }
        word_groups.insert(name, json!(hash));
    };
    for (prefix, range) in shards(&keys) {
        if stop() {
            return false;
        }
        let encoded: serde_json::Map<String, serde_json::Value> = keys[range]
            .iter()
            .map(|k| {
                let forms: serde_json::Map<String, serde_json::Value> = k
                    .forms
                    .iter()
                    .map(|(w, [naming, other])| {
                        let tiers = [naming.to_vec(), other.to_vec()];
                        (w.to_string(), head_and_tails(&k.key, &tiers, bits_of_ids, &mut out))
                    })
                    .collect();
                (k.key.to_string(), serde_json::Value::Object(forms))
            })
            .collect();
        let bytes = serde_json::to_vec(&encoded).unwrap_or_default();
        let name = group_of(&prefix);
        match &mut group {
            Some((current, shards)) if *current == name => shards.push((prefix, bytes)),
            _ => {
                if let Some(done) = group.replace((name, vec![(prefix, bytes)])) {
                    flush(done, &mut out);
                }
            }
        }
    }
    if let Some(done) = group.take() {
        flush(done, &mut out);
    }
    let (vocabulary_files, vocabulary_names) = vocabulary(&keys);
    for f in vocabulary_files {
        out.file(f.path, f.bytes);
    }
    drop(keys);
    // The record files, one at a time (documents by ascending id are by ascending file),
    // and the hash of every one, in the order of their numbers, in one string
    // (RECORD_HASH_DIGITS each; dashes where no document falls), cut into pages below.
    let bits = chunk_bits(docs.len());
    let chunk_of = |doc: usize| ids[doc] >> (bits_of_ids - bits);
    let mut doc_files = String::with_capacity(RECORD_HASH_DIGITS << bits);
    let mut next = 0;
    for run in order.chunk_by(|&a, &b| chunk_of(a) == chunk_of(b)) {
        let chunk = chunk_of(run[0]);
        let mut entries = serde_json::Map::new();
        for &doc in run {
            let s = &view.summaries[doc];
            let snippet = std::mem::take(&mut snippets[doc]);
            entries.insert(
                ids[doc].to_string(),
                json!({ "u": s.url, "n": s.name, "t": s.title, "i": s.issuer, "d": s.date, "x": snippet, "r": s.replaced }),
            );
        }
        let bytes = serde_json::to_vec(&entries).unwrap_or_default();
        let hash = short_hash(&bytes)[..RECORD_HASH_DIGITS].to_string();
        out.file(crate::address::search_documents(chunk, &hash), bytes);
        doc_files.push_str(&"-".repeat(RECORD_HASH_DIGITS * (chunk - next) as usize));
        doc_files.push_str(&hash);
        next = chunk + 1;
    }
    doc_files.push_str(&"-".repeat(RECORD_HASH_DIGITS * ((1_usize << bits) - next as usize)));
    // The record hashes in pages of RECORD_PAGE, each a file named by its content: the
    // manifest holds only their hashes (at 100,000 documents 64 instead of 16,384, 24 KB
    // of its 32 KB gzipped), and a query reads the one or two pages of the ids its
    // first results have.
    let mut record_pages: Vec<String> = Vec::new();
    for (n, page) in doc_files.as_bytes().chunks(RECORD_HASH_DIGITS * RECORD_PAGE).enumerate() {
        let bytes = serde_json::to_vec(&String::from_utf8_lossy(page)).unwrap_or_default();
        let hash = short_hash(&bytes);
        out.file(crate::address::search_record_page(n, &hash), bytes);
        record_pages.push(hash);
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
    out.file(crate::address::search_manifest(), serde_json::to_vec(&manifest).unwrap_or_default());
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each word of `text` folded, with the way it is written (lower case, NFC):
    /// ("dinh", "đình").
    pub fn written_words(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        each_word(text, 0, |folded, written, _| out.push((folded.to_string(), written.to_string())));
        out
    }

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
        // The tail files by path, as the index puts them.
        let tails: std::cell::RefCell<BTreeMap<String, Vec<u8>>> = Default::default();
        let mut put =
            |f: OutputFile| assert!(tails.borrow_mut().insert(f.path, f.bytes).is_none(), "a tail file put twice");
        let mut out = Out { put: &mut put, tails: Default::default() };
        let v = head_and_tails("k", &[naming.clone(), other.clone()], bits, &mut out);
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
        // Each range's ids, from its files, as the client takes them.
        let mut all = head;
        let mut files = std::collections::BTreeSet::new();
        for (k, part) in v[4].as_array().unwrap().iter().enumerate() {
            let (lo, hi) = (1_u32 << (bits - s + k as u32), 1_u32 << (bits - s + k as u32 + 1));
            for hash in part.as_array().unwrap() {
                files.insert(hash.as_str().unwrap().to_string());
                let path = crate::address::search_words(&format!("k{TAIL}"), hash.as_str().unwrap());
                let file: serde_json::Value = serde_json::from_slice(&tails.borrow()[&path]).unwrap();
                assert!(undelta(&file[0]).is_empty());
                all.extend(undelta(&file[1]).into_iter().filter(|&i| lo <= i && i < hi));
            }
        }
        assert_eq!(all, other);
        // Past the head (below 128): ranges of 32, 64, 128, 256 and 488 ids; the first
        // three share a file.
        assert_eq!(s, 5);
        assert_eq!(files.len(), 3, "{v}");
        // A short list stays whole.
        let v = head_and_tails("k", &[vec![1], vec![2, 3]], bits, &mut out);
        assert_eq!(v, json!([[1], [2, 1]]));
    }

    #[test]
    fn shard_names_are_front_coded() {
        let names: Vec<String> = ["10", "11", "11_", "2", "ab"].map(String::from).into();
        assert_eq!(front_coded(&names), "010 11 2_ 02 0ab");
    }

    /// `is_word_char` is `char::is_alphanumeric`, for every character.
    #[test]
    fn word_chars_are_letters_and_digits() {
        for c in (0..=0x2_ffff_u32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Ids written as gaps come back as they went in, and a repeated last id is kept once.
    #[test]
    fn ids_are_kept_as_gaps() {
        let mut ids = Ids::default();
        for id in [0, 0, 5, 127, 128, 300, 300, 70_000, u32::MAX] {
            ids.push(id);
        }
        assert_eq!(ids.to_vec(), [0, 5, 127, 128, 300, 70_000, u32::MAX]);
        assert_eq!((ids.len, ids.last()), (7, Some(u32::MAX)));
        let key = |forms: Vec<Vec<u32>>| Key {
            key: "k".into(),
            forms: forms
                .into_iter()
                .map(|list| {
                    let mut other = Ids::default();
                    list.into_iter().for_each(|i| other.push(i));
                    (Box::from(""), [Ids::default(), other])
                })
                .collect(),
        };
        assert_eq!(key(vec![vec![1, 2, 3]]).documents(), 3);
        assert_eq!(key(vec![vec![1, 2, 3], vec![2, 4]]).documents(), 4, "a document holding two spellings counts once");
    }
}
