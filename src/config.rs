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
    /// Minify HTML output (on by default; off helps when debugging a template). Never
    /// in the live preview: minifying changes bytes, not what a browser shows, and a
    /// template every document uses would otherwise cost seconds of minifying per save.
    pub minify: bool,
    /// Open data licence line shown on data pages and in exports.
    pub licence: String,
    /// Publish editors' raw HTML unsanitised (scripts included). Off by default.
    pub unsafe_html: bool,
    /// `[extra]` of congbo.toml: the portal's own settings, handed to templates as they are.
    pub extra: toml::Table,
    /// The interface's language: "vi" (the default) or "en", or one the site translates.
    pub language: String,
    /// The live preview of `serve`: documents marked `draft: true` are shown (with a
    /// banner; `build` never publishes them), and stylesheets and scripts keep their
    /// plain names, so that a changed stylesheet swaps in without reloading pages.
    pub preview: bool,
}

/// What the command line can override.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub as_of: Option<String>,
    /// The live preview (`serve`): drafts shown, no fingerprinted names.
    pub preview: bool,
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
    #[serde(default = "default_language")]
    language: String,
    /// The portal's own settings, for its templates: `[extra]`.
    #[serde(default)]
    extra: toml::Table,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "vi".into()
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

/// Why a base_url cannot be the site's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlError {
    /// Not http(s) and not a path: "ftp://…", "portal.example.vn".
    Scheme,
    NoHost,
    /// "https://user:pass@host/": credentials would be published in every link.
    Credentials,
    Query,
    Fragment,
    /// "//ke-hoach/": a browser reads it as a host named "ke-hoach".
    ProtocolRelative,
    /// A path with a space, or an address the URL parser refuses (a port over 65535).
    Invalid(String),
}

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            BaseUrlError::Scheme => t!("config.base_url.scheme"),
            BaseUrlError::NoHost => t!("config.base_url.no_host"),
            BaseUrlError::Credentials => t!("config.base_url.credentials"),
            BaseUrlError::Query => t!("config.base_url.query"),
            BaseUrlError::Fragment => t!("config.base_url.fragment"),
            BaseUrlError::ProtocolRelative => t!("config.base_url.protocol_relative"),
            BaseUrlError::Invalid(e) => t!("config.base_url.invalid", error = e),
        };
        f.write_str(&text)
    }
}

