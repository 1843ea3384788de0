//! Linking: resolves the references documents make to each other — `implements`,
//! `based_on`, `amends`, `replaces`, `reports_on` — to documents, and derives the
//! reverse edges (backlinks) and the chains of implementation.
//!
//! Takes the [`Corpus`], gives [`Links`] and the diagnostics of references that do not
//! resolve, resolve to two documents, point to themselves, or form a cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::number::{DocNumber, NumberKey, find_in_text};
use crate::model::{Corpus, DocId, Document, Located};
use crate::text::fold;

/// What a reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Doc(DocId),
    /// A document not published on the site, kept as written.
    Missing(String),
}

/// One resolved reference and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub to: Ref,
    pub at: Located<String>,
}

/// One relation and its reverse, per document.
#[derive(Debug, Clone, Default)]
pub struct Relation {
    pub forward: Vec<Vec<Edge>>,
    pub backward: Vec<Vec<DocId>>,
}

impl Relation {
    fn new(n: usize) -> Self {
        Relation { forward: vec![Vec::new(); n], backward: vec![Vec::new(); n] }
    }
    fn add(&mut self, from: DocId, to: Ref, at: &Located<String>) {
        // A document's own references are few: deduplicating them keeps each reverse
        // edge unique without searching the (possibly long) reverse list.
        if self.forward[from].iter().any(|e| e.to == to) {
            return;
        }
        if let Ref::Doc(t) = to {
            self.backward[t].push(from);
        }
        self.forward[from].push(Edge { to, at: at.clone() });
    }
    pub fn targets(&self, from: DocId) -> impl Iterator<Item = DocId> + '_ {
        self.forward[from].iter().filter_map(|e| match e.to {
            Ref::Doc(d) => Some(d),
            Ref::Missing(_) => None,
        })
    }
}

/// The resolved graph of documents.
#[derive(Debug, Default)]
pub struct Links {
    /// "Thực hiện": plan → what it carries out; backward: its implementers.
    pub implements: Relation,
    /// "Căn cứ": document → its legal basis.
    pub based_on: Relation,
    pub amends: Relation,
    pub replaces: Relation,
    /// Report → the plan it reports on.
    pub reports_on: Relation,
    /// References to other documents in each body's text, in order.
    pub mentions: Vec<Vec<Mention>>,
    /// Per document, the documents whose text names it, newest first, each once.
    pub mentioned_by: Vec<Vec<DocId>>,
    /// Per document, how many documents carry it out directly or not.
    implementer_counts: Vec<usize>,
    /// Per document, the numbers its text names that no one document carries (each
    /// warned about once across the site, at the first document naming it).
    unknown: Vec<Vec<NumberKey>>,
}

/// A document named in a body's text: a number ("Quyết định 387/QĐ-TTg") or a
/// declared short name ("Chương trình 677").
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the document's Markdown body.
    pub range: Range<usize>,
    pub to: Ref,
    /// The text as written.
    pub text: String,
}

impl Links {
    /// Documents that carry out `doc` directly.
    pub fn implementers_of(&self, doc: DocId) -> &[DocId] {
        &self.implements.backward[doc]
    }

    /// Whether a later document replaces `doc` (it is no longer in force).
    pub fn is_replaced(&self, doc: DocId) -> bool {
        !self.replaces.backward[doc].is_empty()
    }

    /// Every document that carries out `doc`, directly or through lower documents.
    pub fn all_implementers(&self, doc: DocId) -> Vec<DocId> {
        let mut seen = std::collections::HashSet::from([doc]);
        let mut found = Vec::new();
        let mut stack = vec![doc];
        while let Some(d) = stack.pop() {
            for &i in self.implementers_of(d) {
                if seen.insert(i) {
                    found.push(i);
                    stack.push(i);
                }
            }
        }
        found
    }

    /// The relations front matter states: implements, based on, amends, replaces,
    /// reports on.
    pub fn relations(&self) -> [&Relation; 5] {
        [&self.implements, &self.based_on, &self.amends, &self.replaces, &self.reports_on]
    }

    /// Whether document `doc` has the same links here as in `other` (of a corpus with
    /// the same documents): what it refers to and names, what refers to it and names
    /// it, how many carry it out.
    pub fn same_for(&self, other: &Links, doc: DocId) -> bool {
        self.relations()
            .into_iter()
            .zip(other.relations())
            .all(|(a, b)| a.forward[doc] == b.forward[doc] && a.backward[doc] == b.backward[doc])
            && self.mentions[doc] == other.mentions[doc]
            && self.mentioned_by[doc] == other.mentioned_by[doc]
            && self.implementer_counts[doc] == other.implementer_counts[doc]
    }

