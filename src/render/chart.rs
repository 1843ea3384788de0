//! Charts as inline SVG, drawn on the server so that they show without JavaScript and
//! print crisply. Every chart has role="img", a <title> and a <desc> that say its
//! numbers in words, and the page shows the same numbers in a table beside it. Status
//! is told by a text label and a fill pattern as well as by colour (Okabe–Ito palette,
//! readable with colour blindness); colours come from the stylesheet's classes.

use std::fmt::Write;

use crate::progress::Status;
use crate::theme::Strings;

use super::escape::escape;
use crate::model::quantity::{format_value, is_share, with_unit};

/// Text is 24 units high (see style.css): charts are 600 units wide and shown at least
/// 313 px wide on a 360 px phone, so it reads at 12.5 px or more. About this many units
/// per character, to keep labels inside the chart.
const CHAR_W: f64 = 15.0;

/// `text` in lines of at most `width` units, broken between words.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let max = (width / CHAR_W).floor().max(8.0) as usize;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The top of a value axis: 100 for shares, else a round number above the largest value.
fn axis_max(unit: &str, values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0_f64, f64::max);
    if is_share(unit) && max <= 100.0 {
        return 100.0;
    }
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let steps = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
    steps.iter().map(|s| s * magnitude).find(|&v| v >= max * 1.05).unwrap_or(max * 1.1)
}

/// Fill patterns, so that status does not rest on colour alone.
fn pattern_defs(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}-behind\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"fill-cham-tien-do\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/></pattern>\
<pattern id=\"{id}-overdue\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"fill-qua-han\"/><path d=\"M0 0L6 6M6 0L0 6\" class=\"hatch\"/></pattern></defs>"
    )
}

/// The ` fill="url(#…)"` attribute that patterns a behind or overdue bar (others are
/// coloured by their class alone).
fn status_fill(id: &str, status: Status) -> String {
    match status {
        Status::Behind => format!(" fill=\"url(#{id}-behind)\""),
        Status::Overdue => format!(" fill=\"url(#{id}-overdue)\""),
        _ => String::new(),
    }
}

/// What the bar of one target shows.
pub struct Bar<'a> {
    /// Unique on the page, for pattern ids.
    pub id: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    pub baseline: Option<(i32, f64)>,
    pub latest: Option<(i32, f64)>,
    /// How the latest value is written, qualifier and all: "trên 81,2%".
    pub latest_text: Option<String>,
    /// The latest value is an example, not a real figure.
    pub illustrative: bool,
    pub expected_now: Option<f64>,
    pub milestones: &'a [(i32, f64)],
    pub status: Status,
    /// The words of its description.
    pub strings: &'a Strings,
}

