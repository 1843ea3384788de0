//! The language congbo speaks to editors: Vietnamese by default, English on request.
//!
//! Every message lives in the catalogue (`locales/*.yml`, each message in both
//! languages side by side) and is looked up by its key with the `t!` macro; the
//! language is chosen once, here, when a command starts.

/// A language of the message catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// "vi", "en", "en_US.UTF-8", "vi_VN" …: English for any English locale, else none.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("vi") {
            Some(Lang::Vi)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the environment asks for: CONGBO_LANG, else the POSIX locale
    /// variables in their order (LC_ALL, LC_MESSAGES, LANG); Vietnamese when none names
    /// English.
    pub fn from_env() -> Lang {
        for var in ["CONGBO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(value) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
                // The first variable set decides, as for any POSIX program.
                return Lang::parse(&value).unwrap_or(Lang::Vi);
            }
        }
        Lang::Vi
    }
}

/// A counted phrase: the catalogue's `key.one` for 1, else `key.other` ("1 error",
/// "2 errors"; Vietnamese writes both alike: "1 lỗi", "2 lỗi").
pub fn count(key: &str, n: usize) -> String {
    let form = if n == 1 { "one" } else { "other" };
    t!(&format!("{key}.{form}"), n = n).into_owned()
}

/// A serde, YAML or TOML error message in the editors' words: "invalid type: string
/// \"x\", expected i32" says "kiểu không đúng: ghi chữ \"x\", cần một số nguyên (ví dụ 2025)".
/// A message it does not recognise is kept as the library wrote it.
pub fn library_error(message: &str) -> String {
    let message = message.trim();
    let backticked = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(|x| format!("`{x}`")).collect() };
    if let Some(rest) = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")) {
        let key = if message.starts_with("invalid type") { "library.invalid_type" } else { "library.invalid_value" };
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return t!(key, found = found_words(found), expected = expected_words(expected)).into_owned();
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        if let Some((field, expected)) = rest.split_once(", expected ") {
            let field = field.trim_matches('`');
            let list = backticked(expected).join(", ");
            return t!("library.unknown_field", field = field, expected = list).into_owned();
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((value, expected)) = rest.split_once(", expected ") {
            let value = value.trim_matches('`');
            let list = backticked(expected).join(", ");
            return t!("library.unknown_variant", value = value, expected = list).into_owned();
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return t!("library.missing_field", field = field.trim_matches('`')).into_owned();
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return t!("library.duplicate_field", field = field.trim_matches('`')).into_owned();
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return t!("library.invalid_length", found = found, expected = expected_words(expected)).into_owned();
        }
    }
    if message.starts_with("data did not match any variant of untagged enum") {
        return t!("library.no_variant").into_owned();
    }
    message.to_string()
}

/// What serde says it expected ("i32", "a string", "a tuple of size 2"), in words.
fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    let key = match e {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" => "library.type.integer",
        "f32" | "f64" => "library.type.number",
        "a string" | "a borrowed string" | "a character" => "library.type.text",
        "a boolean" => "library.type.bool",
        "a sequence" => "library.type.list",
        "a tuple of size 2" | "tuple of 2 elements" | "2 elements in sequence" => "library.type.pair",
        _ if e.starts_with("struct ") || e.starts_with("a map") || e.starts_with("map") => "library.type.map",
        _ => return e.to_string(),
    };
    t!(key).into_owned()
}

/// What serde says it found ("string \"abc\"", "integer `5`", "sequence"), in words.
fn found_words(found: &str) -> String {
    let f = found.trim();
    let value = |prefix: &str| f[prefix.len()..].trim().trim_matches('`').to_string();
    let (key, v) = if f.starts_with("string ") {
        ("library.found.text", value("string "))
    } else if f.starts_with("integer ") {
        ("library.found.integer", value("integer "))
    } else if f.starts_with("floating point ") {
        ("library.found.number", value("floating point "))
    } else if f.starts_with("boolean ") {
        ("library.found.bool", value("boolean "))
    } else if f == "sequence" {
        ("library.found.list", String::new())
    } else if f == "map" {
        ("library.found.map", String::new())
    } else if f == "unit value" || f == "null" {
        ("library.found.empty", String::new())
    } else {
        return f.to_string();
    };
    t!(key, value = v).into_owned()
}

/// Speaks `lang` from now on, in every thread.
pub fn set(lang: Lang) {
    rust_i18n::set_locale(lang.code());
}

/// The language in use.
pub fn current() -> Lang {
    if rust_i18n::locale().starts_with("en") { Lang::En } else { Lang::Vi }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_errors_in_words() {
        // Unit tests speak the library's default, English.
        assert_eq!(
            library_error("invalid type: string \"abc\", expected i32"),
            "wrong type: the text \"abc\" is written where a whole number (e.g. 2025) is needed"
        );
        assert_eq!(
            library_error("unknown variant `tinhh`, expected one of `trung-uong`, `tinh`"),
            "`tinhh` is not one of the values: `trung-uong`, `tinh`"
        );
        assert_eq!(library_error("something else"), "something else");
    }

    #[test]
    fn locales_name_the_language() {
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("vi_VN.UTF-8"), Some(Lang::Vi));
        assert_eq!(Lang::parse("C.UTF-8"), None);
    }

    /// Every key the code looks up is in the catalogue, in both languages, with the
    /// same placeholders: a message can never fall back to its key.
    #[test]
    fn every_message_is_in_both_languages() {
        let mut catalogue: std::collections::BTreeMap<String, serde_yaml::Value> = Default::default();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/locales")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let map: std::collections::BTreeMap<String, serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
            catalogue.extend(map.into_iter().filter(|(k, _)| k != "_version"));
        }
        let placeholders = |s: &str| {
            let mut names: Vec<String> =
                s.split("%{").skip(1).filter_map(|r| r.split('}').next()).map(str::to_string).collect();
            names.sort();
            names.dedup();
            names
        };
        for (key, value) in &catalogue {
            let vi = value.get("vi").and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{key}: no vi"));
            let en = value.get("en").and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{key}: no en"));
            assert_eq!(placeholders(vi), placeholders(en), "{key}: the two languages name different values");
        }
        let mut used = Vec::new();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        for entry in walkdir::WalkDir::new(src).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                // A macro call, not the end of a `format!` call.
                for (at, _) in text.match_indices("t!(\"") {
                    if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    if let Some(key) = text[at + 4..].split('"').next() {
                        used.push((entry.path().display().to_string(), key.to_string()));
                    }
                }
                for part in text.split("count(\"").skip(1) {
                    if let Some(key) = part.split('"').next() {
                        for form in ["one", "other"] {
                            used.push((entry.path().display().to_string(), format!("{key}.{form}")));
                        }
                    }
                }
            }
        }
        assert!(used.len() > 10, "the scan found the messages");
        for (file, key) in used {
            assert!(catalogue.contains_key(&key), "{file}: t!(\"{key}\") is not in locales/");
        }
    }
}