    /// Every document `doc` is linked with, either way, by a reference or a mention,
    /// besides those it carries out or that carry it out beyond the first step.
    pub fn neighbours(&self, doc: DocId) -> impl Iterator<Item = DocId> + '_ {
        self.relations()
            .into_iter()
            .flat_map(move |r| r.targets(doc).chain(r.backward[doc].iter().copied()))
            .chain(self.mentions[doc].iter().filter_map(|m| match m.to {
                Ref::Doc(d) => Some(d),
                Ref::Missing(_) => None,
            }))
            .chain(self.mentioned_by[doc].iter().copied())
    }

    /// How many documents carry out `doc`, directly or not (computed once).
    pub fn implementer_count(&self, doc: DocId) -> usize {
        self.implementer_counts[doc]
    }

    /// The chains of documents above `doc`, each from a top document down to `doc`'s
    /// direct parent: one chain per branch, at most `limit` chains.
    pub fn chains_above(&self, doc: DocId, limit: usize) -> Vec<Vec<DocId>> {
        let mut chains = Vec::new();
        let mut path = Vec::new();
        self.walk_up(doc, &mut path, &mut chains, limit);
        for c in &mut chains {
            c.reverse();
        }
        chains
    }

    fn walk_up(&self, doc: DocId, path: &mut Vec<DocId>, chains: &mut Vec<Vec<DocId>>, limit: usize) {
        let parents: Vec<DocId> = self.implements.targets(doc).filter(|p| !path.contains(p)).collect();
        if parents.is_empty() {
            if !path.is_empty() {
                chains.push(path.clone());
            }
            return;
        }
        for p in parents {
            if chains.len() >= limit {
                return;
            }
            path.push(p);
            self.walk_up(p, path, chains, limit);
            path.pop();
        }
    }
}

/// What a reference may say besides the number to choose between documents sharing it:
/// the year ("05/KH-UBND ngày 16/01/2007", "05/KH-UBND (2007)", "05/KH-UBND năm 2007")
/// or the Party term ("11-CT/TW khóa X").
fn split_qualifiers(s: &str) -> (&str, Option<i16>, Option<String>) {
    for marker in ["khóa", "khoá", "Khóa", "Khoá", "KHÓA", "KHOÁ", "khoa", "Khoa"] {
        if let Some(i) = s.rfind(marker) {
            let term = s[i + marker.len()..].trim().trim_end_matches(')').trim();
            if let Some(term) = crate::model::number::normalize_term(term) {
                let head = s[..i].trim_end().trim_end_matches('(').trim_end();
                let (rest, year) = split_year(head);
                return (rest, year, Some(term));
            }
        }
    }
    let (rest, year) = split_year(s);
    (rest, year, None)
}

/// A reference written as the texts cite a document: its kind, number, date and
/// issuer — "Chỉ thị số 11-CT/TW", "Kết luận số 49-KL/TW ngày 10/5/2019", "Quyết định
/// 387/QĐ-TTg ngày 25/3/2022 của Thủ tướng Chính phủ".
#[derive(Debug, Clone, PartialEq)]
struct Citation {
    number: DocNumber,
    kind: Option<&'static str>,
    date: Option<jiff::civil::Date>,
    year: Option<i16>,
}

/// Kinds as written before a number in running text.
const CITED_KINDS: &[&str] = &[
    "Chương trình hành động",
    "Chương trình",
    "Chỉ thị",
    "Kết luận",
    "Nghị quyết",
    "Quyết định",
    "Kế hoạch",
    "Thông báo",
    "Hướng dẫn",
    "Báo cáo",
    "Thông tư liên tịch",
    "Thông tư",
    "Nghị định",
    "Quy chế",
    "Quy định",
    "Đề án",
    "Tờ trình",
    "Công văn",
    "Luật",
];

fn same_kind(cited: &str, kind: &str) -> bool {
    let (a, b) = (fold(cited), fold(kind));
    a == b || b.starts_with(&format!("{a} ")) || a.starts_with(&format!("{b} "))
}

fn parse_citation(text: &str) -> Option<Citation> {
    let (range, number) = find_in_text(text).into_iter().next()?;
    let before = text[..range.start].trim().trim_end_matches(':').trim_end();
    let before = before.strip_suffix("số").or_else(|| before.strip_suffix("Số")).unwrap_or(before).trim();
    let kind = if before.is_empty() { None } else { Some(*CITED_KINDS.iter().find(|k| fold(k) == fold(before))?) };
    let after = text[range.end..].trim_start_matches([',', ' ']);
    let (date, year, rest) = cited_date(after);
    let rest = rest.trim_start_matches([',', ' ']);
    // What may follow: nothing, or the issuer ("của Thủ tướng Chính phủ").
    if !(rest.is_empty() || fold(rest).starts_with("cua ")) {
        return None;
    }
    Some(Citation { number, kind, date, year: year.or(date.map(|d| d.year())) })
}

/// "ngày 10/5/2019", "ngày 10 tháng 5 năm 2019", "(2019)", "năm 2019" at the start of
/// `s`: the date or year, and what follows.
fn cited_date(s: &str) -> (Option<jiff::civil::Date>, Option<i16>, &str) {
    let lower = s.to_lowercase();
    if let Some(rest) = lower.strip_prefix("ngày") {
        let start = s.len() - rest.len();
        let digits_len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | ' ')))
            .map_or(rest.len(), |(i, _)| i);
        let numbers: Vec<i32> = rest[..digits_len].split(['/', '-', '.', ' ']).filter_map(|p| p.parse().ok()).collect();
        if let [d, m, y] = numbers.as_slice() {
            let date = jiff::civil::Date::new(*y as i16, *m as i8, *d as i8).ok();
            return (date, date.map(|d| d.year()), &s[start + digits_len..]);
        }
        // "ngày 10 tháng 5 năm 2019"
        let words: Vec<&str> = rest.split_whitespace().collect();
        if let [d, "tháng", m, "năm", y, ..] = words.as_slice() {
            let y = y.trim_end_matches([',', ';', ')']);
            if let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), y.parse::<i16>()) {
                let date = jiff::civil::Date::new(y, m, d).ok();
                let end = rest.find(&y.to_string()).map_or(rest.len(), |i| i + 4);
                return (date, Some(y), &s[start + end..]);
            }
        }
    }
    for prefix in ["(", "năm "] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            let y: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if y.len() == 4 {
                let after = &s[s.len() - rest.len() + 4..];
                return (None, y.parse().ok(), after.trim_start_matches(')'));
            }
        }
    }
    (None, None, s)
}

