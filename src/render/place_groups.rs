//! Documents grouped by place, once per build: for each of today's 34 provinces the
//! former provinces, districts and communes in it, and the addresses of their pages.
//! Knows nothing of views, so that the view can hold it (render/places.rs shows it).

use std::collections::BTreeMap;

use crate::address::Facet;
use crate::model::{Corpus, DocId, Document};
use crate::places::{self, Unit};
use crate::text::slugify;

/// The documents of each place, grouped once for every page that shows them.
#[derive(Default, Clone)]
pub(super) struct Grouped {
    /// For each current province: its groups, each a unit as named then (or the
    /// province itself, for documents dated from 1/7/2025) with its documents.
    pub current: Vec<Vec<(Unit, Vec<DocId>)>>,
    /// For each former province: every document of it, its districts and communes.
    pub former: Vec<Vec<DocId>>,
    /// Regions that name no unit of the list (or the whole country), by slug: their
    /// name as written and documents.
    pub others: BTreeMap<String, (String, Vec<DocId>)>,
}

impl Grouped {
    /// Groups documents, taken in `order` (newest first), by their place.
    pub fn new(corpus: &Corpus, order: &[DocId]) -> Grouped {
        let t = places::table();
        let mut g = Grouped {
            current: vec![Vec::new(); t.current.len()],
            former: vec![Vec::new(); t.provinces.len()],
            others: BTreeMap::new(),
        };
        for &id in order {
            let d = &corpus.documents[id];
            let unit = d.placed.unit();
            match unit.and_then(|u| t.current_province(u).map(|c| (u, c))) {
                Some((u, c)) => {
                    let key = match u {
                        Unit::Current(_) | Unit::NewCommune(_) => Unit::Current(c),
                        _ => u,
                    };
                    match g.current[c].iter_mut().find(|(k, _)| *k == key) {
                        Some((_, ids)) => ids.push(id),
                        None => g.current[c].push((key, vec![id])),
                    }
                    if let Some(p) = t.former_province(u) {
                        g.former[p].push(id);
                    }
                }
                None => {
                    if let Some(r) = d.region.as_deref() {
                        let slug = slugify(r);
                        if !slug.is_empty() {
                            g.others.entry(slug).or_insert_with(|| (r.to_string(), Vec::new())).1.push(id);
                        }
                    }
                }
            }
        }
        // Today's units first, then former provinces, districts, communes.
        for groups in &mut g.current {
            groups.sort_by_key(|(u, _)| match u {
                Unit::Current(_) => (0, String::new()),
                Unit::Province(_) => (1, String::new()),
                Unit::District(_) => (2, t.name(*u)),
                _ => (3, t.name(*u)),
            });
        }
        g
    }

    /// Former provinces with a page of their own: those whose name the current
    /// province does not carry (Thái Bình, not Hưng Yên).
    pub fn former_with_page(&self) -> impl Iterator<Item = usize> + '_ {
        let t = places::table();
        (0..t.provinces.len()).filter(move |&p| has_own_page(p) && !self.former[p].is_empty())
    }
}

pub(super) fn has_own_page(p: usize) -> bool {
    let t = places::table();
    t.current[t.provinces[p].now].short != t.provinces[p].short
}

/// The page of a current province: "dia-phuong/hung-yen/".
pub(super) fn current_page(c: usize) -> String {
    Facet::Region.value(&places::table().current[c].short)
}

/// The full listing of one group of a current province's page: the former province's
/// own page when it has one, else a page under the province. A former province named
/// as today's ("tỉnh An Giang" before and after 1/7/2025) is "tỉnh An Giang cũ": the
/// two groups shared one address, and the later listing replaced the other.
pub(super) fn group_page(c: usize, u: Unit) -> String {
    let t = places::table();
    match u {
        Unit::Province(p) if has_own_page(p) => former_page(p),
        Unit::Province(_) => crate::address::place_part(&t.current[c].short, &format!("{} cũ", t.name(u))),
        _ => crate::address::place_part(&t.current[c].short, &t.name(u)),
    }
}

/// The page of a former province: its own when its name is gone, else the current one.
pub(super) fn former_page(p: usize) -> String {
    let t = places::table();
    if has_own_page(p) { Facet::Region.value(&t.provinces[p].short) } else { current_page(t.provinces[p].now) }
}

/// The page listing a document's place: its former province's, else its current
/// province's, else the listing of its region as written.
pub(super) fn page_of(d: &Document) -> Option<String> {
    let t = places::table();
    let u = d.placed.unit()?;
    if let Some(p) = t.former_province(u) {
        return Some(former_page(p));
    }
    if let Some(c) = t.current_province(u) {
        return Some(current_page(c));
    }
    None
}
