//! One escaper for the markup congbo writes itself: charts, the feed, links in text.

/// Escapes text for HTML and XML, in content or a quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// What Tera writes for each `{{ value }}` of an HTML or XML template: its own
/// escaping (the same five characters, the same entities), each run of plain text
/// written at once; Tera's writes byte by byte through a `dyn Write`, 4% of a build.
pub fn escape_for_templates(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut from = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[from..at])?;
        out.write_all(entity)?;
        from = at + 1;
    }
    out.write_all(&bytes[from..])
}

/// Escapes text for XML (the feed, the sitemap) and leaves out the characters XML 1.0
/// forbids (control characters other than tab and line ends, U+FFFE, U+FFFF): one of
/// them, pasted invisibly into a title, would make every feed reader reject the feed.
pub fn escape_xml(s: &str) -> String {
    let allowed =
        |c: &char| matches!(*c, '\t' | '\n' | '\r') || !(c.is_ascii_control() || matches!(*c, '\u{FFFE}' | '\u{FFFF}'));
    // Most text (every address of the sitemap) has nothing to escape or leave out.
    if s.chars().all(|c| allowed(&c) && !matches!(c, '&' | '<' | '>' | '"')) {
        return s.to_string();
    }
    escape(&s.chars().filter(allowed).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_escape_as_tera_does() {
        let escaped = |s: &str| {
            let mut out = Vec::new();
            escape_for_templates(s, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(escaped(""), "");
        assert_eq!(escaped("Kế hoạch"), "Kế hoạch");
        assert_eq!(escaped("<a href=\"x\">Đ&'c</a>/"), "&lt;a href=&quot;x&quot;&gt;Đ&amp;&#39;c&lt;/a&gt;/");
        // Against Tera's own, on every character it escapes and some it does not.
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("t.html", "{{ v }}").unwrap();
        for v in ["&<>\"'/=`", "Thái Bình & Hưng Yên", "a\u{0}b", "'", "x"] {
            let mut ctx = tera::Context::new();
            ctx.insert("v", v);
            assert_eq!(escaped(v), tera.render("t.html", &ctx).unwrap(), "{v}");
        }
    }

    #[test]
    fn xml_never_holds_what_xml_forbids() {
        assert_eq!(escape_xml("Kế hoạch\u{0}\u{8}\u{B}\u{1F} <số 1>\u{FFFF}\tx\n"), "Kế hoạch &lt;số 1&gt;\tx\n");
        assert_eq!(escape_xml("\u{7F}"), "");
    }
}