/// Strips a year given with a reference, returning the rest and the year.
fn split_year(s: &str) -> (&str, Option<i16>) {
    let t = s.trim_end_matches(|c: char| c == ')' || c.is_whitespace());
    if t.len() >= 4 && t.is_char_boundary(t.len() - 4) {
        let (head, tail) = t.split_at(t.len() - 4);
        if let Ok(y) = tail.parse::<i16>() {
            let head = head.trim_end();
            for marker in ["(", "năm", "ngày"] {
                if let Some(i) = head.rfind(marker) {
                    let between = &head[i + marker.len()..];
                    if between.chars().all(|c| c.is_ascii_digit() || c == '/' || c == ' ' || c == '-' || c == '.') {
                        return (head[..i].trim_end(), Some(y));
                    }
                }
            }
        }
    }
    (s, None)
}

struct Index<'a> {
    docs: &'a [Arc<Document>],
    by_key: HashMap<NumberKey, Vec<DocId>>,
    by_path: HashMap<String, DocId>,
    by_alias: HashMap<String, Vec<DocId>>,
}

impl<'a> Index<'a> {
    fn new(docs: &'a [Arc<Document>]) -> Self {
        let mut by_key: HashMap<NumberKey, Vec<DocId>> = HashMap::new();
        let mut by_path = HashMap::new();
        let mut by_alias: HashMap<String, Vec<DocId>> = HashMap::new();
        for (id, d) in docs.iter().enumerate() {
            if let Some(n) = &d.number {
                by_key.entry(n.value.key()).or_default().push(id);
            }
            // Paths compared in NFC: a file name written with combining accents (NFD,
            // as some systems save them) is the same name an editor types.
            by_path.insert(crate::text::nfc(&d.path), id);
            for a in d.aliases.iter().filter(|a| !a.trim().is_empty()) {
                by_alias.entry(fold(a)).or_default().push(id);
            }
        }
        Index { docs, by_key, by_path, by_alias }
    }

    fn describe(&self, id: DocId) -> String {
        let d = &self.docs[id];
        let date = d
            .date
            .map(|x| t!("link.describe.date", date = crate::text::date_short(x)).into_owned())
            .unwrap_or_default();
        t!("link.describe", name = d.short_name(), date = date, path = d.path).into_owned()
    }

    /// Resolves one reference written in `from`'s front matter.
    fn resolve(&self, from: DocId, r: &Located<String>, diags: &mut Diagnostics) -> Ref {
        let doc = &self.docs[from];
        let text = r.value.trim();
        let found = if text.ends_with(".md") {
            let path = text.trim_start_matches("content/").trim_start_matches('/');
            match self.by_path.get(&crate::text::nfc(path)) {
                Some(&id) => Some(id),
                None => {
                    diags.push(
                        doc.diagnostic_at(r, true, t!("link.no_path", path = path)).with_help(t!("link.no_path.help")),
                    );
                    return Ref::Missing(text.to_string());
                }
            }
        } else {
            let (number_text, year, term) = split_qualifiers(text);
            let citation = || DocNumber::parse(number_text).is_none().then(|| parse_citation(text)).flatten();
            match DocNumber::parse(number_text) {
                Some(number) => self.resolve_number(from, r, &number, year, term.as_deref(), None, diags),
                // "Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư": as the texts cite.
                None if citation().is_some() => {
                    let c = citation().expect("checked");
                    self.resolve_number(from, r, &c.number, c.year, None, Some(&c), diags)
                }
                None => match self.by_alias.get(&fold(text)).map(Vec::as_slice) {
                    Some([id]) => Some(*id),
                    Some(ids) => {
                        let names: Vec<String> = ids.iter().map(|&i| self.describe(i)).collect();
                        diags.push(
                            doc.diagnostic_at(
                                r,
                                true,
                                t!("link.alias_ambiguous", text = text, count = ids.len(), names = names.join("; ")),
                            )
                            .with_help(t!("link.alias_ambiguous.help")),
                        );
                        None
                    }
                    None => {
                        diags.push(
                            doc.diagnostic_at(r, true, t!("link.not_a_reference", text = text))
                                .with_help(t!("link.not_a_reference.help")),
                        );
                        None
                    }
                },
            }
        };
        match found {
            Some(id) if id == from => {
                diags.push(doc.diagnostic_at(r, true, t!("link.self")));
                Ref::Missing(text.to_string())
            }
            Some(id) => Ref::Doc(id),
            None => Ref::Missing(text.to_string()),
        }
    }

