//! What an edit to documents can have changed of the site, for `serve`: a rebuild
//! keeps the pages it cannot have changed as they were served, without making the
//! values of their templates (at 10,000 plans, making them all to compare was most of
//! the time from saving a front matter to the page).
//!
//! A document is *changed* when anything of it a page may show differs from the build
//! before: its file, its summary line, its legal status, its links either way, its
//! targets' progress. A document's page (and its data file) shows, besides its own:
//! the documents it links with either way (references, mentions, reports); the chains
//! above it and the tree below it, to any depth (with their targets' progress); the
//! reports its figures come from, and the plans its report's figures are for. So the
//! pages an edit reaches are those of the changed documents, of everything above them
//! (and below them, when their own file or line changed), of their neighbours and of
//! the documents whose progress they feed —
//! by the links before the edit and after it. A listing page is kept when it lists
//! the same documents under the same title and pagination, none of them changed.
//! Every other page (home, places, indicators, facets, feeds, data) is made anew.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::listing::Listing;
use super::view::Derived;
use crate::link::Links;
use crate::model::{Corpus, DocId};
use crate::progress::Progress;

/// The build a rebuild replaces, as `serve` keeps it.
pub struct Before<'a> {
    pub corpus: &'a Corpus,
    pub links: &'a Links,
    pub progress: &'a Progress,
    pub derived: &'a Derived,
    pub listings: &'a ListingKeys,
}

/// Each listing page of a build (by its site path) → a hash of what it lists.
pub type ListingKeys = HashMap<String, u64>;

/// The hash of a listing page in [`ListingKeys`].
pub(super) fn listing_key(l: &Listing) -> u64 {
    let mut h = DefaultHasher::new();
    (&l.first, &l.title, &l.intro, &l.see_also, &l.docs, l.page, l.pages).hash(&mut h);
    h.finish()
}

/// The pages an edit can have changed.
pub(super) struct Affected<'a> {
    /// Per document: whether its page and data file may differ.
    pages: Vec<bool>,
    /// Per document: whether it changed.
    changed: Vec<bool>,
    listings: &'a ListingKeys,
}

impl<'a> Affected<'a> {
    /// What changed from `before` to the build of `corpus`; `None` when the documents
    /// are not the same ones, in the same order (added, removed, renamed), or a free
    /// page or an indicator changed: then every page is made again.
    pub fn new(
        before: &Before<'a>,
        corpus: &Corpus,
        links: &Links,
        progress: &Progress,
        derived: &Derived,
    ) -> Option<Self> {
        let (old, new) = (&before.corpus.documents, &corpus.documents);
        if old.len() != new.len() || old.iter().zip(new).any(|(a, b)| a.path != b.path) {
            return None;
        }
        // Free pages are in every page's navigation, indicators' names beside targets.
        if before.corpus.pages != corpus.pages || before.corpus.indicators != corpus.indicators {
            return None;
        }
        let n = new.len();
        // Per document: whether what it shows of itself changed (its file, its summary
        // line, its legal status), and whether anything of it changed.
        let (shown, changed): (Vec<bool>, Vec<bool>) = (0..n)
            .into_par_iter()
            .map(|d| {
                // A document kept by `serve` is the one it read: the same, without comparing.
                let shown = !(std::sync::Arc::ptr_eq(&old[d], &new[d]) || old[d].same_as(&new[d]))
                    || !derived.same_for(before.derived, d);
                (shown, shown || !links.same_for(before.links, d) || !progress.same_for(before.progress, d))
            })
            .unzip();
        let mut pages = vec![false; n];
        if changed.iter().any(|&c| c) {
            // Whose progress each document feeds, before and after.
            let mut fed: Vec<Vec<DocId>> = vec![Vec::new(); n];
            for p in [before.progress, progress] {
                for doc in 0..n {
                    for source in p.sources(doc) {
                        fed[source].push(doc);
                    }
                }
            }
            for l in [before.links, links] {
                let mut reached = vec![false; n];
                for d in (0..n).filter(|&d| changed[d]) {
                    reached[d] = true;
                    for x in l.neighbours(d).chain(fed[d].iter().copied()) {
                        reached[x] = true;
                    }
                }
                // Everything above a changed document, to any depth (their trees and
                // summaries hold it), and below one whose own page or line changed (their
                // chains show its line, and they may match its targets): a directive
                // carried out by one more plan changes its count and lists, not the
                // pages of the thousands of plans below it.
                let mut up: Vec<DocId> = (0..n).filter(|&d| changed[d]).collect();
                let mut seen_up = vec![false; n];
                while let Some(d) = up.pop() {
                    for p in l.implements.targets(d) {
                        if !seen_up[p] {
                            seen_up[p] = true;
                            up.push(p);
                        }
                    }
                }
                let mut down: Vec<DocId> = (0..n).filter(|&d| shown[d]).collect();
                let mut seen_down = vec![false; n];
                while let Some(d) = down.pop() {
                    for &c in l.implementers_of(d) {
                        if !seen_down[c] {
                            seen_down[c] = true;
                            down.push(c);
                        }
                    }
                }
                for d in 0..n {
                    pages[d] |= reached[d] || seen_up[d] || seen_down[d];
                }
            }
        }
        Some(Affected { pages, changed, listings: before.listings })
    }

    /// Whether document `id`'s page and data file may differ from those served.
    pub fn document(&self, id: DocId) -> bool {
        self.pages[id]
    }

    /// Whether a listing page (at `path`) may differ from the one served.
    pub fn listing(&self, path: &str, l: &Listing) -> bool {
        self.listings.get(path) != Some(&listing_key(l)) || l.docs.iter().any(|&d| self.changed[d])
    }

    /// How many documents' pages may differ.
    pub fn documents(&self) -> usize {
        self.pages.iter().filter(|&&p| p).count()
    }
}
