//! A rendered file, and where rendered files go.

use std::io;

use crate::diagnostic::{Diagnostic, Place};

/// A file of the built site, in memory.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path under the output root with "/" separators: "van-ban/x/index.html".
    pub path: String,
    pub bytes: Vec<u8>,
    /// Spans of `bytes` that are HTML already compact, in order, left as they are by
    /// minifying: a document's text as rendered from Markdown, its charts (see
    /// [`OutputFile::with_compact`]).
    pub compact: Vec<std::ops::Range<usize>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into(), compact: Vec::new() }
    }

    /// Marks where `html` first appears in the page, apart from the spans marked
    /// before, as compact. Made by congbo, a document's text and charts have no
    /// indentation to take out, and parsing them to minify them was half of minifying a
    /// document page; only HTML ("<" first) long enough to matter is looked for, so that
    /// text written into an attribute is never taken.
    pub fn with_compact(mut self, html: &str) -> Self {
        if html.len() >= 256 && html.starts_with('<') {
            // By its first bytes, then whole where they are: a search for the whole of a
            // long text was slower than minifying it.
            let (page, html) = (&self.bytes, html.as_bytes());
            let free = |at: usize| self.compact.iter().all(|s| at + html.len() <= s.start || s.end <= at);
            let found = memchr::memmem::find_iter(page, &html[..64])
                .find(|&at| page[at..].starts_with(html) && free(at))
                .map(|at| at..at + html.len());
            if let Some(span) = found {
                let at = self.compact.partition_point(|s| s.start < span.start);
                self.compact.insert(at, span);
            }
        }
        self
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

/// Where rendered files go. `put` is called from many threads at once, in no order.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A large data file (documents.json is 220 MB at 100,000 plans), put as `write`
    /// makes it: a sink that writes to disk need not hold it whole. The default holds it
    /// and puts it. Never minified (it is not a page).
    fn put_written(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        // Writing into memory fails only if the maker fails: then nothing is put.
        write(&mut bytes).map_err(|e| {
            Diagnostic::error(Place::file(&path), t!("output.cannot", what = t!("output.what.write"), error = e))
        })?;
        self.put(OutputFile::new(path, bytes))
    }

    /// Whether this sink keeps files rendered before, by a fingerprint of what they
    /// were rendered from: only then is [`Sink::reuse`] worth asking.
    fn keeps_inputs(&self) -> bool {
        false
    }

    /// The file at `path` is to be rendered from inputs whose fingerprint is `inputs`
    /// (its template and everything that template is handed): `true` when the sink
    /// already holds that file rendered from the same inputs and keeps it, so it need
    /// not be rendered or put; `false` when it must be.
    fn reuse(&self, _path: &str, _inputs: u64) -> bool {
        false
    }

    /// The file at `path` is known to be as the sink holds it from the build before
    /// (nothing it is made from changed): `true` when the sink holds it and keeps it,
    /// so it need not be made; `false` when it must be.
    fn keep(&self, _path: &str) -> bool {
        false
    }
}

/// Throws every file away: `check` renders the site only to find its errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }
}
