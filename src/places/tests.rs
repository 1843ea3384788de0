use super::*;

fn issuer(s: &str, region: &str) -> Resolution {
    table().resolve_issuer(s, region, Era::Before)
}

fn unit(r: Resolution) -> Unit {
    match r {
        Resolution::Unit(u) => u,
        other => panic!("not resolved: {other:?}"),
    }
}

#[test]
fn a_province_then_and_now() {
    let t = table();
    let u = unit(issuer("UBND tỉnh Thái Bình", ""));
    assert_eq!(t.name(u), "tỉnh Thái Bình");
    assert_eq!(t.code(u), Some("34"));
    assert_eq!(t.now(u).map(|n| t.name(n)).as_deref(), Some("tỉnh Hưng Yên"));
    assert_eq!(t.code(t.now(u).unwrap()), Some("33"));
    assert_eq!(t.now_note(u).as_deref(), Some("nay thuộc tỉnh Hưng Yên"));
    let hy = unit(issuer("UBND tỉnh Hưng Yên", ""));
    assert_eq!(t.now_note(hy).as_deref(), Some("từ 1/7/2025 hợp nhất với tỉnh Thái Bình thành tỉnh Hưng Yên"));
    let cb = unit(issuer("Tỉnh ủy Cao Bằng", ""));
    assert_eq!((t.name(cb), t.now_note(cb)), ("tỉnh Cao Bằng".to_string(), None));
    assert_eq!(t.name(unit(issuer("Hội Khuyến học tỉnh Nam Định", ""))), "tỉnh Nam Định");
    assert_eq!(t.name(unit(issuer("UBND thành phố Hà Nội", ""))), "thành phố Hà Nội");
    assert_eq!(t.name(unit(issuer("Thành ủy Hà Nội", ""))), "thành phố Hà Nội");
}

#[test]
fn names_match_without_diacritics_or_case() {
    let t = table();
    assert_eq!(t.name(unit(issuer("UBND tinh Thai Binh", ""))), "tỉnh Thái Bình");
    assert_eq!(t.name(unit(issuer("UỶ BAN NHÂN DÂN TỈNH THÁI BÌNH", ""))), "tỉnh Thái Bình");
    assert_eq!(t.name(unit(issuer("BAN CHỈ ĐẠO XÂY DỰNG XÃ HỘI HỌC TẬP TỈNH THÁI BÌNH", ""))), "tỉnh Thái Bình");
    assert_eq!(t.name(unit(issuer("Hội Khuyến học tỉnh Hà Tĩnh", ""))), "tỉnh Hà Tĩnh");
    assert_eq!(t.name(unit(issuer("UBND huyện Quan Hóa", ""))), "huyện Quan Hóa, tỉnh Thanh Hóa");
    assert_eq!(t.name(unit(issuer("UBND tỉnh Bà Rịa - Vũng Tàu", ""))), "tỉnh Bà Rịa - Vũng Tàu");
}

#[test]
fn a_district_and_its_communes_today() {
    let t = table();
    let u = unit(issuer("Ủy ban nhân dân huyện Hòa An", "Cao Bằng"));
    assert_eq!(t.name(u), "huyện Hòa An, tỉnh Cao Bằng");
    assert_eq!(t.code(u), None);
    let note = t.now_note(u).unwrap();
    assert!(note.starts_with("cấp huyện không còn từ 1/7/2025; địa bàn nay thuộc xã Hòa An"), "{note}");
    assert!(note.ends_with("của tỉnh Cao Bằng"), "{note}");
    // The region narrows a district name several provinces have.
    let r = unit(t.resolve_region("huyện Thuận Nam, Ninh Thuận", "", Era::Before));
    assert_eq!(t.name(r), "huyện Thuận Nam, tỉnh Ninh Thuận");
    let r = unit(t.resolve_region("thành phố Tam Kỳ, Quảng Nam", "", Era::Before));
    assert_eq!(t.name(r), "thành phố Tam Kỳ, tỉnh Quảng Nam");
    assert_eq!(t.now(r).map(|n| t.name(n)).as_deref(), Some("thành phố Đà Nẵng"));
}

