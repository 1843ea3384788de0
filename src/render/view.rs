//! What templates see: plain, serialisable views of documents, built once per document
//! and reused by every page that lists it. Field names here are the theme's contract
//! (docs/themes.md).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::context::Context;
use rayon::prelude::*;
use serde::Serialize;

use crate::address::{self, DocAddress, Facet};
use crate::config::Config;
use crate::link::{Links, Ref, Relation};
use crate::model::{Corpus, DocId, Document};
use crate::progress::Progress;
use crate::text::date_short;
use crate::theme::Strings;

use super::{facets, markdown};

/// A document as a line in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    pub url: String,
    /// "Kế hoạch 4621/KH-UBND", or the kind alone for an unnumbered document.
    pub name: String,
    pub kind: String,
    pub number: Option<String>,
    pub title: String,
    pub issuer: String,
    /// "01/06/2022", or "" when the document gives no date.
    pub date: String,
    pub year: Option<i16>,
    /// Replaced by a later document: no longer in force.
    pub replaced: bool,
    /// Hiệu lực on the build's date: "Còn hiệu lực", "Hết hiệu lực toàn bộ" …
    pub legal: String,
    /// "con-hieu-luc", "het-hieu-luc-toan-bo", "het-hieu-luc-mot-phan", "chua-co-hieu-luc".
    pub legal_slug: &'static str,
    pub is_report: bool,
    /// A draft, shown only by the preview.
    pub draft: bool,
}

/// One issuer, region or level, with its document count.
#[derive(Serialize)]
pub struct GroupView {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub(super) struct LinkView {
    pub name: String,
    pub url: String,
}

/// A reference as written, with the document it resolved to when there is one.
#[derive(Serialize)]
struct RefView {
    doc: Option<DocSummary>,
    text: String,
}

#[derive(Serialize)]
struct TreeNode {
    doc: DocSummary,
    children: Vec<TreeNode>,
    /// Implementers not shown (beyond the tree's size limit).
    more: usize,
    /// Every document below this one, directly or not.
    total: usize,
}

#[derive(Serialize)]
struct SignerView {
    name: String,
    /// The signature block's lines above the name: "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ".
    lines: Vec<String>,
}

/// How many targets have one status.
#[derive(Serialize)]
pub struct CountView {
    pub slug: &'static str,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    /// The base path every link starts with: "/" or "/ke-hoach/".
    base: String,
    /// The interface's language, for `<html lang>`: "vi", "en".
    language: String,
    nav: Vec<LinkView>,
    as_of: String,
    licence: String,
    /// The site's own pages, for templates: they never spell an address themselves.
    urls: SiteUrls,
    /// `[extra]` of congbo.toml, as the portal wrote it, for its own templates.
    extra: toml::Table,
    /// Each static file's link, fingerprinted for stylesheets and scripts:
    /// `{{ site.assets["style.css"] }}`.
    assets: BTreeMap<String, String>,
}

/// Links to the site's fixed pages.
#[derive(Serialize)]
struct SiteUrls {
    documents: String,
    search: String,
    issuers: String,
    regions: String,
    levels: String,
    kinds: String,
    years: String,
    indicators: String,
    data: String,
    rule: String,
    feed: String,
}

#[derive(Serialize)]
pub struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
pub struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

impl Pagination {
    pub fn new(first: &str, current: usize, total: usize, view: &View) -> Self {
        let url = |n: usize| view.config.base_url.link(&address::listing_page(first, n));
        Pagination {
            current,
            total,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: (1..=total)
                .filter(|&n| n == 1 || n == total || n.abs_diff(current) <= 2)
                .map(|n| PageLink { number: n, url: url(n), current: n == current })
                .collect(),
        }
    }
}

/// Everything pages are built from.
pub struct View<'a> {
    pub config: &'a Config,
    pub(super) corpus: &'a Corpus,
    pub(super) links: &'a Links,
    pub(super) progress: &'a Progress,
    /// The interface's words.
    pub strings: &'a Strings,
    pub(super) summaries: Cow<'a, [DocSummary]>,
    /// Each document's legal status on the build's date.
    pub(super) legal: Cow<'a, [crate::in_force::LegalStatus]>,
    /// The documents of each place, then and now.
    pub(super) places: Cow<'a, super::place_groups::Grouped>,
    site: SiteView,
    html: markdown::Html,
    /// Bodies rendered before, kept by `serve`.
    bodies: Option<&'a markdown::Bodies>,
}

