//! The text layer of a PDF, the form portals publish documents in first.
//!
//! Poppler's `pdftotext -layout` is used when it is installed: it is the reference
//! reader, and its layout mode keeps a header's two columns apart with runs of spaces,
//! which the importer reads as table cells. Without it the pure-Rust `pdf-extract`
//! crate reads the file (no program to install, so `congbo` stays one binary); it can
//! panic on malformed files, so it runs inside `catch_unwind` and a panic is an error
//! like any other. A PDF whose pages carry almost no letters is a scan: it needs OCR
//! first, and the error says how.

use std::path::Path;
use std::process::Command;

/// Fewer letters than this on an average page: a scanned image, not a text.
const LETTERS_PER_PAGE: usize = 40;

#[derive(Debug)]
pub enum PdfError {
    /// Neither reader could read the file; what the reader said.
    Unreadable(String),
    /// The pages carry (almost) no text: a scan.
    Scanned { pages: usize },
}

/// Which reader to use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reader {
    /// `pdftotext` when installed, else the built-in reader.
    Auto,
    /// The built-in reader (pdf-extract) only.
    BuiltIn,
}

/// The text of a PDF and the reader that read it.
pub fn text(path: &Path, bytes: &[u8], reader: Reader) -> Result<(String, &'static str), PdfError> {
    let (pages, by) = match reader {
        Reader::Auto => match poppler(path) {
            Some(pages) => (pages, "pdftotext"),
            None => (built_in(bytes)?, "pdf-extract"),
        },
        Reader::BuiltIn => (built_in(bytes)?, "pdf-extract"),
    };
    let letters: usize = pages.iter().map(|p| p.chars().filter(|c| c.is_alphabetic()).count()).sum();
    let count = pages.len().max(1);
    if letters < LETTERS_PER_PAGE * count {
        return Err(PdfError::Scanned { pages: count });
    }
    Ok((pages.join("\n"), by))
}

/// `pdftotext -layout -enc UTF-8 file -`, pages split at form feeds; `None` when the
/// program is not installed or fails.
fn poppler(path: &Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext").args(["-layout", "-enc", "UTF-8"]).arg(path).arg("-").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends every page with a form feed: the piece after the last is empty.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

fn built_in(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    // The crate panics on some malformed files: a panic is one more unreadable file.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(e)) => Err(PdfError::Unreadable(e.to_string())),
        Err(panic) => {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(PdfError::Unreadable(why))
        }
    }
}
