//! A document's Markdown text, held compressed between the stages that read it.

/// A document's Markdown body (NFC), held LZ4-compressed: at 100,000 plans the bodies
/// are 1.5 GB, most of what a build holds, and each is read only a few times (its
/// checks, the link stage, its page, the search index). [`Body::text`] gives it back.
/// Clones share the packed bytes: `serve` clones every document it kept each rebuild,
/// and knows a body it scanned before by [`Body::key`].
#[derive(Clone, PartialEq, Eq)]
pub struct Body {
    packed: std::sync::Arc<[u8]>,
}

/// A body as read once: equal only to the clones of that body, whatever the text of
/// another. Holding it keeps the body's bytes, so a key is never taken by another body.
#[derive(Clone)]
pub struct BodyKey(std::sync::Arc<[u8]>);

impl PartialEq for BodyKey {
    fn eq(&self, other: &BodyKey) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BodyKey {}

impl std::hash::Hash for BodyKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0.as_ptr(), state)
    }
}

impl Body {
    pub fn new(text: &str) -> Body {
        Body { packed: lz4_flex::compress_prepend_size(text.as_bytes()).into() }
    }

    /// This body as read, for what is kept about it between builds (see [`BodyKey`]).
    pub fn key(&self) -> BodyKey {
        BodyKey(std::sync::Arc::clone(&self.packed))
    }

    /// The text, as it was given to [`Body::new`].
    pub fn text(&self) -> String {
        let bytes = lz4_flex::decompress_size_prepended(&self.packed).unwrap_or_default();
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        // SAFETY: `packed` is only ever made by `new`, from a `&str`, and LZ4 gives back
        // exactly the bytes it was given (or nothing): they are UTF-8. Checking them again
        // on each unpacking was 7% of a build.
        unsafe { String::from_utf8_unchecked(bytes) }
    }
}

impl Default for Body {
    fn default() -> Body {
        Body::new("")
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn gives_back_the_text() {
        for text in ["", "a", "Kế hoạch thực hiện Chỉ thị số 11-CT/TW\n\n| a | b |\n", &"xã hội học tập ".repeat(5000)]
        {
            assert_eq!(Body::new(text).text(), text);
        }
        let long = "Gia đình học tập. ".repeat(10_000);
        assert!(std::mem::size_of_val(&*Body::new(&long).packed) < long.len() / 10, "repeated text is held small");
    }

    #[test]
    fn a_key_is_of_one_body_as_read() {
        let body = Body::new("Kế hoạch");
        assert!(body.key() == body.clone().key(), "a clone is the body read");
        assert!(body.key() != Body::new("Kế hoạch").key(), "the same text read again is another body");
        assert!(body == Body::new("Kế hoạch"), "bodies still compare by text");
    }
}