    fn resolve_number(
        &self,
        from: DocId,
        r: &Located<String>,
        number: &DocNumber,
        year: Option<i16>,
        term: Option<&str>,
        cited: Option<&Citation>,
        diags: &mut Diagnostics,
    ) -> Option<DocId> {
        let doc = &self.docs[from];
        let all = self.by_key.get(&number.key()).map(Vec::as_slice).unwrap_or(&[]);
        let mut candidates: Vec<DocId> = all
            .iter()
            .copied()
            .filter(|&i| i != from)
            .filter(|&i| term.is_none_or(|t| self.docs[i].term.as_deref().is_none_or(|dt| dt == t)))
            .collect();
        if candidates.is_empty() && all.contains(&from) {
            diags.push(doc.diagnostic_at(r, true, t!("link.self")));
            return None;
        }
        if let Some(y) = year {
            // The documents of that year; undated ones only when none is dated so.
            let dated: Vec<DocId> =
                candidates.iter().copied().filter(|&i| self.docs[i].date.is_some_and(|d| d.year() == y)).collect();
            candidates = if dated.is_empty() {
                candidates.into_iter().filter(|&i| self.docs[i].date.is_none()).collect()
            } else {
                dated
            };
        }
        // The kind and full date a citation gives choose among documents of one number.
        if let Some(c) = cited {
            let same_kind = |i: &DocId| c.kind.is_some_and(|k| same_kind(k, &self.docs[*i].kind));
            let same_date = |i: &DocId| c.date.is_some() && self.docs[*i].date == c.date;
            for keep in [&same_date as &dyn Fn(&DocId) -> bool, &same_kind] {
                let kept: Vec<DocId> = candidates.iter().copied().filter(keep).collect();
                if !kept.is_empty() && candidates.len() > 1 {
                    candidates = kept;
                }
            }
        }
        match candidates.as_slice() {
            [] => {
                let hint = if all.is_empty() {
                    t!("link.unknown_number.help", number = number)
                } else {
                    let names: Vec<String> = all.iter().map(|&i| self.describe(i)).collect();
                    t!("link.other_year.help", names = names.join("; "))
                };
                diags.push(doc.diagnostic_at(r, false, t!("link.unknown_number", number = number)).with_help(hint));
                None
            }
            [id] => {
                let target = &self.docs[*id];
                if let Some(c) = cited {
                    if let Some(kind) = c.kind.filter(|k| !same_kind(k, &target.kind)) {
                        diags.push(
                            doc.diagnostic_at(
                                r,
                                false,
                                t!("link.cited_kind", kind = kind, number = number, actual = target.kind),
                            )
                            .with_help(t!("link.cited_kind.help", path = target.path)),
                        );
                    }
                    if let (Some(date), Some(actual)) = (c.date, target.date) {
                        if date != actual {
                            diags.push(
                                doc.diagnostic_at(
                                    r,
                                    false,
                                    t!(
                                        "link.cited_date",
                                        date = crate::text::date_short(date),
                                        number = number,
                                        actual = crate::text::date_short(actual)
                                    ),
                                )
                                .with_help(t!("link.cited_kind.help", path = target.path)),
                            );
                        }
                    }
                }
                if let Some(official) = &target.number {
                    if official.value.form != number.form {
                        diags.push(
                            doc.diagnostic_at(
                                r,
                                false,
                                t!("link.wrong_form", written = r.value, official = official.value),
                            )
                            .with_help(t!("link.wrong_form.help", official = official.value)),
                        );
                    }
                }
                Some(*id)
            }
            ids => {
                let names: Vec<String> = ids.iter().map(|&i| self.describe(i)).collect();
                // One number in one year twice is one document in two files: no year
                // chooses between them, merging them does.
                let years: BTreeSet<Option<i16>> = ids.iter().map(|&i| self.docs[i].date.map(|d| d.year())).collect();
                let help = if years.len() == 1 {
                    let paths: Vec<&str> = ids.iter().map(|&i| self.docs[i].path.as_str()).collect();
                    t!("link.ambiguous_number.merge", files = paths.join(", "))
                } else {
                    t!("link.ambiguous_number.help", number = number)
                };
                diags.push(
                    doc.diagnostic_at(
                        r,
                        true,
                        t!("link.ambiguous_number", number = number, count = ids.len(), names = names.join("; ")),
                    )
                    .with_help(help),
                );
                None
            }
        }
    }
}

/// Resolves every reference in the corpus.
pub fn resolve(corpus: &Corpus) -> (Links, Diagnostics) {
    resolve_with(corpus, None)
}

