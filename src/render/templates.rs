//! The theme's Tera templates, ready to render, and their errors as diagnostics at
//! the template's own file, line and column.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::theme::Theme;

/// Tera with the theme's templates, and the mapping back to their files for errors.
pub(super) struct Engine {
    tera: tera::Tera,
    /// Template name → its file and text.
    files: BTreeMap<String, (PathBuf, String)>,
}

impl Engine {
    pub(super) fn new(config: &Config, theme: &Theme) -> Result<Self, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // The interface's words, `{{ t.nav.documents }}`, and their placeholders filled by
        // `{{ t.home.documents_count | fill(n=3) }}`.
        tera.global_context().insert("t", &theme.strings.for_templates());
        // Components see only their arguments: they ask by key, `{{ string(key="site.no_date") }}`.
        let strings = theme.strings.clone();
        tera.register_function("string", move |args: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let key: &str = args.must_get("key")?;
            match strings.has(key) {
                true => Ok(strings.get(key).to_string()),
                false => Err(tera::Error::message(format!("no interface string `{key}`"))),
            }
        });
        tera.register_filter("fill", |text: &str, values: tera::Kwargs, _: &tera::State| {
            crate::theme::strings::fill(text, |name| {
                values.iter().find(|(k, _)| k.to_string() == name).map(|(_, v)| v.to_string())
            })
        });
        let files: BTreeMap<String, (PathBuf, String)> =
            theme.templates.iter().map(|t| (t.name.clone(), (t.path.clone(), t.text.clone()))).collect();
        let templates: Vec<(&str, &str)> = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            return Err(vec![template_error(&e, &files, &config.theme_dir)].into());
        }
        for required in [
            "home.html",
            "document.html",
            "listing.html",
            "groups.html",
            "indicator.html",
            "search.html",
            "page.html",
            "404.html",
        ] {
            if !tera.contains_template(required) {
                return Err(vec![Diagnostic::error(
                    Place::file(config.theme_dir.join("templates").join(required)),
                    t!("theme.no_template", name = required),
                )]
                .into());
            }
        }
        Ok(Engine { tera, files })
    }

    pub(super) fn render(&self, template: &str, context: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
        // Into bytes directly: `render` validates the whole page as UTF-8 once more (2%
        // of a 10,000-plan build), and the page goes on as bytes anyway.
        let mut page = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, context, &mut page)
            .map_err(|e| template_error(&e, &self.files, std::path::Path::new(template)))?;
        Ok(page)
    }
}

/// A template error as a diagnostic at the template's file, line and column.
fn template_error(
    e: &tera::Error,
    files: &BTreeMap<String, (PathBuf, String)>,
    fallback: &std::path::Path,
) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let (path, source) =
                files.get(r.filename()).cloned().unwrap_or_else(|| (PathBuf::from(r.filename()), String::new()));
            let span = r.span();
            let message = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                t!("theme.syntax_error", error = r.message())
            } else {
                t!("theme.template_error", error = r.message())
            };
            Diagnostic::error(Place::at(&path, span.start_line, span.start_col + 1), message)
                .with_source(&source, (span.end_col.saturating_sub(span.start_col)).max(1))
        }
        // Other errors (an unknown template in an include, a cycle) carry no span: name
        // the template file the message mentions, when it mentions one.
        _ => {
            let message = e.to_string();
            // The report inside names its place as "--> name:line:col".
            let place = message.split("--> ").nth(1).and_then(|rest| {
                let at = rest.split_whitespace().next()?;
                let mut parts = at.rsplitn(3, ':');
                let (col, line, name) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?);
                let (path, source) = files.get(name)?;
                Some((path.clone(), source.clone(), line, col))
            });
            let first_line = message.lines().next().unwrap_or("").trim_start_matches("error: ").to_string();
            match place {
                Some((path, source, line, col)) => {
                    Diagnostic::error(Place::at(path, line, col), t!("theme.template_error", error = first_line))
                        .with_source(&source, 1)
                }
                None => Diagnostic::error(Place::file(fallback), t!("theme.template_error", error = message)),
            }
        }
    }
}
