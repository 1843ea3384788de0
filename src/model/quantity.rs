//! Quantities: the one rule for shares ("%"), the words sources qualify figures with
//! ("trên 90%", "khoảng 50%") and what they mean when figures are compared, and the one
//! way numbers are written on the site, the Vietnamese way ("80.000", "75,9%",
//! "1,2 triệu").

use serde::{Deserialize, Serialize};

/// How a source qualifies a figure — a target ("trên 90%", "phấn đấu 100%") or an
/// achieved value ("gần 97%") — as written in Vietnamese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, schemars::JsonSchema)]
pub enum Qualifier {
    /// "trên": strictly above.
    #[serde(rename = "trên")]
    Above,
    /// "hơn": more than, strictly.
    #[serde(rename = "hơn")]
    MoreThan,
    /// "ít nhất": at least.
    #[serde(rename = "ít nhất")]
    AtLeast,
    /// "tối thiểu": at least.
    #[serde(rename = "tối thiểu")]
    Minimum,
    /// "trở lên", written after the value: "90% trở lên", at least.
    #[serde(rename = "trở lên")]
    OrMore,
    /// "khoảng": about.
    #[serde(rename = "khoảng")]
    About,
    /// "phấn đấu": the value aimed at; compared as "at least".
    #[serde(rename = "phấn đấu")]
    Aim,
    /// "gần": nearly, so a little below.
    #[serde(rename = "gần")]
    Nearly,
    /// "dưới": strictly below.
    #[serde(rename = "dưới")]
    Below,
    /// "không quá": at most.
    #[serde(rename = "không quá")]
    NotOver,
    /// "tối đa": at most.
    #[serde(rename = "tối đa")]
    AtMost,
}

impl Qualifier {
    pub const ALL: [Qualifier; 11] = [
        Qualifier::Above,
        Qualifier::MoreThan,
        Qualifier::AtLeast,
        Qualifier::Minimum,
        Qualifier::OrMore,
        Qualifier::About,
        Qualifier::Aim,
        Qualifier::Nearly,
        Qualifier::Below,
        Qualifier::NotOver,
        Qualifier::AtMost,
    ];

    /// The word as sources write it.
    pub fn word(self) -> &'static str {
        match self {
            Qualifier::Above => "trên",
            Qualifier::MoreThan => "hơn",
            Qualifier::AtLeast => "ít nhất",
            Qualifier::Minimum => "tối thiểu",
            Qualifier::OrMore => "trở lên",
            Qualifier::About => "khoảng",
            Qualifier::Aim => "phấn đấu",
            Qualifier::Nearly => "gần",
            Qualifier::Below => "dưới",
            Qualifier::NotOver => "không quá",
            Qualifier::AtMost => "tối đa",
        }
    }

    /// The qualifier a word names, in any case: "Trên" → Above.
    pub fn parse(word: &str) -> Option<Qualifier> {
        let word = word.trim().to_lowercase();
        Qualifier::ALL.into_iter().find(|q| q.word() == word)
    }

    /// Every word a qualifier may be written with, for messages.
    pub fn words() -> String {
        Qualifier::ALL.map(|q| format!("\"{}\"", q.word())).join(", ")
    }

    /// "trên 90%", "90% trở lên": the qualifier with an already written value.
    pub fn write(self, value: &str) -> String {
        match self {
            Qualifier::OrMore => format!("{value} {}", self.word()),
            _ => format!("{} {value}", self.word()),
        }
    }

    /// Whether a goal so qualified is met only by going beyond it ("trên", "hơn", "dưới").
    fn strict(self) -> bool {
        matches!(self, Qualifier::Above | Qualifier::MoreThan | Qualifier::Below)
    }

    /// Where an achieved value so qualified lies relative to its number: "trên 86" is a
    /// little above 86, "gần 97" a little below 97, "khoảng 50" at 50.
    fn lean(self) -> f64 {
        match self {
            Qualifier::Above | Qualifier::MoreThan | Qualifier::OrMore => 1.0,
            Qualifier::Nearly | Qualifier::Below => -1.0,
            _ => 0.0,
        }
    }
}