/// How much of a tree of implementers a page shows.
#[derive(Clone, Copy)]
struct TreeShape {
    children: usize,
    depth: usize,
}

/// Size limits that keep a page light whatever the corpus size; the full lists are on
/// the paginated listings.
const HOME_TREE: TreeShape = TreeShape { children: 5, depth: 3 };
const DOCUMENT_TREE: TreeShape = TreeShape { children: 25, depth: 8 };
const TREE_NODES: usize = 150;
const CHAINS: usize = 12;

/// What a view derives from the whole corpus before any page is made: each document's
/// legal status and summary, the documents of each place. An edit to a text alone
/// changes none of it (`serve` proves the front matter and the links the same), so
/// `serve` keeps it between such edits: made anew, it was half of the time from a save
/// to the page.
pub struct Derived {
    summaries: Vec<DocSummary>,
    legal: Vec<crate::in_force::LegalStatus>,
    places: super::place_groups::Grouped,
}

impl Derived {
    pub fn new(config: &Config, corpus: &Corpus, links: &Links, strings: &Strings) -> Derived {
        let legal = crate::in_force::assess(corpus, links, config.as_of);
        let names = distinct_names(&corpus.documents, strings);
        let summaries = (corpus.documents.par_iter().zip(names).enumerate())
            .map(|(id, (d, name))| summarize(config, strings, d, name, links.is_replaced(id), &legal[id]))
            .collect();
        let mut order: Vec<DocId> = (0..corpus.documents.len()).collect();
        order.par_sort_unstable_by(|&a, &b| {
            corpus.documents[a].newest_first_key().cmp(&corpus.documents[b].newest_first_key())
        });
        let places = super::place_groups::Grouped::new(corpus, &order);
        Derived { summaries, legal, places }
    }

    /// Whether document `doc` has the same summary and legal status here as in `other`.
    pub fn same_for(&self, other: &Derived, doc: DocId) -> bool {
        self.summaries[doc] == other.summaries[doc] && self.legal[doc] == other.legal[doc]
    }
}