/// As [`resolve`], taking what bodies name from `scans` where they were scanned before,
/// and keeping there what each body of `corpus` names (and nothing else).
pub fn resolve_with(corpus: &Corpus, scans: Option<&Scans>) -> (Links, Diagnostics) {
    let docs = &corpus.documents;
    let n = docs.len();
    let index = Index::new(docs);
    let mut diags = Diagnostics::new();
    for doc in docs {
        if let Some(n) = &doc.number {
            let official = n.value.official();
            if official.form != n.value.form {
                diags.push(
                    doc.diagnostic_at(n, false, t!("link.issuer_form", number = n.value, official = official))
                        .with_help(t!("link.issuer_form.help", official = official)),
                );
            }
        }
    }
    check_duplicate_numbers(docs, &index, &mut diags);

    let mut links = Links {
        implements: Relation::new(n),
        based_on: Relation::new(n),
        amends: Relation::new(n),
        replaces: Relation::new(n),
        reports_on: Relation::new(n),
        mentions: Vec::new(),
        mentioned_by: vec![Vec::new(); n],
        implementer_counts: Vec::new(),
        unknown: Vec::with_capacity(n),
    };
    // Each front matter field of references and the relation it feeds.
    type Field = (fn(&Document) -> &[Located<String>], fn(&mut Links) -> &mut Relation);
    let fields: [Field; 5] = [
        (|d| &d.implements, |l| &mut l.implements),
        (|d| &d.based_on, |l| &mut l.based_on),
        (|d| &d.amends, |l| &mut l.amends),
        (|d| &d.replaces, |l| &mut l.replaces),
        (|d| d.report.as_ref().map_or(&[], |r| std::slice::from_ref(&r.reports_on)), |l| &mut l.reports_on),
    ];
    for (id, doc) in docs.iter().enumerate() {
        for (field, (refs, relation)) in fields.into_iter().enumerate() {
            for r in refs(doc) {
                let mut found = Diagnostics::new();
                let to = index.resolve(id, r, &mut found);
                // A report on no document: its figures would go nowhere, so what is a
                // warning for other references is an error here.
                let reports_on = field == 4;
                for d in found {
                    diags.push(if reports_on && matches!(to, Ref::Missing(_)) { d.into_error() } else { d });
                }
                relation(&mut links).add(id, to, r);
            }
        }
    }
    // Lists of documents newest first, by each document's place in that order (a
    // directive's implementers are thousands at 10,000 plans).
    let mut newest_first: Vec<DocId> = (0..n).collect();
    newest_first.par_sort_unstable_by(|&a, &b| docs[a].newest_first_key().cmp(&docs[b].newest_first_key()));
    let mut rank = vec![0u32; n];
    for (place, &d) in newest_first.iter().enumerate() {
        rank[d] = place as u32;
    }
    for list in &mut links.implements.backward {
        list.sort_unstable_by_key(|&d| rank[d]);
    }
    check_cycles(docs, &links, &mut diags);
    links.implementer_counts = (0..n)
        .into_par_iter()
        .map(|d| if links.implementers_of(d).is_empty() { 0 } else { links.all_implementers(d).len() })
        .collect();
    let aliases = AliasFinder::new(docs);
    let scanned: Vec<Scanned> = match scans {
        None => (0..n).into_par_iter().map(|id| scan_body(id, &docs[id], &index, &aliases)).collect(),
        Some(scans) => {
            let mut held = scans.held.lock().unwrap_or_else(|e| e.into_inner());
            let (names, before) = &mut *held;
            if *names != aliases.names {
                before.clear();
            }
            let (hits, scanned): (Vec<Arc<Vec<Hit>>>, Vec<Scanned>) = (0..n)
                .into_par_iter()
                .map(|id| {
                    let body = &docs[id].body;
                    let hits =
                        before.get(&body.key()).cloned().unwrap_or_else(|| Arc::new(find_hits(&body.text(), &aliases)));
                    let scanned = resolve_hits(id, &docs[id], &hits, None, &index, &aliases);
                    (hits, scanned)
                })
                .unzip();
            *names = aliases.names.clone();
            *before = docs.iter().map(|d| d.body.key()).zip(hits).collect();
            scanned
        }
    };
    // One warning per unknown number across the site, at its first mention, so a
    // number cited in thousands of plans is one line to act on, not thousands.
    let mut unknown: BTreeMap<NumberKey, (DocId, Unresolved, usize)> = BTreeMap::new();
    for (id, (mentions, found, too_many)) in scanned.into_iter().enumerate() {
        links.mentions.push(mentions);
        diags.extend(too_many.into_iter().collect::<Vec<_>>().into());
        links.unknown.push(found.iter().map(|(key, _)| key.clone()).collect());
        for (key, u) in found {
            unknown.entry(key).and_modify(|e| e.2 += 1).or_insert((id, u, 1));
        }
    }
    for (from, mentions) in links.mentions.iter().enumerate() {
        for m in mentions {
            if let Ref::Doc(to) = m.to {
                if links.mentioned_by[to].last() != Some(&from) {
                    links.mentioned_by[to].push(from);
                }
            }
        }
    }
    for list in &mut links.mentioned_by {
        list.sort_unstable_by_key(|&d| rank[d]);
        list.dedup();
    }
    // The warnings shown, worded now, each body unpacked once, in the numbers' order.
    let mut firsts: Vec<(NumberKey, (DocId, Unresolved, usize))> = unknown.into_iter().collect();
    firsts.sort_by_key(|(_, (id, _, _))| *id);
    let mut shown: Vec<(NumberKey, Diagnostic)> = Vec::with_capacity(firsts.len());
    for same_doc in firsts.chunk_by(|a, b| a.1.0 == b.1.0) {
        let doc = &docs[same_doc[0].1.0];
        let body = doc.body.text();
        for (key, (_, u, count)) in same_doc {
            let mut d = u.warning(doc, &body, &index);
            if *count > 1 {
                d.message.push_str(&t!("link.mentioned_in", count = count));
            }
            shown.push((key.clone(), d));
        }
    }
    shown.sort_by(|a, b| a.0.cmp(&b.0));
    diags.extend(shown.into_iter().map(|(_, d)| d).collect::<Vec<_>>().into());
    (links, diags)
}

