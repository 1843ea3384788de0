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

    /// Feeds every name and value into `hasher`, unambiguously: names in order, each
    /// value as JSON (strings escaped, maps in the order they were made in).
    pub fn fingerprint(&self, hasher: &mut impl Hasher) {
        thread_local! {
            /// The JSON of each context in turn: one buffer per thread, written whole
            /// into the hasher (a hasher fed token by token is several times slower).
            static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        JSON.with_borrow_mut(|json| {
            json.clear();
            for name in &self.names {
                json.extend_from_slice(name.as_bytes());
                json.push(0xff);
                // A value serialises whatever it holds; were it ever not to, it is hashed as absent.
                if serde_json::to_writer(&mut *json, &self.tera.get(name)).is_err() {
                    json.extend_from_slice(b"?");
                }
                json.push(0xff);
            }
            hasher.write(json);
        });
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
    }
}
