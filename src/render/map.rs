//! A map of the 34 provinces as an SVG tile grid, drawn at build time (no script, no
//! external tiles): each province a square placed from its representative point
//! (data/admin-units/provinces-2025.tsv), labelled with its name and its figure,
//! coloured by a class that the legend also names in words and patterns, linked to
//! its page. A table with the same figures goes beside it in the template.

use std::fmt::Write;

use serde::Serialize;

use super::escape::escape as esc;
use crate::model::DocId;
use crate::places::{self, Unit};
use crate::theme::Strings;

const COLS: usize = 6;
const TILE: f64 = 58.0;
const GAP: f64 = 2.0;

/// Each current province's cell (column, row): its point scaled onto the grid, moved
/// to the nearest free cell when two fall on one.
pub(super) fn layout() -> Vec<(usize, usize)> {
    let t = places::table();
    let (lat_max, lat_min) = (23.4, 8.6);
    let (lon_min, lon_max) = (102.2, 109.3);
    let rows = 14usize;
    let mut taken: Vec<Option<usize>> = vec![None; COLS * rows];
    let mut cells = vec![(0, 0); t.current.len()];
    // North first, so the dense north keeps its order.
    let mut order: Vec<usize> = (0..t.current.len()).collect();
    order.sort_by(|&a, &b| t.current[b].lat.total_cmp(&t.current[a].lat));
    for c in order {
        let p = &t.current[c];
        let x = (p.lon - lon_min) / (lon_max - lon_min) * (COLS - 1) as f64;
        let y = (lat_max - p.lat) / (lat_max - lat_min) * (rows - 1) as f64;
        let best = (0..COLS * rows)
            .filter(|&i| taken[i].is_none())
            .min_by(|&i, &j| {
                let d = |k: usize| {
                    let (cx, cy) = ((k % COLS) as f64, (k / COLS) as f64);
                    // Rows are cheaper to move along than columns: keep east and west.
                    (cx - x).powi(2) * 1.5 + (cy - y).powi(2)
                };
                d(i).total_cmp(&d(j))
            })
            .unwrap_or(0);
        taken[best] = Some(c);
        cells[c] = (best % COLS, best / COLS);
    }
    cells
}

/// One province's tile.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Tile {
    /// Index into the current provinces.
    pub province: usize,
    /// The figure shown in the tile: "72%", "3 văn bản", "—".
    pub value: String,
    /// A class of the legend: "m-0" … "m-3", "m-many", "m-none".
    pub class: &'static str,
    /// The tile's tooltip and accessible name: "Tỉnh Hưng Yên: 3 văn bản".
    pub title: String,
    pub url: String,
}

/// A line of the legend: its class (colour and pattern) and what it means in words.
#[derive(Debug, Clone, Serialize)]
pub(super) struct LegendItem {
    pub class: &'static str,
    pub text: String,
}

/// Splits a province's short name over two lines when long: "Hồ Chí Minh" → ["Hồ Chí",
/// "Minh"].
fn label_lines(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    if name.chars().count() <= 9 || words.len() < 2 {
        return vec![name.to_string()];
    }
    let half = words.len().div_ceil(2);
    vec![words[..half].join(" "), words[half..].join(" ")]
}