/// A bar from zero to the latest value, with the baseline, the value expected now and
/// each milestone marked and labelled.
pub fn target_bar(b: &Bar) -> String {
    const W: f64 = 600.0;
    const L: f64 = 10.0;
    const R: f64 = 590.0;
    let values = b
        .milestones
        .iter()
        .map(|m| m.1)
        .chain(b.latest.map(|l| l.1))
        .chain(b.baseline.map(|x| x.1))
        .chain(b.expected_now);
    let max = axis_max(b.unit, values);
    let x = |v: f64| L + (R - L) * (v / max).clamp(0.0, 1.0);
    let st = b.strings;
    let mut said: Vec<String> = Vec::new();
    match b.latest {
        Some((y, v)) => {
            let text = b.latest_text.clone().unwrap_or_else(|| with_unit(v, b.unit));
            let key = if b.illustrative { "chart.latest_illustrative" } else { "chart.latest" };
            said.push(st.fill(key, &[("value", &text), ("year", &y)]));
        }
        None => said.push(st.get("chart.no_data").to_string()),
    }
    if let Some((y, v)) = b.baseline {
        said.push(st.fill("chart.baseline", &[("value", &with_unit(v, b.unit)), ("year", &y)]));
    }
    if let Some(e) = b.expected_now {
        said.push(st.fill("chart.expected", &[("value", &with_unit(e, b.unit))]));
    }
    for (y, v) in b.milestones {
        said.push(st.fill("chart.milestone", &[("value", &with_unit(*v, b.unit)), ("year", y)]));
    }
    said.push(st.fill("chart.status", &[("status", &st.get(b.status.key()))]));
    let desc = said.join(" ");
    let mut s = format!(
        "<svg class=\"chart chart-bar\" viewBox=\"0 0 {W} 132\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        escape(b.label),
        escape(&desc),
        pattern_defs(b.id),
        id = b.id
    );
    write!(s, "<rect class=\"track\" x=\"{L}\" y=\"60\" width=\"{}\" height=\"30\" rx=\"3\"/>", R - L).unwrap();
    if let Some((_, v)) = b.latest {
        let style = status_fill(b.id, b.status);
        write!(
            s,
            "<rect class=\"value fill-{}\"{style} x=\"{L}\" y=\"60\" width=\"{:.1}\" height=\"30\" rx=\"3\"/>",
            b.status.slug(),
            x(v) - L
        )
        .unwrap();
        let label = b.latest_text.clone().unwrap_or_else(|| with_unit(v, b.unit));
        // The value is written inside a long bar (dark on a white halo), after a short one.
        let inside = x(v) > 24.0 + CHAR_W * label.chars().count() as f64;
        let (tx, anchor) = if inside { (x(v) - 6.0, "end") } else { (x(v) + 6.0, "start") };
        let class = if inside { "label on-bar" } else { "label" };
        write!(s, "<text class=\"{class}\" x=\"{tx:.1}\" y=\"83\" text-anchor=\"{anchor}\">{}</text>", escape(&label))
            .unwrap();
    }
    if let Some((_, v)) = b.baseline {
        write!(s, "<path class=\"baseline\" d=\"M{0:.1} 92l-6 9h12z\"/>", x(v)).unwrap();
    }
    // Milestones of equal value share one mark: "2025, 2030: 100%".
    let mut marks: Vec<(String, f64)> = Vec::new();
    for (y, v) in b.milestones {
        match marks.iter_mut().find(|m| m.1 == *v) {
            Some(m) => m.0.push_str(&format!(", {y}")),
            None => marks.push((y.to_string(), *v)),
        }
    }
    for (i, (y, v)) in marks.iter().enumerate() {
        let mx = x(*v);
        let half = CHAR_W * (y.chars().count() + 2 + with_unit(*v, b.unit).chars().count()) as f64 / 2.0;
        let anchor = if mx > R - half {
            "end"
        } else if mx < L + half {
            "start"
        } else {
            "middle"
        };
        // Neighbouring labels alternate between two rows above the track.
        let ly = if i % 2 == 0 { 50 } else { 22 };
        write!(
            s,
            "<line class=\"milestone\" x1=\"{mx:.1}\" y1=\"{}\" x2=\"{mx:.1}\" y2=\"96\"/><text class=\"label\" x=\"{mx:.1}\" y=\"{ly}\" text-anchor=\"{anchor}\">{y}: {}</text>",
            ly + 4,
            escape(&with_unit(*v, b.unit))
        )
        .unwrap();
    }
    if let Some(e) = b.expected_now {
        let ex = x(e);
        let half = CHAR_W * (18 + with_unit(e, b.unit).chars().count()) as f64 / 2.0;
        let anchor = if ex > R - half {
            "end"
        } else if ex < L + half {
            "start"
        } else {
            "middle"
        };
        write!(
            s,
            "<line class=\"expected\" x1=\"{ex:.1}\" y1=\"56\" x2=\"{ex:.1}\" y2=\"104\"/><text class=\"label muted\" x=\"{ex:.1}\" y=\"126\" text-anchor=\"{anchor}\">{}</text>",
            escape(&b.strings.fill("chart.expected_label", &[("value", &with_unit(e, b.unit))]))
        )
        .unwrap();
    }
    s.push_str("</svg>");
    s
}

/// A timeline of reported values with the milestones and the planned line.
pub struct Timeline<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub unit: &'a str,
    /// The planned line: start, then each milestone.
    pub plan: Vec<(i32, f64)>,
    pub observations: Vec<(i32, f64)>,
    pub strings: &'a Strings,
}

