//! What templates see of targets and their progress: per-target views with charts,
//! status summaries for directive and home pages, and indicator pages comparing every
//! plan that sets one indicator.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::address;
use crate::model::quantity::with_unit;
use crate::model::{Direction, DocId, Target, YearValue};
use crate::progress::{Assessment, Observation, Status};
use crate::text::slugify;

use super::chart;
use super::view::{DocSummary, GroupView, LinkView, View};

#[derive(Serialize)]
pub struct ValueView {
    pub year: i32,
    /// "70%", "80.000 đồng/người".
    pub value: String,
}

#[derive(Serialize)]
pub struct StatusView {
    pub slug: &'static str,
    pub label: &'static str,
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
    pub status: StatusView,
    pub latest: Option<ObsView>,
    pub observations: Vec<ObsView>,
    pub milestone: Option<ValueView>,
    pub expected_now: Option<String>,
    pub required_per_year: Option<String>,
    pub actual_per_year: Option<String>,
    pub bar_svg: String,
    pub timeline_svg: Option<String>,
    /// Other areas' figures for this target (regional reports on a national programme).
    pub elsewhere: Vec<ObsView>,
    pub parents: Vec<ParentTarget>,
}

#[derive(Serialize)]
pub struct CountView {
    pub slug: &'static str,
    pub label: &'static str,
    pub count: usize,
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
    status_value: Status,
    doc: DocSummary,
    region: Option<String>,
    target_label: String,
    goal: Option<ValueView>,
    latest: Option<ObsView>,
    status: StatusView,
}

fn signed(v: f64, unit: &str) -> String {
    let s = with_unit(v.abs(), unit);
    if v < 0.0 { format!("−{s}") } else { format!("+{s}") }
}

impl View<'_> {
    fn status_view(&self, status: Status) -> StatusView {
        StatusView { slug: status.slug(), label: status.label(), url: self.config.base_url.link(&address::rule()) }
    }

    fn obs_view(&self, o: &Observation, unit: &str, region: Option<String>) -> ObsView {
        let report = &self.corpus.documents[o.report];
        let mut value = with_unit(o.value, unit);
        if let Some(q) = &o.qualifier {
            value = format!("{q} {value}");
        }
        ObsView {
            year: o.year,
            value,
            illustrative: o.illustrative,
            report: self.summary(o.report),
            source: report.source.clone(),
            quote: report.report.as_ref().and_then(|r| r.quote.clone()),
            region,
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
                    latest_text: a.latest().map(|l| match &l.qualifier {
                        Some(q) => format!("{q} {}", with_unit(l.value, &t.unit)),
                        None => with_unit(l.value, &t.unit),
                    }),
                    illustrative: a.latest().is_some_and(|l| l.illustrative),
                    expected_now: a.expected_now.filter(|_| a.start.is_some()),
                    milestones: &milestones,
                    status: a.status,
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
                    status: self.status_view(a.status),
                    latest: a.latest().map(|o| self.obs_view(o, &t.unit, None)),
                    observations,
                    milestone: a.milestone.map(|m| value_view(m, &t.unit)),
                    expected_now: a.expected_now.filter(|_| a.start.is_some()).map(|v| with_unit(v, &t.unit)),
                    required_per_year: a.required_per_year.map(|v| signed(v, &t.unit)),
                    actual_per_year: a.actual_per_year.map(|v| signed(v, &t.unit)),
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
                        latest: latest_text(a, &t.unit),
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
                .map(|s| CountView { slug: s.slug(), label: s.label(), count: c.get(s).copied().unwrap_or(0) })
                .collect::<Vec<_>>()
        };
        Some(SummaryView {
            total,
            svg: chart::status_counts(chart_id, "Tình hình thực hiện các chỉ tiêu", &ordered),
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
        let mut rows: Vec<(Option<f64>, IndicatorRow)> = Vec::new();
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
                rows.push((
                    a.latest().map(|l| l.value),
                    IndicatorRow {
                        goal_value: goal.map(|g| g.value),
                        status_value: a.status,
                        doc: self.summary(id),
                        region: doc.region.clone(),
                        target_label: t.label.clone(),
                        goal: goal.map(|g| value_view(g, &t.unit)),
                        latest: a.latest().map(|o| self.obs_view(o, &t.unit, None)),
                        status: self.status_view(a.status),
                    },
                ));
                for e in &self.progress.elsewhere[id][i] {
                    let (o, region, status) = (&e.observation, &e.region, e.status);
                    rows.push((
                        Some(o.value),
                        IndicatorRow {
                            goal_value: goal.map(|g| g.value),
                            status_value: status,
                            doc: self.summary(o.report),
                            region: region.clone(),
                            target_label: format!("so với chỉ tiêu của {}", doc.short_name()),
                            goal: goal.map(|g| value_view(g, &t.unit)),
                            latest: Some(self.obs_view(o, &t.unit, region.clone())),
                            status: self.status_view(status),
                        },
                    ));
                }
            }
        }
        rows.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        let chart_rows: Vec<chart::Row> = rows
            .iter()
            .map(|(v, r)| chart::Row {
                label: {
                    let who = r.region.clone().unwrap_or_else(|| r.doc.name.clone());
                    match r.latest.as_ref() {
                        Some(l) if l.illustrative => format!("{who} ({}, số liệu minh họa)", l.year),
                        Some(l) => format!("{who} ({})", l.year),
                        None => who,
                    }
                },
                value_text: r.latest.as_ref().map(|l| l.value.clone()),
                value: *v,
                goal: r.goal_value,
                status: r.status_value,
            })
            .collect();
        let slug = slugify(key);
        let svg =
            (!chart_rows.is_empty()).then(|| chart::comparison(&format!("ind-{slug}"), &name, &unit, &chart_rows));
        let mut ctx = self.context(&address::indicator(key), &name, def.map_or("", |d| d.definition.as_str()));
        ctx.insert("title", &name);
        ctx.insert("unit", &unit);
        ctx.insert("definition", &def.map(|d| d.definition.clone()));
        ctx.insert("rows", &rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>());
        ctx.insert("svg", &svg);
        ctx.insert("rule_url", &self.config.base_url.link(&address::rule()));
        ctx
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
        let mut ctx = self.context(&address::indicators(), "Chỉ tiêu", "");
        ctx.insert("title", "Chỉ tiêu dùng chung");
        ctx.insert("groups", &groups);
        ctx.insert("count_label", "kế hoạch đặt chỉ tiêu này");
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
                let mut value = with_unit(v.value, unit);
                if let Some(q) = &v.qualifier {
                    value = format!("{q} {value}");
                }
                serde_json::json!({
                    "id": v.target.value,
                    "label": target.map_or(v.target.value.clone(), |t| t.label.clone()),
                    "value": value,
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
    ValueView { year: v.year, value: with_unit(v.value, unit) }
}

fn latest_text(a: &Assessment, unit: &str) -> String {
    a.latest().map_or_else(|| "chưa có số liệu".into(), |l| format!("{} ({})", with_unit(l.value, unit), l.year))
}