#[test]
fn a_commune_narrowed_by_its_district() {
    let t = table();
    let u = unit(issuer("UBND xã Thạnh Lợi, huyện Tháp Mười", ""));
    assert_eq!(t.name(u), "xã Thạnh Lợi, huyện Tháp Mười, tỉnh Đồng Tháp");
    assert_eq!(t.code(u), Some("30040"));
    assert_eq!(t.now_note(u).as_deref(), Some("nay thuộc xã Trường Xuân, tỉnh Đồng Tháp"));
    // Three former communes are called Thạnh Lợi: without its district it is ambiguous.
    match issuer("UBND xã Thạnh Lợi", "") {
        Resolution::Ambiguous { units, .. } => assert!(units.len() >= 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn central_bodies_by_name_and_abbreviation() {
    let t = table();
    for (written, name) in [
        ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
        ("Bộ Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo"),
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
        ("Trung ương Hội Khuyến học Việt Nam", "Hội Khuyến học Việt Nam"),
        ("Đại hội Hội Khuyến học Việt Nam lần thứ VI", "Hội Khuyến học Việt Nam"),
        ("Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương"),
        ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
    ] {
        assert_eq!(t.name(unit(issuer(written, ""))), name, "{written}");
    }
    let old = unit(issuer("Bộ LĐ-TB&XH", ""));
    assert_eq!(t.now_note(old).as_deref(), Some("nay hợp nhất vào Bộ Nội vụ"));
}

#[test]
fn a_local_body_without_its_place_takes_the_region() {
    let t = table();
    assert_eq!(t.name(unit(issuer("Ban Thường vụ Tỉnh ủy", "Cao Bằng"))), "tỉnh Cao Bằng");
    assert_eq!(issuer("Ban Thường vụ Tỉnh ủy", ""), Resolution::NoPlace("Ban Thường vụ Tỉnh ủy".into()));
}

#[test]
fn unknown_names_get_the_closest_ones() {
    match issuer("Òa tỉnh Khánh H", "") {
        Resolution::Unknown { written, suggestions } => {
            assert_eq!(written, "Khánh H");
            assert_eq!(suggestions[0], "Òa tỉnh Khánh Hòa");
        }
        other => panic!("{other:?}"),
    }
    match issuer("UBND tỉnh Khánh Hà", "") {
        Resolution::Unknown { suggestions, .. } => assert_eq!(suggestions[0], "UBND tỉnh Khánh Hòa"),
        other => panic!("{other:?}"),
    }
    for garbage in ["3727/KH-UBND", "Xmc", "Hội chủ nghĩa việt nam"] {
        assert!(matches!(issuer(garbage, ""), Resolution::Unknown { .. }), "{garbage}");
    }
    assert!(matches!(issuer("UBND", ""), Resolution::NoPlace(_)));
    match issuer("Bộ Giáo dục và Đào tạoo", "") {
        Resolution::Unknown { suggestions, .. } => assert_eq!(suggestions, ["Bộ Giáo dục và Đào tạo"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn codes_settle_a_unit_in_the_list_of_the_documents_date() {
    let t = table();
    assert_eq!(t.by_code("34", Era::Before).map(|u| t.name(u)).as_deref(), Some("tỉnh Thái Bình"));
    assert_eq!(t.by_code("33", Era::After).map(|u| t.name(u)).as_deref(), Some("tỉnh Hưng Yên"));
    assert_eq!(t.by_code("34", Era::After), None);
    let (placed, _, r) = resolve("UBND xã Thạnh Lợi", None, None, Some("30040"), None);
    assert_eq!(placed.issuer.map(|u| t.code(u).unwrap().to_string()).as_deref(), Some("30040"));
    assert_eq!(r, Resolution::Nothing);
    let (_, bad, _) = resolve("UBND tỉnh Thái Bình", None, None, Some("99"), None);
    assert_eq!(bad, Resolution::BadCode("99".into()));
}

#[test]
fn after_the_reform_the_current_list_comes_first() {
    let t = table();
    let d = Some(jiff::civil::date(2025, 9, 1));
    let (p, _, _) = resolve("UBND tỉnh Hưng Yên", None, d, None, None);
    assert_eq!(
        p.issuer.map(|u| (t.name(u), t.code(u).map(str::to_string))),
        Some(("tỉnh Hưng Yên".into(), Some("33".into())))
    );
    assert!(matches!(p.issuer, Some(Unit::Current(_))));
    // A former name still resolves, to the former unit.
    let (p, _, _) = resolve("UBND tỉnh Thái Bình", None, d, None, None);
    assert!(matches!(p.issuer, Some(Unit::Province(_))));
}
