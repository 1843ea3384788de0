//! Listings: every document, and the documents of one issuer, region, level, kind or
//! year, or carrying out, citing or naming one document (where its page cannot show
//! them all) — each split into pages — and the index page of each facet with how many
//! documents each value holds.

use std::collections::BTreeMap;

use crate::address::{self, Facet};
use crate::model::DocId;

use super::facets;
use super::view::{GroupView, View};

/// A page of a list of documents.
pub(super) struct Listing {
    /// Site path of the listing's first page: "van-ban/", "co-quan/ubnd-tinh-cao-bang/".
    pub first: String,
    pub title: String,
    pub intro: Option<String>,
    /// A page to see as well: a former province's listing links to the province
    /// holding it today (name, link).
    pub see_also: Option<(String, String)>,
    pub docs: Vec<DocId>,
    pub page: usize,
    pub pages: usize,
}

/// The index page of a facet: every value, with how many documents each holds.
pub(super) struct Groups {
    pub facet: Facet,
    pub groups: Vec<GroupView>,
}

/// Every listing page and facet index of the site.
pub(super) fn all(view: &View, page_size: usize) -> (Vec<Listing>, Vec<Groups>) {
    let docs = &view.corpus.documents;
    let mut all: Vec<DocId> = (0..docs.len()).collect();
    all.sort_by(|&a, &b| docs[a].newest_first_key().cmp(&docs[b].newest_first_key()));
    type List = (String, String, Option<String>, Vec<DocId>, Option<(String, String)>);
    let mut lists: Vec<List> = Vec::new();
    let in_force: Vec<DocId> = all.iter().copied().filter(|&id| view.legal[id].status.in_force()).collect();
    let s = view.strings;
    let see_in_force =
        (s.get("list.see_in_force").to_string(), view.config.base_url.link(&address::documents_in_force()));
    lists.push((address::documents(), s.get("list.all").into(), None, all.clone(), Some(see_in_force)));
    let see_all = (s.get("list.see_all").to_string(), view.config.base_url.link(&address::documents()));
    lists.push((
        address::documents_in_force(),
        s.get("list.in_force").into(),
        Some(s.fill("list.in_force_intro", &[("date", &s.date_short(view.config.as_of))])),
        in_force,
        Some(see_all),
    ));
    let mut indexes = Vec::new();
    // Places have their own index and pages (render/places.rs): today's provinces with
    // the former units they hold.
    lists.extend(super::places::listings(view));
    for facet in Facet::ALL.into_iter().filter(|f| *f != Facet::Region) {
        let mut values: BTreeMap<String, (String, Vec<DocId>)> = BTreeMap::new();
        for &id in &all {
            if let Some((slug, name)) = facets::value(facet, &docs[id]) {
                values.entry(slug).or_insert_with(|| (name, Vec::new())).1.push(id);
            }
        }
        let mut groups: Vec<GroupView> = values
            .iter()
            .map(|(slug, (name, ids))| GroupView {
                name: name.clone(),
                url: view.config.base_url.link(&facet.value(slug)),
                count: ids.len(),
            })
            .collect();
        if facet == Facet::Year {
            groups.reverse(); // newest year first
        }
        indexes.push(Groups { facet, groups });
        for (slug, (name, ids)) in values {
            lists.push((facet.value(&slug), facets::listing_title(facet, &name, s), None, ids, None));
        }
    }
    for (id, d) in docs.iter().enumerate() {
        // What a document's page cannot show all of (see `View::document`), each listing
        // linking back to the page.
        let name = &view.summaries[id].name;
        let back = || Some((s.fill("list.back_to", &[("name", name)]), view.summaries[id].url.clone()));
        for (ids, first, title) in [
            (&view.links.based_on.backward[id], d.address.based_on_by(), "list.based_on"),
            (&view.links.mentioned_by[id], d.address.mentioned_by(), "list.mentioning"),
        ] {
            if ids.len() > view.config.page_size {
                lists.push((first, s.fill(title, &[("name", name)]), Some(d.title.clone()), ids.clone(), back()));
            }
        }
        let below = view.links.implementers_of(id);
        if !below.is_empty() && view.implementers_beyond_page(id) {
            let title = s.fill("list.implementers_of", &[("name", name)]);
            lists.push((d.address.implementers(), title, Some(d.title.clone()), below.to_vec(), back()));
        }
    }
    let mut listings = Vec::new();
    for (first, title, intro, ids, see_also) in lists {
        let pages = ids.len().div_ceil(page_size).max(1);
        for page in 1..=pages {
            let chunk = ids.iter().skip((page - 1) * page_size).take(page_size).copied().collect();
            listings.push(Listing {
                first: first.clone(),
                title: title.clone(),
                intro: intro.clone(),
                see_also: see_also.clone(),
                docs: chunk,
                page,
                pages,
            });
        }
    }
    (listings, indexes)
}