/// The map: a labelled SVG with its title, description and legend.
pub(super) fn svg(title: &str, desc: &str, tiles: &[Tile], legend: &[LegendItem]) -> String {
    let t = places::table();
    let cells = layout();
    let rows = cells.iter().map(|c| c.1).max().unwrap_or(0) + 1;
    let legend_h = 20.0 * legend.len() as f64 + 8.0;
    let (w, h) = (COLS as f64 * (TILE + GAP), rows as f64 * (TILE + GAP) + legend_h);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"province-map\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"ban-do-title\" aria-describedby=\"ban-do-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"ban-do-title\">{}</title><desc id=\"ban-do-desc\">{}</desc>\
<defs><pattern id=\"soc\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern>\
<pattern id=\"cham\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fde7c8\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#8a5a00\"/></pattern></defs>",
        esc(title),
        esc(desc)
    );
    for tile in tiles {
        let (col, row) = cells[tile.province];
        let (x, y) = (col as f64 * (TILE + GAP), row as f64 * (TILE + GAP));
        let name = &t.current[tile.province].short;
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"tile {}\"><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{TILE}\" height=\"{TILE}\" rx=\"3\"/>",
            esc(&tile.url),
            tile.class,
            esc(&tile.title)
        );
        let lines = label_lines(name);
        for (i, line) in lines.iter().enumerate() {
            let ly = y + 15.0 + 11.0 * i as f64;
            let _ = write!(s, "<text x=\"{}\" y=\"{ly}\" class=\"tile-name\">{}</text>", x + TILE / 2.0, esc(line));
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" class=\"tile-value\">{}</text></a>",
            x + TILE / 2.0,
            y + TILE - 8.0,
            esc(&tile.value)
        );
    }
    let top = rows as f64 * (TILE + GAP) + 6.0;
    for (i, item) in legend.iter().enumerate() {
        let y = top + 20.0 * i as f64;
        let _ = write!(
            s,
            "<g class=\"legend tile {}\"><rect x=\"0\" y=\"{y}\" width=\"14\" height=\"14\" rx=\"2\"/><text x=\"20\" y=\"{}\" class=\"legend-text\">{}</text></g>",
            item.class,
            y + 11.0,
            esc(&item.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// A row of the table beside the map.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TableRow {
    pub name: String,
    pub url: String,
    /// What the figures are, in words: "3 văn bản", "72% năm 2023 (tỉnh Nam Định)".
    pub value: String,
}

/// The home page's map: how many documents each province holds (its own and those of
/// the former units merged into it).
pub(super) fn documents(counts: &[usize], url: impl Fn(usize) -> String, s: &Strings) -> (String, Vec<TableRow>) {
    let t = places::table();
    let class = |n: usize| match n {
        0 => "m-none",
        1..=2 => "m-0",
        3..=5 => "m-1",
        6..=10 => "m-2",
        _ => "m-3",
    };
    let mut tiles = Vec::new();
    let mut rows = Vec::new();
    for (c, p) in t.current.iter().enumerate() {
        let n = counts[c];
        let value = if n == 0 { s.get("map.no_documents").to_string() } else { s.fill("map.documents", &[("n", &n)]) };
        tiles.push(Tile {
            province: c,
            value: if n == 0 { "—".to_string() } else { n.to_string() },
            class: class(n),
            title: format!("{}: {value}", p.name),
            url: url(c),
        });
        rows.push(TableRow { name: p.name.clone(), url: url(c), value });
    }
    rows.sort_by_key(|r| places::key(places::split_type(&r.name).1));
    let legend = vec![
        LegendItem { class: "m-none", text: s.get("map.legend_none").into() },
        LegendItem { class: "m-0", text: s.get("map.legend_0").into() },
        LegendItem { class: "m-1", text: s.get("map.legend_1").into() },
        LegendItem { class: "m-2", text: s.get("map.legend_2").into() },
        LegendItem { class: "m-3", text: s.get("map.legend_3").into() },
    ];
    let total: usize = counts.iter().sum();
    let empty = counts.iter().filter(|&&n| n == 0).count();
    let desc = s.fill("map.documents_desc", &[("total", &total), ("empty", &empty)]);
    (svg(s.get("map.documents_title"), &desc, &tiles, &legend), rows)
}

/// One figure of an indicator for a province, as the unit that reported it was named.
pub(super) struct Figure {
    pub unit: Unit,
    pub value: String,
    pub year: i32,
    pub status_slug: &'static str,
    pub status_label: String,
    pub doc: DocId,
    /// Example figures: marked "*" in the tile and "số liệu minh họa" in words.
    pub illustrative: bool,
}

/// An indicator page's map: each province's latest figure and its status; a province
/// whose former units reported separately shows how many figures, not a sum.
pub(super) fn indicator(
    name: &str,
    figures: &[Vec<Figure>],
    url: impl Fn(usize) -> String,
    s: &Strings,
) -> (String, Vec<TableRow>) {
    let t = places::table();
    let mut tiles = Vec::new();
    let mut rows = Vec::new();
    let words = |f: &Figure| {
        let key = if f.illustrative { "map.figure_words_illustrative" } else { "map.figure_words" };
        let status = f.status_label.to_lowercase();
        s.fill(key, &[("value", &f.value), ("year", &f.year), ("place", &t.name(f.unit)), ("status", &status)])
    };
    for (c, p) in t.current.iter().enumerate() {
        let fs = &figures[c];
        let (value, class, text) = match fs.as_slice() {
            [] => ("—".to_string(), "m-none", s.get("site.no_data").to_string()),
            [f] => (
                if f.illustrative { format!("{}*", f.value) } else { f.value.clone() },
                status_class(f.status_slug),
                words(f),
            ),
            many => {
                let n = many.len();
                (s.fill("map.many", &[("n", &n)]), "m-many", many.iter().map(words).collect::<Vec<_>>().join("; "))
            }
        };
        tiles.push(Tile { province: c, value, class, title: format!("{}: {text}", p.name), url: url(c) });
        rows.push(TableRow { name: p.name.clone(), url: url(c), value: text });
    }
    rows.sort_by_key(|r| places::key(places::split_type(&r.name).1));
    let mut legend = vec![
        LegendItem { class: "m-achieved", text: s.get("map.legend_achieved").into() },
        LegendItem { class: "m-ontrack", text: s.get("map.legend_on_track").into() },
        LegendItem { class: "m-behind", text: s.get("map.legend_behind").into() },
        LegendItem { class: "m-many", text: s.get("map.legend_many").into() },
        LegendItem { class: "m-none", text: s.get("map.legend_no_data").into() },
    ];
    if figures.iter().flatten().any(|f| f.illustrative) {
        legend.push(LegendItem { class: "m-demo", text: s.get("map.legend_illustrative").into() });
    }
    let with = figures.iter().filter(|f| !f.is_empty()).count();
    let without = figures.len() - with;
    let desc = s.fill("map.indicator_desc", &[("name", &name), ("with", &with), ("without", &without)]);
    (svg(&s.fill("map.indicator_title", &[("name", &name)]), &desc, &tiles, &legend), rows)
}

fn status_class(slug: &str) -> &'static str {
    match slug {
        "da-dat" => "m-achieved",
        "dung-tien-do" => "m-ontrack",
        "cham-tien-do" | "qua-han" => "m-behind",
        _ => "m-none",
    }
}
