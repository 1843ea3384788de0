//! Word files: the text of word/document.xml, one line per paragraph, table cells
//! separated by " | " so the header and signature tables keep their columns.
//! Word's automatic numbering (a list style that prints "1." or "-") is not text in
//! the file; bulleted and numbered paragraphs get "- " so they stay items.

use std::io::Read;

use quick_xml::events::Event;

/// Word files above this size (uncompressed XML) are refused rather than read.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut file = archive.by_name("word/document.xml").map_err(|_| "it has no word/document.xml".to_string())?;
    if file.size() > MAX_XML_BYTES {
        return Err(format!("its text is {} MB, more than congbo reads", file.size() / 1_000_000));
    }
    let mut xml = String::new();
    file.read_to_string(&mut xml).map_err(|e| e.to_string())?;
    Ok(document_text(&xml))
}

fn document_text(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    let mut listed = false;
    // Table rows: each cell's paragraphs. A row prints as lines whose k-th line holds
    // the k-th paragraph of every cell, the way the table looks on paper.
    let mut rows: Vec<Vec<Vec<String>>> = Vec::new();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"tr" => rows.push(Vec::new()),
                b"tc" => {
                    if let Some(row) = rows.last_mut() {
                        row.push(Vec::new());
                    }
                }
                b"numPr" => listed = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => paragraph.push('\t'),
                b"br" | b"cr" => paragraph.push('\n'),
                b"numPr" => listed = true,
                // A list style ("ListBullet", "ListNumber", "ListParagraph") numbers or
                // bullets the paragraph without a numPr of its own.
                b"pStyle" => {
                    let style = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == b"val");
                    if style.is_some_and(|a| a.value.starts_with(b"List")) {
                        listed = true;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Ok(s) = t.decode() {
                    paragraph.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                // Entities come apart from the text: "&amp;", "&#273;".
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    paragraph.push(c);
                } else if let Ok(name) = r.decode() {
                    paragraph.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let mut text = std::mem::take(&mut paragraph);
                    if listed && !text.trim_start().starts_with(['-', '+', '•']) {
                        text.insert_str(0, "- ");
                    }
                    listed = false;
                    match rows.last_mut().and_then(|row| row.last_mut()) {
                        Some(cell) => {
                            if !text.trim().is_empty() {
                                cell.push(text.replace(['\n', '\t'], " ").trim().to_string());
                            }
                        }
                        None => {
                            out.push_str(&text);
                            out.push('\n');
                        }
                    }
                }
                b"tr" => {
                    let row = rows.pop().unwrap_or_default();
                    let height = row.iter().map(Vec::len).max().unwrap_or(0);
                    for k in 0..height {
                        let line: Vec<&str> = row.iter().map(|c| c.get(k).map_or("", String::as_str)).collect();
                        let line = line.join(" | ");
                        match rows.last_mut().and_then(|r| r.last_mut()) {
                            // A table inside a cell: its lines join the outer cell.
                            Some(cell) => cell.push(line),
                            None => {
                                out.push_str(&line);
                                out.push('\n');
                            }
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_cells_and_lists() {
        let xml = r#"<w:document><w:body>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p><w:p><w:r><w:t>TỈNH THÁI BÌNH</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Gia đình &amp; dòng họ</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:t>Cộng đồng</w:t></w:r><w:r><w:t xml:space="preserve"> học tập</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            document_text(xml),
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH THÁI BÌNH | \nKẾ HOẠCH\n- Gia đình & dòng họ\n- Cộng đồng học tập\n"
        );
    }
}
