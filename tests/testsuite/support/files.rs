//! Files of the repository and of test sites: copies, listings, byte-for-byte
//! snapshots of a folder, and the front matter of content files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository root (where Cargo.toml, congbo.toml and content/ are).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder of `tests/fixtures/`.
pub fn fixture_path(rel: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(rel)
}

/// The five original plain-text documents the default site publishes.
pub fn seeds_dir() -> PathBuf {
    fixture_path("seeds")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, with "/" separators, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else { return };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every .html file under `dir`, relative.
pub fn html_files(dir: &Path) -> Vec<String> {
    files_under(dir).into_iter().filter(|p| p.ends_with(".html")).collect()
}

/// Every file under `dir` with its bytes: a snapshot to compare before and after.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir).into_iter().map(|rel| (rel.clone(), fs::read(dir.join(&rel)).unwrap())).collect()
}

/// Describes how two snapshots differ ("" when they are equal).
pub fn snapshot_diff(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let mut diff = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => diff.push(format!("deleted: {path}")),
            Some(b) if b != bytes => diff.push(format!("changed: {path}")),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        diff.push(format!("added: {path}"));
    }
    diff.join("\n")
}

/// The first `n` lines of `s`, and how many more there are.
pub fn first_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let mut out = lines.iter().take(n).copied().collect::<Vec<_>>().join("\n");
    if lines.len() > n {
        out.push_str(&format!("\n… and {} more", lines.len() - n));
    }
    out
}

/// The front matter of a content file (the YAML between the opening and the closing
/// `---`), read by a YAML parser.
pub fn front_matter(text: &str) -> serde_yaml::Mapping {
    let mut lines = text.lines();
    assert_eq!(lines.next().map(str::trim_end), Some("---"), "the file does not start with front matter");
    let yaml: Vec<&str> = lines.take_while(|l| l.trim_end() != "---").collect();
    serde_yaml::from_str(&yaml.join("\n")).unwrap_or_else(|e| panic!("the front matter is not YAML: {e}"))
}

/// A top-level field as text (strings, numbers and unquoted dates alike); None when
/// absent, empty or not a scalar.
pub fn fm_scalar(text: &str, key: &str) -> Option<String> {
    scalar(front_matter(text).get(key)?).filter(|s| !s.is_empty())
}

/// A top-level list field (a single value is a list of one).
pub fn fm_list(text: &str, key: &str) -> Vec<String> {
    match front_matter(text).get(key) {
        Some(serde_yaml::Value::Sequence(items)) => items.iter().filter_map(scalar).collect(),
        Some(v) => scalar(v).into_iter().collect(),
        None => Vec::new(),
    }
}

fn scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The word files a search manifest (tim-kiem/chi-muc.json) names: (shard prefix, file
/// under tim-kiem/). The manifest lists the shards front-coded in "s" (how many
/// characters a name shares with the one before, then the rest) and the hash of each
/// group of shards of the same two first characters in "w".
pub fn search_shards(manifest: &serde_json::Value) -> Vec<(String, String)> {
    let mut prev = String::new();
    let mut out = Vec::new();
    for e in manifest["s"].as_str().unwrap_or_default().split(' ').filter(|e| !e.is_empty()) {
        let shared = usize::from(e.as_bytes()[0] - b'0');
        let name = format!("{}{}", &prev[..shared.min(prev.len())], &e[1..]);
        let group: String = name.chars().take(2).collect();
        let hash = manifest["w"][&group].as_str().unwrap_or_else(|| panic!("no hash for the group {group}"));
        out.push((name.clone(), format!("chi-muc/{name}.{hash}.json")));
        prev = name;
    }
    out
}
