//! Import onto a document the site already has: a stub written from citations, or an
//! earlier import, with the same number and year. What the editor wrote is kept line
//! for line; what the file lacks (a field that is missing or empty, an empty body) is
//! filled from the import. Without `--merge` the changes are only shown.

use serde_yaml::Value;

/// What merging an import into an existing file changes.
#[derive(Debug, Default, PartialEq)]
pub struct Merge {
    /// Fields the file lacks that the import fills, in the import's order.
    pub filled: Vec<String>,
    /// Fields both have: the file's value is kept.
    pub kept: Vec<String>,
    /// The body was empty and takes the imported one.
    pub body: bool,
    /// The file as it would be written.
    pub text: String,
}

impl Merge {
    pub fn changes(&self) -> bool {
        !self.filled.is_empty() || self.body
    }
}

/// The front matter's text and the body, split at the closing "---".
fn split(markdown: &str) -> Option<(&str, &str)> {
    let rest = markdown.strip_prefix("---\n").or_else(|| markdown.strip_prefix("---\r\n"))?;
    let end = rest.find("\n---").map(|i| i + 1)?;
    let after = &rest[end + 3..];
    let body = after.strip_prefix("\r\n").or_else(|| after.strip_prefix('\n')).unwrap_or(after);
    Some((&rest[..end], body))
}

/// The top-level blocks of a front matter: each key with its line and the indented or
/// list lines under it (comments at the margin stay with nothing).
fn blocks(yaml: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in yaml.split_inclusive('\n') {
        let starts_key = !line.starts_with([' ', '\t', '#', '-', '\n', '\r']) && line.contains(':');
        if starts_key {
            let key = line.split(':').next().unwrap_or("").trim().to_string();
            out.push((key, line.to_string()));
        } else if line.starts_with([' ', '\t', '-']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(line);
            }
        }
    }
    out
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Sequence(s)) => s.is_empty(),
        Some(Value::Mapping(m)) => m.is_empty(),
        _ => false,
    }
}

/// Merges the imported Markdown into the existing file's text; `None` when the
/// existing file has no front matter the merge could keep.
pub fn merge(existing: &str, imported: &str) -> Option<Merge> {
    let (old_yaml, old_body) = split(existing)?;
    let (new_yaml, new_body) = split(imported)?;
    let old: serde_yaml::Mapping = serde_yaml::from_str(old_yaml).ok()?;
    let new: serde_yaml::Mapping = serde_yaml::from_str(new_yaml).unwrap_or_default();
    let mut merge = Merge::default();
    let mut yaml = old_yaml.to_string();
    for (key, block) in blocks(new_yaml) {
        let new_value = new.get(key.as_str());
        if is_empty(new_value) {
            continue;
        }
        let old_value = old.get(key.as_str());
        if !is_empty(old_value) {
            merge.kept.push(key);
            continue;
        }
        // An empty field ("issuer: \"\"") is replaced where it stands; a missing one is
        // added at the end.
        let block = if block.ends_with('\n') { block } else { format!("{block}\n") };
        match blocks(&yaml).into_iter().find(|(k, _)| *k == key) {
            Some((_, old_block)) => yaml = yaml.replacen(&old_block, &block, 1),
            None => {
                if !yaml.ends_with('\n') && !yaml.is_empty() {
                    yaml.push('\n');
                }
                yaml.push_str(&block);
            }
        }
        merge.filled.push(key);
    }
    let body = if old_body.trim().is_empty() && !new_body.trim().is_empty() {
        merge.body = true;
        new_body
    } else {
        old_body
    };
    merge.text = format!("---\n{yaml}---\n{}{body}", if body.starts_with('\n') { "" } else { "\n" });
    Some(merge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editors_values_are_kept_and_the_gaps_filled() {
        let stub = "---\n# viết từ dẫn chiếu\nkind: Chỉ thị\nnumber: \"11-CT/TW\"\ntitle: \"Về tăng cường sự lãnh đạo\"  # tên rút gọn\nissuer: \"\"\n---\n";
        let imported = "---\n# Nhập từ ct11.txt\nkind: \"Chỉ thị\"\nnumber: \"11-CT/TW\"\ntitle: \"Về tăng cường sự lãnh đạo của Đảng đối với công tác khuyến học\"\nissuer: \"Bộ Chính trị\"\ndate: 2007-04-13\nrecipients:\n  - \"Các tỉnh ủy\"\n  - \"Lưu Văn phòng Trung ương\"\n---\n\nI. Nội dung.\n";
        let m = merge(stub, imported).unwrap();
        assert_eq!(m.filled, ["issuer", "date", "recipients"]);
        assert_eq!(m.kept, ["kind", "number", "title"]);
        assert!(m.body);
        assert_eq!(
            m.text,
            "---\n# viết từ dẫn chiếu\nkind: Chỉ thị\nnumber: \"11-CT/TW\"\ntitle: \"Về tăng cường sự lãnh đạo\"  # tên rút gọn\nissuer: \"Bộ Chính trị\"\ndate: 2007-04-13\nrecipients:\n  - \"Các tỉnh ủy\"\n  - \"Lưu Văn phòng Trung ương\"\n---\n\nI. Nội dung.\n"
        );
        // A file already complete: nothing to change, its body kept.
        let again = merge(&m.text, imported).unwrap();
        assert!(!again.changes());
        assert_eq!(again.text, m.text);
    }
}
