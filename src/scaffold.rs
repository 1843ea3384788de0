//! New sites and documents: `congbo init` writes a site that builds (congbo.toml with
//! every key explained, the content folders, one example document, a templates/ folder
//! for overrides); `congbo new plan|directive|report` writes a file with the complete
//! front matter of its kind, each field explained in Vietnamese, ready to fill in.
//! Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use crate::text::slugify;

/// The kinds of document `congbo new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A plan or programme (content/plans/).
    Plan,
    /// A directive that others implement (content/directives/).
    Directive,
    /// A progress report on a plan (content/reports/).
    Report,
}

impl NewKind {
    fn folder(self) -> &'static str {
        match self {
            NewKind::Plan => "plans",
            NewKind::Directive => "directives",
            NewKind::Report => "reports",
        }
    }
}

/// Where the new file goes: `path` when given (a folder gets a name from the title),
/// else content/<kind>/<slug of the title>.md.
pub fn target_path(root: &Path, kind: NewKind, path: Option<&Path>, title: &str) -> PathBuf {
    let name = match slugify(title) {
        s if s.is_empty() => match kind {
            NewKind::Plan => "ke-hoach-moi.md".to_string(),
            NewKind::Directive => "chi-thi-moi.md".to_string(),
            NewKind::Report => "bao-cao-moi.md".to_string(),
        },
        s => format!("{s}.md"),
    };
    match path {
        Some(p) if p.extension().is_some_and(|e| e == "md") => root.join(p),
        Some(p) => root.join(p).join(name),
        None => root.join("content").join(kind.folder()).join(name),
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Why `congbo new` or `congbo init` wrote nothing.
#[derive(Debug)]
pub enum NewError {
    /// The file exists: it is never overwritten.
    Exists(PathBuf),
    Write(PathBuf, std::io::Error),
    /// `--root` names no site (no congbo.toml there).
    NotASite(PathBuf),
    /// A file name that is not a Markdown document ("x.txt").
    NotMarkdown(PathBuf),
    /// `init` into a folder that already holds a site.
    AlreadyASite(PathBuf),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::Exists(p) => write!(f, "{}", t!("new.exists", path = p.display())),
            NewError::Write(p, e) => write!(f, "{}", t!("new.cannot_write", path = p.display(), error = e)),
            NewError::NotASite(p) => write!(f, "{}", t!("new.not_a_site", path = p.display())),
            NewError::NotMarkdown(p) => write!(f, "{}", t!("new.not_markdown", path = p.display())),
            NewError::AlreadyASite(p) => write!(f, "{}", t!("init.already", path = p.display())),
        }
    }
}

/// Writes a new document of `kind` (see [`target_path`]), never over an existing file;
/// returns the file written.
pub fn write_new(root: &Path, kind: NewKind, path: Option<&Path>, title: &str) -> Result<PathBuf, NewError> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(NewError::NotASite(root.to_path_buf()));
    }
    // "x.txt" is a file name the editor meant, not a folder to create: refused.
    if let Some(p) = path.filter(|p| p.extension().is_some_and(|e| e != "md")) {
        return Err(NewError::NotMarkdown(p.to_path_buf()));
    }
    let target = target_path(root, kind, path, title);
    if target.exists() {
        return Err(NewError::Exists(target));
    }
    create_new(&target, &template(kind, title))?;
    Ok(target)
}

/// Writes `text` into a new file (and its folders), never over an existing one.
fn create_new(target: &Path, text: &str) -> Result<(), NewError> {
    let fail = |e: std::io::Error| NewError::Write(target.to_path_buf(), e);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // create_new: never overwrite, even if the file appeared meanwhile.
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists { NewError::Exists(target.to_path_buf()) } else { fail(e) }
    })?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    Ok(())
}

/// The files of a new site, by path under its folder.
const SITE_FILES: &[(&str, &str)] = &[
    ("congbo.toml", include_str!("scaffold/congbo.toml")),
    ("content/plans/ke-hoach-mau.md", include_str!("scaffold/ke-hoach-mau.md")),
    ("content/pages/gioi-thieu.md", include_str!("scaffold/gioi-thieu.md")),
    ("templates/README.md", include_str!("scaffold/templates-README.md")),
    ("strings/vi.toml", include_str!("scaffold/strings-vi.toml")),
];

