/// A value with the place it was written at in its file, so that a later stage can
/// point an editor at it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based character column.
    pub col: usize,
    /// Characters the value spans, for the caret.
    pub width: usize,
}
