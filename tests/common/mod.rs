//! A small builder for integration tests, in the spirit of mdBook's `BookTest` and
//! Zola's `file_exists!` / `file_contains!`: copy a site into a temporary folder, run
//! the real `congbo` binary on it, and read the output back.

#![allow(dead_code)] // not every test binary uses every helper

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use tempfile::TempDir;

/// The repository root (where Cargo.toml, congbo.toml and content/ are).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The five original plain-text documents the default site publishes.
pub fn seeds_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures").join("seeds")
}

/// A site copied into a temporary folder. The site root is a sub-folder of the
/// temporary folder, so that even a congbo bug that writes beside or above the root
/// stays inside it.
pub struct TestSite {
    _tmp: TempDir,
    root: PathBuf,
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// The output folder the run wrote to (or would have).
    pub output: PathBuf,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Self {
        let src = repo_root().join("tests").join("fixtures").join(name);
        assert!(src.is_dir(), "no fixture folder {}", src.display());
        let site = Self::empty();
        copy_dir(&src, &site.root);
        site
    }

    /// A copy of the repository's default site: congbo.toml and content/.
    pub fn default_site() -> Self {
        let site = Self::empty();
        let repo = repo_root();
        fs::copy(repo.join("congbo.toml"), site.root.join("congbo.toml")).expect("copy congbo.toml");
        copy_dir(&repo.join("content"), &site.root.join("content"));
        site
    }

    /// An empty site root (no congbo.toml yet).
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new().prefix("congbo-test-").tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        fs::create_dir_all(&root).expect("create the site root");
        TestSite { _tmp: tmp, root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site root (a place for outputs outside the root).
    pub fn scratch(&self) -> &Path {
        self._tmp.path()
    }

    /// The default output folder: `output/` in the site root.
    pub fn output(&self) -> PathBuf {
        self.root.join("output")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    }

    pub fn read_source(&self, rel: &str) -> String {
        let p = self.root.join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Replaces `from` by `to` in a file of the site; `from` must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap_or_else(|e| panic!("cannot remove {rel}: {e}"));
    }

    /// Runs `congbo <command> [args…] --root <site root>`.
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_congbo"));
        // Tests read the English messages; the Vietnamese ones are checked by their own tests.
        cmd.env("CONGBO_LANG", "en");
        cmd.arg(command).args(args).arg("--root").arg(&self.root);
        // The binary must not depend on where the tests run from.
        cmd.current_dir(self._tmp.path());
        let out = cmd.output().expect("run congbo");
        let output = match args.iter().position(|a| *a == "--output") {
            Some(i) => {
                let p = PathBuf::from(args[i + 1]);
                if p.is_absolute() { p } else { self.root.join(p) }
            }
            None => self.output(),
        };
        Run {
            status: out.status,
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            output,
        }
    }

    /// `congbo build` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        self.run("build", args)
    }

    /// `congbo build` that must succeed.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        run.assert_success();
        run
    }

    /// `congbo check`.
    pub fn check(&self) -> Run {
        self.run("check", &[])
    }
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn assert_success(&self) -> &Self {
        assert!(self.status.success(), "congbo failed ({}):\n{}", self.status, self.stderr);
        self
    }

    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(self.status.code(), Some(code), "expected exit code {code}; stderr:\n{}", self.stderr);
        self
    }

    /// Path of an output file ("van-ban/x/index.html"; a path ending in "/" means its index.html).
    pub fn out_path(&self, rel: &str) -> PathBuf {
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.output.join(rel).join("index.html")
        } else {
            self.output.join(rel)
        }
    }

    pub fn file_exists(&self, rel: &str) -> bool {
        self.out_path(rel).is_file()
    }

    /// An output file as text (panics with the file's name when it is missing).
    pub fn read(&self, rel: &str) -> String {
        let p = self.out_path(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read output file {}: {e}", p.display()))
    }

    /// The visible text of an output HTML page (see [`page_text`]).
    pub fn text(&self, rel: &str) -> String {
        page_text(&self.read(rel))
    }

    pub fn assert_file_exists(&self, rel: &str) {
        assert!(self.file_exists(rel), "output file {} is missing", self.out_path(rel).display());
    }

    /// The raw HTML of `rel` contains `needle`.
    pub fn assert_contains(&self, rel: &str, needle: &str) {
        let text = self.read(rel);
        assert!(text.contains(needle), "{rel} does not contain {needle:?}");
    }

    /// The visible text of `rel` contains `needle` (whitespace collapsed).
    pub fn assert_text_contains(&self, rel: &str, needle: &str) {
        let text = self.text(rel);
        let needle = collapse_ws(needle);
        assert!(text.contains(&needle), "the text of {rel} does not contain {needle:?}");
    }
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

/// Every .html file under `dir`, relative.
pub fn html_files(dir: &Path) -> Vec<String> {
    files_under(dir).into_iter().filter(|p| p.ends_with(".html")).collect()
}

// ---------------------------------------------------------------------------------
// HTML reading. minify-html drops attribute quotes (`href=/van-ban/x/`), so attributes
// are read with a small tokenizer that accepts quoted and unquoted values.

/// A start tag with its attributes (values with entities decoded).
#[derive(Debug, Clone)]
pub struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the tag in the page.
    pub offset: usize,
}

