//! Splitting a Markdown file into its YAML front matter and body, and reading each
//! front matter field with a diagnostic at the field's own line when it is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Diagnostic, Place, did_you_mean};
use crate::model::Located;
use crate::text::nfc;

/// The text of a file split at its front matter fences.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// File line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (BOM removed, line endings normalised to "\n") at its `---` fences.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if !is_fence(first) {
        return Err(Diagnostic::error(Place::at(path, 1, 1), t!("front_matter.missing"))
            .with_source(text, first.chars().count().max(1))
            .with_help(t!("front_matter.missing.help")));
    }
    let yaml_start = first.len() + 1;
    let mut offset = yaml_start;
    let mut line_no = 2;
    for line in text[yaml_start.min(text.len())..].split_inclusive('\n') {
        if is_fence(line.trim_end_matches('\n')) {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
        line_no += 1;
    }
    Err(Diagnostic::error(Place::at(path, 1, 1), t!("front_matter.unclosed"))
        .with_source(text, 3)
        .with_help(t!("front_matter.unclosed.help")))
}

/// Reads the fields of one front matter, recording a diagnostic for each problem.
pub struct Fields<'a> {
    path: PathBuf,
    /// The whole file, for quoting source lines.
    file: &'a str,
    yaml: &'a str,
    yaml_line: usize,
    map: Mapping,
    /// Line (0-based within `yaml`) of each top-level key.
    key_lines: BTreeMap<String, usize>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Parses the YAML; a syntax error is returned as the only diagnostic.
    pub fn parse(path: &Path, file: &'a str, split: &Split<'a>) -> Result<Self, Diagnostic> {
        let map: Mapping = if split.yaml.trim().is_empty() {
            Mapping::new()
        } else {
            // YAML's aliases are resolved by the parser; merge keys (`<<: *base`) are
            // applied here, so both work as YAML says.
            let parsed = serde_yaml::from_str::<Value>(split.yaml).and_then(|mut v| v.apply_merge().map(|()| v));
            match parsed {
                Ok(Value::Mapping(m)) => m,
                Ok(Value::Null) => Mapping::new(),
                Ok(_) => {
                    return Err(Diagnostic::error(Place::at(path, split.yaml_line, 1), t!("front_matter.not_a_map"))
                        .with_source(file, 1));
                }
                Err(e) => return Err(yaml_error(path, file, split.yaml_line, &e)),
            }
        };
        let mut key_lines = BTreeMap::new();
        for (i, line) in split.yaml.lines().enumerate() {
            if line.starts_with([' ', '\t', '#', '-']) {
                continue;
            }
            if let Some((key, _)) = line.split_once(':') {
                key_lines.entry(key.trim().trim_matches(['"', '\'']).to_string()).or_insert(i);
            }
        }
        Ok(Fields {
            path: path.to_path_buf(),
            file,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
            map,
            key_lines,
            diagnostics: Vec::new(),
        })
    }

    /// The file line of `key`, or of the opening fence when it is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines.get(key).map_or(1, |l| l + self.yaml_line)
    }

    fn place_of_value(&self, key: &str) -> (usize, usize, usize) {
        let line = self.line_of(key);
        let text = self.file.lines().nth(line - 1).unwrap_or("");
        match text.split_once(':') {
            Some((k, v)) if k.trim().trim_matches(['"', '\'']) == key => {
                let lead = v.len() - v.trim_start().len();
                let col = k.chars().count() + 1 + v[..lead].chars().count() + 1;
                (line, col, v.trim().chars().count().max(1))
            }
            _ => (line, 1, text.chars().count().max(1)),
        }
    }

    pub fn error_at(&mut self, key: &str, message: impl Into<String>, help: Option<String>) {
        let (line, col, width) = self.place_of_value(key);
        let mut d = Diagnostic::error(Place::at(&self.path, line, col), message).with_source(self.file, width);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// A warning at the value of `key`.
    pub fn warning_at(&mut self, key: &str, message: impl Into<String>, help: Option<String>) {
        let (line, col, width) = self.place_of_value(key);
        let mut d = Diagnostic::warning(Place::at(&self.path, line, col), message).with_source(self.file, width);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// An error at a value located in the front matter.
    pub fn error_located(&mut self, at: &Located<String>, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(Place::at(&self.path, at.line, at.col), message).with_source(self.file, at.width);
        d.help = help;
        self.diagnostics.push(d);
    }

    /// Warns about keys not in `known`, suggesting the closest known key.
    pub fn check_unknown(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let line = self.line_of(&key);
            let help = match did_you_mean(&key, known) {
                Some(s) => t!("diagnostic.did_you_mean", name = s),
                None => t!("front_matter.known_fields", fields = known.join(", ")),
            };
            self.diagnostics.push(
                Diagnostic::warning(Place::at(&self.path, line, 1), t!("front_matter.unknown_field", key = key))
                    .with_source(self.file, key.chars().count())
                    .with_help(help),
            );
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A required text field.
    pub fn required_string(&mut self, key: &str, what: &str) -> String {
        match self.string(key) {
            Some(s) if !s.trim().is_empty() => s,
            Some(_) => {
                self.error_at(key, t!("front_matter.empty", key = key, what = what), None);
                String::new()
            }
            None => {
                if !self.has(key) {
                    let d = Diagnostic::error(
                        Place::at(&self.path, 1, 1),
                        t!("front_matter.required", key = key, what = what),
                    )
                    .with_source(self.file, 3)
                    .with_help(t!("front_matter.required.help", key = key));
                    self.diagnostics.push(d);
                }
                String::new()
            }
        }
    }

    /// An optional text field; numbers and booleans are taken as written.
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) => Some(nfc(s.trim())),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => {
                self.error_at(key, t!("front_matter.not_text", key = key), None);
                None
            }
        }
    }

    /// An ISO date ("2022-06-01") that must exist in the calendar.
    pub fn date(&mut self, key: &str) -> Option<jiff::civil::Date> {
        let s = self.string(key)?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(msg) => {
                self.error_at(key, msg, Some(t!("front_matter.date.help").into()));
                None
            }
        }
    }

    /// A list of text, each with its place; a single string counts as a list of one.
    pub fn string_list(&mut self, key: &str) -> Vec<Located<String>> {
        let items: Vec<String> = match self.map.get(key) {
            None | Some(Value::Null) => return Vec::new(),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Sequence(seq)) => {
                let mut items = Vec::new();
                for v in seq {
                    match v {
                        Value::String(s) => items.push(s.clone()),
                        Value::Number(n) => items.push(n.to_string()),
                        _ => {
                            self.error_at(key, t!("front_matter.item_not_text", key = key), None);
                            return Vec::new();
                        }
                    }
                }
                items
            }
            Some(_) => {
                self.error_at(key, t!("front_matter.not_a_list", key = key), None);
                return Vec::new();
            }
        };
        items.into_iter().map(|s| self.locate(key, nfc(s.trim()))).collect()
    }

    /// Finds where `value` is written within the block of `key`: the first place where
    /// it stands as a whole list item (between quotes, brackets, commas or a "- "), not
    /// merely as the start of a longer item.
    pub fn locate(&self, key: &str, value: String) -> Located<String> {
        let start = self.key_lines.get(key).copied().unwrap_or(0);
        let width = value.chars().count().max(1);
        let mut fallback = None;
        for (i, raw) in self.yaml.lines().enumerate().skip(start) {
            if i > start && !raw.starts_with([' ', '\t', '-']) {
                break;
            }
            let line = nfc(raw);
            let line_before_value = if i == start { line.find(':').map_or(0, |c| c + 1) } else { 0 };
            for (byte, _) in line.match_indices(value.as_str()).filter(|(b, _)| *b >= line_before_value) {
                let before = line[..byte].trim_end_matches([' ', '\t']).chars().next_back();
                let after = line[byte + value.len()..].trim_start_matches([' ', '\t']).chars().next();
                let col = line[..byte].chars().count() + 1;
                let here = Located { value: value.clone(), line: i + self.yaml_line, col, width };
                let whole = matches!(before, None | Some('"' | '\'' | '[' | ',' | '-' | ':' | '{'))
                    && matches!(after, None | Some('"' | '\'' | ']' | ',' | '}' | '#' | ':'));
                if whole {
                    return here;
                }
                fallback.get_or_insert(here);
            }
        }
        fallback.unwrap_or_else(|| {
            let (line, col, _) = self.place_of_value(key);
            Located { value, line, col, width }
        })
    }

    /// A structured field, parsed from its own lines so that an error points at the
    /// exact nested line ("targets", "signer").
    pub fn typed<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.map.get(key)?.clone();
        if value.is_null() {
            return None;
        }
        let Some(&start) = self.key_lines.get(key) else {
            return self.typed_from_value(key, value);
        };
        let lines: Vec<&str> = self.yaml.lines().collect();
        let mut end = start + 1;
        while end < lines.len() && (lines[end].starts_with([' ', '\t', '-', '#']) || lines[end].trim().is_empty()) {
            end += 1;
        }
        let block = lines[start..end].join("\n");
        match serde_yaml::from_str::<BTreeMap<String, T>>(&block) {
            Ok(mut m) => m.remove(key),
            // An alias to an anchor in another field, or a merge key: the field's own
            // lines cannot be read alone, but the whole front matter, read once with its
            // aliases and merges, holds the value.
            Err(e) if e.to_string().contains("unknown anchor") || e.to_string().contains("`<<`") => {
                self.typed_from_value(key, value)
            }
            Err(e) => {
                let mut d = yaml_error(&self.path, self.file, self.yaml_line + start, &e);
                d.help = Some(t!("front_matter.see_guide", key = key).into());
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn typed_from_value<T: DeserializeOwned>(&mut self, key: &str, value: Value) -> Option<T> {
        match serde_yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error_at(
                    key,
                    t!("front_matter.field_error", key = key, error = crate::lang::library_error(&e.to_string())),
                    None,
                );
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A YAML error at its place in the file. serde_yaml counts lines from the start of
/// the text it was given, which begins at file line `first_line`.
fn yaml_error(path: &Path, file: &str, first_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    let message = e.to_string();
    // serde_yaml appends " at line L column C"; the place is printed separately.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let (mut line, mut col) = e.location().map_or((first_line, 0), |l| (first_line + l.line() - 1, l.column()));
    // serde_yaml places a duplicate key at the start of its mapping; point at the repeat.
    if let Some(key) = message.strip_prefix("duplicate entry with key \"").and_then(|m| m.split('"').next()) {
        let repeats: Vec<usize> = file
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .filter(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
            .map(|(i, _)| i + 1)
            .collect();
        if let Some(&second) = repeats.get(1) {
            line = second;
            col = file.lines().nth(second - 1).map_or(1, |l| l.len() - l.trim_start().len() + 1);
        }
    }
    // The YAML reader counts a control character's place in characters from the start,
    // without a line: find the character itself, which the editor cannot see.
    let mut words = yaml_words(&message);
    let mut help = Some(t!("front_matter.invalid_yaml.help"));
    if message.starts_with("control characters are not allowed") {
        let found = file.lines().enumerate().skip(first_line.saturating_sub(1)).find_map(|(i, l)| {
            let (at, c) = l.char_indices().find(|(_, c)| c.is_control() && *c != '\t')?;
            Some((i + 1, l[..at].chars().count() + 1, c))
        });
        if let Some((l, c, ch)) = found {
            (line, col) = (l, c);
            words = t!("yaml.control", code = format!("U+{:04X}", ch as u32)).into();
            // Indentation and quotes are not the problem here.
            help = None;
        }
    }
    let d = Diagnostic::error(Place::at(path, line, col), t!("front_matter.invalid_yaml", error = words))
        .with_source(file, 1);
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// A YAML syntax error in the editors' words (the common ones; others as written, after
/// any field type error is put in words).
fn yaml_words(message: &str) -> String {
    if let Some(key) = message.strip_prefix("duplicate entry with key \"").and_then(|m| m.split('"').next()) {
        return t!("yaml.duplicate", key = key).into();
    }
    type Words = fn() -> std::borrow::Cow<'static, str>;
    let known: [(&str, Words); 8] = [
        ("mapping values are not allowed", || t!("yaml.mapping_values")),
        ("did not find expected key", || t!("yaml.expected_key")),
        ("cannot start any token", || t!("yaml.token")),
        ("found a tab character", || t!("yaml.tab")),
        ("did not find expected ',' or", || t!("yaml.flow")),
        ("could not find expected ':'", || t!("yaml.colon")),
        ("unexpected end of stream", || t!("yaml.end")),
        ("found unknown escape character", || t!("yaml.escape")),
    ];
    match known.iter().find(|(english, _)| message.contains(english)) {
        Some((_, words)) => words().into(),
        None => crate::lang::library_error(message),
    }
}

/// Parses "YYYY-MM-DD", explaining why an impossible date is impossible.
pub fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    match (parts.len(), nums) {
        (3, Some(n)) if parts[0].len() == 4 => {
            let (y, m, d) = (n[0], n[1], n[2]);
            if !(1..=12).contains(&m) {
                return Err(t!("date.no_month", date = s, month = m).into());
            }
            // Out-of-range parts are checked before narrowing: 257 must not wrap to 1.
            let day = i8::try_from(d).ok().filter(|d| *d >= 1);
            match day.and_then(|day| jiff::civil::Date::new(y as i16, m as i8, day).ok()).ok_or(()) {
                Ok(date) => Ok(date),
                Err(_) => {
                    let days = jiff::civil::Date::new(y as i16, m as i8, 1).map(|f| f.days_in_month()).unwrap_or(31);
                    Err(t!("date.no_day", date = s, month = m, year = y, days = days).into())
                }
            }
        }
        _ => Err(t!("date.not_a_date", value = s).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_fences() {
        let text = "---\ntitle: x\n---\nBody\n";
        let s = split(text, Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_and_missing_front_matter() {
        assert!(split("---\ntitle: x\n", Path::new("a.md")).unwrap_err().message.contains("never closed"));
        assert!(split("# Title\n", Path::new("a.md")).unwrap_err().message.contains("no front matter"));
    }

    #[test]
    fn impossible_dates_are_explained() {
        assert_eq!(parse_date("2022-06-01").unwrap(), jiff::civil::date(2022, 6, 1));
        assert!(parse_date("2022-02-30").unwrap_err().contains("month 2 of 2022 has 28 days"));
        assert!(parse_date("2022-13-01").unwrap_err().contains("no month 13"));
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("2022-06-257").is_err(), "day 257 must not wrap around");
        assert!(parse_date("2022-06-00").is_err());
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let text = "---\ntitle: x\nissuer: [a\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let d = Fields::parse(Path::new("a.md"), text, &s).err().unwrap();
        assert!(d.place.line >= 3, "{d}");
    }

    #[test]
    fn yaml_aliases_and_merge_keys_work_as_yaml_says() {
        let text = "---\ntitle: x\nbase: &b { id: a, label: b, unit: \"%\" }\ntargets:\n  - <<: *b\n    milestones: [{ year: 2025, value: 70 }]\nrecipients: &r [\"Lưu VT\"]\naliases: *r\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let mut f = Fields::parse(Path::new("a.md"), text, &s).unwrap();
        let t: Vec<crate::model::Target> = f.typed("targets").expect("targets with a merge key");
        assert_eq!((t[0].id.as_str(), t[0].unit.as_str(), t[0].milestones.len()), ("a", "%", 1));
        assert_eq!(f.string_list("aliases").len(), 1, "an alias to another field's list");
        assert!(f.diagnostics.is_empty(), "{:?}", f.diagnostics);
    }

    #[test]
    fn nested_errors_point_at_their_line() {
        let text = "---\ntitle: x\ntargets:\n  - id: a\n    label: b\n    unit: \"%\"\n    milestones: [{ year: abc, value: 1 }]\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let mut f = Fields::parse(Path::new("a.md"), text, &s).unwrap();
        let t: Option<Vec<crate::model::Target>> = f.typed("targets");
        assert!(t.is_none());
        assert_eq!(f.diagnostics[0].place.line, 7, "{}", f.diagnostics[0]);
    }
}
