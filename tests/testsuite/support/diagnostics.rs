//! The one reader of congbo's diagnostics, as printed on stderr:
//!
//! ```text
//! content/plans/a.md:6:7: error: the date 2022-02-30 does not exist: …
//!  6 | date: 2022-02-30
//!    |       ^^^^^^^^^^
//!  = help: write the date as YYYY-MM-DD, …
//! ```
//!
//! The place is `path:line:col`, `path:line` or `path` (a problem of the whole file);
//! the quoted line, the carets and the hint are each optional; a blank line ends the
//! block. Written from that format, not from congbo's code.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One diagnostic block of stderr.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// As printed: relative to the site root when the file is in it.
    pub path: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 when the place has no column.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// The hint after `= help: `.
    pub help: Option<String>,
    /// The source line quoted right under the message, as "7 | implements: …".
    pub quoted: Option<String>,
    /// How many characters the caret line under the quote underlines.
    pub carets: usize,
    /// The whole block, from the message line to before the blank line.
    pub text: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: severity: message`, the place written as congbo writes it.
    pub fn head(&self) -> String {
        let place = match (self.line, self.col) {
            (0, _) => self.path.clone(),
            (l, 0) => format!("{}:{l}", self.path),
            (l, c) => format!("{}:{l}:{c}", self.path),
        };
        format!("{place}: {}: {}", self.severity, self.message)
    }
}

/// Reads a message line: the place, the severity and the message. Lines that start
/// with white space (quoted source, carets, hints) are never message lines.
fn parse_head(line: &str) -> Option<(String, usize, usize, Severity, String)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    // Either language: "error"/"warning", or Vietnamese "lỗi"/"cảnh báo".
    let (at, sep, severity) = [
        (": error: ", Severity::Error),
        (": warning: ", Severity::Warning),
        (": lỗi: ", Severity::Error),
        (": cảnh báo: ", Severity::Warning),
    ]
    .into_iter()
    .filter_map(|(sep, sev)| line.find(sep).map(|at| (at, sep, sev)))
    .min_by_key(|(at, _, _)| *at)?;
    let mut path = &line[..at];
    let message = line[at + sep.len()..].to_string();
    // Up to two trailing ":number"s are the line and the column.
    let mut numbers = Vec::new();
    while numbers.len() < 2 {
        let Some((rest, n)) = path.rsplit_once(':') else { break };
        let Ok(n) = n.parse::<usize>() else { break };
        numbers.insert(0, n);
        path = rest;
    }
    if path.is_empty() {
        return None;
    }
    let (l, c) = match numbers[..] {
        [l, c] => (l, c),
        [l] => (l, 0),
        _ => (0, 0),
    };
    Some((path.to_string(), l, c, severity, message))
}

/// "7 | text" when `line` is a quoted source line (" 7 | text").
fn quoted_line(line: &str) -> Option<String> {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(" |")).then(|| t.trim_end().to_string())
}

/// The number of carets when `line` is a caret line ("   |       ^^^^").
fn caret_line(line: &str) -> Option<usize> {
    let rest = line.trim_start().strip_prefix('|')?.trim();
    (!rest.is_empty() && rest.chars().all(|c| c == '^')).then(|| rest.chars().count())
}

/// Every diagnostic of `stderr`, in the order printed.
pub fn diagnostics(stderr: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((path, line, col, severity, message)) = parse_head(lines[i]) else {
            i += 1;
            continue;
        };
        let mut d =
            Diagnostic { path, line, col, severity, message, help: None, quoted: None, carets: 0, text: String::new() };
        let start = i;
        i += 1;
        if let Some(q) = lines.get(i).and_then(|l| quoted_line(l)) {
            d.quoted = Some(q);
            i += 1;
            if let Some(n) = lines.get(i).and_then(|l| caret_line(l)) {
                d.carets = n;
                i += 1;
            }
        }
        // The rest of the block: indented lines (a hint), up to a blank line.
        while let Some(l) = lines.get(i) {
            if l.trim().is_empty() || !l.starts_with(char::is_whitespace) {
                break;
            }
            if let Some(h) =
                l.trim_start().strip_prefix("= help: ").or_else(|| l.trim_start().strip_prefix("= gợi ý: "))
            {
                d.help = Some(h.to_string());
            }
            i += 1;
        }
        d.text = lines[start..i].join("\n");
        out.push(d);
    }
    out
}

/// Diagnostics one per line, `path:line:col: severity: message`, for failure messages.
pub fn describe(diags: &[Diagnostic]) -> String {
    diags.iter().map(Diagnostic::head).collect::<Vec<_>>().join("\n")
}

/// Where a diagnostic must be.
#[derive(Debug, Clone, Copy)]
pub enum At {
    /// `path:line:col:`
    LineCol(usize, usize),
    /// `path:line:` (with or without a column)
    Line(usize),
    /// `path:line:` for some line (the input gives no better place)
    SomeLine,
    /// `path:` (the problem is the file as a whole)
    File,
}

impl At {
    pub fn matches(self, d: &Diagnostic) -> bool {
        match self {
            At::LineCol(l, c) => d.line == l && d.col == c,
            At::Line(l) => d.line == l,
            At::SomeLine => d.line > 0,
            At::File => d.line == 0,
        }
    }
}

/// The first diagnostic of `diags` for `path` at `at` with `severity` whose message
/// contains every one of `needles`.
pub fn find<'a>(
    diags: &'a [Diagnostic],
    path: &str,
    at: At,
    severity: Severity,
    needles: &[&str],
) -> Option<&'a Diagnostic> {
    diags.iter().find(|d| {
        d.path == path && at.matches(d) && d.severity == severity && needles.iter().all(|n| d.message.contains(n))
    })
}

/// Line (1-based) of the first line of `text` containing `line_with`, the character
/// column (1-based) where `col_at` starts on it, and the line itself: where a
/// diagnostic about `col_at` must point.
pub fn place_in(text: &str, line_with: &str, col_at: &str) -> (usize, usize, String) {
    let (i, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_with))
        .unwrap_or_else(|| panic!("no line with {line_with:?} in:\n{text}"));
    let byte = line.find(col_at).unwrap_or_else(|| panic!("no {col_at:?} in line {}: {line:?}", i + 1));
    (i + 1, line[..byte].chars().count() + 1, line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_places_quotes_carets_and_hints() {
        let stderr = "content/a.md:6:7: error: the date 2022-02-30 does not exist: month 2\n 6 | date: 2022-02-30\n   |       ^^^^^^^^^^\n = help: write it as YYYY-MM-DD\n\ncontent/b.md:9: warning: a: b: error: c\n\ncontent/c.md: error: too big\ncongbo: 2 errors, 1 warning; nothing was written\n";
        let d = diagnostics(stderr);
        assert_eq!(d.len(), 3, "{d:#?}");
        assert_eq!((d[0].path.as_str(), d[0].line, d[0].col, d[0].severity), ("content/a.md", 6, 7, Severity::Error));
        assert_eq!(d[0].message, "the date 2022-02-30 does not exist: month 2");
        assert_eq!(d[0].quoted.as_deref(), Some("6 | date: 2022-02-30"));
        assert_eq!(d[0].carets, 10);
        assert_eq!(d[0].help.as_deref(), Some("write it as YYYY-MM-DD"));
        assert_eq!(
            (d[1].line, d[1].col, d[1].severity, d[1].message.as_str()),
            (9, 0, Severity::Warning, "a: b: error: c")
        );
        assert_eq!((d[2].path.as_str(), d[2].line, d[2].quoted.as_deref()), ("content/c.md", 0, None));
        assert_eq!(d[2].text, "content/c.md: error: too big", "the summary line is not part of the block");
        assert_eq!(d[0].head(), "content/a.md:6:7: error: the date 2022-02-30 does not exist: month 2");
    }
}
