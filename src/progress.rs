//! Progress: how far each target has come, as of the build's `as_of` date.
//!
//! Takes the [`Corpus`], its [`Links`] (which report is on which plan) and the date;
//! gives an [`Assessment`] per target and the diagnostics of reports that name a
//! target their plan lacks, give a share outside 0–100, or contradict another report.
//! The rule is written for citizens in docs/progress.md; keep the two in step.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::Diagnostics;
use crate::link::Links;
use crate::model::quantity::{self, Qualifier};
use crate::model::{Corpus, Direction, DocId, Target, YearValue};

/// Trạng thái: where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Đã đạt: the latest value meets the milestone being worked towards.
    Achieved,
    /// Đúng tiến độ: at or ahead of the straight line to the next milestone.
    OnTrack,
    /// Chậm tiến độ: behind that line.
    Behind,
    /// Quá hạn: the milestone's year has ended and it was not met.
    Overdue,
    /// Chưa có số liệu: no reported value.
    NoData,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Achieved, Status::OnTrack, Status::Behind, Status::Overdue, Status::NoData];
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Đã đạt",
            Status::OnTrack => "Đúng tiến độ",
            Status::Behind => "Chậm tiến độ",
            Status::Overdue => "Quá hạn",
            Status::NoData => "Chưa có số liệu",
        }
    }
    /// Its name in the interface's strings.
    pub fn key(self) -> &'static str {
        match self {
            Status::Achieved => "status.achieved",
            Status::OnTrack => "status.on_track",
            Status::Behind => "status.behind",
            Status::Overdue => "status.overdue",
            Status::NoData => "status.no_data",
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Status::Achieved => "da-dat",
            Status::OnTrack => "dung-tien-do",
            Status::Behind => "cham-tien-do",
            Status::Overdue => "qua-han",
            Status::NoData => "chua-co-so-lieu",
        }
    }
}

/// A reported value of a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub year: i32,
    pub value: f64,
    pub qualifier: Option<Qualifier>,
    /// The report's note on the figure.
    pub note: Option<String>,
    /// The report it comes from.
    pub report: DocId,
    pub illustrative: bool,
}

/// The assessment of one target, with every input so anyone can check it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub status: Status,
    /// The values reported for the document's own area, oldest first.
    pub observations: Vec<Observation>,
    /// Where the planned line starts: the baseline, else the first report.
    pub start: Option<YearValue>,
    /// The milestone judged against: a past one not met, else the line's.
    pub milestone: Option<YearValue>,
    /// Where the planned line runs to: the first milestone not yet past, else the last.
    pub line_to: Option<YearValue>,
    /// The value the line gives for the as-of date.
    pub expected_now: Option<f64>,
    /// The value the line gives for the year of the latest report (what it is judged by).
    pub expected_at_latest: Option<f64>,
    /// Change per year still needed to reach the milestone from the latest value.
    pub required_per_year: Option<f64>,
    /// Change per year from the start to the latest value.
    pub actual_per_year: Option<f64>,
    /// How far the latest value falls short of a milestone whose year has ended.
    pub shortfall: Option<f64>,
}

impl Assessment {
    pub fn latest(&self) -> Option<&Observation> {
        self.observations.last()
    }
}

/// Another area's figure for a target (a province reporting on a national
/// programme), judged against the target as if it were its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Elsewhere {
    pub observation: Observation,
    /// Whose figure it is: the report's region.
    pub region: Option<String>,
    pub status: Status,
}

/// The progress of every target of every document.
#[derive(Debug, Default)]
pub struct Progress {
    /// Per document, per target (in the document's order).
    pub targets: Vec<Vec<Assessment>>,
    /// Per document, per target: values that reports give for other areas, for
    /// comparison only.
    pub elsewhere: Vec<Vec<Vec<Elsewhere>>>,
    /// Per document, per value of its report (in the report's order): the document
    /// and the index of the target the value is for, when it names one.
    pub report_targets: Vec<Vec<Option<(DocId, usize)>>>,
}