/// What an edit to one document's text alone changes of the links: its mentions, and
/// the site's warnings about numbers no document carries that it is the first to name
/// (each is shown once, at its first mention, and moves with the text).
pub struct Rescanned {
    pub mentions: Vec<Mention>,
    /// Each warning as the site showed it before, and as it reads now.
    pub warnings: Vec<(Diagnostic, Diagnostic)>,
}

/// The mentions of document `id` after an edit to its body alone: `corpus` holds the
/// edited document, `before` the one `links` were resolved with (the same front
/// matter). `None` unless the edit leaves every other part of `links` as it was and
/// every other diagnostic: the same documents named (so the same backlinks), the same
/// numbers no document carries (so the same warnings, perhaps at other lines).
pub fn rescan_body(corpus: &Corpus, links: &Links, id: DocId, before: &Document) -> Option<Rescanned> {
    let docs = &corpus.documents;
    let index = Index::new(docs);
    let aliases = AliasFinder::new(docs);
    let (old, old_found, old_too_many) = scan_body(id, before, &index, &aliases);
    let (new, new_found, new_too_many) = scan_body(id, &docs[id], &index, &aliases);
    if old_too_many.is_some() || new_too_many.is_some() {
        return None;
    }
    let keys = |found: Vec<(NumberKey, Unresolved)>, doc: &Document| -> BTreeMap<NumberKey, Diagnostic> {
        let body = doc.body.text();
        found.into_iter().map(|(key, u)| (key, u.warning(doc, &body, &index))).collect()
    };
    let (old_keys, mut new_keys) = (keys(old_found, before), keys(new_found, &docs[id]));
    if !old_keys.keys().eq(new_keys.keys()) || links.unknown.get(id).is_none_or(|u| u.len() != old_keys.len()) {
        return None;
    }
    // The same unknown numbers, so the same counts; where this document is the first to
    // name one, its warning is the one shown, as `resolve` words it.
    let mut warnings = Vec::new();
    for (key, old_warning) in old_keys {
        if links.unknown[..id].iter().any(|u| u.contains(&key)) {
            continue;
        }
        let count = links.unknown.iter().filter(|u| u.contains(&key)).count();
        let new_warning = new_keys.remove(&key)?;
        let shown = |mut d: Diagnostic| {
            if count > 1 {
                d.message.push_str(&t!("link.mentioned_in", count = count));
            }
            d
        };
        warnings.push((shown(old_warning), shown(new_warning)));
    }
    let named = |mentions: &[Mention]| -> BTreeSet<DocId> {
        mentions
            .iter()
            .filter_map(|m| match m.to {
                Ref::Doc(d) => Some(d),
                Ref::Missing(_) => None,
            })
            .collect()
    };
    // What was resolved before is what this scan finds of the text before, or `links`
    // are not of this corpus.
    let same_as_resolved = links.mentions.get(id).is_some_and(|m| {
        m.len() == old.len() && m.iter().zip(&old).all(|(a, b)| a.range == b.range && a.to == b.to && a.text == b.text)
    });
    (same_as_resolved && named(&old) == named(&new)).then_some(Rescanned { mentions: new, warnings })
}

/// Finds declared short names ("Chương trình 387") in text, as whole words.
struct AliasFinder {
    matcher: Option<AhoCorasick>,
    targets: Vec<Vec<DocId>>,
    /// The short names, sorted: the same names, the same patterns.
    names: Vec<String>,
}

impl AliasFinder {
    fn new(docs: &[Arc<Document>]) -> Self {
        let mut by_alias: BTreeMap<&str, Vec<DocId>> = BTreeMap::new();
        for (id, d) in docs.iter().enumerate() {
            for a in d.aliases.iter().filter(|a| !a.trim().is_empty()) {
                by_alias.entry(a.as_str()).or_default().push(id);
            }
        }
        let matcher = if by_alias.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(by_alias.keys()).ok()
        };
        let names = by_alias.keys().map(|k| k.to_string()).collect();
        AliasFinder { matcher, targets: by_alias.into_values().collect(), names }
    }

    /// Each short name in `text`, as a whole word, by its place among the site's.
    fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(m) = &self.matcher else { return Vec::new() };
        m.find_iter(text)
            .filter(|hit| {
                let before = text[..hit.start()].chars().next_back();
                let after = text[hit.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|hit| (hit.range(), hit.pattern().as_usize()))
            .collect()
    }
}

/// The year of a date written right after a number: "11-CT/TW ngày 13/4/2007".
fn year_after(text: &str) -> Option<i16> {
    let rest = text.trim_start().strip_prefix("ngày")?.trim_start();
    let date: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '/').collect();
    date.rsplit('/').next().filter(|y| y.len() == 4)?.parse().ok()
}

/// What scanning one body found: its mentions, the numbers it names that no document
/// carries or several do (merged across the site), and any other problem.
type Scanned = (Vec<Mention>, Vec<(NumberKey, Unresolved)>, Option<Diagnostic>);

/// A number a body names that no document carries, or that several do. Its warning is
/// worded only where it is shown, at the number's first mention across the site: made
/// for every mention, they were 60,000 warnings for 2,000 shown at 10,000 plans, and
/// their text half as much memory as the compressed bodies.
struct Unresolved {
    range: Range<usize>,
    number: String,
    /// The documents carrying it (none: unknown; several: ambiguous).
    candidates: Vec<DocId>,
}

