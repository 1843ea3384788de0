//! Diagnostics: every problem found in a run, with its place, collected rather than
//! thrown so that one run reports every problem in every file.
//!
//! Printed as `path:line:col: error|warning: message`, then the offending source line
//! with a caret under the column, then an optional hint saying what to do.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a file (relative to the site root when possible) and a
/// 1-based line and character column. Line 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Place {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Place { path: path.into(), line: 0, col: 0 }
    }
    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Place { path: path.into(), line, col }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    /// The source line the problem is on, shown under the message.
    pub source_line: Option<String>,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
    /// What the editor can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, place, message)
    }
    pub fn warning(place: Place, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, place, message)
    }
    fn new(severity: Severity, place: Place, message: impl Into<String>) -> Self {
        Diagnostic { severity, place, message: message.into(), source_line: None, width: 1, help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    /// Attaches the line `place.line` of `source` (1-based) and underlines `width` characters.
    pub fn with_source(mut self, source: &str, width: usize) -> Self {
        if self.place.line > 0 {
            self.source_line = source.lines().nth(self.place.line - 1).map(|l| l.trim_end().to_string());
        }
        self.width = width.max(1);
        self
    }
    /// The same problem, as an error.
    pub fn into_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => t!("diagnostic.error"),
            Severity::Warning => t!("diagnostic.warning"),
        };
        let path = self.place.path.display();
        match (self.place.line, self.place.col) {
            (0, _) => write!(f, "{path}: {severity}: {}", self.message)?,
            (line, 0) => write!(f, "{path}:{line}: {severity}: {}", self.message)?,
            (line, col) => write!(f, "{path}:{line}:{col}: {severity}: {}", self.message)?,
        }
        if let Some(src) = &self.source_line {
            let gutter = self.place.line.to_string();
            let pad = " ".repeat(gutter.len());
            // A long line (a whole paragraph) is shown as a window around the column.
            const WINDOW: usize = 50;
            let chars: Vec<char> = src.chars().collect();
            let col = self.place.col.saturating_sub(1).min(chars.len());
            let (start, end) = if chars.len() > 2 * WINDOW + 20 {
                (col.saturating_sub(WINDOW), (col + self.width + WINDOW).min(chars.len()))
            } else {
                (0, chars.len())
            };
            let lead = if start > 0 { "…" } else { "" };
            let tail = if end < chars.len() { "…" } else { "" };
            let shown: String = chars[start..end].iter().collect();
            write!(f, "\n {gutter} | {lead}{shown}{tail}")?;
            if self.place.col > 0 {
                let indent: String = chars[start..col].iter().map(|&c| if c == '\t' { '\t' } else { ' ' }).collect();
                let lead_pad = if start > 0 { " " } else { "" };
                write!(f, "\n {pad} | {lead_pad}{indent}{}", "^".repeat(self.width))?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n = {}: {help}", t!("diagnostic.help"))?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, in a stable order (by file, line, column) so that
/// output does not depend on thread scheduling.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }
    /// "1 lỗi, 2 cảnh báo": the last line of every command that reports them.
    pub fn summary(&self) -> String {
        let errors = crate::lang::count("diagnostic.errors", self.error_count());
        let warnings = crate::lang::count("diagnostic.warnings", self.warning_count());
        format!("{errors}, {warnings}")
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    /// Sorts by place, then severity, and drops exact duplicates.
    /// Puts `new` in the place of `old` (compared whole); whether `old` was there.
    pub fn replace(&mut self, old: &Diagnostic, new: Diagnostic) -> bool {
        match self.0.iter_mut().find(|d| **d == *old) {
            Some(d) => {
                *d = new;
                true
            }
            None => false,
        }
    }

    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.place, a.severity, &a.message).cmp(&(&b.place, b.severity, &b.message)));
        self.0.dedup();
        self
    }
    /// Makes every path relative to `root` for printing.
    pub fn relative_to(mut self, root: &Path) -> Self {
        for d in &mut self.0 {
            if let Ok(rel) = d.place.path.strip_prefix(root) {
                d.place.path = rel.to_path_buf();
            }
        }
        self
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// "did you mean": the closest of `candidates` to `word`, if close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_place_source_and_caret() {
        let d = Diagnostic::error(Place::at("content/plans/a.md", 2, 7), "bad date")
            .with_source("---\ndate: 2022-02-30\n---", 10)
            .with_help("use a real date");
        assert_eq!(
            d.to_string(),
            "content/plans/a.md:2:7: error: bad date\n 2 | date: 2022-02-30\n   |       ^^^^^^^^^^\n = help: use a real date"
        );
    }

    #[test]
    fn long_lines_are_windowed() {
        let line = format!("{}49-KL/TW{}", "a".repeat(300), "b".repeat(300));
        let d = Diagnostic::warning(Place::at("x.md", 3, 301), "m").with_source(&format!("\n\n{line}"), 8);
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[1].contains('…') && lines[1].contains("49-KL/TW") && lines[1].chars().count() < 130, "{text}");
        let caret_at = lines[2].chars().position(|c| c == '^').unwrap();
        let shown: String = lines[1].chars().skip(caret_at).take(8).collect();
        assert_eq!(shown, "49-KL/TW", "{text}");
    }

    #[test]
    fn suggests_close_keys() {
        assert_eq!(did_you_mean("implement", &["implements", "issuer"]), Some("implements"));
        assert_eq!(did_you_mean("zzz", &["implements", "issuer"]), None);
    }
}
