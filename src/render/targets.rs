//! What templates see of targets and their progress: per-target views with charts,
//! status summaries for directive and home pages, and indicator pages comparing every
//! plan that sets one indicator.

use std::collections::BTreeMap;

use super::context::Context;
use serde::Serialize;

use crate::address;
use crate::model::quantity::{self, Qualifier, rounded, with_unit};
use crate::model::{Direction, DocId, Level, Target, YearValue};
use crate::progress::{Assessment, Observation, Status};
use crate::text::slugify;
use crate::theme::Strings;

use super::chart;
use super::view::{CountView, DocSummary, GroupView, LinkView, View};

#[derive(Serialize)]
pub struct ValueView {
    pub year: i32,
    /// "70%", "trên 90%", "80.000 đồng/người", "1,2 triệu người".
    pub value: String,
}

/// A figure as its source wrote it: its unit, and its qualifier ("trên 90%", "90% trở
/// lên", "gần 97%").
pub fn written(value: f64, qualifier: Option<Qualifier>, unit: &str) -> String {
    let text = with_unit(value, unit);
    match qualifier {
        Some(q) => q.write(&text),
        None => text,
    }
}

#[derive(Serialize)]
pub struct StatusView {
    pub slug: &'static str,
    pub label: String,
    /// The page explaining the rule.
    pub url: String,
}

/// A reported value, with where it comes from.
#[derive(Serialize)]
pub struct ObsView {
    pub year: i32,
    pub value: String,
    pub illustrative: bool,
    pub report: DocSummary,
    pub source: Option<String>,
    pub quote: Option<String>,
    /// Whose figure it is, when another area's ("Nam Định").
    pub region: Option<String>,
    /// The report's note on this figure (which source, where they disagree).
    pub note: Option<String>,
}

/// The same indicator in a document this one implements ("cả nước: 25%").
#[derive(Serialize)]
pub struct ParentTarget {
    pub doc: DocSummary,
    pub region: Option<String>,
    pub milestones: Vec<ValueView>,
}

#[derive(Serialize)]
pub struct TargetView {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub indicator: Option<LinkView>,
    pub text: Option<String>,
    pub baseline: Option<ValueView>,
    pub milestones: Vec<ValueView>,
    pub decrease: bool,
    pub lead: Option<String>,
    /// Where `text` was read, when not in the document's own source.
    pub source: Option<String>,
    /// The editor's note on the figures (which source was followed, and why).
    pub note: Option<String>,
    pub status: StatusView,
    /// For a milestone whose year ended unmet, by how much: "Mốc 2025: 70% — đạt 64%
    /// năm 2024, còn thiếu 6 điểm phần trăm".
    pub gap: Option<String>,
    pub latest: Option<ObsView>,
    pub observations: Vec<ObsView>,
    pub milestone: Option<ValueView>,
    pub expected_now: Option<String>,
    pub required_per_year: Option<String>,
    /// The milestone `required_per_year` leads to (the nearest one not yet past).
    pub required_by: Option<i32>,
    pub actual_per_year: Option<String>,
    pub bar_svg: String,
    pub timeline_svg: Option<String>,
    /// Other areas' figures for this target (regional reports on a national programme).
    pub elsewhere: Vec<ObsView>,
    pub parents: Vec<ParentTarget>,
}

#[derive(Serialize)]
pub struct LaggingTarget {
    pub doc: DocSummary,
    pub label: String,
    pub status: StatusView,
    pub latest: String,
    /// The latest value is an example, not a real figure.
    pub illustrative: bool,
}

#[derive(Serialize)]
pub struct LeadCounts {
    pub lead: String,
    pub counts: Vec<CountView>,
    pub total: usize,
}

#[derive(Serialize)]
pub struct SummaryView {
    pub total: usize,
    pub counts: Vec<CountView>,
    pub svg: String,
    /// Targets behind schedule or overdue.
    pub lagging: Vec<LaggingTarget>,
    pub by_lead: Vec<LeadCounts>,
    pub rule_url: String,
}

/// An indicator page: every target that measures it, side by side.
#[derive(Serialize)]
struct IndicatorRow {
    #[serde(skip)]
    goal_value: Option<f64>,
    #[serde(skip)]
    latest_value: Option<f64>,
    #[serde(skip)]
    status_value: Status,
    /// A national programme's own target and result (the country as a whole).
    national: bool,
    doc: DocSummary,
    region: Option<String>,
    target_label: String,
    goal: Option<ValueView>,
    latest: Option<ObsView>,
    /// Latest figure minus the goal: "−6 điểm phần trăm".
    gap: Option<String>,
    status: StatusView,
}