impl Progress {
    /// Whether document `doc`'s targets stand as in `other` (of a corpus with the same
    /// documents), and its report's figures go to the same targets.
    pub fn same_for(&self, other: &Progress, doc: DocId) -> bool {
        self.targets[doc] == other.targets[doc]
            && self.elsewhere[doc] == other.elsewhere[doc]
            && self.report_targets[doc] == other.report_targets[doc]
    }

    /// The documents whose figures or targets document `doc`'s progress is made of: the
    /// reports of its figures (its own area's and others'), the plans its report's
    /// figures are for.
    pub fn sources(&self, doc: DocId) -> impl Iterator<Item = DocId> + '_ {
        let own = self.targets[doc].iter().flat_map(|a| a.observations.iter().map(|o| o.report));
        let elsewhere = self.elsewhere[doc].iter().flatten().map(|e| e.observation.report);
        own.chain(elsewhere).chain(self.report_targets[doc].iter().flatten().map(|&(plan, _)| plan))
    }
}

/// A value for year Y describes the state at the end of Y; "by 2025" means by the end
/// of 2025. Times are in fractional years.
fn end_of(year: i32) -> f64 {
    year as f64 + 1.0
}

fn time_of(date: Date) -> f64 {
    date.year() as f64 + (date.day_of_year() as f64 - 1.0) / date.days_in_year() as f64
}

/// Whether an observation meets a goal, each as its source qualifies it (see
/// [`quantity::meets`]: "trên 90%" is met only beyond 90).
fn meets(direction: Direction, value: &Observation, goal: &YearValue) -> bool {
    quantity::meets(direction == Direction::Increase, value.value, value.qualifier, goal.value, goal.qualifier)
}

/// Whether an observation is at or ahead of a point of the planned line.
fn on_line(direction: Direction, value: &Observation, expected: f64) -> bool {
    quantity::meets(direction == Direction::Increase, value.value, value.qualifier, expected, None)
}

/// Assesses one target from its own observations (any order).
pub fn assess_target(target: &Target, mut observations: Vec<Observation>, as_of: Date) -> Assessment {
    observations.sort_by_key(|o| o.year);
    let now = time_of(as_of);
    let mut milestones = target.milestones.clone();
    milestones.sort_by_key(|m| m.year);
    let start = target.baseline.or_else(|| observations.first().map(|o| YearValue::new(o.year, o.value)));
    let latest = observations.last().cloned();
    // A milestone "by 2023" has passed once 2023 has ended.
    let last_passed = milestones.iter().rev().find(|m| end_of(m.year) <= now).copied();
    let next = milestones.iter().find(|m| end_of(m.year) > now).copied();
    // The line runs to the nearest milestone not yet passed, else to the last one.
    let line_to = next.or(last_passed);
    // A passed milestone the latest value does not meet makes the target overdue until
    // the value catches up with it.
    let missed = match (&latest, &last_passed) {
        (Some(l), Some(p)) => !meets(target.direction, l, p),
        _ => false,
    };
    let milestone = if missed { last_passed } else { line_to };
    let line = |t: f64| -> Option<f64> {
        let (s, m) = (start?, line_to?);
        let (ts, tm) = (end_of(s.year), end_of(m.year));
        Some(if tm <= ts {
            m.value
        } else if t <= ts {
            s.value
        } else if t >= tm {
            m.value
        } else {
            s.value + (m.value - s.value) * (t - ts) / (tm - ts)
        })
    };
    // What should have been reached by now, by the milestone the status is judged by: a
    // missed milestone's own value, else the line's value today.
    let expected_now = if missed { milestone.map(|m| m.value) } else { line(now) };
    let expected_at_latest = latest.as_ref().and_then(|l| line(end_of(l.year)));
    let shortfall = match (&latest, milestone) {
        (Some(l), Some(m)) if missed => Some((m.value - l.value).abs()),
        _ => None,
    };
    let status = match (&latest, line_to) {
        (None, _) | (_, None) => Status::NoData,
        (Some(_), Some(_)) if missed => Status::Overdue,
        (Some(l), Some(m)) => {
            if meets(target.direction, l, &m) {
                Status::Achieved
            } else if target.baseline.is_none() && observations.len() == 1 {
                // A single value and no baseline: no line yet to fall behind.
                Status::OnTrack
            } else if expected_at_latest.is_some_and(|e| on_line(target.direction, l, e)) {
                Status::OnTrack
            } else {
                Status::Behind
            }
        }
    };
    let required_per_year = match (&latest, line_to) {
        (Some(l), Some(m)) if status != Status::Achieved => Some((m.value - l.value) / (m.year - l.year).max(1) as f64),
        _ => None,
    };
    let actual_per_year = match (&latest, start) {
        (Some(l), Some(s)) if l.year > s.year => Some((l.value - s.value) / (l.year - s.year) as f64),
        _ => None,
    };
    Assessment {
        status,
        observations,
        start,
        milestone,
        line_to,
        expected_now,
        expected_at_latest,
        required_per_year,
        actual_per_year,
        shortfall,
    }
}

