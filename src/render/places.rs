//! What the pages show of places: a document's issuer and region then and now, the
//! index of the 34 current provinces, each province's page with the documents of the
//! former provinces, districts and communes now in it (grouped by former unit), and a
//! page for each former province's own name linking to the province that holds it.
//! Units come from [`crate::places`]; addresses from [`crate::address`].

use super::context::Context;
use serde::Serialize;

use crate::address::Facet;
use crate::model::{DocId, Document};
use crate::places::{self, Unit};
use crate::text::slugify;

use super::place_groups::{current_page, former_page, group_page, has_own_page};
use super::view::{DocSummary, View};

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
impl View<'_> {
    /// The place of a document's issuer and region, then and now, for its page.
    pub(super) fn insert_places(&self, d: &Document, ctx: &mut Context) {
        insert_document(self, d, ctx)
    }

    /// The map of provinces on the home page.
    pub(super) fn home_map(&self, ctx: &mut Context) {
        home_map(self, ctx)
    }

    /// The map of provinces on an indicator's page.
    pub(super) fn indicator_map(&self, key: &str, name: &str, ctx: &mut Context) {
        indicator_map(self, key, name, ctx)
    }
}

fn insert_document(view: &View, d: &Document, ctx: &mut Context) {
    let issuer = d.placed.issuer.filter(|u| *u != Unit::Nation).map(|u| {
        let mut v = place_view(view, u);
        // The communes now covering a district are listed once, under its region.
        if matches!(u, Unit::District(_)) {
            v.note = Some(view.strings.get("places.district_gone").to_string());
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
    let title = view.strings.get("places.title");
    let mut ctx = view.context(&Facet::Region.index(), title, view.strings.get("places.description"));
    ctx.insert("title", title);
    ctx.insert("provinces", &provinces);
    ctx.insert("others", &others);
    ctx
}

/// The page of a current province, its documents grouped by the unit that issued them
/// or that they were for, as named on their date.
pub(super) fn province(view: &View, c: usize) -> Context {
    let t = places::table();
    let s = view.strings;
    let base = &view.config.base_url;
    let p = &t.current[c];
    let groups: Vec<FormerGroup> = view.places.current[c]
        .iter()
        .map(|(u, ids)| FormerGroup {
            heading: match u {
                Unit::Current(_) => s.fill("places.from_reform", &[("name", &t.name(*u))]),
                _ => s.fill("places.before_reform", &[("name", &t.name(*u))]),
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
        s.fill("places.merged", &[("name", &t.name(Unit::Current(c))), ("former", &former.join(", "))])
    } else {
        s.get("places.no_districts").to_string()
    };
    let title = s.fill("places.documents_of", &[("name", &t.name(Unit::Current(c)))]);
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
    let s = view.strings;
    let base = &view.config.base_url;
    let mut out = Vec::new();
    for p in view.places.former_with_page() {
        let now = t.provinces[p].now;
        let name = t.name(Unit::Province(p));
        out.push((
            former_page(p),
            s.fill("places.documents_of_former", &[("name", &name)]),
            Some(s.fill("places.now_in", &[("name", &name), ("now", &t.name(Unit::Current(now)))])),
            view.places.former[p].clone(),
            Some((
                s.fill("places.see_documents_of", &[("name", &t.name(Unit::Current(now)))]),
                base.link(&current_page(now)),
            )),
        ));
    }
    // Groups too long for their province's page get a paginated listing of their own.
    for (c, groups) in view.places.current.iter().enumerate() {
        for (u, ids) in groups {
            let own = matches!(u, Unit::Province(p) if has_own_page(*p));
            if ids.len() > view.config.page_size && !own {
                let heading = match u {
                    Unit::Current(_) => s.fill("places.documents_of_current", &[("name", &t.name(*u))]),
                    _ => s.fill("places.documents_of_former", &[("name", &t.name(*u))]),
                };
                out.push((
                    group_page(c, *u),
                    heading,
                    None,
                    ids.clone(),
                    Some((
                        s.fill("places.see_documents_of", &[("name", &t.name(Unit::Current(c)))]),
                        base.link(&current_page(c)),
                    )),
                ));
            }
        }
    }
    let taken: std::collections::HashSet<String> =
        t.current.iter().map(|p| slugify(&p.short)).chain(t.provinces.iter().map(|p| slugify(&p.short))).collect();
    for (slug, (name, ids)) in &view.places.others {
        if !taken.contains(slug) {
            out.push((
                Facet::Region.value(slug),
                s.fill("places.documents_of", &[("name", name)]),
                None,
                ids.clone(),
                None,
            ));
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
fn home_map(view: &View, ctx: &mut Context) {
    let counts: Vec<usize> = view.places.current.iter().map(|g| g.iter().map(|(_, ids)| ids.len()).sum()).collect();
    let base = &view.config.base_url;
    let (svg, rows) = super::map::documents(&counts, |c| base.link(&current_page(c)), view.strings);
    ctx.insert("province_map", &svg);
    ctx.insert("province_rows", &rows);
    ctx.insert("province_map_caption", view.strings.get("map.documents_caption"));
}

/// An indicator page's map and table: each province's latest figure for the indicator
/// and its status, from the plans of units now in that province and the reports
/// compared with them.
fn indicator_map(view: &View, key: &str, name: &str, ctx: &mut Context) {
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
                        status_label: view.strings.get(status.key()).to_string(),
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
    let (svg, rows) = super::map::indicator(name, &figures, |c| base.link(&current_page(c)), view.strings);
    ctx.insert("province_map", &svg);
    ctx.insert("province_rows", &rows);
    ctx.insert("province_map_caption", view.strings.get("map.indicator_caption"));
}