impl<'a> View<'a> {
    /// A view of the corpus; with `derived`, what it derives from the corpus is that one's
    /// (made from this corpus, but perhaps the texts of documents), not made again.
    pub fn new(
        config: &'a Config,
        corpus: &'a Corpus,
        links: &'a Links,
        progress: &'a Progress,
        static_files: &BTreeMap<String, Vec<u8>>,
        strings: &'a Strings,
        derived: Option<&'a Derived>,
    ) -> Self {
        let (summaries, legal, places) = match derived {
            Some(d) => (Cow::Borrowed(&d.summaries[..]), Cow::Borrowed(&d.legal[..]), Cow::Borrowed(&d.places)),
            None => {
                let d = Derived::new(config, corpus, links, strings);
                (Cow::Owned(d.summaries), Cow::Owned(d.legal), Cow::Owned(d.places))
            }
        };
        let mut pages: Vec<&crate::model::Page> = corpus.pages.iter().filter(|p| p.weight.is_some()).collect();
        pages.sort_by_key(|p| (p.weight, p.slug.clone()));
        let link = |name: &str, path: &str| LinkView { name: name.into(), url: config.base_url.link(path) };
        let mut nav = vec![
            link(strings.get("nav.documents"), &address::documents()),
            link(strings.get("nav.search"), &address::search()),
            link(strings.get("nav.issuers"), &Facet::Issuer.index()),
            link(strings.get("nav.indicators"), &address::indicators()),
            link(strings.get("nav.data"), &address::data()),
        ];
        nav.extend(pages.iter().map(|p| link(&p.title, &address::free_page(&p.slug))));
        let urls = SiteUrls {
            documents: config.base_url.link(&address::documents()),
            search: config.base_url.link(&address::search()),
            issuers: config.base_url.link(&Facet::Issuer.index()),
            regions: config.base_url.link(&Facet::Region.index()),
            levels: config.base_url.link(&Facet::Level.index()),
            kinds: config.base_url.link(&Facet::Kind.index()),
            years: config.base_url.link(&Facet::Year.index()),
            indicators: config.base_url.link(&address::indicators()),
            data: config.base_url.link(&address::data()),
            rule: config.base_url.link(&address::rule()),
            feed: config.base_url.link(address::feed()),
        };
        let site = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            base: config.base_url.path.clone(),
            language: strings.language.clone(),
            nav,
            as_of: strings.date_long(config.as_of),
            licence: config.licence.clone(),
            urls,
            extra: config.extra.clone(),
            assets: static_files
                .iter()
                .map(|(path, bytes)| {
                    let fingerprinted = address::fingerprinted(path, bytes).filter(|_| !config.preview);
                    let published = fingerprinted.unwrap_or_else(|| path.clone());
                    (path.clone(), config.base_url.link(&published))
                })
                .collect(),
        };
        let html = if config.unsafe_html { markdown::Html::Trusted } else { markdown::Html::Sanitize };
        View { config, corpus, links, progress, strings, summaries, legal, places, site, html, bodies: None }
    }

    /// Takes documents' bodies from `bodies` when they were rendered before, and keeps
    /// those rendered now there.
    pub fn with_bodies(mut self, bodies: Option<&'a markdown::Bodies>) -> Self {
        self.bodies = bodies;
        self
    }

    pub fn summary(&self, id: DocId) -> DocSummary {
        self.summaries[id].clone()
    }

    pub fn doc_address(&self, id: DocId) -> &DocAddress {
        &self.corpus.documents[id].address
    }

    pub fn page_slug(&self, i: usize) -> &str {
        &self.corpus.pages[i].slug
    }

    pub(super) fn context(&self, site_path: &str, title: &str, description: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("page_title", title);
        ctx.insert("page_description", description);
        ctx.insert("canonical", &self.config.base_url.absolute(site_path));
        ctx.insert("base", &self.config.base_url.path);
        ctx
    }

    pub fn home(&self) -> Context {
        let docs = &self.corpus.documents;
        let mut order: Vec<DocId> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| docs[a].newest_first_key().cmp(&docs[b].newest_first_key()));
        let latest: Vec<DocSummary> = order.iter().take(self.config.page_size).map(|&d| self.summary(d)).collect();
        // Top documents: implemented by others, implementing nothing on the site.
        let mut roots: Vec<(usize, DocId)> = (0..docs.len())
            .filter(|&d| self.links.implements.targets(d).next().is_none() && !self.links.implementers_of(d).is_empty())
            .map(|d| (self.links.all_implementers(d).len(), d))
            .collect();
        roots.sort_by(|a, b| b.0.cmp(&a.0).then(docs[a.1].newest_first_key().cmp(&docs[b.1].newest_first_key())));
        let mut budget = TREE_NODES;
        let tree: Vec<TreeNode> = roots.iter().map(|&(_, d)| self.tree(d, HOME_TREE, &mut budget)).collect();
        let mut ctx = self.context("", &self.config.title, &self.config.description);
        ctx.insert("latest", &latest);
        ctx.insert("tree", &tree);
        ctx.insert("document_count", &docs.len());
        ctx.insert("all_url", &self.site.urls.documents);
        ctx.insert("summary", &self.summary_of(&(0..docs.len()).collect::<Vec<_>>(), "home"));
        ctx.insert("indicators_url", &self.site.urls.indicators);
        ctx.insert("national", &self.national_results());
        self.home_map(&mut ctx);
        ctx
    }

    /// Whether the document's own page leaves out some of the documents carrying it out
    /// directly: only then does the page link to their full listing, and only then is
    /// that listing published (most documents' pages show every implementer).
    pub(super) fn implementers_beyond_page(&self, id: DocId) -> bool {
        let mut budget = TREE_NODES;
        self.tree(id, DOCUMENT_TREE, &mut budget).more > 0
    }

    /// The documents carrying out `doc`, as a tree: at most `shape.children` per
    /// document, `shape.depth` levels, and `budget` documents in all. Each document is
    /// shown once, at its shallowest place (a plan that carries out both a directive
    /// and a plan under it is listed under the directive), so the tree holds as many
    /// documents as the count says.
    fn tree(&self, doc: DocId, shape: TreeShape, budget: &mut usize) -> TreeNode {
        let mut depth: HashMap<DocId, usize> = HashMap::from([(doc, 0)]);
        let mut queue = std::collections::VecDeque::from([doc]);
        while let Some(d) = queue.pop_front() {
            let next = depth[&d] + 1;
            if next > shape.depth + 1 {
                continue;
            }
            for &c in self.links.implementers_of(d) {
                if let std::collections::hash_map::Entry::Vacant(e) = depth.entry(c) {
                    e.insert(next);
                    queue.push_back(c);
                }
            }
        }
        let mut shown = HashSet::from([doc]);
        self.subtree(doc, shape, &depth, &mut shown, budget)
    }

    fn subtree(
        &self,
        doc: DocId,
        shape: TreeShape,
        depth: &HashMap<DocId, usize>,
        shown: &mut HashSet<DocId>,
        budget: &mut usize,
    ) -> TreeNode {
        let below = self.links.implementers_of(doc);
        let level = depth[&doc];
        // Direct implementers placed here: those whose shallowest place is just below.
        let here: Vec<DocId> = below.iter().copied().filter(|c| depth.get(c) == Some(&(level + 1))).collect();
        let mut children = Vec::new();
        let mut skipped = 0;
        for c in here {
            if shown.contains(&c) {
                continue;
            }
            if level >= shape.depth || children.len() >= shape.children || *budget == 0 {
                skipped += 1;
                continue;
            }
            *budget -= 1;
            shown.insert(c);
            children.push(self.subtree(c, shape, depth, shown, budget));
        }
        TreeNode { doc: self.summary(doc), more: skipped, total: self.links.implementer_count(doc), children }
    }

    fn refs(&self, rel: &Relation, id: DocId) -> Vec<RefView> {
        rel.forward[id]
            .iter()
            .map(|e| match &e.to {
                Ref::Doc(d) => RefView { doc: Some(self.summary(*d)), text: e.at.value.clone() },
                Ref::Missing(text) => RefView { doc: None, text: text.clone() },
            })
            .collect()
    }

    fn backrefs(&self, rel: &Relation, id: DocId) -> Vec<DocSummary> {
        rel.backward[id].iter().map(|&d| self.summary(d)).collect()
    }

    pub fn document(&self, id: DocId) -> Context {
        let d = &self.corpus.documents[id];
        let base = &self.config.base_url;
        let text_links: Vec<markdown::TextLink> = self.links.mentions[id]
            .iter()
            .filter_map(|m| match m.to {
                Ref::Doc(t) => Some(markdown::TextLink {
                    range: m.range.clone(),
                    url: self.summaries[t].url.clone(),
                    title: format!("{} — {}", self.summaries[t].name, self.summaries[t].title),
                }),
                Ref::Missing(_) => None,
            })
            .collect();
        let markdown = d.body.text();
        let body = match self.bodies {
            Some(bodies) => bodies.render(&markdown, base, &text_links, self.html),
            None => std::sync::Arc::new(markdown::render(&markdown, base, &text_links, self.html)),
        };
        // Each document named in the text, once, in order of first mention.
        let mut cited: Vec<RefView> = Vec::new();
        for m in &self.links.mentions[id] {
            let view = match &m.to {
                Ref::Doc(t) => RefView { doc: Some(self.summary(*t)), text: m.text.clone() },
                Ref::Missing(n) => RefView { doc: None, text: n.clone() },
            };
            let same = |c: &RefView| match (&c.doc, &view.doc) {
                (Some(a), Some(b)) => a.url == b.url,
                (None, None) => c.text == view.text,
                _ => false,
            };
            if !cited.iter().any(same) {
                cited.push(view);
            }
        }
        let summary = self.summary(id);
        let dated_line = match (&d.place, d.date) {
            (Some(p), Some(date)) => format!("{p}, {}", self.strings.date_long(date)),
            (None, Some(date)) => capitalize(&self.strings.date_long(date)),
            (Some(p), None) => format!("{p}, {}", self.strings.get("site.no_date")),
            (None, None) => match d.published {
                Some(y) => self.strings.fill("document.published_year", &[("year", &y)]),
                None => self.strings.get("document.no_date").to_string(),
            },
        };
        let chains: Vec<Vec<DocSummary>> = self
            .links
            .chains_above(id, CHAINS)
            .into_iter()
            .map(|c| c.into_iter().map(|d| self.summary(d)).collect())
            .collect();
        let mut budget = TREE_NODES;
        let implementers = self.tree(id, DOCUMENT_TREE, &mut budget);
        let mut ctx = self.context(d.address.page(), &page_title(d), &d.title);
        ctx.insert("doc", &summary);
        ctx.insert("dated_line", &dated_line);
        ctx.insert("party", &is_party_body(&d.issuer));
        ctx.insert("json_ld", &self.json_ld(id));
        ctx.insert("data_url", &base.link(&d.address.data()));
        let s = self.strings;
        let date_words =
            d.date.map(|x| s.date_long(x)).or_else(|| d.published.map(|y| s.fill("site.year", &[("year", &y)])));
        ctx.insert("date_words", &date_words);
        ctx.insert("place", &d.place);
        ctx.insert("term", &d.term);
        // Where the document sits: each a link to its listing.
        let facet = |facet: Facet| {
            facets::value(facet, d).map(|(slug, name)| LinkView { name, url: base.link(&facet.value(&slug)) })
        };
        ctx.insert("issuer_url", &facet(Facet::Issuer).map(|l| l.url).unwrap_or_default());
        // The region links to its place's page (a province today, or a former one).
        let region_link = match (&d.region, super::place_groups::page_of(d)) {
            (Some(name), Some(page)) => Some(LinkView { name: name.clone(), url: base.link(&page) }),
            _ => facet(Facet::Region),
        };
        ctx.insert("region", &region_link);
        self.insert_places(d, &mut ctx);
        ctx.insert("level", &facet(Facet::Level));
        ctx.insert("kind_link", &facet(Facet::Kind));
        ctx.insert("year_link", &facet(Facet::Year));
        ctx.insert("period", &d.period.map(|(a, b)| format!("{a}–{b}")));
        ctx.insert(
            "signer",
            &d.signer.as_ref().map(|s| SignerView {
                name: s.name.clone(),
                lines: s.title.split(", ").filter(|l| !l.is_empty()).map(str::to_string).collect(),
            }),
        );
        ctx.insert("recipients", &d.recipients);
        ctx.insert("source", &d.source);
        ctx.insert("body", &body.html);
        ctx.compact_html(&body.html);
        ctx.insert("cited", &cited);
        ctx.insert("headings", &body.headings.iter().filter(|h| h.level == 2).collect::<Vec<_>>());
        let targets = self.target_views(id);
        // The targets in one line at the top, by status; their detail follows the text.
        let target_counts: Vec<CountView> = crate::progress::Status::ALL
            .iter()
            .map(|s| CountView {
                slug: s.slug(),
                label: self.strings.get(s.key()).to_string(),
                count: targets.iter().filter(|t| t.status.slug == s.slug()).count(),
            })
            .filter(|c| c.count > 0)
            .collect();
        ctx.insert("target_counts", &target_counts);
        ctx.insert("targets", &targets);
        for t in &targets {
            ctx.compact_html(&t.bar_svg);
            if let Some(svg) = &t.timeline_svg {
                ctx.compact_html(svg);
            }
        }
        ctx.insert("summary", &self.summary_below(id));
        ctx.insert("chains", &chains);
        ctx.insert("implements", &self.refs(&self.links.implements, id));
        ctx.insert("based_on", &self.refs(&self.links.based_on, id));
        ctx.insert("amends", &self.refs(&self.links.amends, id));
        ctx.insert("replaces", &self.refs(&self.links.replaces, id));
        ctx.insert("amended_by", &self.backrefs(&self.links.amends, id));
        ctx.insert("replaced_by", &self.backrefs(&self.links.replaces, id));
        ctx.insert("reports", &self.backrefs(&self.links.reports_on, id));
        // Both directions of every relation: what cites this document as its legal basis,
        // and what names it in its text.
        // As many as a listing page holds, the rest on their own listing (listing.rs): a
        // directive every plan names had them all on its page (31 MB at 100,000 plans).
        for (ids, listing, [list, total, url]) in [
            (
                &self.links.based_on.backward[id],
                d.address.based_on_by(),
                ["based_on_by", "based_on_by_total", "based_on_by_url"],
            ),
            (
                &self.links.mentioned_by[id],
                d.address.mentioned_by(),
                ["mentioned_by", "mentioned_by_total", "mentioned_by_url"],
            ),
        ] {
            let shown: Vec<DocSummary> = ids.iter().take(self.config.page_size).map(|&d| self.summary(d)).collect();
            ctx.insert(list, &shown);
            ctx.insert(total, &ids.len());
            ctx.insert(url, &(ids.len() > shown.len()).then(|| base.link(&listing)));
        }
        ctx.insert("reports_on", &self.refs(&self.links.reports_on, id).pop());
        ctx.insert("implementers", &implementers.children);
        ctx.insert("implementers_more", &implementers.more);
        ctx.insert("implementers_url", &base.link(&d.address.implementers()));
        ctx.insert("implementers_direct", &self.links.implementers_of(id).len());
        ctx.insert("implementers_total", &self.links.implementer_count(id));
        ctx.insert("report", &self.report_view(id));
        let legal = &self.legal[id];
        let by = legal.by.map(|b| self.summary(b));
        ctx.insert(
            "legal",
            &serde_json::json!({
                "slug": legal.status.slug(),
                "label": self.strings.get(legal.status.key()),
                "sentence": crate::in_force::sentence(legal, by.as_ref().map(|b| b.name.as_str()), self.strings),
                "by": by,
                "in_force": legal.status.in_force(),
            }),
        );
        ctx
    }

    /// schema.org `Legislation` of a document, as JSON-LD for its page (with "</" written
    /// "<\/", so that no text of a document can end the script element).
    fn json_ld(&self, id: DocId) -> String {
        let d = &self.corpus.documents[id];
        let base = &self.config.base_url;
        let doc_ref = |t: DocId| {
            let o = &self.corpus.documents[t];
            serde_json::json!({
                "@type": "Legislation",
                "name": self.summaries[t].name,
                "legislationIdentifier": o.number.as_ref().map(|n| n.value.to_string()),
                "url": base.absolute(o.address.page()),
            })
        };
        let refs = |rels: &[&Relation]| -> Vec<serde_json::Value> {
            rels.iter()
                .flat_map(|rel| rel.forward[id].iter())
                .filter_map(|e| match e.to {
                    Ref::Doc(t) => Some(doc_ref(t)),
                    Ref::Missing(_) => None,
                })
                .collect()
        };
        let mut ld = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": d.title,
            "alternateName": self.summaries[id].name,
            "url": base.absolute(d.address.page()),
            "inLanguage": "vi",
            "legislationType": d.kind,
            "legislationPassedBy": { "@type": "Organization", "name": d.issuer },
            "legislationJurisdiction": d.region.clone().unwrap_or_else(|| "Việt Nam".to_string()),
            "legislationLegalForce": if self.links.is_replaced(id) { "https://schema.org/NotInForce" } else { "https://schema.org/InForce" },
            "encoding": {
                "@type": "MediaObject",
                "encodingFormat": "application/json",
                "contentUrl": base.absolute(&d.address.data()),
            },
        });
        let obj = ld.as_object_mut().expect("an object");
        if let Some(n) = &d.number {
            obj.insert("legislationIdentifier".into(), n.value.to_string().into());
        }
        if let Some(date) = d.date {
            obj.insert("legislationDate".into(), date.to_string().into());
        } else if let Some(y) = d.year() {
            obj.insert("legislationDate".into(), y.to_string().into());
        }
        if let Some(s) = &d.signer {
            obj.insert("legislationResponsible".into(), serde_json::json!({ "@type": "Person", "name": s.name }));
        }
        for (key, list) in [
            ("legislationApplies", refs(&[&self.links.implements])),
            ("legislationChanges", refs(&[&self.links.amends, &self.links.replaces])),
            ("isBasedOn", refs(&[&self.links.based_on])),
        ] {
            if !list.is_empty() {
                obj.insert(key.into(), list.into());
            }
        }
        serde_json::to_string(&ld).unwrap_or_default().replace("</", "<\\/").replace("<!--", "<\\u0021--")
    }

    pub fn page(&self, i: usize) -> Context {
        let p = &self.corpus.pages[i];
        let body = markdown::render(&p.body, &self.config.base_url, &[], self.html);
        let mut ctx = self.context(&address::free_page(&p.slug), &p.title, p.description.as_deref().unwrap_or(""));
        ctx.insert("title", &p.title);
        ctx.insert("body", &body.html);
        ctx.compact_html(&body.html);
        ctx
    }

    pub fn groups(&self, title: &str, site_path: &str, groups: &[GroupView]) -> Context {
        let mut ctx = self.context(site_path, title, "");
        ctx.insert("title", title);
        ctx.insert("groups", groups);
        ctx.insert("count_label", self.strings.get("list.count"));
        ctx
    }

    /// A page from Markdown text that ships with congbo (the assessment rule).
    pub fn markdown_page(&self, text: &str, site_path: &str) -> Context {
        let (title, body) = match text.split_once('\n') {
            Some((first, rest)) if first.starts_with("# ") => (first[2..].trim().to_string(), rest),
            _ => ("congbo".to_string(), text),
        };
        let html = markdown::render(body, &self.config.base_url, &[], markdown::Html::Trusted);
        let mut ctx = self.context(site_path, &title, "");
        ctx.insert("title", &title);
        ctx.insert("body", &html.html);
        ctx.compact_html(&html.html);
        ctx
    }

    pub fn search_page(&self) -> Context {
        let s = self.strings;
        let mut ctx = self.context(&address::search(), s.get("search.title"), s.get("search.description"));
        // The script's own sentences, as JSON in a data attribute.
        let said: BTreeMap<&str, &str> = [
            "searching",
            "failed",
            "none",
            "found",
            "found_corrected",
            "found_at_least",
            "found_at_least_corrected",
            "partial",
            "did_you_mean",
            "no_date",
            "not_in_force",
        ]
        .into_iter()
        .map(|k| (k, s.get(&format!("search.{k}"))))
        .collect();
        ctx.insert("search_strings", &serde_json::to_string(&said).unwrap_or_default());
        ctx.insert("index_manifest", &address::search_manifest());
        // Relative to the base path, as the script fetches them.
        ctx.insert("index_words", &address::search_words_dir());
        ctx.insert("index_documents", &address::search_documents_dir());
        ctx.insert("index_vocabulary", &address::search_vocabulary_dir());
        ctx
    }

    pub fn not_found(&self) -> Context {
        let mut ctx = self.context(address::not_found(), self.strings.get("not_found.title"), "");
        ctx.insert("all_url", &self.site.urls.documents);
        ctx
    }

    pub fn listing(
        &self,
        title: &str,
        intro: Option<&str>,
        site_path: &str,
        items: Vec<DocSummary>,
        pagination: Pagination,
    ) -> Context {
        let mut ctx = self.context(site_path, title, intro.unwrap_or(""));
        ctx.insert("title", title);
        ctx.insert("intro", &intro);
        ctx.insert("items", &items);
        ctx.insert("pagination", &pagination);
        ctx
    }
}