impl StartTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of a page, in order. Comments, end tags and the contents of
/// `<script>` and `<style>` are skipped.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            // end tag, doctype or a stray "<": skip to the next ">"
            if i < b.len() && (b[i] == b'/' || b[i] == b'!' || b[i] == b'?') {
                i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            }
            continue;
        }
        let name_end = html[i..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).map_or(b.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let an_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(b.len(), |e| i + e);
            let attr_name = html[i..an_end].to_ascii_lowercase();
            i = an_end;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let v_end = html[i + 1..].find(q).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..v_end].to_string();
                    i = (v_end + 1).min(b.len());
                } else {
                    let v_end =
                        html[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').map_or(b.len(), |e| i + e);
                    value = html[i..v_end].to_string();
                    i = v_end;
                }
            }
            if !attr_name.is_empty() {
                attrs.push((attr_name, decode_entities(&value)));
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].to_ascii_lowercase().find(&close).map_or(b.len(), |e| i + e);
        }
        tags.push(StartTag { name, attrs, offset: start });
    }
    tags
}

/// Every `href` and `src` value of a page, in order.
pub fn link_values(html: &str) -> Vec<String> {
    start_tags(html)
        .into_iter()
        .flat_map(|t| t.attrs.into_iter().filter(|(n, _)| n == "href" || n == "src").map(|(_, v)| v))
        .collect()
}

/// An internal link found in an output page.
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// The page it is on, relative to the output folder.
    pub page: String,
    /// The link as written.
    pub url: String,
    /// The file it maps to, relative to the output folder.
    pub target: String,
}

/// Maps an internal URL (starting with `base`) to a file of the output folder:
/// "#fragment" and "?query" are dropped and a path ending in "/" means its index.html.
pub fn url_to_file(url: &str, base: &str) -> Option<String> {
    let rest = url.strip_prefix(base)?;
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let rest = percent_decode(rest);
    Some(if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest })
}

/// Every internal link (`href` or `src` starting with `base`, e.g. "/" or
/// "/ke-hoach/" or "https://portal.example.vn/ke-hoach/") in every .html file of `out`.
/// With base "/", protocol-relative "//host/…" links are not internal.
pub fn internal_links(out: &Path, base: &str) -> Vec<InternalLink> {
    let mut links = Vec::new();
    for page in html_files(out) {
        let html = fs::read_to_string(out.join(&page)).unwrap();
        for url in link_values(&html) {
            if url.starts_with("//") && base.starts_with('/') {
                continue;
            }
            if let Some(target) = url_to_file(&url, base) {
                links.push(InternalLink { page: page.clone(), url, target });
            }
        }
    }
    links
}

/// Internal links whose file does not exist, described one per line.
pub fn broken_links(out: &Path, base: &str) -> Vec<String> {
    internal_links(out, base)
        .into_iter()
        .filter(|l| !out.join(&l.target).is_file())
        .map(|l| format!("{}: {} (no file {})", l.page, l.url, l.target))
        .collect()
}

/// Inline elements: their tags do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// The visible text of the `<body>` of a page: tags stripped (block tags become a
/// space), `<script>`/`<style>` dropped, entities decoded, whitespace collapsed.
pub fn page_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let body_start = lower.find("<body").unwrap_or(0);
    let html = &html[body_start..];
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        out.push_str(&html[i..start]);
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            out.push('<');
            i = start + 1;
            continue;
        }
        // the end of the tag, skipping ">" inside quoted attribute values
        let mut end = start + 1;
        let mut quote: Option<u8> = None;
        let bytes = html.as_bytes();
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (None, b'"' | b'\'') if bytes[end - 1] == b'=' => quote = Some(bytes[end]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            end += 1;
        }
        i = (end + 1).min(html.len());
        let is_end_tag = rest.starts_with("</");
        if !is_end_tag && (name == "script" || name == "style") {
            let close = format!("</{name}");
            i = html[i..].to_ascii_lowercase().find(&close).map_or(html.len(), |e| i + e);
            continue;
        }
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(&html[i..]);
    collapse_ws(&decode_entities(&out))
}

/// Decodes the HTML entities a page may contain (named ones the theme and Markdown
/// produce, and numeric ones).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                // A bare "&" (minify-html leaves "&" unescaped where it is unambiguous).
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(v)) = (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------
// Front matter, read with a few string operations (enough for the files in content/).

/// The YAML lines between the opening and closing `---` of a content file.
pub fn front_matter(text: &str) -> Vec<&str> {
    let mut lines = text.lines();
    assert_eq!(lines.next().map(str::trim_end), Some("---"), "the file does not start with front matter");
    lines.take_while(|l| l.trim_end() != "---").collect()
}

/// A top-level scalar field, unquoted.
pub fn fm_scalar(text: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}:");
    front_matter(text).into_iter().find_map(|l| {
        let v = l.strip_prefix(&prefix)?.trim();
        (!v.is_empty()).then(|| unquote(v))
    })
}

/// A top-level list field, written inline (`key: ["a", "b"]`) or as a block of `- item` lines.
pub fn fm_list(text: &str, key: &str) -> Vec<String> {
    let lines = front_matter(text);
    let prefix = format!("{key}:");
    let Some(i) = lines.iter().position(|l| l.starts_with(&prefix)) else { return Vec::new() };
    let inline = lines[i][prefix.len()..].trim();
    if inline.starts_with('[') {
        return quoted_items(inline);
    }
    if !inline.is_empty() {
        return vec![unquote(inline)];
    }
    lines[i + 1..]
        .iter()
        .take_while(|l| l.starts_with([' ', '\t', '-']))
        .filter_map(|l| l.trim_start().strip_prefix('-'))
        .map(|v| unquote(v.trim()))
        .collect()
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// The double-quoted strings of an inline list: `["a, b", "c"]` → ["a, b", "c"].
fn quoted_items(s: &str) -> Vec<String> {
    s.split('"').skip(1).step_by(2).map(str::to_string).collect()
}
