//! The interface's words: every label, heading and sentence the site shows around the
//! documents, in the theme's string files (`strings/<language>.toml`: Vietnamese, and
//! English second). A theme folder or the site's own `strings/<language>.toml` changes
//! any of them, key by key, as `templates/` does for templates. Templates read them as
//! `{{ t.section.key }}`; the renderer through [`Strings::get`] and [`Strings::fill`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics, Place};

/// The languages the built-in theme speaks, with their string files.
const BUILT_IN: &[(&str, &str)] = &[
    ("vi", include_str!("../../themes/default/strings/vi.toml")),
    ("en", include_str!("../../themes/default/strings/en.toml")),
];

/// The assessment rule's page, congbo's own documentation, in each built-in language:
/// the default of `pages.rule`.
const RULE_PAGES: &[(&str, &str)] =
    &[("vi", include_str!("../../docs/progress.md")), ("en", include_str!("../../docs/progress.en.md"))];

/// The interface's words in one language.
#[derive(Debug, Clone)]
pub struct Strings {
    /// "vi", "en": the page's `lang`.
    pub language: String,
    /// "section.key" → text with `{name}` placeholders.
    texts: BTreeMap<String, String>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings::built_in("vi").expect("the built-in Vietnamese strings")
    }
}

impl Strings {
    /// The built-in strings of a language, if the theme has it.
    pub fn built_in(language: &str) -> Option<Strings> {
        all_built_in().iter().find(|s| s.language == language).cloned()
    }

    /// The text of `key`, e.g. "nav.documents". Every key the renderer asks for is in
    /// the built-in files (a unit test reads them all); a missing one shows as "?".
    pub fn get(&self, key: &str) -> &str {
        debug_assert!(self.texts.contains_key(key), "no interface string {key}");
        self.texts.get(key).map_or("?", String::as_str)
    }

    /// Whether the strings have `key`.
    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }

    /// The text of `key` with its placeholders filled: `fill("home.documents_count", &[("n", &3)])`.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn Display)]) -> String {
        fill(self.get(key), |name| values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    /// "ngày 5 tháng 3 năm 2024" / "5 March 2024".
    pub fn date_long(&self, date: jiff::civil::Date) -> String {
        self.date("date.long", date)
    }

    /// "05/03/2024".
    pub fn date_short(&self, date: jiff::civil::Date) -> String {
        self.date("date.short", date)
    }

    fn date(&self, key: &str, date: jiff::civil::Date) -> String {
        let month = self.get("date.months").split(',').nth(date.month() as usize - 1).unwrap_or("").trim().to_string();
        self.fill(
            key,
            &[
                ("d", &date.day()),
                ("m", &date.month()),
                ("y", &date.year()),
                ("dd", &format!("{:02}", date.day())),
                ("mm", &format!("{:02}", date.month())),
                ("month", &month),
            ],
        )
    }

    /// The strings as templates see them: `t.section.key`.
    pub fn for_templates(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (key, text) in &self.texts {
            if let Some((section, name)) = key.split_once('.') {
                out.entry(section.to_string()).or_default().insert(name.to_string(), text.clone());
            }
        }
        out
    }
}

/// Every built-in language's strings, parsed once per process (a `serve` reloads the
/// theme on every template edit).
fn all_built_in() -> &'static [Strings] {
    static PARSED: std::sync::OnceLock<Vec<Strings>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|(language, text)| {
                let table: toml::Table = toml::from_str(text).expect("the built-in string files are valid TOML");
                let mut texts = flatten(&table).into_iter().map(|(k, (v, _))| (k, v)).collect::<BTreeMap<_, _>>();
                if let Some((_, rule)) = RULE_PAGES.iter().find(|(l, _)| l == language) {
                    texts.insert("pages.rule".into(), rule.to_string());
                }
                Strings { language: language.to_string(), texts }
            })
            .collect()
    })
}