pub fn timeline(t: &Timeline) -> String {
    const W: f64 = 600.0;
    const H: f64 = 300.0;
    let (l, r, top, bottom) = (84.0, 570.0, 34.0, 256.0);
    let years = t.plan.iter().chain(&t.observations).map(|p| p.0);
    let (y0, y1) =
        (years.clone().min().unwrap_or(2020), years.max().unwrap_or(2021).max(t.plan.first().map_or(0, |p| p.0) + 1));
    let max = axis_max(t.unit, t.plan.iter().chain(&t.observations).map(|p| p.1));
    let x = |year: i32| l + (r - l) * (year - y0) as f64 / (y1 - y0).max(1) as f64;
    let y = |v: f64| bottom - (bottom - top) * (v / max).clamp(0.0, 1.0);
    let list = |points: &[(i32, f64)]| {
        points
            .iter()
            .map(|(yr, v)| t.strings.fill("chart.year_value", &[("year", yr), ("value", &with_unit(*v, t.unit))]))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let desc = format!(
        "{} {}.",
        t.strings.fill("chart.figures", &[("list", &list(&t.observations))]),
        t.strings.fill("chart.plan", &[("list", &list(&t.plan))])
    );
    let mut s = format!(
        "<svg class=\"chart chart-timeline\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-tt {id}-td\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-tt\">{}</title><desc id=\"{id}-td\">{}</desc>",
        escape(&t.strings.fill("chart.timeline", &[("label", &t.label)])),
        escape(&desc),
        id = t.id
    );
    for i in 0..=4 {
        let v = max * i as f64 / 4.0;
        write!(
            s,
            "<line class=\"grid\" x1=\"{l}\" y1=\"{0:.1}\" x2=\"{r}\" y2=\"{0:.1}\"/><text class=\"label muted\" x=\"{1}\" y=\"{2:.1}\" text-anchor=\"end\">{3}</text>",
            y(v),
            l - 8.0,
            y(v) + 8.0,
            escape(&format_value(v))
        )
        .unwrap();
    }
    let step = ((y1 - y0) as f64 / 6.0).ceil().max(1.0) as i32;
    for yr in (y0..=y1).step_by(step.max(1) as usize) {
        write!(
            s,
            "<text class=\"label muted\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{yr}</text>",
            x(yr),
            bottom + 32.0
        )
        .unwrap();
    }
    let points = |pts: &[(i32, f64)]| {
        pts.iter().map(|(a, b)| format!("{:.1},{:.1}", x(*a), y(*b))).collect::<Vec<_>>().join(" ")
    };
    if t.plan.len() >= 2 {
        write!(s, "<polyline class=\"plan\" points=\"{}\"/>", points(&t.plan)).unwrap();
    }
    // Milestones are marked, not labelled: the bar chart and the table beside say them,
    // and fewer labels stay large on a phone.
    for (yr, v) in t.plan.iter().skip(1) {
        write!(s, "<path class=\"milestone-mark\" d=\"M{0:.1} {1:.1}l8 8l-8 8l-8 -8z\"/>", x(*yr), y(*v) - 8.0)
            .unwrap();
    }
    if t.observations.len() >= 2 {
        write!(s, "<polyline class=\"observed\" points=\"{}\"/>", points(&t.observations)).unwrap();
    }
    for (yr, v) in &t.observations {
        let text = with_unit(*v, t.unit);
        let half = CHAR_W * text.chars().count() as f64 / 2.0;
        let anchor = if x(*yr) + half > W {
            "end"
        } else if x(*yr) - half < 0.0 {
            "start"
        } else {
            "middle"
        };
        // Below the point, or above it when the point is low.
        let ly = if y(*v) + 30.0 > bottom - 4.0 { y(*v) - 14.0 } else { y(*v) + 30.0 };
        write!(
            s,
            "<circle class=\"observed-point\" cx=\"{0:.1}\" cy=\"{1:.1}\" r=\"6\"/><text class=\"label\" x=\"{0:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\">{2}</text>",
            x(*yr),
            y(*v),
            escape(&text)
        )
        .unwrap();
    }
    s.push_str("</svg>");
    s
}

/// One row of a comparison: a plan or area, its latest value and its goal.
pub struct Row {
    pub label: String,
    /// The value as the page writes it ("trên 86%"), when it has one.
    pub value_text: Option<String>,
    pub value: Option<f64>,
    pub goal: Option<f64>,
    pub status: Status,
}

/// Side-by-side bars: each row's latest value against its goal.
pub fn comparison(id: &str, title: &str, unit: &str, rows: &[Row], strings: &Strings) -> String {
    const W: f64 = 600.0;
    let (l, r) = (4.0, 590.0);
    // Each row: its label and value, wrapped to the chart's width, then its bar.
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let value_text = row.value_text.clone().unwrap_or_else(|| strings.get("site.no_data").to_string());
            wrap(&format!("{} — {value_text}", row.label), r - l)
        })
        .collect();
    const LINE: f64 = 28.0;
    const BAR: f64 = 40.0;
    let h = labels.iter().map(|ls| LINE * ls.len() as f64 + BAR).sum::<f64>() + 8.0;
    let max = axis_max(unit, rows.iter().flat_map(|row| row.value.into_iter().chain(row.goal)));
    let x = |v: f64| l + (r - l) * (v / max).clamp(0.0, 1.0);
    let desc = rows
        .iter()
        .map(|row| {
            let v = row.value_text.clone().unwrap_or_else(|| strings.get("site.no_data").to_string());
            let g = row.goal.map_or(String::new(), |g| strings.fill("chart.goal", &[("value", &with_unit(g, unit))]));
            format!("{}: {v}{g}", row.label)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = format!(
        "<svg class=\"chart chart-compare\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}.</desc>{}",
        escape(title),
        escape(&desc),
        pattern_defs(id)
    );
    let mut top = 4.0;
    for (row, lines) in rows.iter().zip(&labels) {
        for (k, line) in lines.iter().enumerate() {
            write!(
                s,
                "<text class=\"label\" x=\"{l}\" y=\"{:.1}\">{}</text>",
                top + 22.0 + LINE * k as f64,
                escape(line)
            )
            .unwrap();
        }
        top += LINE * (lines.len() - 1) as f64;
        write!(
            s,
            "<rect class=\"track\" x=\"{l}\" y=\"{:.1}\" width=\"{}\" height=\"20\" rx=\"3\"/>",
            top + 30.0,
            r - l
        )
        .unwrap();
        if let Some(v) = row.value {
            let style = status_fill(id, row.status);
            write!(
                s,
                "<rect class=\"value fill-{}\"{style} x=\"{l}\" y=\"{:.1}\" width=\"{:.1}\" height=\"20\" rx=\"3\"/>",
                row.status.slug(),
                top + 30.0,
                x(v) - l
            )
            .unwrap();
        }
        if let Some(g) = row.goal {
            write!(
                s,
                "<line class=\"milestone\" x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\"/>",
                x(g),
                top + 25.0,
                top + 55.0
            )
            .unwrap();
        }
        top += LINE + BAR - 4.0;
    }
    s.push_str("</svg>");
    s
}

/// Counts of targets by status as one stacked bar, each part labelled with its count.
pub fn status_counts(id: &str, title: &str, counts: &[(Status, usize)], strings: &Strings) -> String {
    let total: usize = counts.iter().map(|c| c.1).sum();
    let desc = counts.iter().map(|(st, n)| format!("{}: {n}", strings.get(st.key()))).collect::<Vec<_>>().join("; ");
    let mut s = format!(
        "<svg class=\"chart chart-status\" viewBox=\"0 0 600 48\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{} {desc}.</desc>{}",
        escape(title),
        escape(&strings.fill("chart.total", &[("n", &total)])),
        pattern_defs(id)
    );
    let mut x = 0.0;
    for (st, n) in counts {
        if *n == 0 || total == 0 {
            continue;
        }
        let w = 600.0 * *n as f64 / total as f64;
        let style = status_fill(id, *st);
        write!(
            s,
            "<rect class=\"value fill-{}\"{style} x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"40\"/>",
            st.slug()
        )
        .unwrap();
        if w > 30.0 {
            write!(
                s,
                "<text class=\"label on-bar\" x=\"{:.1}\" y=\"33\" text-anchor=\"middle\">{n}</text>",
                x + w / 2.0
            )
            .unwrap();
        }
        x += w;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_say_their_numbers() {
        let svg = target_bar(&Bar {
            id: "t1",
            label: "Gia đình học tập",
            unit: "%",
            baseline: Some((2021, 50.0)),
            latest: Some((2023, 61.5)),
            latest_text: None,
            illustrative: false,
            expected_now: Some(62.0),
            milestones: &[(2025, 70.0), (2030, 80.0)],
            status: Status::Behind,
            strings: &Strings::default(),
        });
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"t1-t\">Gia đình học tập</title>"));
        assert!(svg.contains("Số liệu mới nhất: 61,5% năm 2023."), "{svg}");
        assert!(svg.contains("2025: 70%") && svg.contains("2030: 80%"));
        // 61.5% of the 580-wide track.
        assert!(svg.contains("width=\"356.7\""), "{svg}");
        assert!(svg.contains("url(#t1-behind)"));
    }

    #[test]
    fn axes_round_up_for_counts() {
        assert_eq!(axis_max("%", [70.0, 80.0].into_iter()), 100.0);
        assert_eq!(axis_max("đồng/người", [80000.0, 32000.0].into_iter()), 100000.0);
    }
}