/// A national programme's target with its result, for the home page.
#[derive(Serialize)]
pub struct NationalResult {
    pub doc: DocSummary,
    pub label: String,
    /// The target on its document's page.
    pub target_url: String,
    pub goal: Option<ValueView>,
    pub latest: ObsView,
    pub status: StatusView,
}

/// A change per year, signed, in the unit's terms: "+4,5 điểm phần trăm", "−2 huyện".
fn signed(v: f64, unit: &str, strings: &Strings) -> String {
    let s = change(rounded(v.abs()), unit, strings);
    if v < 0.0 { format!("−{s}") } else { format!("+{s}") }
}

/// A change of a value in its unit: "6 điểm phần trăm" for shares (a change of a
/// percentage is not a percentage), "15 huyện" otherwise.
fn change(amount: f64, unit: &str, strings: &Strings) -> String {
    if quantity::is_share(unit) {
        strings.fill("target.points", &[("value", &quantity::format_value(amount))])
    } else {
        with_unit(amount, unit)
    }
}

/// "Mốc 2025: 70% — đạt 64% năm 2024, còn thiếu 6 điểm phần trăm": a passed milestone
/// not met, and by how much.
fn gap_text(t: &Target, a: &Assessment, s: &Strings) -> Option<String> {
    let (shortfall, m, l) = (a.shortfall?, a.milestone?, a.latest()?);
    let missing = change(rounded(shortfall), &t.unit, s);
    let how = if t.direction == Direction::Decrease {
        s.fill("target.above", &[("missing", &missing)])
    } else if rounded(shortfall) == 0.0 {
        s.get("target.not_passed").to_string()
    } else {
        s.fill("target.missing", &[("missing", &missing)])
    };
    Some(s.fill(
        "target.gap",
        &[
            ("year", &m.year),
            ("goal", &written(m.value, m.qualifier, &t.unit)),
            ("value", &written(l.value, l.qualifier, &t.unit)),
            ("latest_year", &l.year),
            ("how", &how),
        ],
    ))
}

