//! The JSON Schema of a document's front matter, built from the loader's own types
//! (Level, Signer, Target …) so that editors' tools check what congbo accepts. A test
//! keeps its fields and the loader's list of known fields the same.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::{Level, Signer, Target, WrittenValue};

/// One reference, or a list of them.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Front matter of a document (văn bản) in content/directives, content/plans or
/// content/reports. `title` is required except in a report.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct DocumentFrontMatter {
    /// Loại văn bản as written: "Kế hoạch", "Chỉ thị", "Báo cáo" …
    kind: String,
    /// Số, ký hiệu: "4621/KH-UBND", "11-CT/TW". Leave out if the document has none.
    number: Option<String>,
    /// Trích yếu.
    title: Option<String>,
    /// Cơ quan ban hành.
    issuer: String,
    /// Nơi ban hành.
    place: Option<String>,
    /// Ngày ban hành, YYYY-MM-DD. Leave out if the document prints no date.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    date: Option<String>,
    /// Khóa: the Party term, e.g. "X".
    term: Option<String>,
    level: Option<Level>,
    /// Địa phương.
    region: Option<String>,
    /// Mã đơn vị hành chính of the issuer, when its name is ambiguous: the official code
    /// of a province (2 digits, "34") or commune (5 digits, "30040"), in the list in
    /// force on the document's date (before or from 1/7/2025).
    #[schemars(regex(pattern = r"^(\d{2}|\d{5})$"))]
    issuer_code: Option<String>,
    /// Mã đơn vị hành chính of the region, as for `issuer_code`.
    #[schemars(regex(pattern = r"^(\d{2}|\d{5})$"))]
    region_code: Option<String>,
    /// Giai đoạn: [from, to].
    period: Option<(i32, i32)>,
    /// Ngày có hiệu lực, YYYY-MM-DD, when it is not the date of issue.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    effective: Option<String>,
    /// Ngày hết hiệu lực, YYYY-MM-DD, when the document sets one.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    expires: Option<String>,
    /// Hiệu lực as stated by the editor: false when it has ended (by a document not on
    /// the site); true to keep a plan in force past the end of its period.
    in_force: Option<bool>,
    /// "Thực hiện …": numbers in any spelling, or paths of unnumbered documents.
    implements: Option<OneOrMany>,
    /// "Căn cứ …".
    based_on: Option<OneOrMany>,
    /// Sửa đổi, bổ sung.
    amends: Option<OneOrMany>,
    /// Thay thế.
    replaces: Option<OneOrMany>,
    /// Short names other documents use: "Chương trình 387".
    aliases: Option<Vec<String>>,
    /// Người ký.
    signer: Option<Signer>,
    /// Nơi nhận, one item each.
    recipients: Option<Vec<String>>,
    /// Link to the original (https://…).
    #[schemars(regex(pattern = r"^https?://"))]
    source: Option<String>,
    /// Chỉ tiêu.
    targets: Option<Vec<Target>>,
    /// A report: the plan it reports on (number or path).
    reports_on: Option<String>,
    /// A report: the year its values describe.
    year: Option<i32>,
    /// A report: target id → value, or { value, qualifier }.
    values: Option<BTreeMap<String, WrittenValue>>,
    /// A report: the published sentence the figures come from.
    quote: Option<String>,
    /// A report of example figures, labelled "Số liệu minh họa".
    illustrative: Option<bool>,
    /// Năm công bố: the year, when the source gives no exact `date`.
    published: Option<i16>,
    /// Bản nháp: `build` leaves it out; `serve` shows it with a banner.
    draft: Option<bool>,
}

/// The schema, as pretty JSON. Draft-07, the version editors' tools read (Ajv in
/// remark-lint-frontmatter-schema refuses 2020-12 by default; yaml-language-server
/// reads both).
pub fn document_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<DocumentFrontMatter>();
    schema.insert("title".into(), "congbo: front matter of a document".into());
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_fields_are_the_fields_the_loader_knows() {
        let schema: serde_json::Value = serde_json::from_str(&document_schema()).unwrap();
        let mut properties: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut known: Vec<&str> = super::super::DOCUMENT_FIELDS.to_vec();
        properties.sort();
        known.sort();
        assert_eq!(properties, known);
        assert_eq!(schema["additionalProperties"], serde_json::Value::Bool(false));
        let required: Vec<&str> = schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        assert_eq!(required, ["kind", "issuer"]);
    }

    /// Editors' tools read the committed copy; it must be what congbo generates.
    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("front-matter.schema.json");
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed.trim_end() == document_schema(),
            "front-matter.schema.json is out of date: run `cargo run -- schema > front-matter.schema.json`"
        );
    }
}
