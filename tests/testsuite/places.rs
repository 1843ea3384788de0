//! Places after the 2025 reform: issuers and regions resolved against the official list
//! of administrative units (data/admin-units/) and the central bodies, as on each
//! document's date and today. The fixture `places` has documents of merged provinces
//! (Thái Bình, now part of Hưng Yên), a district (huyện Hòa An), a commune (xã Thạnh
//! Lợi, huyện Tháp Mười), an issuer that matches nothing ("Òa tỉnh Khánh H"), a commune
//! settled by its code and a replaced plan.

use crate::support::*;

fn built() -> (TestSite, Run) {
    let site = TestSite::fixture("places");
    let run = site.build_ok(&[]);
    (site, run)
}

#[test]
fn check_warns_about_an_unknown_issuer_with_the_closest_names() {
    let site = TestSite::fixture("places");
    let run = site.check();
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let file = "content/plans/khanh-hoa/ke-hoach-3727-2022.md";
    let diags = run.diagnostics();
    let (line, col, _) = place_in(&site.read_source(file), "issuer:", "\"Òa");
    let d = diags
        .iter()
        .find(|d| d.path == file && d.severity == Severity::Warning)
        .unwrap_or_else(|| panic!("no warning for {file}:\n{}", run.stderr));
    assert_eq!((d.line, d.col), (line, col), "{}", run.stderr);
    assert!(
        d.message.contains("“Òa tỉnh Khánh H”") && d.message.contains("no administrative unit is called “Khánh H”"),
        "{}",
        d.message
    );
    assert_eq!(d.help.as_deref(), Some("did you mean Òa tỉnh Khánh Hòa?"), "{}", run.stderr);
    // Every other issuer and region resolves: in the former list, without diacritics,
    // by a district, a commune narrowed by its district, or a code; after the reform, in
    // the current list.
    let others: Vec<String> = diags.iter().filter(|d| d.path != file).map(|d| d.head()).collect();
    assert!(others.is_empty(), "{others:?}");
    run.assert_stderr_matches("places");
}