impl View<'_> {
    fn status_view(&self, status: Status) -> StatusView {
        StatusView {
            slug: status.slug(),
            label: self.strings.get(status.key()).to_string(),
            url: self.config.base_url.link(&address::rule()),
        }
    }

    fn obs_view(&self, o: &Observation, unit: &str, region: Option<String>) -> ObsView {
        let report = &self.corpus.documents[o.report];
        ObsView {
            year: o.year,
            value: written(o.value, o.qualifier, unit),
            illustrative: o.illustrative,
            report: self.summary(o.report),
            source: report.source.clone(),
            quote: report.report.as_ref().and_then(|r| r.quote.clone()),
            region,
            note: o.note.clone(),
        }
    }

    /// The targets of a document, with their assessment and charts.
    pub fn target_views(&self, id: DocId) -> Vec<TargetView> {
        let doc = &self.corpus.documents[id];
        let base = &self.config.base_url;
        doc.targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let a = &self.progress.targets[id][i];
                let chart_id = format!("ct-{}", slugify(&t.id));
                let observations: Vec<ObsView> =
                    a.observations.iter().map(|o| self.obs_view(o, &t.unit, None)).collect();
                let milestones: Vec<(i32, f64)> = t.milestones.iter().map(|m| (m.year, m.value)).collect();
                let bar_svg = chart::target_bar(&chart::Bar {
                    id: &chart_id,
                    label: &t.label,
                    unit: &t.unit,
                    baseline: t.baseline.map(|b| (b.year, b.value)),
                    latest: a.latest().map(|l| (l.year, l.value)),
                    latest_text: a.latest().map(|l| written(l.value, l.qualifier, &t.unit)),
                    illustrative: a.latest().is_some_and(|l| l.illustrative),
                    expected_now: a.expected_now.filter(|_| a.start.is_some()).map(rounded),
                    milestones: &milestones,
                    status: a.status,
                    strings: self.strings,
                });
                let points = a.observations.len() + usize::from(t.baseline.is_some());
                let timeline_svg = (points >= 2).then(|| {
                    let mut plan: Vec<(i32, f64)> = a.start.map(|s| (s.year, s.value)).into_iter().collect();
                    let mut ahead = milestones.clone();
                    ahead.sort_by_key(|m| m.0);
                    plan.extend(ahead);
                    let mut obs: Vec<(i32, f64)> = t.baseline.map(|b| (b.year, b.value)).into_iter().collect();
                    obs.extend(a.observations.iter().map(|o| (o.year, o.value)));
                    chart::timeline(&chart::Timeline {
                        id: &chart_id,
                        label: &t.label,
                        unit: &t.unit,
                        plan,
                        observations: obs,
                        strings: self.strings,
                    })
                });
                let elsewhere = self.progress.elsewhere[id][i]
                    .iter()
                    .map(|e| self.obs_view(&e.observation, &t.unit, e.region.clone()))
                    .collect();
                TargetView {
                    id: t.id.clone(),
                    label: t.label.clone(),
                    unit: t.unit.clone(),
                    indicator: t
                        .indicator
                        .as_ref()
                        .map(|k| LinkView { name: self.indicator_name(k), url: base.link(&address::indicator(k)) }),
                    text: t.text.clone(),
                    baseline: t.baseline.map(|b| value_view(b, &t.unit)),
                    milestones: t.milestones.iter().map(|m| value_view(*m, &t.unit)).collect(),
                    decrease: t.direction == Direction::Decrease,
                    lead: t.lead.clone(),
                    source: t.source.clone(),
                    note: t.note.clone(),
                    status: self.status_view(a.status),
                    gap: gap_text(t, a, self.strings),
                    latest: a.latest().map(|o| self.obs_view(o, &t.unit, None)),
                    observations,
                    milestone: a.milestone.map(|m| value_view(m, &t.unit)),
                    expected_now: a.expected_now.filter(|_| a.start.is_some()).map(|v| with_unit(rounded(v), &t.unit)),
                    required_per_year: a.required_per_year.map(|v| signed(v, &t.unit, self.strings)),
                    required_by: a.required_per_year.and(a.line_to).map(|m| m.year),
                    actual_per_year: a.actual_per_year.map(|v| signed(v, &t.unit, self.strings)),
                    bar_svg,
                    timeline_svg,
                    elsewhere,
                    parents: self.parent_targets(id, t),
                }
            })
            .collect()
    }

    fn indicator_name(&self, key: &str) -> String {
        self.corpus.indicators.iter().find(|i| i.key == key).map_or_else(|| key.to_string(), |i| i.name.clone())
    }

    /// Targets for the same indicator in the documents `id` carries out, directly.
    fn parent_targets(&self, id: DocId, t: &Target) -> Vec<ParentTarget> {
        let Some(key) = &t.indicator else { return Vec::new() };
        self.links
            .implements
            .targets(id)
            .filter_map(|p| {
                let parent = &self.corpus.documents[p];
                let pt = parent.targets.iter().find(|pt| pt.indicator.as_ref() == Some(key))?;
                Some(ParentTarget {
                    doc: self.summary(p),
                    region: parent.region.clone(),
                    milestones: pt.milestones.iter().map(|m| value_view(*m, &pt.unit)).collect(),
                })
            })
            .collect()
    }

    /// How the targets of `docs` stand: counts by status, the lagging ones, and counts
    /// by responsible body.
    pub fn summary_of(&self, docs: &[DocId], chart_id: &str) -> Option<SummaryView> {
        let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
        let mut lagging = Vec::new();
        let mut by_lead: BTreeMap<String, BTreeMap<Status, usize>> = BTreeMap::new();
        for &d in docs {
            let doc = &self.corpus.documents[d];
            for (t, a) in doc.targets.iter().zip(&self.progress.targets[d]) {
                *counts.entry(a.status).or_default() += 1;
                if let Some(lead) = &t.lead {
                    *by_lead.entry(lead.clone()).or_default().entry(a.status).or_default() += 1;
                }
                if matches!(a.status, Status::Behind | Status::Overdue) && lagging.len() < 50 {
                    lagging.push(LaggingTarget {
                        doc: self.summary(d),
                        label: t.label.clone(),
                        status: self.status_view(a.status),
                        latest: latest_text(a, &t.unit, self.strings),
                        illustrative: a.latest().is_some_and(|l| l.illustrative),
                    });
                }
            }
        }
        let total: usize = counts.values().sum();
        if total == 0 {
            return None;
        }
        let ordered: Vec<(Status, usize)> =
            Status::ALL.iter().map(|s| (*s, counts.get(s).copied().unwrap_or(0))).collect();
        let count_views = |c: &BTreeMap<Status, usize>| {
            Status::ALL
                .iter()
                .map(|s| CountView {
                    slug: s.slug(),
                    label: self.strings.get(s.key()).to_string(),
                    count: c.get(s).copied().unwrap_or(0),
                })
                .collect::<Vec<_>>()
        };
        Some(SummaryView {
            total,
            svg: chart::status_counts(chart_id, self.strings.get("summary.chart"), &ordered, self.strings),
            counts: count_views(&counts),
            lagging,
            by_lead: by_lead
                .iter()
                .map(|(lead, c)| LeadCounts { lead: lead.clone(), counts: count_views(c), total: c.values().sum() })
                .collect(),
            rule_url: self.config.base_url.link(&address::rule()),
        })
    }

    /// The summary of the targets of every document carrying out `id`, for its page.
    pub fn summary_below(&self, id: DocId) -> Option<SummaryView> {
        let below = self.links.all_implementers(id);
        if below.is_empty() {
            return None;
        }
        self.summary_of(&below, &format!("sum-{}", self.corpus.documents[id].address.slug()))
    }

    /// Every indicator key that some target uses or indicators.yaml defines, sorted.
    pub fn indicator_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.corpus.indicators.iter().map(|i| i.key.clone()).collect();
        for d in &self.corpus.documents {
            keys.extend(d.targets.iter().filter_map(|t| t.indicator.clone()));
        }
        keys.sort();
        keys.dedup();
        keys
    }

    pub fn indicator(&self, key: &str) -> Context {
        let def = self.corpus.indicators.iter().find(|i| i.key == key);
        let name = self.indicator_name(key);
        let mut rows: Vec<IndicatorRow> = Vec::new();
        let mut unit = def.map(|d| d.unit.clone()).unwrap_or_default();
        for (id, doc) in self.corpus.documents.iter().enumerate() {
            for (i, t) in doc.targets.iter().enumerate() {
                if t.indicator.as_deref() != Some(key) {
                    continue;
                }
                if unit.is_empty() {
                    unit = t.unit.clone();
                }
                if t.unit != unit {
                    continue; // a count among shares: never mixed into one chart
                }
                let a = &self.progress.targets[id][i];
                let goal = a.milestone.or_else(|| t.milestones.last().copied());
                let national = doc.level == Some(Level::TrungUong) && doc.region.is_none();
                // A row of the plan's own figures, or of another area's (`elsewhere`),
                // which links to the report it comes from.
                let row = |latest: Option<&Observation>, elsewhere: Option<&Option<String>>, status: Status, label| {
                    let region = elsewhere.cloned().unwrap_or_else(|| doc.region.clone());
                    IndicatorRow {
                        goal_value: goal.map(|g| g.value),
                        latest_value: latest.map(|l| l.value),
                        status_value: status,
                        national: national && elsewhere.is_none(),
                        doc: self.summary(latest.filter(|_| elsewhere.is_some()).map_or(id, |l| l.report)),
                        region: region.clone(),
                        target_label: label,
                        goal: goal.map(|g| value_view(g, &t.unit)),
                        latest: latest.map(|o| self.obs_view(o, &t.unit, elsewhere.cloned().flatten())),
                        gap: match (latest, goal) {
                            (Some(l), Some(g)) => Some(signed(l.value - g.value, &t.unit, self.strings)),
                            _ => None,
                        },
                        status: self.status_view(status),
                    }
                };
                rows.push(row(a.latest(), None, a.status, t.label.clone()));
                for e in &self.progress.elsewhere[id][i] {
                    let label = self.strings.fill("target.compared_to", &[("name", &self.summaries[id].name)]);
                    rows.push(row(Some(&e.observation), Some(&e.region), e.status, label));
                }
            }
        }
        // The national programmes first, then every province and body by its latest
        // figure, highest first; those without a figure last.
        rows.sort_by(|a, b| {
            b.national.cmp(&a.national).then_with(|| {
                let (x, y) = (a.latest_value, b.latest_value);
                y.partial_cmp(&x).unwrap_or(std::cmp::Ordering::Equal)
            })
        });
        let chart_rows: Vec<chart::Row> = rows
            .iter()
            .map(|r| chart::Row {
                label: {
                    let who = if r.national {
                        self.strings.fill("target.nationwide", &[("name", &r.doc.name)])
                    } else {
                        r.region.clone().unwrap_or_else(|| r.doc.name.clone())
                    };
                    match r.latest.as_ref() {
                        Some(l) if l.illustrative => {
                            self.strings.fill("target.illustrative", &[("who", &who), ("year", &l.year)])
                        }
                        Some(l) => format!("{who} ({})", l.year),
                        None => who,
                    }
                },
                value_text: r.latest.as_ref().map(|l| l.value.clone()),
                value: r.latest_value,
                goal: r.goal_value,
                status: r.status_value,
            })
            .collect();
        let slug = slugify(key);
        let svg = (!chart_rows.is_empty())
            .then(|| chart::comparison(&format!("ind-{slug}"), &name, &unit, &chart_rows, self.strings));
        let mut ctx = self.context(&address::indicator(key), &name, def.map_or("", |d| d.definition.as_str()));
        ctx.insert("title", &name);
        ctx.insert("unit", &unit);
        ctx.insert("definition", &def.map(|d| d.definition.clone()));
        ctx.insert("rows", &rows);
        ctx.insert("svg", &svg);
        ctx.insert("rule_url", &self.config.base_url.link(&address::rule()));
        ctx.insert("data_url", &self.config.base_url.link(&address::indicator_data(key)));
        self.indicator_map(key, &name, &mut ctx);
        ctx
    }

    /// The national programmes' targets that have results, for the home page: what the
    /// country set itself and what it reached.
    pub fn national_results(&self) -> Vec<NationalResult> {
        let mut out = Vec::new();
        for (id, doc) in self.corpus.documents.iter().enumerate() {
            if doc.level != Some(Level::TrungUong) || doc.region.is_some() {
                continue;
            }
            for (t, a) in doc.targets.iter().zip(&self.progress.targets[id]) {
                let Some(latest) = a.latest() else { continue };
                out.push(NationalResult {
                    doc: self.summary(id),
                    label: t.label.clone(),
                    target_url: format!("{}#chi-tieu-{}", self.summaries[id].url, t.id),
                    goal: a.milestone.or_else(|| t.milestones.last().copied()).map(|g| value_view(g, &t.unit)),
                    latest: self.obs_view(latest, &t.unit, None),
                    status: self.status_view(a.status),
                });
            }
        }
        out
    }

    pub fn indicators_index(&self) -> Context {
        let groups: Vec<GroupView> = self
            .indicator_keys()
            .iter()
            .map(|k| GroupView {
                name: self.indicator_name(k),
                url: self.config.base_url.link(&address::indicator(k)),
                count: self
                    .corpus
                    .documents
                    .iter()
                    .flat_map(|d| &d.targets)
                    .filter(|t| t.indicator.as_ref() == Some(k))
                    .count(),
            })
            .collect();
        let mut ctx = self.context(&address::indicators(), self.strings.get("nav.indicators"), "");
        ctx.insert("title", self.strings.get("indicator.title"));
        ctx.insert("groups", &groups);
        ctx.insert("count_label", self.strings.get("indicator.count"));
        ctx
    }

    /// What a report's page shows of its figures.
    pub fn report_view(&self, id: DocId) -> Option<serde_json::Value> {
        let doc = &self.corpus.documents[id];
        let r = doc.report.as_ref()?;
        let values: Vec<serde_json::Value> = r
            .values
            .iter()
            .zip(&self.progress.report_targets[id])
            .map(|(v, matched)| {
                let plan = matched.map(|(p, _)| p);
                let target = matched.map(|(p, ti)| &self.corpus.documents[p].targets[ti]);
                let unit = target.map_or("", |t| t.unit.as_str());
                let value = written(v.value, v.qualifier, unit);
                serde_json::json!({
                    "id": v.target.value,
                    "label": target.map_or(v.target.value.clone(), |t| t.label.clone()),
                    "value": value,
                    "note": v.note,
                    "url": plan.map(|p| format!("{}#chi-tieu-{}", self.summaries[p].url, v.target.value)),
                })
            })
            .collect();
        Some(serde_json::json!({
            "year": r.year,
            "region": doc.region,
            "illustrative": r.illustrative,
            "quote": r.quote,
            "values": values,
        }))
    }
}

pub fn value_view(v: YearValue, unit: &str) -> ValueView {
    ValueView { year: v.year, value: written(v.value, v.qualifier, unit) }
}

fn latest_text(a: &Assessment, unit: &str, s: &Strings) -> String {
    a.latest().map_or_else(
        || s.get("site.no_data").to_string(),
        |l| s.fill("target.latest", &[("value", &with_unit(l.value, unit)), ("year", &l.year)]),
    )
}