/// The name of each document as lists show it, no two alike, so that a citizen can tell
/// them apart: "Kế hoạch 4621/KH-UBND"; an unnumbered one by its kind, issuer and year,
/// "Kế hoạch của UBND thành phố Hà Nội (2021)". Names still shared get the Party term,
/// then the date, then the start of the title, then the file name.
pub fn distinct_names(docs: &[Arc<Document>], strings: &Strings) -> Vec<String> {
    let short_name = |d: &Document| match &d.number {
        Some(_) => d.short_name(),
        None => strings.fill("name.unnumbered", &[("kind", &d.kind), ("issuer", &d.issuer)]),
    };
    // An undated plan is known by its period: "Kế hoạch của UBND thành phố Hà Nội
    // (2021–2030)"; an undated report by the year of its figures.
    let when = |d: &Document| match (d.year(), d.period, &d.report) {
        (Some(y), _, _) => Some(y.to_string()),
        (None, Some((a, b)), _) => Some(format!("{a}–{b}")),
        (None, None, Some(r)) => Some(strings.fill("name.report_year", &[("year", &r.year)])),
        (None, None, None) => None,
    };
    let mut names: Vec<String> = docs
        .iter()
        .map(|d| match (&d.number, when(d)) {
            (None, Some(w)) => format!("{} ({w})", short_name(d)),
            _ => short_name(d),
        })
        .collect();
    let title_start = |d: &Document| {
        let words: Vec<&str> = d.title.split_whitespace().collect();
        let start = words.iter().take(10).copied().collect::<Vec<_>>().join(" ");
        if words.len() > 10 { format!("{start}…") } else { start }
    };
    let steps: [&dyn Fn(&Document, &str) -> Option<String>; 4] = [
        // A Party term, for numbers that restart each term: "Chỉ thị 1-CT/TW (khóa XI)".
        &|d, name| d.term.as_ref().map(|t| strings.fill("name.term", &[("name", &name), ("term", t)])),
        // The day, when the year was not enough.
        &|d, name| {
            d.date.map(|date| match &d.number {
                Some(_) => format!("{name} ({})", date_short(date)),
                None => format!("{} ({})", short_name(d), date_short(date)),
            })
        },
        &|d, name| Some(format!("{name}: {}", title_start(d))),
        &|d, name| Some(format!("{name} [{}]", d.path)),
    ];
    for step in steps {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for n in &names {
            *count.entry(n.as_str()).or_default() += 1;
        }
        let shared: Vec<usize> = (0..docs.len()).filter(|&i| count[names[i].as_str()] > 1).collect();
        if shared.is_empty() {
            break;
        }
        for i in shared {
            if let Some(n) = step(&docs[i], &names[i]) {
                names[i] = n;
            }
        }
    }
    names
}