/// `text` with each `{name}` replaced by `value(name)`; an unknown name stays as written.
pub fn fill(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').filter(|&close| is_name(&after[..close])) {
            Some(close) => {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    fill(text, |name| {
        found.insert(name.to_string());
        None
    });
    found
}

/// The strings of `language`: the built-in theme's, then the theme folder's
/// `strings/<language>.toml`, then the site's, each changing only the keys it writes.
/// `language_line` is where congbo.toml sets the language (for its diagnostics).
pub fn load(
    language: &str,
    theme_dir: &Path,
    site_dir: &Path,
    config_file: &Path,
    language_line: usize,
    diags: &mut Diagnostics,
) -> Strings {
    let file_name = format!("{language}.toml");
    let layers: Vec<std::path::PathBuf> = [theme_dir.join("strings").join(&file_name), site_dir.join(&file_name)]
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    let vietnamese = Strings::default();
    let (mut strings, built_in) = match Strings::built_in(language) {
        Some(s) => (s, true),
        None if !layers.is_empty() => (Strings { language: language.to_string(), ..vietnamese.clone() }, false),
        None => {
            let known = BUILT_IN.iter().map(|(l, _)| *l).collect::<Vec<_>>().join(", ");
            diags.push(
                Diagnostic::error(
                    Place::at(config_file, language_line, 0),
                    t!("strings.unknown_language", language = language, known = known),
                )
                .with_help(t!("strings.unknown_language.help", file = site_dir.join(&file_name).display())),
            );
            return vietnamese;
        }
    };
    // Every key and the placeholders the renderer fills for it, in any language.
    let mut allowed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for built in all_built_in() {
        for (key, text) in &built.texts {
            allowed.entry(key.clone()).or_default().extend(placeholders(text));
        }
    }
    let mut written = BTreeSet::new();
    for path in &layers {
        read_layer(path, &allowed, &mut strings, &mut written, diags);
    }
    if !built_in {
        // A language the theme does not have: the keys not yet translated stay Vietnamese.
        let missing: Vec<&String> = allowed.keys().filter(|k| !written.contains(*k)).collect();
        if !missing.is_empty() {
            let first: Vec<&str> = missing.iter().take(5).map(|k| k.as_str()).collect();
            diags.push(Diagnostic::warning(
                Place::file(layers.last().expect("a layer")),
                t!("strings.untranslated", count = missing.len(), keys = first.join(", ")),
            ));
        }
    }
    strings
}

/// Applies one string file onto `strings`, with a diagnostic at its line for each key,
/// value or placeholder congbo does not know.
fn read_layer(
    path: &Path,
    allowed: &BTreeMap<String, BTreeSet<String>>,
    strings: &mut Strings,
    written: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(Place::file(path), t!("content.cannot_read", error = e)));
            return;
        }
    };
    let table: toml::Table = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = e.span().map(|s| crate::config::line_col(&text, s.start)).unwrap_or((0, 0));
            let message = t!("strings.invalid", error = crate::lang::library_error(e.message()));
            diags.push(Diagnostic::error(Place::at(path, line, col), message).with_source(&text, 1));
            return;
        }
    };
    let lines = key_lines(&text);
    for (key, (value, is_text)) in flatten(&table) {
        let line = lines.get(&key).copied().unwrap_or(0);
        let place = Place::at(path, line, 0);
        let Some(known) = allowed.get(&key) else {
            let nearest = allowed
                .keys()
                .min_by_key(|k| strsim::levenshtein(k, &key))
                .filter(|k| strsim::levenshtein(k, &key) <= 3);
            let mut d = Diagnostic::error(place, t!("strings.unknown_key", key = key)).with_source(&text, 1);
            d = match nearest {
                Some(n) => d.with_help(t!("strings.unknown_key.did_you_mean", key = n)),
                None => d.with_help(t!("strings.unknown_key.help")),
            };
            diags.push(d);
            continue;
        };
        if !is_text {
            diags.push(Diagnostic::error(place, t!("strings.not_text", key = key)).with_source(&text, 1));
            continue;
        }
        let unknown: Vec<String> = placeholders(&value).into_iter().filter(|p| !known.contains(p)).collect();
        if !unknown.is_empty() {
            let can = known.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ");
            let found = unknown.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ");
            let help = if can.is_empty() {
                t!("strings.no_placeholders", found = found)
            } else {
                t!("strings.unknown_placeholder.help", can = can)
            };
            diags.push(
                Diagnostic::error(place, t!("strings.unknown_placeholder", key = key, found = found))
                    .with_source(&text, 1)
                    .with_help(help),
            );
            continue;
        }
        written.insert(key.clone());
        strings.texts.insert(key, value);
    }
}

/// "section.key" → (text, whether it is text) of a string file's tables; a value outside
/// a section is "key" alone (and unknown).
fn flatten(table: &toml::Table) -> Vec<(String, (String, bool))> {
    let mut out = Vec::new();
    for (section, value) in table {
        match value {
            toml::Value::Table(keys) => {
                for (key, v) in keys {
                    let text = v.as_str().map(str::to_string);
                    out.push((format!("{section}.{key}"), (text.clone().unwrap_or_default(), text.is_some())));
                }
            }
            other => {
                let text = other.as_str().map(str::to_string);
                out.push((section.clone(), (text.clone().unwrap_or_default(), text.is_some())));
            }
        }
    }
    out
}

/// The line each "section.key" is written on, for diagnostics (a simple reading of the
/// usual layout: `[section]` headers and `key = …` lines).
fn key_lines(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut section = String::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = name.trim().to_string();
        } else if let Some((key, _)) = l.split_once('=') {
            let key = key.trim().trim_matches('"');
            if is_name(key) || key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
                let full = if section.is_empty() { key.to_string() } else { format!("{section}.{key}") };
                out.entry(full).or_insert(i + 1);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let vi = Strings::built_in("vi").unwrap();
        let en = Strings::built_in("en").unwrap();
        let vi_keys: Vec<&String> = vi.texts.keys().collect();
        let en_keys: Vec<&String> = en.texts.keys().collect();
        assert_eq!(vi_keys, en_keys);
        assert!(en.texts.values().all(|t| !t.is_empty()), "an English string is empty");
    }

    #[test]
    fn fills_placeholders_and_dates() {
        let vi = Strings::default();
        assert_eq!(vi.fill("home.documents_count", &[("n", &3)]), "3 văn bản");
        let d = jiff::civil::date(2024, 3, 5);
        assert_eq!(vi.date_long(d), "ngày 5 tháng 3 năm 2024");
        assert_eq!(vi.date_short(d), "05/03/2024");
        assert_eq!(Strings::built_in("en").unwrap().date_long(d), "5 March 2024");
        assert_eq!(fill("{a} {b} {not a name} {", |n| (n == "a").then(|| "x".into())), "x {b} {not a name} {");
    }
}
