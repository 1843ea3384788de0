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
    /// Template name → a fingerprint of everything rendering it reads besides its
    /// context (see [`fingerprints`]).
    fingerprints: BTreeMap<String, u64>,
}

impl Engine {
    pub(super) fn new(config: &Config, theme: &Theme) -> Result<Self, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(super::escape::escape_for_templates);
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
        let fingerprints = fingerprints(theme);
        Ok(Engine { tera, files, fingerprints })
    }

    /// A fingerprint of the template `name` with every template it may use and the
    /// interface's words: the same fingerprint and the same context render the same page.
    pub(super) fn fingerprint(&self, name: &str) -> Option<u64> {
        self.fingerprints.get(name).copied()
    }

    pub(super) fn render(&self, template: &str, context: &super::context::Context) -> Result<Vec<u8>, Diagnostic> {
        // Into bytes directly: `render` validates the whole page as UTF-8 once more (2%
        // of a 10,000-plan build), and the page goes on as bytes anyway.
        let mut page = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, context.tera(), &mut page)
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

/// Each template's fingerprint: a hash of the interface's words (the templates' global
/// context and `string()`), of its own text, and of the text of every template it may
/// use — those it names in quotes (`extends`, `include`, `import`), again and again,
/// and every template that defines components (usable from any template). A template
/// naming another in any other way (not in quotes) is taken to use every template.
fn fingerprints(theme: &Theme) -> BTreeMap<String, u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let texts: BTreeMap<&str, &str> = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    // Every word, as `t` and `string()` see them (the debug text escapes each).
    let words = format!("{:?}", theme.strings);
    let global: Vec<&str> = texts.iter().filter(|(_, text)| text.contains("component")).map(|(&n, _)| n).collect();
    let named = |text: &str| -> Option<Vec<&str>> {
        // A name that is not a literal: any template may be used.
        for keyword in ["extends", "include", "import"] {
            for (at, _) in text.match_indices(keyword) {
                let after = text[at + keyword.len()..].trim_start();
                if !after.starts_with('"') && !after.starts_with('\'') {
                    return None;
                }
            }
        }
        let quoted = |n: &&str| text.contains(&format!("\"{n}\"")) || text.contains(&format!("'{n}'"));
        Some(texts.keys().copied().filter(quoted).collect())
    };
    texts
        .keys()
        .map(|&name| {
            let mut used = std::collections::BTreeSet::new();
            let mut todo = vec![name];
            todo.extend(&global);
            let mut every = false;
            while let Some(t) = todo.pop() {
                if !used.insert(t) {
                    continue;
                }
                match named(texts[t]) {
                    Some(names) => todo.extend(names),
                    None => every = true,
                }
            }
            if every {
                used.extend(texts.keys().copied());
            }
            let mut h = DefaultHasher::new();
            words.hash(&mut h);
            for t in used {
                (t, texts[t]).hash(&mut h);
            }
            (name.to_string(), h.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::TemplateFile;

    /// A template's fingerprint follows the templates it extends and includes (again
    /// and again), those that define components, and the interface's words; no other.
    #[test]
    fn fingerprints_follow_what_a_template_uses() {
        let theme = |texts: &[(&str, &str)]| Theme {
            templates: texts
                .iter()
                .map(|(name, text)| TemplateFile {
                    name: name.to_string(),
                    path: PathBuf::from(name),
                    text: text.to_string(),
                })
                .collect(),
            ..Default::default()
        };
        let site = [
            ("base.html", "<main>{% block content %}{% endblock %}</main>{% include \"foot.html\" %}"),
            ("foot.html", "<footer></footer>"),
            ("components.html", "{% component x(a) %}{{ a }}{% endcomponent x %}"),
            ("document.html", "{% extends \"base.html\" %}{% block content %}d{% endblock %}"),
            ("listing.html", "{% extends 'base.html' %}{% block content %}l{% endblock %}"),
            ("page.html", "p"),
        ];
        let before = fingerprints(&theme(&site));
        let edited = |name: &str| {
            let texts: Vec<(&str, String)> =
                site.iter().map(|&(n, t)| (n, if n == name { format!("{t} ") } else { t.to_string() })).collect();
            let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
            let after = fingerprints(&theme(&texts));
            let mut changed: Vec<&str> = site.iter().map(|&(n, _)| n).filter(|n| before[*n] != after[*n]).collect();
            changed.sort();
            changed
        };
        assert_eq!(edited("listing.html"), ["listing.html"]);
        assert_eq!(edited("page.html"), ["page.html"]);
        assert_eq!(edited("foot.html"), ["base.html", "document.html", "foot.html", "listing.html"]);
        assert_eq!(edited("components.html").len(), site.len());
        // A template named otherwise than in quotes: it may use any.
        let dynamic = [("a.html", "{% include name %}"), ("b.html", "b")];
        let before = fingerprints(&theme(&dynamic));
        let after = fingerprints(&theme(&[("a.html", "{% include name %}"), ("b.html", "b ")]));
        assert_ne!(before["a.html"], after["a.html"]);
    }
}