impl Unresolved {
    /// The warning, at the mention in `body` (`doc`'s text).
    fn warning(&self, doc: &Document, body: &str, index: &Index) -> Diagnostic {
        let (number, range) = (&self.number, self.range.clone());
        if self.candidates.is_empty() {
            return doc
                .diagnostic_in_body(body, range, t!("link.mention_unknown", number = number))
                .with_help(t!("link.mention_unknown.help", number = number));
        }
        let names: Vec<String> = self.candidates.iter().map(|&c| index.describe(c)).collect();
        let count = self.candidates.len();
        doc.diagnostic_in_body(
            body,
            range,
            t!("link.mention_ambiguous", number = number, count = count, names = names.join("; ")),
        )
        .with_help(t!("link.mention_ambiguous.help"))
    }
}

/// A document number or declared short name written in a body's running text, as
/// parsing the Markdown finds it: the same whatever the other documents (for the same
/// short names on the site), so that `serve` keeps it between builds ([`Scans`]).
enum Hit {
    Number {
        range: Range<usize>,
        number: DocNumber,
        year: Option<i16>,
        text: String,
    },
    /// A short name, by its place among the site's short names (see [`AliasFinder`]).
    Alias {
        range: Range<usize>,
        pattern: usize,
        text: String,
    },
}

/// What parsing a body found: the numbers and short names of its running text (code,
/// links and headings left alone), in the order written, each text's numbers before
/// its short names.
fn find_hits(body: &str, aliases: &AliasFinder) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(body, crate::model::BODY_MARKDOWN).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(text) if skip == 0 && body.get(range.clone()) == Some(text.as_ref()) => {
                let base = range.start;
                for (r, number) in find_in_text(&text) {
                    let (year, text) = (year_after(&text[r.end..]), text[r.clone()].to_string());
                    hits.push(Hit::Number { range: base + r.start..base + r.end, number, year, text });
                }
                for (r, pattern) in aliases.find(&text) {
                    hits.push(Hit::Alias { range: base + r.start..base + r.end, pattern, text: text[r].to_string() });
                }
            }
            _ => {}
        }
    }
    hits
}

/// Bodies scanned before, with the short names of the site they were scanned for:
/// `serve` keeps them between rebuilds, so that an edit rescans only the bodies read
/// again (scanning every body was most of linking, half a second at 10,000 plans).
#[derive(Default)]
pub struct Scans {
    held: std::sync::Mutex<(Vec<String>, HashMap<crate::model::BodyKey, Arc<Vec<Hit>>>)>,
}

/// Finds the documents document `id`'s body names in its running text (`body`, its
/// text, when the caller holds it), as document `id` of the index (which may hold
/// another version of it, with the same front matter). Unresolved numbers are noted
/// once per document.
fn resolve_hits(
    id: DocId,
    doc: &Document,
    hits: &[Hit],
    body: Option<&str>,
    index: &Index,
    aliases: &AliasFinder,
) -> Scanned {
    // The text, unpacked only where a mention's or a warning's text is taken from it.
    let mut unpacked: Option<String> = None;
    let mut text_of = |range: Range<usize>| -> String {
        let body = body.unwrap_or_else(|| unpacked.get_or_insert_with(|| doc.body.text()));
        body[range].to_string()
    };
    let mut mentions = Vec::new();
    let mut found = Vec::new();
    let mut warned: BTreeSet<NumberKey> = BTreeSet::new();
    for hit in hits {
        match hit {
            Hit::Number { range, number, year, text } => {
                let all = index.by_key.get(&number.key()).map(Vec::as_slice).unwrap_or(&[]);
                let candidates: Vec<DocId> = match year {
                    Some(y) if all.len() > 1 => {
                        all.iter().copied().filter(|&c| index.docs[c].date.is_some_and(|d| d.year() == *y)).collect()
                    }
                    _ => all.to_vec(),
                };
                let to = match candidates.as_slice() {
                    [one] if *one == id => continue,
                    [one] => Ref::Doc(*one),
                    // None carries it, or several: warned about once per document,
                    // and across the site only at its first mention (see `Unresolved`).
                    unresolved => {
                        if warned.insert(number.key()) {
                            let (range, candidates) = (range.clone(), unresolved.to_vec());
                            found.push((number.key(), Unresolved { range, number: number.to_string(), candidates }));
                        }
                        Ref::Missing(number.to_string())
                    }
                };
                mentions.push(Mention { range: range.clone(), to, text: text.clone() });
            }
            Hit::Alias { range, pattern, text } => {
                let [one] = aliases.targets[*pattern].as_slice() else { continue };
                if *one == id {
                    continue;
                }
                // "Kết luận 49" overlapping "49/KL-TW": one mention, "Kết luận 49/KL-TW".
                match mentions.iter_mut().find(|m| m.range.start < range.end && range.start < m.range.end) {
                    Some(m) if m.to == Ref::Doc(*one) => {
                        m.range = m.range.start.min(range.start)..m.range.end.max(range.end);
                        m.text = text_of(m.range.clone());
                    }
                    Some(_) => {}
                    None => mentions.push(Mention { range: range.clone(), to: Ref::Doc(*one), text: text.clone() }),
                }
            }
        }
    }
    mentions.sort_by_key(|m| m.range.start);
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len().min(MAX_LINKED_MENTIONS));
    for m in mentions {
        if kept.last().is_none_or(|k| k.range.end <= m.range.start) {
            kept.push(m);
        }
    }
    // One file cannot make a page, or the memory, blow up: past a bound, mentions are
    // left as text, and the editor is told once.
    let mut too_many = None;
    if kept.len() > MAX_LINKED_MENTIONS {
        let first_unlinked = kept[MAX_LINKED_MENTIONS].range.clone();
        kept.truncate(MAX_LINKED_MENTIONS);
        let body = body.map_or_else(|| doc.body.text(), str::to_string);
        let d = doc
            .diagnostic_in_body(&body, first_unlinked, t!("link.too_many_mentions", count = MAX_LINKED_MENTIONS))
            .with_help(t!("link.too_many_mentions.help"));
        too_many = Some(d);
    }
    (kept, found, too_many)
}

