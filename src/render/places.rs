//! What the pages show of places: a document's issuer and region then and now, the
//! index of the 34 current provinces, each province's page with the documents of the
//! former provinces, districts and communes now in it (grouped by former unit), and a
//! page for each former province's own name linking to the province that holds it.
//! Units come from [`crate::places`]; addresses from [`crate::address`].

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::address::Facet;
use crate::model::{Corpus, DocId, Document};
use crate::places::{self, Unit};
use crate::text::slugify;

use super::view::{DocSummary, View};

/// The documents of each place, grouped once for every page that shows them.
#[derive(Default)]
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

fn has_own_page(p: usize) -> bool {
    let t = places::table();
    t.current[t.provinces[p].now].short != t.provinces[p].short
}

/// The page of a current province: "dia-phuong/hung-yen/".
pub(super) fn current_page(c: usize) -> String {
    Facet::Region.value(&places::table().current[c].short)
}

/// The full listing of one group of a current province's page: the former province's
/// own page when it has one, else a page under the province.
fn group_page(c: usize, u: Unit) -> String {
    let t = places::table();
    match u {
        Unit::Province(p) if has_own_page(p) => former_page(p),
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A unit as a document page shows it: then, with its code, and what holds it now.
#[derive(Serialize)]
pub(super) struct PlaceView {
    /// "Huyện Hòa An, tỉnh Cao Bằng".
    name: String,
    code: Option<String>,
    /// "nay thuộc tỉnh Hưng Yên", "cấp huyện không còn từ 1/7/2025; …".
    note: Option<String>,
    /// The current province (or commune) holding it, when it is another unit.
    now: Option<NowView>,
    /// The page listing the place's documents.
    url: Option<String>,
}

#[derive(Serialize)]
struct NowView {
    name: String,
    code: Option<String>,
}

pub(super) fn place_view(view: &View, u: Unit) -> PlaceView {
    let t = places::table();
    let base = &view.config.base_url;
    let now = t.now(u).filter(|n| *n != u && !matches!(n, Unit::Central(_)));
    let url = t
        .former_province(u)
        .map(former_page)
        .or_else(|| t.current_province(u).map(current_page))
        .map(|p| base.link(&p));
    PlaceView {
        name: capitalize(&t.name(u)),
        code: t.code(u).map(str::to_string),
        note: t.now_note(u),
        now: now.map(|n| NowView { name: t.name(n), code: t.code(n).map(str::to_string) }),
        url,
    }
}

/// What a document page shows of its places: the issuer's unit and the region's.
pub(super) fn insert_document(view: &View, d: &Document, ctx: &mut Context) {
    let issuer = d.placed.issuer.filter(|u| *u != Unit::Nation).map(|u| {
        let mut v = place_view(view, u);
        // The communes now covering a district are listed once, under its region.
        if matches!(u, Unit::District(_)) {
            v.note = Some("cấp huyện không còn từ 1/7/2025".to_string());
        }
        v
    });
    // The region's unit, or the issuer's when no region is written (a Tỉnh ủy's plan).
    let region = d
        .placed
        .region
        .or(d.placed.issuer.filter(|u| !matches!(u, Unit::Central(_) | Unit::Nation)))
        .filter(|u| *u != Unit::Nation)
        .map(|u| place_view(view, u));
    ctx.insert("issuer_place", &issuer);
    ctx.insert("region_place", &region);
}

#[derive(Serialize)]
struct FormerGroup {
    /// "Trước 1/7/2025: tỉnh Thái Bình".
    heading: String,
    count: usize,
    /// The unit's name: "tỉnh Thái Bình".
    name: String,
    /// The former province's own page, when it has one.
    url: Option<String>,
    /// The first documents (a page's worth); the rest are on `more_url`.
    docs: Vec<DocSummary>,
    /// The listing of all the group's documents, when they are more than shown.
    more_url: Option<String>,
}

#[derive(Serialize)]
struct ProvinceEntry {
    name: String,
    url: String,
    count: usize,
    code: String,
    /// The former provinces merged into it (itself included when it kept its name).
    former: Vec<FormerEntry>,
}

#[derive(Serialize)]
struct FormerEntry {
    name: String,
    code: String,
    url: Option<String>,
    count: usize,
}

/// /dia-phuong/: the 34 current provinces, each with the former provinces it holds.
pub(super) fn index(view: &View) -> Context {
    let t = places::table();
    let base = &view.config.base_url;
    let g = &view.places;
    let mut provinces: Vec<ProvinceEntry> = t
        .current
        .iter()
        .enumerate()
        .map(|(c, p)| ProvinceEntry {
            name: p.name.clone(),
            url: base.link(&current_page(c)),
            count: g.current[c].iter().map(|(_, ids)| ids.len()).sum(),
            code: p.code.clone(),
            former: if p.former.len() > 1 {
                p.former
                    .iter()
                    .map(|&f| FormerEntry {
                        name: t.provinces[f].name.clone(),
                        code: t.provinces[f].code.clone(),
                        url: (has_own_page(f) && !g.former[f].is_empty()).then(|| base.link(&former_page(f))),
                        count: g.former[f].len(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    provinces.sort_by_key(|p| crate::places::key(crate::places::split_type(&p.name).1));
    let others: Vec<super::view::GroupView> = g
        .others
        .iter()
        .map(|(slug, (name, ids))| super::view::GroupView {
            name: name.clone(),
            url: base.link(&Facet::Region.value(slug)),
            count: ids.len(),
        })
        .collect();
    let title = "Địa phương";
    let mut ctx = view.context(
        &Facet::Region.index(),
        title,
        "34 tỉnh, thành phố từ ngày 1/7/2025 và văn bản của các đơn vị hành chính trước đó",
    );
    ctx.insert("title", title);
    ctx.insert("provinces", &provinces);
    ctx.insert("others", &others);
    ctx
}

/// The page of a current province, its documents grouped by the unit that issued them
/// or that they were for, as named on their date.
pub(super) fn province(view: &View, c: usize) -> Context {
    let t = places::table();
    let base = &view.config.base_url;
    let p = &t.current[c];
    let groups: Vec<FormerGroup> = view.places.current[c]
        .iter()
        .map(|(u, ids)| FormerGroup {
            heading: match u {
                Unit::Current(_) => format!("Từ 1/7/2025: {}", t.name(*u)),
                _ => format!("Trước 1/7/2025: {}", t.name(*u)),
            },
            count: ids.len(),
            name: t.name(*u),
            url: match u {
                Unit::Province(f) if has_own_page(*f) => Some(base.link(&former_page(*f))),
                _ => None,
            },
            docs: ids.iter().take(view.config.page_size).map(|&id| view.summary(id)).collect(),
            more_url: (ids.len() > view.config.page_size).then(|| base.link(&group_page(c, *u))),
        })
        .collect();
    let intro = if p.former.len() > 1 {
        let former: Vec<String> = p.former.iter().map(|&f| t.name(Unit::Province(f))).collect();
        format!(
            "Từ ngày 1/7/2025 (Nghị quyết 202/2025/QH15), {} gồm địa bàn của {}. Văn bản ban hành trước ngày đó được xếp theo đơn vị hành chính khi ban hành.",
            t.name(Unit::Current(c)),
            former.join(", ")
        )
    } else {
        "Từ ngày 1/7/2025 không còn cấp huyện; văn bản của các huyện, xã trước đó được xếp theo đơn vị hành chính khi ban hành.".to_string()
    };
    let title = format!("Văn bản của {}", t.name(Unit::Current(c)));
    let mut ctx = view.context(&current_page(c), &title, &intro);
    ctx.insert("title", &title);
    ctx.insert("intro", &intro);
    ctx.insert("code", &p.code);
    ctx.insert("groups", &groups);
    ctx.insert("all_url", &base.link(&Facet::Region.index()));
    ctx
}

/// The listings of former provinces' own names and of regions outside the list: (first
/// page, title, intro, documents, the current province's page).
pub(super) fn listings(view: &View) -> Vec<(String, String, Option<String>, Vec<DocId>, Option<(String, String)>)> {
    let t = places::table();
    let base = &view.config.base_url;
    let mut out = Vec::new();
    for p in view.places.former_with_page() {
        let now = t.provinces[p].now;
        let name = t.name(Unit::Province(p));
        out.push((
            former_page(p),
            format!("Văn bản của {name} (trước 1/7/2025)"),
            Some(format!("Từ ngày 1/7/2025, {name} thuộc {}.", t.name(Unit::Current(now)))),
            view.places.former[p].clone(),
            Some((format!("Xem văn bản của {}", t.name(Unit::Current(now))), base.link(&current_page(now)))),
        ));
    }
    // Groups too long for their province's page get a paginated listing of their own.
    for (c, groups) in view.places.current.iter().enumerate() {
        for (u, ids) in groups {
            let own = matches!(u, Unit::Province(p) if has_own_page(*p));
            if ids.len() > view.config.page_size && !own {
                let heading = match u {
                    Unit::Current(_) => format!("Văn bản của {} từ 1/7/2025", t.name(*u)),
                    _ => format!("Văn bản của {} (trước 1/7/2025)", t.name(*u)),
                };
                out.push((
                    group_page(c, *u),
                    heading,
                    None,
                    ids.clone(),
                    Some((format!("Xem văn bản của {}", t.name(Unit::Current(c))), base.link(&current_page(c)))),
                ));
            }
        }
    }
    let taken: std::collections::HashSet<String> =
        t.current.iter().map(|p| slugify(&p.short)).chain(t.provinces.iter().map(|p| slugify(&p.short))).collect();
    for (slug, (name, ids)) in &view.places.others {
        if !taken.contains(slug) {
            out.push((Facet::Region.value(slug), format!("Văn bản của {name}"), None, ids.clone(), None));
        }
    }
    out
}

/// The names of a document's place then and now, for the search index: "huyện Hòa
/// An, tỉnh Cao Bằng; tỉnh Cao Bằng".
pub(super) fn search_words(d: &Document) -> String {
    let t = places::table();
    let mut out = String::new();
    for u in [d.placed.issuer, d.placed.region].into_iter().flatten() {
        if matches!(u, Unit::Nation) {
            continue;
        }
        out.push_str(&t.name(u));
        out.push_str("; ");
        if let Some(n) = t.now(u).filter(|n| *n != u) {
            out.push_str(&t.name(n));
            out.push_str("; ");
        }
    }
    out
}

/// A document's unit (its region's, else its issuer's) for the open data: then and now,
/// each with its code and its province's code, so that figures can be joined with
/// official statistics of either time. Empty strings where there is no unit or code
/// (the data gives districts no code).
pub(super) fn data_columns(d: &Document) -> [String; 6] {
    let t = places::table();
    let Some(u) = d.placed.unit().filter(|u| !matches!(u, Unit::Nation | Unit::Central(_))) else {
        return Default::default();
    };
    let province_code = |u: Unit| match u {
        Unit::Current(c) => t.current[c].code.clone(),
        Unit::NewCommune(n) => t.current[t.new_communes[n].province].code.clone(),
        _ => t.former_province(u).map(|p| t.provinces[p].code.clone()).unwrap_or_default(),
    };
    let code = |u: Unit| t.code(u).unwrap_or_default().to_string();
    let now = t.now(u).unwrap_or(u);
    [t.name(u), code(u), province_code(u), t.name(now), code(now), province_code(now)]
}

/// The same as JSON: `{ "then": { name, code, province_code }, "now": { … } }`.
pub(super) fn data_json(d: &Document) -> serde_json::Value {
    let c = data_columns(d);
    if c[0].is_empty() {
        return serde_json::Value::Null;
    }
    let opt = |s: &str| if s.is_empty() { serde_json::Value::Null } else { serde_json::Value::from(s) };
    serde_json::json!({
        "then": { "name": c[0], "code": opt(&c[1]), "province_code": opt(&c[2]) },
        "now": { "name": c[3], "code": opt(&c[4]), "province_code": opt(&c[5]) },
    })
}

/// The home page's map and table: documents per current province.
pub(super) fn home_map(view: &View, ctx: &mut Context) {
    let counts: Vec<usize> = view.places.current.iter().map(|g| g.iter().map(|(_, ids)| ids.len()).sum()).collect();
    let base = &view.config.base_url;
    let (svg, rows) = super::map::documents(&counts, |c| base.link(&current_page(c)));
    ctx.insert("province_map", &svg);
    ctx.insert("province_rows", &rows);
    ctx.insert(
        "province_map_caption",
        "Số văn bản của mỗi tỉnh, thành phố (kể cả của các tỉnh, huyện, xã cũ nay thuộc tỉnh).",
    );
}

/// An indicator page's map and table: each province's latest figure for the indicator
/// and its status, from the plans of units now in that province and the reports
/// compared with them.
pub(super) fn indicator_map(view: &View, key: &str, name: &str, ctx: &mut Context) {
    let t = places::table();
    let mut figures: Vec<Vec<super::map::Figure>> = (0..t.current.len()).map(|_| Vec::new()).collect();
    let mut unit_seen: Option<String> = None;
    let local = |d: &Document| d.placed.unit().filter(|u| !matches!(u, Unit::Nation | Unit::Central(_)));
    for (id, doc) in view.corpus.documents.iter().enumerate() {
        for (i, target) in doc.targets.iter().enumerate() {
            if target.indicator.as_deref() != Some(key) {
                continue;
            }
            let unit = unit_seen.get_or_insert_with(|| target.unit.clone()).clone();
            if target.unit != unit {
                continue;
            }
            let shown = |v: f64| {
                let n = crate::model::quantity::format_value(v);
                if crate::model::quantity::is_share(&unit) { format!("{n}%") } else { format!("{n} {unit}") }
            };
            let a = &view.progress.targets[id][i];
            let mut add = |u: Unit, o: &crate::progress::Observation, status: crate::progress::Status| {
                if let Some(c) = t.current_province(u) {
                    figures[c].push(super::map::Figure {
                        unit: u,
                        value: shown(o.value),
                        year: o.year,
                        status_slug: status.slug(),
                        status_label: status.label(),
                        doc: o.report,
                        illustrative: o.illustrative,
                    });
                }
            };
            if let (Some(u), Some(o)) = (local(doc), a.latest()) {
                add(u, o, a.status);
            }
            for e in &view.progress.elsewhere[id][i] {
                if let Some(u) = local(&view.corpus.documents[e.observation.report]) {
                    add(u, &e.observation, e.status);
                }
            }
        }
    }
    // One figure per unit then: its latest.
    for fs in &mut figures {
        fs.sort_by_key(|f| (f.unit, std::cmp::Reverse(f.year), f.doc));
        fs.dedup_by_key(|f| f.unit);
    }
    let base = &view.config.base_url;
    let (svg, rows) = super::map::indicator(name, &figures, |c| base.link(&current_page(c)));
    ctx.insert("province_map", &svg);
    ctx.insert("province_rows", &rows);
    ctx.insert(
        "province_map_caption",
        "Số liệu mới nhất của mỗi tỉnh, thành phố và tình trạng so với chỉ tiêu của tỉnh; tỉnh gồm nhiều tỉnh cũ ghi riêng từng số liệu, không cộng gộp.",
    );
}