#[test]
fn a_code_no_unit_has_and_an_ambiguous_name_are_warned() {
    let site = TestSite::fixture("places");
    let file = "content/plans/dong-thap/thanh-loi-ke-hoach-9-2024.md";
    site.edit(file, "issuer_code: \"30040\"", "issuer_code: \"99999\"");
    let run = site.check();
    let d = run.diagnostics().into_iter().find(|d| d.path == file).expect(&run.stderr);
    assert!(d.message.contains("“99999”") && d.message.contains("before 1 July 2025"), "{}", d.message);
    site.edit(file, "issuer_code: \"99999\"\n", "");
    let run = site.check();
    let d = run.diagnostics().into_iter().find(|d| d.path == file).expect(&run.stderr);
    assert!(d.message.contains("“Thạnh Lợi” is the name of several"), "{}", d.message);
    assert!(d.message.contains("huyện Tháp Mười, tỉnh Đồng Tháp"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("issuer_code"), "{:?}", d.help);
}

#[test]
fn messages_about_places_are_in_vietnamese_by_default() {
    let site = TestSite::fixture("places");
    let run = site.run_with_env("check", &[], &[("CONGBO_LANG", "vi")]);
    assert!(run.stderr.contains("có phải là Òa tỉnh Khánh Hòa?"), "{}", run.stderr);
    assert!(run.stderr.contains("không có đơn vị hành chính nào tên “Khánh H”"), "{}", run.stderr);
}

#[test]
fn document_pages_show_the_unit_then_and_now() {
    let (_site, run) = built();
    // A province merged into another.
    let page = "van-ban/12-kh-ubnd-2014/";
    run.assert_text_contains(page, "UBND tỉnh Thái Bình (nay thuộc tỉnh Hưng Yên)");
    run.assert_text_contains(page, "Mã đơn vị hành chính 34; nay: tỉnh Hưng Yên (33)");
    // Written without diacritics, it is the same unit.
    run.assert_text_contains("van-ban/40-kh-ubnd-2021/", "UBND tinh Thai Binh (nay thuộc tỉnh Hưng Yên)");
    // A district: the level is gone, and the communes now covering it are named.
    let page = "van-ban/15-kh-ubnd-2020/";
    run.assert_text_contains(page, "Ủy ban nhân dân huyện Hòa An (cấp huyện không còn từ 1/7/2025)");
    run.assert_text_contains(
        page,
        "Huyện Hòa An, tỉnh Cao Bằng (cấp huyện không còn từ 1/7/2025; địa bàn nay thuộc xã Hòa An, xã Nam Tuấn",
    );
    // A commune, narrowed by its district, with its code then and now.
    let page = "van-ban/5-kh-ubnd-2023/";
    run.assert_text_contains(page, "UBND xã Thạnh Lợi, huyện Tháp Mười (nay thuộc xã Trường Xuân, tỉnh Đồng Tháp)");
    run.assert_text_contains(page, "Mã đơn vị hành chính 30040; nay: xã Trường Xuân, tỉnh Đồng Tháp (30046)");
    // A commune settled by its code; a province that kept its name shows no "nay".
    run.assert_text_contains("van-ban/9-kh-ubnd-2024/", "Xã Thạnh Lợi, huyện Tháp Mười, tỉnh Đồng Tháp");
    let text = run.text("van-ban/3-kh-tu-2019/");
    assert!(text.contains("Địa phương Tỉnh Cao Bằng Mã đơn vị hành chính 04"), "{text}");
    assert!(!text.contains("nay thuộc"), "{text}");
}

#[test]
fn provinces_today_list_the_documents_of_the_units_merged_into_them() {
    let (_site, run) = built();
    let index = run.html("dia-phuong/");
    let provinces: Vec<String> = index.all("ul.places > li > a:first-child").iter().map(|a| a.visible_text()).collect();
    assert_eq!(provinces.len(), 34, "{provinces:?}");
    assert!(provinces.contains(&"Tỉnh Hưng Yên".to_string()) && !provinces.contains(&"Tỉnh Thái Bình".to_string()));
    let hung_yen = index
        .all("ul.places > li")
        .into_iter()
        .map(|li| collapse_ws(&li.visible_text()))
        .find(|t| t.starts_with("Tỉnh Hưng Yên"))
        .unwrap();
    assert!(hung_yen.contains("6 văn bản"), "{hung_yen}");
    assert!(hung_yen.contains("Tỉnh Hưng Yên (2)") && hung_yen.contains("Tỉnh Thái Bình (3)"), "{hung_yen}");
    // The current province groups its documents by the unit that issued them then.
    let page = run.html("dia-phuong/hung-yen/");
    let headings: Vec<String> = page.all("section.place-group h2").iter().map(|h| h.visible_text()).collect();
    assert_eq!(
        headings,
        [
            "Từ 1/7/2025: tỉnh Hưng Yên — 1 văn bản",
            "Trước 1/7/2025: tỉnh Hưng Yên — 2 văn bản",
            "Trước 1/7/2025: tỉnh Thái Bình — 3 văn bản"
        ]
    );
    let cao_bang: Vec<String> =
        run.html("dia-phuong/cao-bang/").all("section.place-group h2").iter().map(|h| h.visible_text()).collect();
    assert_eq!(
        cao_bang,
        ["Trước 1/7/2025: tỉnh Cao Bằng — 1 văn bản", "Trước 1/7/2025: huyện Hòa An, tỉnh Cao Bằng — 1 văn bản"]
    );
    // The former name keeps its address, with its documents and a link to today's province.
    let former = run.html("dia-phuong/thai-binh/");
    let docs: Vec<String> = former.all("a.doc-name").iter().map(|a| a.visible_text()).collect();
    assert_eq!(docs, ["Kế hoạch 40/KH-UBND", "Báo cáo của UBND tỉnh Thái Bình (2019)", "Kế hoạch 12/KH-UBND"]);
    assert!(former.all("a").iter().any(|a| a.value().attr("href") == Some("/dia-phuong/hung-yen/")));
    // The document page links its region to its place's page.
    let doc = run.html("van-ban/12-kh-ubnd-2014/");
    assert!(doc.all("dd a").iter().any(|a| a.value().attr("href") == Some("/dia-phuong/thai-binh/")));
    assert!(broken_links(&run.output, "/").is_empty(), "{:?}", broken_links(&run.output, "/"));
}

/// The ids of a word's documents in the search index (both tiers, delta-decoded).
fn search_ids(run: &Run, word: &str) -> Vec<u64> {
    // The manifest names the file holding the words of each prefix (the longest that
    // starts the word); a word maps each way it is written to two tiers of ids,
    // ascending and delta-encoded.
    let manifest: serde_json::Value = serde_json::from_str(&run.read("tim-kiem/chi-muc.json")).unwrap();
    let (_, file) = search_shards(&manifest)
        .into_iter()
        .filter(|(p, _)| word.starts_with(p.as_str()))
        .max_by_key(|(p, _)| p.len())
        .unwrap_or_else(|| panic!("no search file for {word}"));
    let shard: serde_json::Value = serde_json::from_str(&run.read(&format!("tim-kiem/{file}"))).unwrap();
    let mut ids = Vec::new();
    let mut add = |tiers: &[serde_json::Value]| {
        for tier in &tiers[..2] {
            let mut at = 0;
            for d in tier.as_array().unwrap() {
                at += d.as_u64().unwrap();
                ids.push(at);
            }
        }
    };
    for form in shard[word].as_object().into_iter().flat_map(|o| o.values()) {
        let form = form.as_array().unwrap();
        add(form);
        // A long list: its head, then [count, s, tail files by id range].
        for hash in form.get(4).and_then(|p| p.as_array()).into_iter().flatten().flat_map(|p| p.as_array().unwrap()) {
            let tail: serde_json::Value =
                serde_json::from_str(&run.read(&format!("tim-kiem/chi-muc/{word}~.{}.json", hash.as_str().unwrap())))
                    .unwrap();
            add(tail.as_array().unwrap());
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn search_for_a_former_name_or_todays_finds_both() {
    let (_site, run) = built();
    let thai = search_ids(&run, "thai");
    let hung = search_ids(&run, "hung");
    assert_eq!(thai.len(), 3, "{thai:?}");
    assert!(
        thai.iter().all(|id| hung.contains(id)),
        "Thái Bình's documents {thai:?} are found by \"hung yen\" {hung:?}"
    );
    assert_eq!(hung.len(), 6, "{hung:?}");
}

#[test]
fn open_data_carries_the_unit_codes_then_and_now() {
    let (_site, run) = built();
    let json: serde_json::Value = serde_json::from_str(&run.read("du-lieu/documents.json")).unwrap();
    let doc = |number: &str, year: &str| {
        json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["number"] == number && d["date"].as_str().unwrap_or("").starts_with(year))
            .unwrap_or_else(|| panic!("{number}"))
            .clone()
    };
    let tb = doc("12/KH-UBND", "2014");
    assert_eq!(tb["unit"]["then"]["code"], "34");
    assert_eq!(tb["unit"]["now"]["code"], "33");
    assert_eq!(tb["unit"]["now"]["name"], "tỉnh Hưng Yên");
    let district = doc("15/KH-UBND", "2020");
    assert_eq!(district["unit"]["then"]["code"], serde_json::Value::Null);
    assert_eq!(district["unit"]["then"]["province_code"], "04");
    let commune = doc("5/KH-UBND", "2023");
    assert_eq!(
        (commune["unit"]["then"]["code"].as_str(), commune["unit"]["now"]["code"].as_str()),
        (Some("30040"), Some("30046"))
    );
    assert_eq!(doc("89/QĐ-TTg", "2013")["unit"], serde_json::Value::Null);
    run.assert_text_contains("du-lieu/", "vietnamadminunits (giấy phép MIT");
    let csv = run.read("du-lieu/targets.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}"))];
    assert_eq!([col("unit_then"), col("unit_code_then"), col("province_code_then")], ["tỉnh Thái Bình", "34", "34"]);
    assert_eq!([col("unit_now"), col("unit_code_now"), col("province_code_now")], ["tỉnh Hưng Yên", "33", "33"]);
}

#[test]
fn legal_status_as_of_the_builds_date() {
    let (site, run) = built();
    let status = |page: &str| -> String {
        let html = run.html(page);
        let dt = html.all("dt").into_iter().position(|d| d.visible_text() == "Tình trạng hiệu lực").expect(page);
        collapse_ws(&html.all("dd")[dt].visible_text())
    };
    assert_eq!(
        status("van-ban/12-kh-ubnd-2014/"),
        "Hết hiệu lực toàn bộ từ 04/05/2021, bị thay thế bởi Kế hoạch 40/KH-UBND (xem văn bản)"
    );
    assert_eq!(status("van-ban/40-kh-ubnd-2021/"), "Còn hiệu lực (từ 04/05/2021)");
    assert_eq!(
        status("van-ban/7-kh-hkh-2022/"),
        "Hết hiệu lực một phần từ 15/03/2023, được sửa đổi, bổ sung bởi Kế hoạch 3/KH-HKH (xem văn bản)"
    );
    assert_eq!(status("van-ban/2-kh-ubnd-2025/"), "Chưa có hiệu lực: có hiệu lực từ 01/12/2026");
    assert_eq!(status("van-ban/5-kh-ubnd-2023/"), "Hết hiệu lực toàn bộ từ 31/12/2023");
    assert_eq!(status("van-ban/15-kh-ubnd-2020/"), "Hết hiệu lực toàn bộ: hết giai đoạn thực hiện ngày 31/12/2025");
    // The listing of documents in force leaves out the ended and the not yet in force.
    let listed: Vec<String> = run.html("hieu-luc/").all("a.doc-name").iter().map(|a| a.visible_text()).collect();
    for gone in ["Kế hoạch 12/KH-UBND", "Kế hoạch 15/KH-UBND", "Kế hoạch 2/KH-UBND"] {
        assert!(!listed.contains(&gone.to_string()), "{gone} in {listed:?}");
    }
    for kept in ["Kế hoạch 40/KH-UBND", "Kế hoạch 7/KH-HKH", "Quyết định 89/QĐ-TTg"] {
        assert!(listed.contains(&kept.to_string()), "{kept} not in {listed:?}");
    }
    // The list of every document links to it (no script needed).
    assert!(run.html("van-ban/").all("p.see-also a").iter().any(|a| a.value().attr("href") == Some("/hieu-luc/")));
    let json: serde_json::Value = serde_json::from_str(&run.read("du-lieu/documents.json")).unwrap();
    let replaced = json["documents"].as_array().unwrap().iter().find(|d| d["number"] == "12/KH-UBND").unwrap();
    assert_eq!(replaced["legal_status"]["status"], "het-hieu-luc-toan-bo");
    assert_eq!(replaced["legal_status"]["since"], "2021-05-04");
    assert_eq!(replaced["legal_status"]["by"]["number"], "40/KH-UBND");
    // as_of decides: before the replacement, the old plan was in force.
    let run = site.build_ok(&["--as-of", "2020-06-01"]);
    let html = run.html("van-ban/12-kh-ubnd-2014/");
    assert!(collapse_ws(&html.one("body").visible_text()).contains("Còn hiệu lực (từ 01/03/2014)"));
}

#[test]
fn an_expiry_before_the_effective_date_is_an_error() {
    let site = TestSite::fixture("places");
    let file = "content/plans/dong-thap/thanh-loi-ke-hoach-5-2023.md";
    site.edit(file, "expires: 2023-12-31", "expires: 2022-12-31");
    let run = site.check();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let d = run.diagnostics().into_iter().find(|d| d.path == file && d.is_error()).expect(&run.stderr);
    let (line, col, _) = place_in(&site.read_source(file), "expires:", "2022");
    assert_eq!((d.line, d.col), (line, col));
    assert!(d.message.contains("2022-12-31") && d.message.contains("2023-02-01"), "{}", d.message);
}

/// The tiles of a page's map: (title, figure, class, link).
fn tiles(run: &Run, page: &str) -> Vec<(String, String, String, String)> {
    let html = run.html(page);
    html.all("svg.province-map a.tile")
        .into_iter()
        .map(|a| {
            let title = a.first("title").map(|t| t.visible_text()).unwrap_or_default();
            let value = a.first("text.tile-value").map(|t| t.visible_text()).unwrap_or_default();
            let class = a.value().attr("class").unwrap_or("").to_string();
            (title, value, class, a.value().attr("href").unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn maps_of_the_34_provinces_say_their_figures_in_words_and_a_table() {
    let (_site, run) = built();
    // Home: documents per province, each tile linking to the province's page.
    let home = tiles(&run, "");
    assert_eq!(home.len(), 34);
    for (_, _, _, href) in &home {
        assert!(run.file_exists(href), "{href}");
    }
    let hy = home.iter().find(|t| t.0.starts_with("Tỉnh Hưng Yên")).unwrap();
    assert_eq!(
        (hy.0.as_str(), hy.1.as_str(), hy.3.as_str()),
        ("Tỉnh Hưng Yên: 6 văn bản", "6", "/dia-phuong/hung-yen/")
    );
    assert!(hy.2.contains("m-2"), "{hy:?}");
    let hn = home.iter().find(|t| t.0.starts_with("Thành phố Hà Nội")).unwrap();
    assert_eq!((hn.0.as_str(), hn.1.as_str()), ("Thành phố Hà Nội: chưa có văn bản", "—"));
    let page = run.html("");
    let svg = page.one("svg.province-map");
    assert!(svg.first("title").is_some() && svg.first("desc").is_some());
    let desc = svg.first("desc").unwrap().visible_text();
    assert!(desc.contains("tổng 11 văn bản") && desc.contains("30 tỉnh chưa có văn bản"), "{desc}");
    // The legend says each class in words; the table beside repeats every figure.
    let legend: Vec<String> = svg.all("g.legend text").iter().map(|t| t.visible_text()).collect();
    assert!(legend.contains(&"— chưa có văn bản (nền sọc)".to_string()), "{legend:?}");
    let rows: Vec<String> = page.all(".map-table tbody tr").iter().map(|r| collapse_ws(&r.visible_text())).collect();
    assert_eq!(rows.len(), 34);
    assert!(rows.iter().any(|r| r == "Tỉnh Hưng Yên 6 văn bản"), "{rows:?}");
    // An indicator: the figure of Thái Bình shows on Hưng Yên, which holds it now, marked
    // as an example figure; provinces without one say so.
    let ind = tiles(&run, "chi-tieu/gia-dinh-hoc-tap/");
    let hy = ind.iter().find(|t| t.0.starts_with("Tỉnh Hưng Yên")).unwrap();
    assert_eq!(hy.0, "Tỉnh Hưng Yên: 65% năm 2019 (tỉnh Thái Bình, số liệu minh họa): quá hạn");
    assert_eq!(hy.1, "65%*");
    assert!(hy.2.contains("m-behind"), "{hy:?}");
    assert_eq!(ind.iter().filter(|t| t.1 == "—" && t.0.ends_with(": chưa có số liệu")).count(), 33);
    let page = run.html("chi-tieu/gia-dinh-hoc-tap/");
    let rows: Vec<String> = page.all(".map-table tbody tr").iter().map(|r| collapse_ws(&r.visible_text())).collect();
    assert!(
        rows.contains(&"Tỉnh Hưng Yên 65% năm 2019 (tỉnh Thái Bình, số liệu minh họa): quá hạn".to_string()),
        "{rows:?}"
    );
    assert!(rows.contains(&"Tỉnh Cao Bằng chưa có số liệu".to_string()), "{rows:?}");
}

#[test]
fn a_document_dated_after_the_reform_naming_a_former_unit_is_warned() {
    let site = TestSite::fixture("places");
    let file = "content/plans/thai-binh/ke-hoach-sau-sap-nhap.md";
    site.write(
        file,
        "---\nkind: Kế hoạch\nnumber: \"8/KH-UBND\"\ntitle: \"Kế hoạch\"\nissuer: \"UBND tỉnh Thái Bình\"\ndate: 2025-08-01\n---\n\nNội dung.\n",
    );
    let run = site.check();
    let d = run.diagnostics().into_iter().find(|d| d.path == file).expect(&run.stderr);
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("tỉnh Thái Bình no longer exists") && d.message.contains("now part of tỉnh Hưng Yên"),
        "{}",
        d.message
    );
    // The same name before the reform, and a province that kept its name after it, are not.
    assert!(run.diagnostics().iter().filter(|d| d.message.contains("no longer exists")).count() == 1, "{}", run.stderr);
}

/// "Phú Yên" after the reform is the former province (now in Đắk Lắk), not huyện Phù
/// Yên of Sơn La, which reads the same once diacritics are folded.
#[test]
fn a_former_province_is_not_taken_for_a_unit_spelled_alike() {
    let site = TestSite::fixture("places");
    let file = "content/plans/ke-hoach-phu-yen.md";
    site.write(
        file,
        "---\nkind: Kế hoạch\nnumber: \"9/KH-LĐLĐ\"\ntitle: \"Kế hoạch\"\nissuer: \"Liên đoàn Lao động tỉnh Phú Yên\"\ndate: 2025-08-01\nregion: \"Phú Yên\"\n---\n\nNội dung.\n",
    );
    let run = site.check();
    let said: Vec<String> =
        run.diagnostics().into_iter().filter(|d| d.path == file).map(|d| d.message.clone()).collect();
    assert!(said.iter().any(|m| m.contains("tỉnh Phú Yên no longer exists")), "{said:?}");
    assert!(said.iter().all(|m| !m.contains("Phù Yên")), "{said:?}");
}

#[test]
fn a_province_page_shows_a_page_of_each_group_and_links_to_the_rest() {
    let site = TestSite::fixture("places");
    site.edit("congbo.toml", "as_of = ", "page_size = 1\nas_of = ");
    // A second plan of today's Hưng Yên: its group, named as the former province was,
    // gets a listing of its own too, and neither replaces the other.
    site.write(
        "content/plans/hung-yen/ke-hoach-88-2025.md",
        "---\nkind: Kế hoạch\nnumber: \"88/KH-UBND\"\ntitle: \"Khuyến học sau hợp nhất\"\nissuer: \"UBND tỉnh Hưng Yên\"\ndate: 2025-10-01\nlevel: tinh\nregion: \"Hưng Yên\"\n---\n\nKế hoạch thứ hai của tỉnh Hưng Yên mới.\n",
    );
    let run = site.build_ok(&[]);
    let page = run.html("dia-phuong/hung-yen/");
    let groups = page.all("section.place-group");
    let former = groups
        .iter()
        .find(|g| g.one("h2").visible_text() == "Trước 1/7/2025: tỉnh Hưng Yên — 2 văn bản")
        .expect("the group of the former Hưng Yên");
    assert_eq!(former.all("a.doc-name").len(), 1);
    let more: Vec<(String, String)> = former
        .all("a")
        .iter()
        .filter(|a| a.visible_text().starts_with("Xem tất cả"))
        .map(|a| (a.visible_text(), a.value().attr("href").unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        more,
        [("Xem tất cả 2 văn bản của tỉnh Hưng Yên".to_string(), "/dia-phuong/hung-yen/tinh-hung-yen-cu/".to_string())]
    );
    // The listing has both documents, a page each; Thái Bình's group links to its own page.
    let names = |path: &str| -> Vec<String> {
        run.html(path).all("a.doc-name").iter().map(|a| a.visible_text()).collect::<Vec<_>>()
    };
    let former_listed =
        [names("dia-phuong/hung-yen/tinh-hung-yen-cu/"), names("dia-phuong/hung-yen/tinh-hung-yen-cu/trang/2/")];
    assert_eq!(former_listed.concat(), ["Kế hoạch 3/KH-HKH", "Kế hoạch 7/KH-HKH"]);
    // Today's province's own group, at the address the former one had.
    let today = [names("dia-phuong/hung-yen/tinh-hung-yen/"), names("dia-phuong/hung-yen/tinh-hung-yen/trang/2/")];
    assert_eq!(today.concat(), ["Kế hoạch 88/KH-UBND", "Kế hoạch 2/KH-UBND"]);
    let tb = groups.iter().find(|g| g.one("h2").visible_text().contains("tỉnh Thái Bình")).unwrap();
    assert!(tb.all("a").iter().any(|a| a.value().attr("href") == Some("/dia-phuong/thai-binh/")));
    assert!(broken_links(&run.output, "/").is_empty(), "{:?}", broken_links(&run.output, "/"));
}