/// Finds the documents `doc`'s body names, as document `id` of the index: see
/// [`resolve_hits`].
fn scan_body(id: DocId, doc: &Document, index: &Index, aliases: &AliasFinder) -> Scanned {
    let text = doc.body.text();
    resolve_hits(id, doc, &find_hits(&text, aliases), Some(&text), index, aliases)
}

/// Mentions linked per document: far more than any real text names (a plan cites tens).
const MAX_LINKED_MENTIONS: usize = 2_000;

/// Two documents with one number and one year cannot be told apart by a reference.
fn check_duplicate_numbers(docs: &[Arc<Document>], index: &Index, diags: &mut Diagnostics) {
    let mut groups: BTreeMap<(&NumberKey, Option<i16>, Option<&str>), Vec<DocId>> = BTreeMap::new();
    for (k, ids) in &index.by_key {
        for &id in ids {
            groups.entry((k, docs[id].date.map(|d| d.year()), docs[id].term.as_deref())).or_default().push(id);
        }
    }
    for (_, ids) in groups {
        if ids.len() < 2 {
            continue;
        }
        for &id in &ids {
            let doc = &docs[id];
            let others: Vec<String> = ids.iter().filter(|&&o| o != id).map(|&o| index.describe(o)).collect();
            if let Some(n) = &doc.number {
                diags.push(
                    doc.diagnostic_at(
                        n,
                        true,
                        t!("link.duplicate_number", number = n.value, others = others.join("; ")),
                    )
                    .with_help(t!("link.duplicate_number.help")),
                );
            }
        }
    }
}

/// A cycle of `implements` (A carries out B carries out A) is an error naming the cycle.
fn check_cycles(docs: &[Arc<Document>], links: &Links, diags: &mut Diagnostics) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = docs.len();
    let mut mark = vec![Mark::New; n];
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative DFS: (node, next parent index)
        let mut stack: Vec<(DocId, usize)> = vec![(start, 0)];
        mark[start] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let parents: Vec<DocId> = links.implements.targets(node).collect();
            if *next < parents.len() {
                let p = parents[*next];
                *next += 1;
                match mark[p] {
                    Mark::New => {
                        mark[p] = Mark::Active;
                        stack.push((p, 0));
                    }
                    Mark::Active => {
                        let pos = stack.iter().position(|&(d, _)| d == p).unwrap_or(0);
                        let cycle: Vec<String> = stack[pos..]
                            .iter()
                            .map(|&(d, _)| docs[d].short_name())
                            .chain([docs[p].short_name()])
                            .collect();
                        let doc = &docs[node];
                        let at = links.implements.forward[node]
                            .iter()
                            .find(|e| e.to == Ref::Doc(p))
                            .map(|e| e.at.clone())
                            .unwrap_or(Located { value: String::new(), line: 1, col: 1, width: 1 });
                        diags.push(
                            doc.diagnostic_at(&at, true, t!("link.cycle", cycle = cycle.join(" → ")))
                                .with_help(t!("link.cycle.help")),
                        );
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_given_with_references() {
        assert_eq!(split_year("05/KH-UBND ngày 16/01/2007"), ("05/KH-UBND", Some(2007)));
        assert_eq!(split_year("05/KH-UBND (2007)"), ("05/KH-UBND", Some(2007)));
        assert_eq!(split_year("05/KH-UBND năm 2007"), ("05/KH-UBND", Some(2007)));
        assert_eq!(split_year("05/KH-UBND"), ("05/KH-UBND", None));
        assert_eq!(split_year("30/2011/QĐ-TTg"), ("30/2011/QĐ-TTg", None));
    }

    #[test]
    fn terms_given_with_references() {
        assert_eq!(split_qualifiers("11-CT/TW khóa X"), ("11-CT/TW", None, Some("X".into())));
        assert_eq!(split_qualifiers("11-CT/TW (khóa X)"), ("11-CT/TW", None, Some("X".into())));
        assert_eq!(split_qualifiers("11-CT/TW"), ("11-CT/TW", None, None));
    }

    #[test]
    fn dates_after_mentions() {
        assert_eq!(year_after(" ngày 13/4/2007 của"), Some(2007));
        assert_eq!(year_after(", ngày 5/3/2021"), None);
        assert_eq!(year_after(" của Bộ"), None);
    }
}
