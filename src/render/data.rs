//! Open data: the targets of every document as CSV, and each document as JSON with
//! its metadata, links, targets and the inputs of every assessment, so that anyone
//! can check a status.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::address;
use crate::model::DocId;

use super::view::View;

/// CSV cells are quoted when they hold a separator, a quote or a line break. Text
/// that a spreadsheet would run as a formula (starting with = + - @, a tab or a
/// carriage return) is prefixed with ' as OWASP recommends; numbers ("-5") stay numbers.
fn cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// Rows of cells as CSV: UTF-8 with a byte-order mark and CRLF line ends, so that
/// Excel opens Vietnamese text correctly. Written row by row: at 100,000 plans the
/// tables are 50 and 150 MB.
fn csv(out: &mut dyn Write, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> io::Result<()> {
    csv_header(out, header)?;
    for row in rows {
        csv_row(out, &row)?;
    }
    Ok(())
}

/// A CSV file's byte-order mark (for spreadsheets) and header line.
fn csv_header(out: &mut dyn Write, header: &[&str]) -> io::Result<()> {
    write!(out, "\u{feff}{}\r\n", header.join(","))
}

fn csv_row(out: &mut dyn Write, row: &[String]) -> io::Result<()> {
    let mut line = row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// A dot for decimals, as data tools expect (the pages write commas); Rust already
/// prints 10.0 as "10".
fn num(v: f64) -> String {
    v.to_string()
}

/// The columns of targets.csv and of each indicator's CSV.
const TARGET_COLUMNS: [&str; 24] = [
    "document",
    "document_url",
    "number",
    "issuer",
    "region",
    "target_id",
    "indicator",
    "label",
    "unit",
    "direction",
    "row",
    "year",
    "value",
    "qualifier",
    "status",
    "report_url",
    "source",
    "illustrative",
    "unit_then",
    "unit_code_then",
    "province_code_then",
    "unit_now",
    "unit_code_now",
    "province_code_now",
];

/// One row per baseline, milestone and reported value of every target.
pub fn targets_csv(view: &View, out: &mut dyn Write) -> io::Result<()> {
    targets_table(view, None, out)
}

/// The rows of one indicator across every plan (long format: one value per row), for
/// the download on its page.
pub fn indicator_csv(view: &View, key: &str) -> String {
    let mut out = Vec::new();
    // Into memory: writing cannot fail.
    let _ = targets_table(view, Some(key), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The targets' table as CSV, of every indicator or of one, written row by row.
fn targets_table(view: &View, indicator: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    csv_header(out, &TARGET_COLUMNS)?;
    let mut written = Ok(());
    target_rows(view, indicator, &mut |row| {
        if written.is_ok() {
            written = csv_row(out, &row);
        }
    });
    written
}

/// Hands each row of the targets' table to `emit`, one at a time: every row at once, a
/// string per cell, was several hundred megabytes at 100,000 plans, the build's peak.
fn target_rows(view: &View, indicator: Option<&str>, emit: &mut dyn FnMut(Vec<String>)) {
    for (id, doc) in view.corpus.documents.iter().enumerate() {
        let url = view.config.base_url.absolute(doc.address.page());
        let unit = super::places::data_columns(doc);
        for (i, t) in doc.targets.iter().enumerate() {
            if indicator.is_some() && t.indicator.as_deref() != indicator {
                continue;
            }
            let a = &view.progress.targets[id][i];
            let direction = match t.direction {
                crate::model::Direction::Increase => "increase",
                crate::model::Direction::Decrease => "decrease",
            };
            let mut row =
                |kind: &str, year: i32, value: f64, qualifier: &str, report: Option<DocId>, illustrative: bool| {
                    // Another area's figure is not assessed against this plan's target.
                    let status = if kind == "report-other-area" { "" } else { a.status.slug() };
                    let report_doc = report.map(|r| &view.corpus.documents[r]);
                    let cells = [
                        view.summaries[id].name.clone(),
                        url.clone(),
                        doc.number.as_ref().map(|n| n.value.to_string()).unwrap_or_default(),
                        doc.issuer.clone(),
                        doc.region.clone().unwrap_or_default(),
                        t.id.clone(),
                        t.indicator.clone().unwrap_or_default(),
                        t.label.clone(),
                        t.unit.clone(),
                        direction.to_string(),
                        kind.to_string(),
                        year.to_string(),
                        num(value),
                        qualifier.to_string(),
                        status.to_string(),
                        report_doc.map(|r| view.config.base_url.absolute(r.address.page())).unwrap_or_default(),
                        report_doc.and_then(|r| r.source.clone()).unwrap_or_default(),
                        illustrative.to_string(),
                    ];
                    emit(cells.into_iter().chain(unit.iter().cloned()).collect());
                };
            if let Some(b) = t.baseline {
                row("baseline", b.year, b.value, "", None, false);
            }
            for m in &t.milestones {
                row("milestone", m.year, m.value, "", None, false);
            }
            for o in &a.observations {
                row("report", o.year, o.value, o.qualifier.map_or("", |q| q.word()), Some(o.report), o.illustrative);
            }
            for o in view.progress.elsewhere[id][i].iter().map(|e| &e.observation) {
                row(
                    "report-other-area",
                    o.year,
                    o.value,
                    o.qualifier.map_or("", |q| q.word()),
                    Some(o.report),
                    o.illustrative,
                );
            }
        }
    }
}

const DOCUMENT_COLUMNS: [&str; 22] = [
    "number",
    "kind",
    "title",
    "issuer",
    "date",
    "place",
    "level",
    "region",
    "period_start",
    "period_end",
    "signer",
    "implements",
    "based_on",
    "target_count",
    "url",
    "source",
    "unit_then",
    "unit_code_then",
    "province_code_then",
    "unit_now",
    "unit_code_now",
    "province_code_now",
];

/// One row per document, the metadata of documents.json for spreadsheets; the
/// documents it implements and is based on by number, separated by "; ".
pub fn documents_csv(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let numbers = |ids: Vec<DocId>| {
        ids.into_iter()
            .map(|o| {
                let o = &view.corpus.documents[o];
                o.number.as_ref().map(|n| n.value.to_string()).unwrap_or_else(|| o.short_name())
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let rows = view.corpus.documents.iter().enumerate().map(|(id, d)| {
        vec![
            d.number.as_ref().map(|n| n.value.to_string()).unwrap_or_default(),
            d.kind.clone(),
            d.title.clone(),
            d.issuer.clone(),
            d.date.map(|x| x.to_string()).unwrap_or_default(),
            d.place.clone().unwrap_or_default(),
            d.level.map(|l| l.slug().to_string()).unwrap_or_default(),
            d.region.clone().unwrap_or_default(),
            d.period.map(|p| p.0.to_string()).unwrap_or_default(),
            d.period.map(|p| p.1.to_string()).unwrap_or_default(),
            d.signer.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
            numbers(view.links.implements.targets(id).collect()),
            numbers(view.links.based_on.targets(id).collect()),
            d.targets.len().to_string(),
            view.config.base_url.absolute(d.address.page()),
            d.source.clone().unwrap_or_default(),
        ]
        .into_iter()
        .chain(super::places::data_columns(d))
        .collect()
    });
    csv(out, &DOCUMENT_COLUMNS, rows)
}

/// A Frictionless Data Package (datapackage.json) describing the open data: each
/// table's fields with their types and meaning, the licence and the source, so that
/// data tools read the files without guessing.
pub fn datapackage(view: &View) -> String {
    let field = |name: &str, ty: &str, description: &str| json!({"name": name, "type": ty, "description": description});
    let unit_fields = || {
        vec![
            field("unit_then", "string", "Đơn vị hành chính của văn bản khi ban hành (theo danh mục chính thức)"),
            field("unit_code_then", "string", "Mã đơn vị hành chính khi ban hành"),
            field("province_code_then", "string", "Mã tỉnh khi ban hành (63 tỉnh trước 1/7/2025)"),
            field("unit_now", "string", "Đơn vị hành chính nay giữ địa bàn đó (sau 1/7/2025)"),
            field("unit_code_now", "string", "Mã đơn vị hành chính hiện nay"),
            field("province_code_now", "string", "Mã tỉnh hiện nay (34 tỉnh)"),
        ]
    };
    let mut document_fields = vec![
        field("number", "string", "Số, ký hiệu văn bản (trống nếu văn bản không có số)"),
        field("kind", "string", "Loại văn bản: Kế hoạch, Quyết định, Chỉ thị…"),
        field("title", "string", "Trích yếu"),
        field("issuer", "string", "Cơ quan ban hành"),
        field("date", "date", "Ngày ban hành (YYYY-MM-DD)"),
        field("place", "string", "Địa danh ghi trước ngày ban hành"),
        field("level", "string", "Cấp: trung-uong, tinh, huyen, xa, to-chuc"),
        field("region", "string", "Địa bàn áp dụng"),
        field("period_start", "integer", "Năm đầu giai đoạn"),
        field("period_end", "integer", "Năm cuối giai đoạn"),
        field("signer", "string", "Người ký"),
        field("implements", "string", "Văn bản mà văn bản này thực hiện (số ký hiệu, cách nhau bởi \"; \")"),
        field("based_on", "string", "Văn bản làm căn cứ (số ký hiệu, cách nhau bởi \"; \")"),
        field("target_count", "integer", "Số chỉ tiêu văn bản đặt ra"),
        field("url", "string", "Địa chỉ trang của văn bản"),
        field("source", "string", "Nguồn bản gốc"),
    ];
    document_fields.extend(unit_fields());
    let mut target_fields = vec![
        field("document", "string", "Tên ngắn của văn bản đặt chỉ tiêu"),
        field("document_url", "string", "Địa chỉ trang của văn bản"),
        field("number", "string", "Số, ký hiệu văn bản"),
        field("issuer", "string", "Cơ quan ban hành"),
        field("region", "string", "Địa bàn"),
        field("target_id", "string", "Mã chỉ tiêu trong văn bản"),
        field("indicator", "string", "Mã chỉ tiêu dùng chung (so sánh giữa các văn bản)"),
        field("label", "string", "Tên chỉ tiêu"),
        field("unit", "string", "Đơn vị (%, người, xã…)"),
        field("direction", "string", "increase: càng cao càng tốt; decrease: càng thấp càng tốt"),
        field(
            "row",
            "string",
            "baseline (xuất phát), milestone (mốc phải đạt), report (số liệu báo cáo), report-other-area (số liệu của địa bàn khác)",
        ),
        field("year", "integer", "Năm"),
        field("value", "number", "Giá trị (dấu chấm thập phân)"),
        field("qualifier", "string", "Từ đi kèm số liệu như văn bản viết: trên, gần, ít nhất…"),
        field("status", "string", "Đánh giá tiến độ đến ngày dữ liệu (xem trang cách đánh giá)"),
        field("report_url", "string", "Địa chỉ trang của báo cáo nêu số liệu"),
        field("source", "string", "Nguồn công bố số liệu"),
        field("illustrative", "boolean", "true: số liệu minh họa, không phải số liệu thật"),
    ];
    let licence =
        if view.config.licence.is_empty() { "Chưa ghi giấy phép".to_string() } else { view.config.licence.clone() };
    let table = |name: &str, file: &str, title: &str, fields: Vec<Value>| {
        json!({
            "name": name,
            "path": file,
            "title": title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": {"fields": fields},
        })
    };
    let package = json!({
        "name": "congbo-open-data",
        "title": view.config.title,
        "description": view.config.description,
        "homepage": view.config.base_url.absolute(""),
        "created": format!("{}T00:00:00Z", view.config.as_of),
        "licenses": [{"name": "other", "title": licence}],
        "sources": [{"title": view.config.title, "path": view.config.base_url.absolute(&address::data())}],
        "resources": [
            table("documents", "documents.csv", "Văn bản", document_fields),
            table("targets", "targets.csv", "Chỉ tiêu, mốc và số liệu báo cáo", {
                target_fields.extend(unit_fields());
                target_fields
            }),
            {
                "name": "documents-json",
                "path": "documents.json",
                "title": "Văn bản và liên kết giữa các văn bản (JSON)",
                "format": "json",
                "mediatype": "application/json",
            },
        ],
    });
    serde_json::to_string_pretty(&package).unwrap_or_default()
}

/// A document as JSON: metadata, relations by number and URL, targets and progress.
pub fn document_json(view: &View, id: DocId) -> String {
    serde_json::to_string_pretty(&document_value(view, id, true)).unwrap_or_default()
}

/// Every document's metadata and links, with the address of its own JSON file. Written
/// a few hundred documents at a time, made on all cores: the whole list as JSON values
/// took 150 MB at 10,000 plans, the build's peak, and on one core 0.7-0.9 s of serve's
/// rebuilds; and into `out` as it is made (220 MB at 100,000 plans).
pub fn documents_json(view: &View, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    use serde::ser::{SerializeMap, SerializeSeq};
    /// Documents made into JSON values at a time: on all cores, and few enough to hold.
    const AT_ONCE: usize = 256;
    /// The documents, each made into JSON values only shortly before it is written.
    struct Documents<'v, 'a>(&'v View<'a>);
    impl serde::Serialize for Documents<'_, '_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let n = self.0.corpus.documents.len();
            let mut seq = s.serialize_seq(Some(n))?;
            for start in (0..n).step_by(AT_ONCE) {
                let values: Vec<Value> = (start..(start + AT_ONCE).min(n))
                    .into_par_iter()
                    .map(|id| document_value(self.0, id, false))
                    .collect();
                for value in &values {
                    seq.serialize_element(value)?;
                }
            }
            seq.end()
        }
    }
    let mut ser = serde_json::Serializer::pretty(out);
    // The keys in the order of a JSON object's (sorted), as before.
    let mut map = serde::Serializer::serialize_map(&mut ser, Some(4))?;
    map.serialize_entry("as_of", &view.config.as_of.to_string())?;
    map.serialize_entry("documents", &Documents(view))?;
    map.serialize_entry("licence", &view.config.licence)?;
    map.serialize_entry("site", &view.config.title)?;
    SerializeMap::end(map)?;
    Ok(())
}

fn document_value(view: &View, id: DocId, with_targets: bool) -> Value {
    let d = &view.corpus.documents[id];
    let link = |other: DocId| {
        let o = &view.corpus.documents[other];
        json!({
            "number": o.number.as_ref().map(|n| n.value.to_string()),
            "name": view.summaries[other].name,
            "url": view.config.base_url.absolute(o.address.page()),
        })
    };
    let targets: Vec<Value> = if !with_targets {
        Vec::new()
    } else {
        d.targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let a = &view.progress.targets[id][i];
            json!({
                "id": t.id,
                "indicator": t.indicator,
                "label": t.label,
                "unit": t.unit,
                "direction": t.direction,
                "baseline": t.baseline,
                "milestones": t.milestones,
                "lead": t.lead,
                "text": t.text,
                "assessment": {
                    "as_of": view.config.as_of.to_string(),
                    "status": a.status,
                    "status_label": a.status.label(),
                    "latest": a.latest().map(|o| json!({"year": o.year, "value": o.value, "qualifier": o.qualifier, "report": link(o.report), "illustrative": o.illustrative})),
                    "start": a.start,
                    "milestone": a.milestone,
                    "line_to": a.line_to,
                    "expected_now": a.expected_now,
                    "expected_at_latest": a.expected_at_latest,
                    "required_change_per_year": a.required_per_year,
                    "actual_change_per_year": a.actual_per_year,
                    "observations": a.observations.iter().map(|o| json!({"year": o.year, "value": o.value, "qualifier": o.qualifier, "report": link(o.report), "illustrative": o.illustrative})).collect::<Vec<_>>(),
                    "rule": view.config.base_url.absolute(&address::rule()),
                },
            })
        })
        .collect()
    };
    let mut doc = json!({
        "kind": d.kind,
        "number": d.number.as_ref().map(|n| n.value.to_string()),
        "title": d.title,
        "issuer": d.issuer,
        "place": d.place,
        "date": d.date.map(|x| x.to_string()),
        "term": d.term,
        "level": d.level,
        "region": d.region,
        "unit": super::places::data_json(d),
        "legal_status": {
            "status": view.legal[id].status.slug(),
            "since": view.legal[id].since.map(|x| x.to_string()),
            "by": view.legal[id].by.map(link),
        },
        "period": d.period,
        "signer": d.signer,
        "recipients": d.recipients,
        "source": d.source,
        "url": view.config.base_url.absolute(d.address.page()),
        "implements": view.links.implements.targets(id).map(link).collect::<Vec<_>>(),
        "based_on": view.links.based_on.targets(id).map(link).collect::<Vec<_>>(),
        "amends": view.links.amends.targets(id).map(link).collect::<Vec<_>>(),
        "replaces": view.links.replaces.targets(id).map(link).collect::<Vec<_>>(),
        "implemented_by": view.links.implementers_of(id).iter().map(|&o| link(o)).collect::<Vec<_>>(),
        "reports_on": view.links.reports_on.targets(id).map(link).next(),
        "data": view.config.base_url.absolute(&d.address.data()),
    });
    if with_targets {
        doc["targets"] = Value::Array(targets);
    } else {
        doc["target_count"] = json!(d.targets.len());
    }
    doc
}

/// The /du-lieu/ page: what each open data file holds, and the licence, in the
/// interface's words (`data.page`).
pub fn data_page_markdown(view: &View) -> String {
    let s = view.strings;
    let licence = if view.config.licence.is_empty() { s.get("data.no_licence") } else { view.config.licence.as_str() };
    // Site paths: the Markdown renderer puts the base path in front.
    let path = |p: String| format!("/{p}");
    s.fill(
        "data.page",
        &[
            ("licence", &licence),
            ("documents_json", &path(address::data_file("documents.json"))),
            ("targets_csv", &path(address::data_file("targets.csv"))),
            ("documents_csv", &path(address::data_file("documents.csv"))),
            ("datapackage", &path(address::data_file("datapackage.json"))),
            ("document_json", &address::document_data(s.get("data.file_name"))),
            ("rule", &path(address::rule())),
            ("feed", &path(address::feed().to_string())),
            ("schema", &path(address::data_file("front-matter.schema.json"))),
            ("date", &s.date_long(view.config.as_of)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_a_spreadsheet_would_run_are_made_text() {
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("+84 206"), "'+84 206");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-5"), "-5", "a negative number stays a number");
        assert_eq!(cell("-2.5"), "-2.5");
        assert_eq!(cell("- Nơi nhận"), "'- Nơi nhận");
        assert_eq!(cell("Kế hoạch, 2025"), "\"Kế hoạch, 2025\"");
    }
}