/// Assesses every target, checking every report on the way.
pub fn assess(corpus: &Corpus, links: &Links, as_of: Date) -> (Progress, Diagnostics) {
    let docs = &corpus.documents;
    let mut diags = Diagnostics::new();
    let mut own: Vec<Vec<Vec<Observation>>> = docs.iter().map(|d| vec![Vec::new(); d.targets.len()]).collect();
    let mut elsewhere: Vec<Vec<Vec<(Observation, Option<String>)>>> =
        docs.iter().map(|d| vec![Vec::new(); d.targets.len()]).collect();
    let mut report_targets: Vec<Vec<Option<(DocId, usize)>>> =
        docs.iter().map(|d| vec![None; d.report.as_ref().map_or(0, |r| r.values.len())]).collect();
    // (plan, target, year, region) → (value, report) for contradiction checks.
    let mut seen: BTreeMap<(DocId, usize, i32, Option<String>), (f64, DocId)> = BTreeMap::new();
    for (rid, report_doc) in docs.iter().enumerate() {
        let Some(report) = &report_doc.report else { continue };
        let Some(plan_id) = links.reports_on.targets(rid).next() else { continue };
        let plan = &docs[plan_id];
        // A figure of 2020 measures a programme that was running in 2020, never one
        // issued later.
        if let Some(issued) = plan.year().filter(|&y| i32::from(y) > report.year) {
            diags.push(
                report_doc
                    .diagnostic_at(
                        &report.reports_on,
                        false,
                        t!(
                            "progress.report_before_plan",
                            year = report.year,
                            plan = plan.short_name(),
                            issued = issued
                        ),
                    )
                    .with_help(t!("progress.report_before_plan.help")),
            );
        }
        for (vi, v) in report.values.iter().enumerate() {
            let Some(ti) = plan.targets.iter().position(|t| t.id == v.target.value) else {
                let ids: Vec<&str> = plan.targets.iter().map(|t| t.id.as_str()).collect();
                let help = if ids.is_empty() {
                    t!("progress.no_targets.help", path = plan.path).into_owned()
                } else {
                    t!("progress.targets_are.help", ids = ids.join(", ")).into_owned()
                };
                diags.push(
                    report_doc
                        .diagnostic_at(
                            &v.target,
                            true,
                            t!("progress.no_target", plan = plan.short_name(), id = v.target.value),
                        )
                        .with_help(help),
                );
                continue;
            };
            report_targets[rid][vi] = Some((plan_id, ti));
            let target = &plan.targets[ti];
            if crate::model::quantity::is_share(&target.unit) && !(0.0..=100.0).contains(&v.value) {
                diags.push(report_doc.diagnostic_at(&v.target, true, t!("progress.not_a_share", value = v.value)));
                continue;
            }
            // A report without a region is about the plan's own area.
            let own_area = report_doc.region.is_none() || report_doc.region == plan.region;
            let area = if own_area { None } else { report_doc.region.clone() };
            let key = (plan_id, ti, report.year, area);
            if let Some(&(other_value, other)) = seen.get(&key) {
                if other_value != v.value {
                    diags.push(
                        report_doc
                            .diagnostic_at(
                                &v.target,
                                true,
                                t!(
                                    "progress.contradiction",
                                    id = v.target.value,
                                    year = report.year,
                                    value = v.value,
                                    other = other_value,
                                    other_file = format!("content/{}", docs[other].path)
                                ),
                            )
                            .with_help(t!("progress.contradiction.help")),
                    );
                }
                continue;
            }
            seen.insert(key, (v.value, rid));
            let obs = Observation {
                year: report.year,
                value: v.value,
                qualifier: v.qualifier,
                note: v.note.clone(),
                report: rid,
                illustrative: report.illustrative,
            };
            if own_area {
                own[plan_id][ti].push(obs);
            } else {
                elsewhere[plan_id][ti].push((obs, report_doc.region.clone()));
            }
        }
    }
    let targets = docs
        .iter()
        .zip(own)
        .map(|(d, per_target)| d.targets.iter().zip(per_target).map(|(t, obs)| assess_target(t, obs, as_of)).collect())
        .collect();
    let elsewhere = docs
        .iter()
        .zip(elsewhere)
        .map(|(d, per_target)| {
            d.targets
                .iter()
                .zip(per_target)
                .map(|(t, figures)| {
                    figures
                        .into_iter()
                        .map(|(o, region)| Elsewhere {
                            status: assess_target(t, vec![o.clone()], as_of).status,
                            observation: o,
                            region,
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (Progress { targets, elsewhere, report_targets }, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn target(baseline: Option<(i32, f64)>, milestones: &[(i32, f64)], direction: Direction) -> Target {
        Target {
            id: "t".into(),
            indicator: None,
            label: "t".into(),
            unit: "%".into(),
            baseline: baseline.map(|(year, value)| YearValue::new(year, value)),
            milestones: milestones.iter().map(|&(year, value)| YearValue::new(year, value)).collect(),
            direction,
            lead: None,
            text: None,
            source: None,
            note: None,
        }
    }

    fn obs(points: &[(i32, f64)]) -> Vec<Observation> {
        points
            .iter()
            .map(|&(year, value)| Observation {
                year,
                value,
                qualifier: None,
                note: None,
                report: 0,
                illustrative: false,
            })
            .collect()
    }

    const UP: Direction = Direction::Increase;

    #[test]
    fn no_reports_is_no_data() {
        let t = target(Some((2021, 50.0)), &[(2025, 70.0)], UP);
        let a = assess_target(&t, vec![], date(2023, 6, 1));
        assert_eq!(a.status, Status::NoData);
        assert_eq!(a.expected_now, Some(50.0 + 20.0 * (2023.0 + 151.0 / 365.0 - 2022.0) / 4.0));
    }

    #[test]
    fn on_track_and_behind_against_the_line() {
        // Line from 50 (end 2021) to 70 (end 2025): 5 a year; end of 2023 expects 60.
        let t = target(Some((2021, 50.0)), &[(2025, 70.0)], UP);
        let on = assess_target(&t, obs(&[(2023, 61.0)]), date(2024, 3, 1));
        assert_eq!(on.status, Status::OnTrack);
        assert_eq!(on.expected_at_latest, Some(60.0));
        assert_eq!(on.required_per_year, Some(4.5));
        assert_eq!(on.actual_per_year, Some(5.5));
        let behind = assess_target(&t, obs(&[(2023, 58.0)]), date(2024, 3, 1));
        assert_eq!(behind.status, Status::Behind);
    }

    #[test]
    fn achieved_and_overdue() {
        let t = target(Some((2021, 50.0)), &[(2025, 70.0)], UP);
        assert_eq!(assess_target(&t, obs(&[(2024, 71.0)]), date(2025, 3, 1)).status, Status::Achieved);
        // 2025 has ended and the last report is short of 70.
        let late = assess_target(&t, obs(&[(2025, 66.0)]), date(2026, 2, 1));
        assert_eq!(late.status, Status::Overdue);
    }

    #[test]
    fn reports_after_the_last_milestone() {
        let t = target(Some((2021, 50.0)), &[(2025, 70.0)], UP);
        let a = assess_target(&t, obs(&[(2024, 65.0), (2027, 72.0)]), date(2028, 1, 1));
        assert_eq!(a.status, Status::Achieved);
        assert_eq!(a.milestone, Some(YearValue::new(2025, 70.0)));
        let b = assess_target(&t, obs(&[(2027, 68.0)]), date(2028, 1, 1));
        assert_eq!(b.status, Status::Overdue);
    }

    #[test]
    fn decreasing_targets() {
        // Drop-out rate from 10% to 4% by 2025.
        let t = target(Some((2021, 10.0)), &[(2025, 4.0)], Direction::Decrease);
        assert_eq!(assess_target(&t, obs(&[(2023, 6.5)]), date(2024, 1, 1)).status, Status::OnTrack);
        assert_eq!(assess_target(&t, obs(&[(2023, 8.0)]), date(2024, 1, 1)).status, Status::Behind);
        assert_eq!(assess_target(&t, obs(&[(2024, 3.9)]), date(2025, 1, 1)).status, Status::Achieved);
        assert_eq!(assess_target(&t, obs(&[(2025, 4.5)]), date(2026, 6, 1)).status, Status::Overdue);
    }

    #[test]
    fn no_baseline_starts_at_the_first_report() {
        let t = target(None, &[(2025, 80.0)], UP);
        let single = assess_target(&t, obs(&[(2022, 60.0)]), date(2023, 1, 1));
        assert_eq!(single.status, Status::OnTrack, "one value, no baseline: no line to fall behind yet");
        assert_eq!(single.start, Some(YearValue::new(2022, 60.0)));
        // Line 60 (end 2022) → 80 (end 2025): end of 2024 expects 73.3.
        let two = assess_target(&t, obs(&[(2022, 60.0), (2024, 70.0)]), date(2025, 1, 1));
        assert_eq!(two.status, Status::Behind);
        assert_eq!(two.actual_per_year, Some(5.0));
    }

    #[test]
    fn a_missed_milestone_stays_overdue_until_caught_up() {
        let t = target(Some((2021, 50.0)), &[(2025, 70.0), (2030, 80.0)], UP);
        let missed = assess_target(&t, obs(&[(2024, 64.0)]), date(2026, 11, 1));
        assert_eq!(missed.status, Status::Overdue);
        assert_eq!(missed.milestone, Some(YearValue::new(2025, 70.0)));
        // The line still runs to the next milestone: 50 (end 2021) → 80 (end 2030).
        assert_eq!(missed.line_to, Some(YearValue::new(2030, 80.0)));
        // On the first day after its year, a missed milestone is overdue.
        let t1 = target(Some((2021, 50.0)), &[(2023, 65.0)], UP);
        assert_eq!(assess_target(&t1, obs(&[(2022, 58.0)]), date(2024, 1, 1)).status, Status::Overdue);
        // A report in the baseline year below the baseline is behind.
        assert_eq!(assess_target(&t1, obs(&[(2021, 48.0)]), date(2022, 6, 1)).status, Status::Behind);
        let caught_up = assess_target(&t, obs(&[(2024, 64.0), (2026, 71.0)]), date(2027, 3, 1));
        assert_eq!(caught_up.milestone, Some(YearValue::new(2030, 80.0)));
    }

    #[test]
    fn the_next_milestone_is_judged() {
        let t = target(Some((2021, 50.0)), &[(2025, 70.0), (2030, 80.0)], UP);
        // In 2027 the 2030 milestone is the one worked towards.
        let a = assess_target(&t, obs(&[(2026, 72.0)]), date(2027, 6, 1));
        assert_eq!(a.milestone, Some(YearValue::new(2030, 80.0)));
        assert_eq!(a.status, Status::OnTrack);
        let single_milestone = target(None, &[(2025, 70.0)], UP);
        assert_eq!(assess_target(&single_milestone, obs(&[(2025, 70.0)]), date(2026, 1, 1)).status, Status::Achieved);
    }
}
