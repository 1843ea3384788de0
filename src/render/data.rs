//! Open data: the targets of every document as CSV, and each document as JSON with
//! its metadata, links, targets and the inputs of every assessment, so that anyone
//! can check a status.

use serde_json::{Value, json};

use crate::address;
use crate::model::DocId;

use super::view::View;

/// CSV cells are quoted when they hold a separator, a quote or a line break.
fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// A dot for decimals, as data tools expect (the pages write commas); Rust already
/// prints 10.0 as "10".
fn num(v: f64) -> String {
    v.to_string()
}

/// One row per baseline, milestone and reported value of every target. UTF-8 with a
/// byte-order mark and CRLF line ends, so that Excel opens Vietnamese text correctly.
pub fn targets_csv(view: &View) -> String {
    let header = [
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
    let mut out = String::from("\u{feff}");
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for (id, doc) in view.corpus.documents.iter().enumerate() {
        let url = view.config.base_url.absolute(doc.address.page());
        let unit = super::places::data_columns(doc);
        for (i, t) in doc.targets.iter().enumerate() {
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
                        doc.short_name(),
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
                    let cells = cells.iter().chain(unit.iter());
                    out.push_str(&cells.map(|c| cell(c)).collect::<Vec<_>>().join(","));
                    out.push_str("\r\n");
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
    out
}

/// A document as JSON: metadata, relations by number and URL, targets and progress.
pub fn document_json(view: &View, id: DocId) -> String {
    serde_json::to_string_pretty(&document_value(view, id, true)).unwrap_or_default()
}

/// Every document's metadata and links, with the address of its own JSON file.
pub fn documents_json(view: &View) -> String {
    let all: Vec<Value> = (0..view.corpus.documents.len()).map(|id| document_value(view, id, false)).collect();
    let doc = json!({
        "site": view.config.title,
        "licence": view.config.licence,
        "as_of": view.config.as_of.to_string(),
        "documents": all,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn document_value(view: &View, id: DocId, with_targets: bool) -> Value {
    let d = &view.corpus.documents[id];
    let link = |other: DocId| {
        let o = &view.corpus.documents[other];
        json!({
            "number": o.number.as_ref().map(|n| n.value.to_string()),
            "name": o.short_name(),
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

/// The /du-lieu/ page: what each open data file holds, and the licence.
pub fn data_page_markdown(view: &View) -> String {
    let licence = if view.config.licence.is_empty() {
        String::from("Chưa ghi giấy phép.")
    } else {
        view.config.licence.clone()
    };
    format!(
        "# Dữ liệu mở\n\n\
Mọi thông tin trên trang đều có thể tải về để dùng lại. {licence}\n\n\
| Tệp | Nội dung |\n|---|---|\n\
| [documents.json]({}) | Mọi văn bản: số ký hiệu, loại, trích yếu, cơ quan ban hành, ngày, người ký, nơi nhận, và các văn bản mà nó thực hiện, căn cứ, sửa đổi, thay thế (theo số ký hiệu và địa chỉ). |\n\
| [targets.csv]({}) | Mọi chỉ tiêu, mốc và số liệu báo cáo, mỗi dòng một giá trị (UTF-8, mở được bằng Excel). |\n\
| `{}` | Mỗi văn bản, kèm các chỉ tiêu và đủ số liệu dùng để đánh giá tiến độ (xem [cách đánh giá]({})). Địa chỉ của từng tệp có trong documents.json. |\n\
| [feed.xml]({}) | 50 văn bản mới nhất (Atom). |\n\
| [front-matter.schema.json]({}) | Lược đồ JSON (JSON Schema) của phần thông tin văn bản, để các công cụ soạn thảo kiểm tra. |\n\n\
Mỗi văn bản mang đơn vị hành chính của nó khi ban hành và đơn vị đang quản lý địa bàn từ 1/7/2025, với mã đơn vị (documents.json: `unit`; targets.csv: `unit_then`, `unit_code_then`, `province_code_then`, `unit_now`, `unit_code_now`, `province_code_now`), để ghép với số liệu thống kê chính thức. \
Danh mục đơn vị hành chính trước và sau 1/7/2025 lấy từ bộ dữ liệu mở [vietnamadminunits](https://github.com/tranngocminhhieu/vietnamadminunits) (giấy phép MIT, © Hieu Tran); cấp huyện không có mã trong bộ dữ liệu này.\n\n\
Số liệu được đánh giá đến {}.\n",
        // Site paths: the Markdown renderer puts the base path in front.
        format!("/{}", address::data_file("documents.json")),
        format!("/{}", address::data_file("targets.csv")),
        address::document_data("<tên>"),
        format!("/{}", address::rule()),
        format!("/{}", address::feed()),
        format!("/{}", address::data_file("front-matter.schema.json")),
        crate::text::date_in_words(view.config.as_of),
    )
}
