//! What a template is handed: Tera's context, with the names of its values kept, so
//! that a page's inputs can be fingerprinted (`serve` keeps a page whose inputs are
//! as before without rendering it).

use std::collections::BTreeSet;
use std::hash::Hasher;

use serde::Serialize;

/// The values a template is handed, by name.
#[derive(Default)]
pub struct Context {
    tera: tera::Context,
    names: BTreeSet<&'static str>,
    /// HTML among the values that congbo made compact (a document's text, its charts):
    /// minifying leaves it as it is (see [`crate::output::OutputFile::with_compact`]).
    compact: Vec<String>,
}

impl Context {
    pub fn new() -> Self {
        Self::default()
    }

    /// Hands `value` to the template as `name` (in place of any value of that name).
    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.tera.insert(name, value);
        self.names.insert(name);
    }

    pub fn tera(&self) -> &tera::Context {
        &self.tera
    }

    /// Notes that `html`, handed to the template among the values, is compact already.
    pub fn compact_html(&mut self, html: &str) {
        self.compact.push(html.to_string());
    }

    pub fn compact(&self) -> &[String] {
        &self.compact
    }

    /// Feeds every name and value into `hasher`, unambiguously: names in order, each
    /// value written as a tagged, length-prefixed walk of its tree (maps in the order they
    /// were made in). Written out, not as JSON: escaping every string of every page's
    /// context was the largest part of fingerprinting a site on each save.
    pub fn fingerprint(&self, hasher: &mut impl Hasher) {
        thread_local! {
            /// Each context in turn: one buffer per thread, written whole into the
            /// hasher (a hasher fed token by token is several times slower).
            static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BYTES.with_borrow_mut(|bytes| {
            bytes.clear();
            for name in &self.names {
                put_str(bytes, name);
                match self.tera.get(name) {
                    Some(value) => put_value(bytes, value),
                    None => bytes.push(b'-'),
                }
            }
            hasher.write(bytes);
        });
    }
}

/// A string, after its length: no string can run into what follows it.
fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A value: a tag for its kind, then its content (strings and bytes after their length,
/// arrays and maps after their number of items).
fn put_value(out: &mut Vec<u8>, value: &tera::Value) {
    use tera::value::{Key, ValueKind};
    match value.kind() {
        ValueKind::Undefined => out.push(b'u'),
        ValueKind::None => out.push(b'n'),
        ValueKind::Bool => out.extend_from_slice(if value.as_bool() == Some(true) { b"t" } else { b"f" }),
        ValueKind::U64 | ValueKind::I64 | ValueKind::U128 | ValueKind::I128 => {
            out.push(b'i');
            out.extend_from_slice(&value.as_i128().unwrap_or_default().to_le_bytes());
            // A u128 past i128's range: told apart by its own bytes.
            out.extend_from_slice(&value.as_u128().unwrap_or_default().to_le_bytes());
        }
        ValueKind::F64 => {
            out.push(b'd');
            out.extend_from_slice(&value.as_f64().unwrap_or_default().to_bits().to_le_bytes());
        }
        ValueKind::String => {
            // Marked safe or not: the template escapes one and not the other.
            out.push(if value.is_safe() { b'S' } else { b's' });
            put_str(out, value.as_str().unwrap_or_default());
        }
        ValueKind::Bytes => {
            let b = value.as_bytes().unwrap_or_default();
            out.push(b'b');
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        }
        ValueKind::Array => {
            let items = value.as_array().unwrap_or_default();
            out.push(b'a');
            out.extend_from_slice(&(items.len() as u64).to_le_bytes());
            for item in items {
                put_value(out, item);
            }
        }
        ValueKind::Map => {
            out.push(b'm');
            let Some(map) = value.as_map() else { return out.push(b'-') };
            out.extend_from_slice(&(map.len() as u64).to_le_bytes());
            for (key, item) in map {
                match key {
                    Key::Str(k) => {
                        out.push(b'K');
                        put_str(out, k)
                    }
                    Key::String(k) => {
                        out.push(b'K');
                        put_str(out, k)
                    }
                    other => {
                        out.push(b'k');
                        put_str(out, &other.to_string());
                    }
                }
                put_value(out, item);
            }
        }
        // A kind a later Tera adds: as it would print.
        _ => {
            out.push(b'?');
            put_str(out, &value.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(ctx: &Context) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        ctx.fingerprint(&mut h);
        h.finish()
    }

    #[test]
    fn fingerprints_tell_values_apart_and_not_the_order_they_came_in() {
        let (mut a, mut b) = (Context::new(), Context::new());
        a.insert("names", &["a\", \"b"]);
        b.insert("names", &["a", "b"]);
        assert_ne!(fingerprint(&a), fingerprint(&b));
        let (mut a, mut b) = (Context::new(), Context::new());
        a.insert("x", "1");
        a.insert("y", &serde_json::json!({ "k": [1, 2], "s": "t" }));
        b.insert("y", &serde_json::json!({ "k": [1, 2], "s": "t" }));
        b.insert("x", "0");
        b.insert("x", "1");
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let mut c = Context::new();
        c.insert("xy", "");
        let mut d = Context::new();
        d.insert("x", "y");
        assert_ne!(fingerprint(&c), fingerprint(&d));
        // Values that would run together, or differ only in kind, are told apart.
        let one = |v: serde_json::Value| {
            let mut c = Context::new();
            c.insert("v", &v);
            fingerprint(&c)
        };
        let pairs = [
            (serde_json::json!({ "a": "bc" }), serde_json::json!({ "ab": "c" })),
            (serde_json::json!([[1], [2]]), serde_json::json!([[1, 2]])),
            (serde_json::json!(["ab", "c"]), serde_json::json!(["a", "bc"])),
            (serde_json::json!(1), serde_json::json!("1")),
            (serde_json::json!(1), serde_json::json!(1.0)),
            (serde_json::json!(null), serde_json::json!(false)),
        ];
        for (a, b) in pairs {
            assert_ne!(one(a.clone()), one(b.clone()), "{a} and {b}");
            assert_eq!(one(a.clone()), one(a));
        }
        let (mut safe, mut plain) = (Context::new(), Context::new());
        safe.insert("html", &tera::Value::safe_string("<b>"));
        plain.insert("html", &tera::Value::normal_string("<b>"));
        assert_ne!(fingerprint(&safe), fingerprint(&plain));
    }
}