/// Writes a new site into `dir` (created if needed): it builds and passes `congbo
/// check` as it is. Refused where a site already is; writes over nothing.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, NewError> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(NewError::AlreadyASite(dir.to_path_buf()));
    }
    if let Some((rel, _)) = SITE_FILES.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(NewError::Exists(dir.join(rel)));
    }
    let mut written = Vec::new();
    for (rel, text) in SITE_FILES {
        let target = dir.join(rel);
        create_new(&target, text)?;
        written.push(target);
    }
    for folder in ["content/directives", "content/reports", "static"] {
        std::fs::create_dir_all(dir.join(folder)).map_err(|e| NewError::Write(dir.join(folder), e))?;
    }
    Ok(written)
}

/// The text of a new document of `kind`.
pub fn template(kind: NewKind, title: &str) -> String {
    let title = if title.trim().is_empty() { "…" } else { title.trim() };
    let common = format!(
        "number: \"\"                  # Số, ký hiệu như trên văn bản, vd \"4621/KH-UBND\"; xóa dòng nếu văn bản không ghi số
title: {}                      # Trích yếu
issuer: \"\"                   # Cơ quan ban hành, vd \"UBND tỉnh Cao Bằng\"
place: \"\"                    # Nơi ban hành; xóa dòng nếu không ghi
date: \"\"                     # Ngày ban hành, dạng năm-tháng-ngày, vd 2022-06-01; xóa dòng nếu văn bản không ghi ngày
level: tinh                    # Cấp: trung-uong | tinh | huyen | xa | to-chuc
region: \"\"                   # Địa phương, vd \"Cao Bằng\"
",
        quoted(title)
    );
    match kind {
        NewKind::Report => format!(
            "---
kind: Báo cáo                  # Loại văn bản
{common}reports_on: \"\"               # Số ký hiệu (hoặc đường dẫn tệp) của kế hoạch được báo cáo
year: 2024                     # Năm của số liệu
values:                        # Giá trị đạt được, theo mã chỉ tiêu (id) của kế hoạch
  gia-dinh-hoc-tap: 0          # vd 72.4; có thể ghi {{ value: 86, qualifier: \"trên\" }}
source: \"\"                   # Đường dẫn tới nơi công bố số liệu (https://…)
quote: \"\"                    # Câu trích nguyên văn nguồn số liệu
# illustrative: true           # Bỏ dấu # nếu đây là số liệu minh họa, không phải số liệu thật
---
Nguồn và cách thu thập số liệu.
"
        ),
        _ => format!(
            "---
kind: {}                       # Loại văn bản như trên văn bản: Kế hoạch, Chỉ thị, Kết luận, Quyết định, Chương trình hành động …
{common}period: [2021, 2025]           # Giai đoạn; xóa dòng nếu không ghi
implements: []                 # \"Thực hiện …\": số ký hiệu các văn bản mà văn bản này thực hiện, vd [\"387/QĐ-TTg\"]
based_on: []                   # \"Căn cứ …\": số ký hiệu các văn bản căn cứ
# amends: \"\"                 # Văn bản được sửa đổi, bổ sung (bỏ dấu # để dùng)
# replaces: \"\"               # Văn bản bị thay thế
aliases: []                    # Tên gọi tắt mà văn bản khác dùng, vd [\"Chương trình 387\"]
signer:                        # Người ký
  name: \"\"                   # Họ tên
  title: \"\"                  # Các dòng chức danh, cách nhau bằng \", \", vd \"T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ\"
recipients: []                 # Nơi nhận, mỗi nơi một mục, vd [\"Tỉnh ủy (b/c)\", \"Lưu VT\"]
source: \"\"                   # Đường dẫn tới bản gốc (bản quét, https://…); xóa dòng nếu không có
targets: []                    # Chỉ tiêu, vd:
#  - id: gia-dinh-hoc-tap
#    indicator: gia-dinh-hoc-tap
#    label: \"Gia đình được công nhận “Gia đình học tập”\"
#    unit: \"%\"
#    milestones: [{{ year: 2025, value: 70 }}, {{ year: 2030, value: 80 }}]
---
Nội dung văn bản. Các phần La Mã: \"## I. MỤC ĐÍCH, YÊU CẦU\"; các ý: \"- …\".
",
            if kind == NewKind::Directive { "Chỉ thị" } else { "Kế hoạch" }
        ),
    }
}