/// Whether an achieved `value` (as qualified by its source) meets a `goal` (as qualified
/// by the plan), for a target that should increase (`increase`) or decrease. An
/// unqualified or "at least" goal is met by reaching it; a strict goal ("trên 90%") only
/// by going beyond it. An achieved "trên 90%" goes beyond 90; "gần 97%" falls short of 97.
pub fn meets(
    increase: bool,
    value: f64,
    value_qualifier: Option<Qualifier>,
    goal: f64,
    goal_qualifier: Option<Qualifier>,
) -> bool {
    const EPS: f64 = 1e-9;
    // An achieved value known only to lie above (below) its number counts as a hair
    // above (below) it.
    let lean = value_qualifier.map_or(0.0, Qualifier::lean) * 1e-6;
    let value = value + lean;
    let strict = goal_qualifier.is_some_and(Qualifier::strict);
    match (increase, strict) {
        (true, false) => value >= goal - EPS,
        (true, true) => value > goal + EPS,
        (false, false) => value <= goal + EPS,
        (false, true) => value < goal - EPS,
    }
}

/// Whether a unit is a share, whose values lie between 0 and 100.
pub fn is_share(unit: &str) -> bool {
    unit.trim() == "%"
}

/// A number the Vietnamese way: "." between thousands, "," before decimals:
/// 80000 → "80.000", 75.9 → "75,9".
pub fn format_value(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let int = rounded.trunc().abs() as u64;
    let frac = ((rounded.abs() - int as f64) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match frac {
        0 => format!("{sign}{grouped}"),
        f if f % 10 == 0 => format!("{sign}{grouped},{}", f / 10),
        f => format!("{sign}{grouped},{f:02}"),
    }
}

/// A number with its unit: "75,9%", "80.000 đồng/người", "1,2 triệu người".
pub fn with_unit(value: f64, unit: &str) -> String {
    if is_share(unit) {
        format!("{}%", format_value(value))
    } else if value.abs() >= 1_000_000.0 && value.fract() == 0.0 {
        // A count of millions as people say it: "1,2 triệu người".
        format!("{} triệu {unit}", format_value(value / 1_000_000.0))
    } else {
        format!("{} {unit}", format_value(value))
    }
}

/// A value the site computed (a point on a line, a gap, a yearly change) rather than one a
/// source wrote: at most one decimal, as a person would write it ("65%", not "64,99%").
pub fn rounded(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_vietnamese_way() {
        assert_eq!(format_value(80000.0), "80.000");
        assert_eq!(format_value(75.9), "75,9");
        assert_eq!(format_value(70.0), "70");
        assert_eq!(format_value(1234567.25), "1.234.567,25");
        assert_eq!(format_value(0.05), "0,05");
        assert_eq!(with_unit(75.9, "%"), "75,9%");
        assert_eq!(with_unit(80000.0, "đồng/người"), "80.000 đồng/người");
        assert!(is_share(" % ") && !is_share("người"));
        assert_eq!(with_unit(1_200_000.0, "người"), "1,2 triệu người");
        assert_eq!(with_unit(rounded(64.987), "%"), "65%");
    }

    #[test]
    fn qualified_figures_compare_as_they_read() {
        use Qualifier::*;
        // "trên 90%" is met by 90.5, not by 90.
        assert!(!meets(true, 90.0, None, 90.0, Some(Above)));
        assert!(meets(true, 90.5, None, 90.0, Some(Above)));
        assert!(meets(true, 90.0, None, 90.0, Some(Aim)) && meets(true, 90.0, None, 90.0, None));
        // An achieved "trên 86%" beats 86; "gần 97%" misses 97.
        assert!(meets(true, 86.0, Some(Above), 86.0, Some(Above)));
        assert!(!meets(true, 97.0, Some(Nearly), 97.0, None));
        // Decreasing targets: "dưới 1%" is met by 0.9 only.
        assert!(!meets(false, 1.0, None, 1.0, Some(Below)) && meets(false, 0.9, None, 1.0, Some(Below)));
        assert_eq!(OrMore.write("90%"), "90% trở lên");
        assert_eq!(Above.write("90%"), "trên 90%");
    }
}
