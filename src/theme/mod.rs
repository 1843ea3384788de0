//! The theme: Tera templates and static assets, read from the theme's folder with the
//! site's own `templates/` and `static/` taking precedence, so a portal can override a
//! single template or stylesheet without copying the theme. The interface's words are
//! the theme's too (strings.rs).

pub mod strings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
pub use strings::Strings;

/// One template: its name as templates refer to it ("document.html") and its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    /// Static files: path under the output root → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// The interface's words in the site's language.
    pub strings: Strings,
}

/// The default theme, built into the binary so that a site needs no theme folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("components.html", include_str!("../../themes/default/templates/components.html")),
    ("document.html", include_str!("../../themes/default/templates/document.html")),
    ("groups.html", include_str!("../../themes/default/templates/groups.html")),
    ("home.html", include_str!("../../themes/default/templates/home.html")),
    ("indicator.html", include_str!("../../themes/default/templates/indicator.html")),
    ("listing.html", include_str!("../../themes/default/templates/listing.html")),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("place_attributes.html", include_str!("../../themes/default/templates/place_attributes.html")),
    ("places.html", include_str!("../../themes/default/templates/places.html")),
    ("province_map.html", include_str!("../../themes/default/templates/province_map.html")),
    ("province.html", include_str!("../../themes/default/templates/province.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("summary.html", include_str!("../../themes/default/templates/summary.html")),
];
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
    ("style.css", include_bytes!("../../themes/default/static/style.css")),
    ("tim-kiem.js", include_bytes!("../../themes/default/static/tim-kiem.js")),
];

/// Reads the theme, then the site's overrides. The theme "default" is built in: a
/// site's themes/default/ folder, when present, is read instead.
pub fn load(config: &Config) -> (Theme, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    if !config.theme_dir.is_dir() {
        if config.theme_dir.file_name().is_some_and(|n| n == "default") {
            for (name, text) in DEFAULT_TEMPLATES {
                let path = PathBuf::from("(built-in theme)/templates").join(name);
                templates
                    .insert(name.to_string(), TemplateFile { name: name.to_string(), path, text: text.to_string() });
            }
            for (name, bytes) in DEFAULT_STATIC {
                static_files.insert(name.to_string(), bytes.to_vec());
            }
        } else {
            diags.push(
                Diagnostic::error(Place::file(&config.theme_dir), t!("theme.no_folder"))
                    .with_help(t!("theme.no_folder.help")),
            );
            return (Theme::default(), diags);
        }
    }
    for dir in [config.theme_dir.join("templates"), config.site_templates_dir.clone()] {
        for (name, path) in files_under(&dir, &mut diags) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    templates.insert(name.clone(), TemplateFile { name, path, text });
                }
                Err(e) => {
                    diags.push(Diagnostic::error(Place::file(&path), t!("theme.cannot_read_template", error = e)))
                }
            }
        }
    }
    for dir in [config.theme_dir.join("static"), config.root.join("static")] {
        for (name, path) in files_under(&dir, &mut diags) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    static_files.insert(name, bytes);
                }
                Err(e) => diags.push(Diagnostic::error(Place::file(&path), t!("content.cannot_read", error = e))),
            }
        }
    }
    let config_file = config.root.join(crate::config::CONFIG_FILE);
    let language_line = std::fs::read_to_string(&config_file)
        .ok()
        .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("language")))
        .map_or(0, |i| i + 1);
    let strings = strings::load(
        &config.language,
        &config.theme_dir,
        &config.root.join("strings"),
        &config_file,
        language_line,
        &mut diags,
    );
    (Theme { templates: templates.into_values().collect(), static_files, strings }, diags)
}

/// Regular files under `dir` (sorted), with their "/"-separated path relative to it.
fn files_under(dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let name = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if !name.split('/').any(|s| s.starts_with('.')) {
                    out.push((name, e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::error(Place::file(dir), t!("content.cannot_read", error = e))),
        }
    }
    out
}