fn summarize(
    config: &Config,
    strings: &Strings,
    d: &Document,
    name: String,
    replaced: bool,
    legal: &crate::in_force::LegalStatus,
) -> DocSummary {
    DocSummary {
        url: config.base_url.link(d.address.page()),
        name,
        kind: d.kind.clone(),
        number: d.number.as_ref().map(|n| n.value.to_string()),
        title: d.title.clone(),
        issuer: d.issuer.clone(),
        date: d
            .date
            .map(|x| strings.date_short(x))
            .or_else(|| d.published.map(|y| strings.fill("site.year", &[("year", &y)])))
            .unwrap_or_default(),
        year: d.year(),
        replaced,
        legal: strings.get(legal.status.key()).to_string(),
        legal_slug: legal.status.slug(),
        is_report: d.report.is_some(),
        draft: d.draft,
    }
}

/// A body of the Communist Party (Bộ Chính trị, Ban Bí thư, Tỉnh ủy, Đảng ủy …), whose
/// documents carry "ĐẢNG CỘNG SẢN VIỆT NAM" where others carry the quốc hiệu.
pub fn is_party_body(issuer: &str) -> bool {
    let folded = crate::text::fold(issuer);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |phrase: &str| {
        let p: Vec<&str> = phrase.split(' ').collect();
        words.windows(p.len()).any(|w| w == p.as_slice())
    };
    // "ủy" of a Party committee (Tỉnh ủy, Thành ủy, Đảng ủy), not of "Ủy ban".
    let committee = words.iter().enumerate().any(|(i, w)| *w == "uy" && words.get(i + 1) != Some(&"ban"));
    committee || has("dang") || has("bo chinh tri") || has("ban bi thu") || has("ban chap hanh trung uong")
}

#[cfg(test)]
mod tests {
    #[test]
    fn party_bodies_are_told_from_state_bodies() {
        for party in [
            "Ban Thường vụ Tỉnh ủy Cao Bằng",
            "Bộ Chính trị",
            "Ban Bí thư",
            "Thành ủy Hà Nội",
            "Đảng ủy xã Tân Phú",
            "Ban Chấp hành Trung ương Đảng",
        ] {
            assert!(super::is_party_body(party), "{party}");
        }
        for state in [
            "UBND tỉnh Cao Bằng",
            "Ủy ban nhân dân tỉnh Thái Bình",
            "Thủ tướng Chính phủ",
            "Hội Khuyến học tỉnh Thái Bình",
            "Ban Thường vụ Hội Nông dân tỉnh Cao Bằng",
        ] {
            assert!(!super::is_party_body(state), "{state}");
        }
    }
}

fn page_title(d: &Document) -> String {
    match &d.number {
        Some(n) => format!("{} {} — {}", d.kind, n.value, d.title),
        None => format!("{} — {}", d.kind, d.title),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
