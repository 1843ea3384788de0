//! Targets (chỉ tiêu): what a plan commits to, milestone by milestone.

use serde::{Deserialize, Serialize};

use super::quantity::Qualifier;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

/// A value in a given year: a baseline or a milestone.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
    /// How the source qualifies the value: "trên" (above), "phấn đấu" (aimed at) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<Qualifier>,
}

impl YearValue {
    pub fn new(year: i32, value: f64) -> Self {
        YearValue { year, value, qualifier: None }
    }
}

/// Chỉ tiêu: a numeric target a plan sets, with its milestone years.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: String,
    /// Key into indicators.yaml, to compare the same indicator across plans.
    #[serde(default)]
    pub indicator: Option<String>,
    pub label: String,
    pub unit: String,
    #[serde(default)]
    pub baseline: Option<YearValue>,
    #[serde(default)]
    pub milestones: Vec<YearValue>,
    #[serde(default)]
    pub direction: Direction,
    /// Đơn vị chủ trì: the body responsible.
    #[serde(default)]
    pub lead: Option<String>,
    /// The document's own sentence stating the target, verbatim.
    #[serde(default)]
    pub text: Option<String>,
    /// Where `text` was read, when not in the document's own `source` (a news article
    /// quoting the plan).
    #[serde(default)]
    pub source: Option<String>,
    /// What a reader should know about the figure: which source was followed where
    /// sources disagree, and why.
    #[serde(default)]
    pub note: Option<String>,
}