impl BaseUrl {
    /// An address the site is published at: `https://host[:port]/path/`, or only a path
    /// (`/`, `/ke-hoach/`) when the host is not known yet. Nothing else: no query,
    /// fragment or credentials, which would end up in every canonical link.
    pub fn parse(s: &str) -> Result<Self, BaseUrlError> {
        let s = s.trim();
        if s.starts_with("//") {
            return Err(BaseUrlError::ProtocolRelative);
        }
        if s.starts_with('/') {
            if s.contains(['?']) {
                return Err(BaseUrlError::Query);
            }
            if s.contains('#') {
                return Err(BaseUrlError::Fragment);
            }
            if s.contains(char::is_whitespace) {
                return Err(BaseUrlError::Invalid(s.to_string()));
            }
            return Ok(BaseUrl { origin: String::new(), path: format!("{}/", s.trim_end_matches('/')) });
        }
        // WHATWG parsing reads "https:///ke-hoach/" as host "ke-hoach"; a portal meant a path.
        if s.split_once("://").is_some_and(|(_, rest)| rest.starts_with('/') || rest.is_empty()) {
            return Err(BaseUrlError::NoHost);
        }
        let url = url::Url::parse(s).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => BaseUrlError::Scheme,
            url::ParseError::EmptyHost => BaseUrlError::NoHost,
            e => BaseUrlError::Invalid(e.to_string()),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(BaseUrlError::Scheme);
        }
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else { return Err(BaseUrlError::NoHost) };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlError::Credentials);
        }
        if url.query().is_some() {
            return Err(BaseUrlError::Query);
        }
        if url.fragment().is_some() {
            return Err(BaseUrlError::Fragment);
        }
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let origin = format!("{}://{host}{port}", url.scheme());
        Ok(BaseUrl { origin, path: format!("{}/", url.path().trim_end_matches('/')) })
    }

    /// Why canonical links, the feed and the sitemap would not lead readers to the site:
    /// the address has no host (a path alone, or no base_url at all), or the host is
    /// this computer's own (the preview address).
    pub fn unpublishable(&self) -> Option<String> {
        let Some((_, authority)) = self.origin.split_once("://") else {
            return Some(t!("config.base_url.no_host_warning").into_owned());
        };
        let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
        let loopback = host == "localhost" || host == "[::1]" || host.starts_with("127.") || host == "0.0.0.0";
        loopback.then(|| t!("config.base_url.loopback_warning", address = self.origin).into_owned())
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
            extra: toml::Table::new(),
            language: "vi".into(),
            preview: false,
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
    // A value is blamed on where it was written: the command line, or its line in congbo.toml.
    let place_of = |key: &str, from_command_line: bool| {
        if from_command_line {
            Place::file(format!("--{}", key.replace('_', "-")))
        } else {
            let line = text.lines().position(|l| l.trim_start().starts_with(key)).map_or(0, |i| i + 1);
            Place::at(&path, line, 0)
        }
    };
    let base_url_text = overrides.base_url.clone().unwrap_or(file.base_url);
    let base_url = BaseUrl::parse(&base_url_text).unwrap_or_else(|e| {
        let place = place_of("base_url", overrides.base_url.is_some());
        let message = t!("config.base_url.bad", url = base_url_text, why = e);
        errors.push(Diagnostic::error(place, message).with_source(&text, 1).with_help(t!("config.base_url.help")));
        BaseUrl { origin: String::new(), path: "/".into() }
    });
    let as_of = match overrides.as_of.as_ref().or(file.as_of.as_ref()) {
        Some(s) => s.parse::<Date>().unwrap_or_else(|e| {
            let place = place_of("as_of", overrides.as_of.is_some());
            errors.push(Diagnostic::error(place, t!("config.as_of", value = s, error = e)).with_source(&text, 1));
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
    // `--output` is relative to the current folder, as for every other tool; the
    // output_dir of congbo.toml to the site's folder.
    let output_dir = match &overrides.output_dir {
        Some(o) if o.starts_with("~") => {
            let d = Diagnostic::error(Place::file("--output"), t!("config.output_tilde", path = o.display()));
            return Err(vec![d.with_help(t!("config.output_tilde.help"))].into());
        }
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir().map(|cwd| cwd.join(o)).unwrap_or_else(|_| o.clone()),
        None if file.output_dir.is_absolute() => file.output_dir,
        None => root.join(file.output_dir),
    };
    Ok(Config {
        root: root.to_path_buf(),
        content_dir: root.join("content"),
        output_dir,
        theme_dir: root.join("themes").join(&file.theme),
        site_templates_dir: root.join("templates"),
        base_url,
        title: file.title,
        description: file.description,
        as_of,
        page_size: file.page_size,
        minify: file.minify && !overrides.preview,
        licence: file.licence,
        unsafe_html: file.unsafe_html,
        extra: file.extra,
        language: file.language.trim().to_string(),
        preview: overrides.preview,
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

    /// What a portal might mistype, each refused for its own reason.
    #[test]
    fn base_urls_that_cannot_be_the_sites_address() {
        use BaseUrlError::*;
        let err = |s: &str| BaseUrl::parse(s).unwrap_err();
        assert_eq!(err("https://portal.example.vn?x=1"), Query);
        assert_eq!(err("https://portal.example.vn/#frag"), Fragment);
        assert_eq!(err("//ke-hoach/"), ProtocolRelative);
        assert_eq!(err("https://user:pass@portal.example.vn/"), Credentials);
        assert!(matches!(err("https://portal.example.vn:99999/"), Invalid(_)));
        assert_eq!(err("ftp://portal.example.vn/"), Scheme);
        assert_eq!(err("https:///ke-hoach/"), NoHost);
        let ok = BaseUrl::parse("https://Portal.Example.vn:8443/ke-hoach").unwrap();
        assert_eq!((ok.origin.as_str(), ok.path.as_str()), ("https://portal.example.vn:8443", "/ke-hoach/"));
        assert!(BaseUrl::parse("http://127.0.0.1:1111/").unwrap().unpublishable().is_some());
        assert!(BaseUrl::parse("/ke-hoach/").unwrap().unpublishable().is_some());
        assert!(ok.unpublishable().is_none());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nđây x", 9), (2, 5));
    }
}
