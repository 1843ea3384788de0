//! Configuration: `congbo.toml` at the site root, with command-line overrides.
//!
//! Takes the site root and the overrides, gives a [`Config`] that every later stage
//! reads; the clock is read here (for the default `as_of`) and nowhere else.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, Place};

pub const CONFIG_FILE: &str = "congbo.toml";

/// The configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: where congbo.toml, content/ and templates/ are.
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// The theme's folder (templates/, static/); the site's own templates/ override it.
    pub theme_dir: PathBuf,
    pub site_templates_dir: PathBuf,
    pub base_url: BaseUrl,
    pub title: String,
    pub description: String,
    /// The day progress is assessed on; fixed per build so output is reproducible.
    pub as_of: Date,
    /// Documents per listing page.
    pub page_size: usize,
    /// Minify HTML output (on by default; off helps when debugging a template).
    pub minify: bool,
    /// Open data licence line shown on data pages and in exports.
    pub licence: String,
    /// Publish editors' raw HTML unsanitised (scripts included). Off by default.
    pub unsafe_html: bool,
}

/// What the command line can override.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output")]
    output_dir: PathBuf,
    as_of: Option<String>,
    #[serde(default = "default_page_size")]
    page_size: usize,
    #[serde(default = "default_true")]
    minify: bool,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    unsafe_html: bool,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> PathBuf {
    "output".into()
}
fn default_page_size() -> usize {
    30
}
fn default_true() -> bool {
    true
}

/// The site's public address. Internal links are root-relative paths under `path`
/// (so the site works under a portal's sub-path); canonical links and feeds use the
/// full address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// "https://portal.example.vn" or "" when only a path was given.
    pub origin: String,
    /// Always starts and ends with "/": "/" or "/ke-hoach/".
    pub path: String,
}

impl BaseUrl {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (origin, path) = if let Some(rest) = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")) {
            let scheme_len = s.len() - rest.len();
            let host_end = rest.find('/').unwrap_or(rest.len());
            if host_end == 0 {
                return Err(t!("config.base_url.no_host", url = s).into_owned());
            }
            (s[..scheme_len + host_end].to_string(), &rest[host_end..])
        } else if s.starts_with('/') {
            (String::new(), s)
        } else {
            return Err(t!("config.base_url.scheme", url = s).into_owned());
        };
        if path.contains(['?', '#', ' ']) {
            return Err(t!("config.base_url.query", url = s).into_owned());
        }
        let mut path = path.trim_end_matches('/').to_string();
        path.push('/');
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// A link to a site path ("van-ban/x/" or "/van-ban/x/"), as the browser should follow it.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// The full address of a site path, for canonical links, feeds and sitemaps.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.link(site_path))
    }
}

impl Config {
    /// A configuration for tests and tools that have no congbo.toml.
    pub fn for_root(root: &Path) -> Self {
        Config {
            root: root.to_path_buf(),
            content_dir: root.join("content"),
            output_dir: root.join("output"),
            theme_dir: root.join("themes").join("default"),
            site_templates_dir: root.join("templates"),
            base_url: BaseUrl { origin: String::new(), path: "/".into() },
            title: "congbo".into(),
            description: String::new(),
            as_of: jiff::civil::date(2026, 1, 1),
            page_size: 30,
            minify: true,
            licence: String::new(),
            unsafe_html: false,
        }
    }
}

/// Reads `congbo.toml` under `root` and applies the command-line overrides.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error(Place::file(&path), t!("config.cannot_read", error = e))
                .with_help(t!("config.cannot_read.help", file = CONFIG_FILE));
            return Err(vec![d].into());
        }
    };
    let file: ConfigFile = toml::from_str(&text).map_err(|e| {
        let (line, col) = e.span().map(|span| line_col(&text, span.start)).unwrap_or((0, 0));
        let message = t!("config.invalid", error = crate::lang::library_error(e.message()));
        let d = Diagnostic::error(Place::at(&path, line, col), message).with_source(&text, 1);
        Diagnostics::from(vec![d])
    })?;

    let mut errors = Vec::new();
    let base_url_text = overrides.base_url.clone().unwrap_or(file.base_url);
    let base_url = BaseUrl::parse(&base_url_text).unwrap_or_else(|msg| {
        errors.push(Diagnostic::error(Place::file(&path), msg).with_help(t!("config.base_url.help")));
        BaseUrl { origin: String::new(), path: "/".into() }
    });
    let as_of = match overrides.as_of.as_ref().or(file.as_of.as_ref()) {
        Some(s) => s.parse::<Date>().unwrap_or_else(|e| {
            errors.push(Diagnostic::error(Place::file(&path), t!("config.as_of", value = s, error = e)));
            jiff::civil::date(2000, 1, 1)
        }),
        None => jiff::Zoned::now().date(),
    };
    if file.page_size == 0 {
        errors.push(Diagnostic::error(Place::file(&path), t!("config.page_size")));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let output_dir = overrides.output_dir.clone().unwrap_or(file.output_dir);
    Ok(Config {
        root: root.to_path_buf(),
        content_dir: root.join("content"),
        output_dir: if output_dir.is_absolute() { output_dir } else { root.join(output_dir) },
        theme_dir: root.join("themes").join(&file.theme),
        site_templates_dir: root.join("templates"),
        base_url,
        title: file.title,
        description: file.description,
        as_of,
        page_size: file.page_size,
        minify: file.minify,
        licence: file.licence,
        unsafe_html: file.unsafe_html,
    })
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_sub_path() {
        let b = BaseUrl::parse("https://portal.example.vn/ke-hoach").unwrap();
        assert_eq!(b.origin, "https://portal.example.vn");
        assert_eq!(b.path, "/ke-hoach/");
        assert_eq!(b.link("/van-ban/x/"), "/ke-hoach/van-ban/x/");
        assert_eq!(b.absolute("van-ban/x/"), "https://portal.example.vn/ke-hoach/van-ban/x/");
        assert_eq!(BaseUrl::parse("/").unwrap().link(""), "/");
        assert!(BaseUrl::parse("portal.example.vn").is_err());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nđây x", 9), (2, 5));
    }
}
