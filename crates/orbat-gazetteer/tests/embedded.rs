//! Behaviour of the embedded gazetteer on names from the region's reporting.

use orbat_gazetteer::{haversine_km, resolve, Gazetteer, PlaceId, PlaceKind, ResolveContext};

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

fn gids(ids: &[PlaceId]) -> Vec<u64> {
    ids.iter()
        .filter_map(|&i| g().place(i).geonames_id)
        .collect()
}

fn assert_finds(surface: &str, geonames_id: u64) {
    let ids = g().lookup(surface);
    assert!(
        gids(ids).contains(&geonames_id),
        "{surface:?} -> {:?}",
        names(ids)
    );
}

fn names(ids: &[PlaceId]) -> Vec<String> {
    ids.iter()
        .map(|&i| format!("{} ({})", g().place(i).name, g().place(i).country))
        .collect()
}

fn focus(c: &str) -> ResolveContext {
    ResolveContext {
        focus_countries: vec![(c.to_string(), 1.0)],
        ..Default::default()
    }
}

fn pick(surface: &str, ctx: &ResolveContext) -> Option<&'static orbat_gazetteer::Place> {
    resolve(g(), g().lookup(surface), ctx).map(|i| g().place(i))
}

#[test]
fn spelling_variants_find_the_same_town() {
    for s in [
        "Albukamal",
        "Al-Bukamal",
        "Abu Kamal",
        "Albu Kamal",
        "البو كمال",
        "أبو كمال",
    ] {
        assert_finds(s, 174448);
    }
    for s in [
        "Al-Mayadeen",
        "Mayadeen",
        "Al Mayadin",
        "Mayadin",
        "الميادين",
    ] {
        assert_finds(s, 173480);
    }
    for s in [
        "Deir Ezzor",
        "Deir ez-Zor",
        "Deir al-Zour",
        "Dayr az Zawr",
        "Deir el-Zor",
        "دير الزور",
    ] {
        assert_finds(s, 170794);
    }
    for s in [
        "Qamishli",
        "Qamishlo",
        "Al-Qamishli",
        "Kamishli",
        "القامشلي",
    ] {
        assert_finds(s, 173377);
    }
    for s in ["Sanaa", "Sana'a", "Sana‘a", "صنعاء"] {
        assert_finds(s, 71137);
    }
    for s in ["Hasakah", "Hasakeh", "Al-Hasakah", "Hassakeh", "الحسكة"] {
        assert_finds(s, 173811);
    }
    for s in ["Erbil", "Arbil", "Irbil", "Hawler", "أربيل"] {
        assert_finds(s, 95446);
    }
    for s in ["Qusair", "Qusayr", "Al-Qusayr", "القصير"] {
        assert_finds(s, 173322);
    }
}

#[test]
fn glued_and_loose_forms_resolve_with_focus() {
    let sy = focus("SY");
    assert_eq!(
        pick("Almohsen", &sy).and_then(|p| p.geonames_id),
        Some(162284)
    );
    assert_eq!(
        pick("Al Muhasan", &sy).and_then(|p| p.geonames_id),
        Some(162284)
    );
    assert_eq!(
        pick("Deir Ezzor", &sy).and_then(|p| p.geonames_id),
        Some(170794)
    );
}

#[test]
fn focus_country_picks_the_right_homs() {
    let homs = g().lookup("Homs");
    let countries: Vec<&str> = homs
        .iter()
        .map(|&i| g().place(i).country.as_str())
        .collect();
    assert!(
        countries.contains(&"SY") && countries.contains(&"LY"),
        "{:?}",
        names(homs)
    );
    assert_eq!(
        pick("Homs", &focus("SY")).and_then(|p| p.geonames_id),
        Some(169577)
    );
    assert_eq!(
        pick("Homs", &focus("LY")).map(|p| p.country.as_str()),
        Some("LY")
    );
}

#[test]
fn anchors_pick_the_nearby_namesake() {
    // two places called Dahiyat al-Assad: a Deir ez-Zor quarter and a Damascus suburb
    let deir = g().place(resolve(g(), g().lookup("Deir ez-Zor"), &focus("SY")).unwrap());
    let ctx = ResolveContext {
        anchors: vec![(deir.lat, deir.lon)],
        ..focus("SY")
    };
    let p = pick("Dahiyat al-Assad", &ctx).unwrap();
    assert_eq!(p.admin1.as_deref(), Some("Deir ez-Zor"), "{p:?}");
}

#[test]
fn country_names_resolve_to_countries() {
    for (s, cc) in [
        ("Lebanon", "LB"),
        ("Syria", "SY"),
        ("Oman", "OM"),
        ("Jordan", "JO"),
        ("سوريا", "SY"),
        ("العراق", "IQ"),
        ("Kuwait", "KW"),
    ] {
        let p = pick(s, &ResolveContext::default()).unwrap_or_else(|| panic!("{s} abstained"));
        assert_eq!(
            (p.kind, p.country.as_str()),
            (PlaceKind::Country, cc),
            "{s}"
        );
    }
    // ... but a cue for a city overrides that
    let city = ResolveContext {
        prefer: Some(PlaceKind::City),
        ..Default::default()
    };
    assert_eq!(pick("Kuwait", &city).map(|p| p.kind), Some(PlaceKind::City));
    // and Amman stays Jordan's capital, not Oman
    assert_eq!(
        pick("Amman", &ResolveContext::default()).map(|p| p.country.as_str()),
        Some("JO")
    );
}

#[test]
fn province_names_never_become_villages() {
    let p = pick("Anbar", &ResolveContext::default()).unwrap();
    assert_eq!((p.kind, p.country.as_str()), (PlaceKind::Admin1, "IQ"));
    // a governorate named like its seat resolves to the city unless the province is cued
    let p = pick("Idlib", &focus("SY")).unwrap();
    assert_eq!(p.kind, PlaceKind::City);
    let prov = ResolveContext {
        prefer: Some(PlaceKind::Admin1),
        ..focus("SY")
    };
    assert_eq!(
        pick("Idlib", &prov).map(|p| p.kind),
        Some(PlaceKind::Admin1)
    );
}

#[test]
fn country_capital_and_admin1_accessors() {
    let sy = g().country("SY").unwrap();
    assert_eq!(g().place(sy).name, "Syria");
    assert_eq!(g().place(g().capital("sy").unwrap()).name, "Damascus");
    let dz = g().admin1("SY", "Deir Ezzor").unwrap();
    assert_eq!(g().place(dz).kind, PlaceKind::Admin1);
    assert_eq!(g().place(dz).name, "Deir ez-Zor");
    assert!(g().admin1("IQ", "Anbar").is_some());
    assert!(g().admin1("SY", "Anbar").is_none());
    assert!(g().country("XX").is_none());
}

#[test]
fn facilities_and_supplement_are_indexed() {
    let sy = focus("SY");
    let t4 = pick("T4", &sy).unwrap();
    assert_eq!(
        (t4.kind, t4.feature_code.as_str()),
        (PlaceKind::Facility, "AIRB")
    );
    assert!(haversine_km((t4.lat, t4.lon), (34.5225, 37.62972)) < 1.0);
    for s in [
        "Deir ez-Zor Military Airport",
        "Hmeimim",
        "Al-Tanf",
        "Conoco",
        "Ain al-Asad",
        "Tower 22",
        "Al-Jufra Air Base",
        "Brak airbase",
    ] {
        let p = pick(s, &ResolveContext::default()).unwrap_or_else(|| panic!("{s} abstained"));
        assert_eq!(p.kind, PlaceKind::Facility, "{s}: {p:?}");
    }
    let q = pick("Al-Qurya", &sy).unwrap();
    assert_eq!(
        (q.name.as_str(), q.admin1.as_deref()),
        ("Al-Quriyah", Some("Deir ez-Zor"))
    );
}

#[test]
fn every_hand_made_row_is_near_its_country() {
    // catches swapped lat/lon and wrong country codes in supplement.tsv / facilities.tsv
    for (id, p) in g().places().filter(|(_, p)| p.geonames_id.is_none()) {
        assert!(
            g().lookup(&p.name).contains(&id),
            "{} is not found by its own name",
            p.name
        );
        // Seas and straits belong to no one country.
        if p.country.is_empty() && matches!(p.feature_code.as_str(), "SEA" | "GULF" | "STRT") {
            continue;
        }
        let c = g().place(
            g().country(&p.country)
                .unwrap_or_else(|| panic!("{}: country {}", p.name, p.country)),
        );
        let d = haversine_km((p.lat, p.lon), (c.lat, c.lon));
        assert!(d < 1500.0, "{} is {d:.0} km from {}", p.name, c.name);
    }
}

#[test]
fn abstains_on_unknown_and_weak_far_candidates() {
    assert!(g().lookup("Xqzzyvv").is_empty());
    assert!(g().lookup("").is_empty());
    assert_eq!(resolve(g(), &[], &ResolveContext::default()), None);
    // a village far outside the document's countries, with nothing near it
    let far = g()
        .places()
        .find(|(_, p)| p.kind == PlaceKind::Village && p.country == "TR")
        .map(|(i, _)| i)
        .unwrap();
    assert_eq!(resolve(g(), &[far], &focus("YE")), None);
}

#[test]
fn sizes_are_sane() {
    assert!(g().len() > 40_000, "{}", g().len());
    let n = g().max_name_tokens();
    assert!((3..=8).contains(&n), "{n}");
}

#[test]
#[ignore = "timing: cargo test --release -p orbat-gazetteer -- --ignored --nocapture"]
fn load_and_lookup_timing() {
    let t = std::time::Instant::now();
    let g = Gazetteer::embedded();
    let load = t.elapsed();
    let surfaces = [
        "Albukamal",
        "Deir Ezzor",
        "Homs",
        "Sana'a",
        "Almohsen",
        "Xqzzyvv",
        "دير الزور",
        "Lebanon",
    ];
    let t = std::time::Instant::now();
    let mut hits = 0;
    for _ in 0..10_000 {
        for s in surfaces {
            hits += g.lookup(s).len();
        }
    }
    let per = t.elapsed() / (10_000 * surfaces.len() as u32);
    println!(
        "places {}, load {load:?}, lookup {per:?} (hits {hits})",
        g.len()
    );
}

/// The name finders skip every span whose first word fails `may_begin_name`:
/// it must pass for the first word of anything the lookup finds, in each tier.
#[test]
fn prefilter_passes_the_first_word_of_every_name_found() {
    let surfaces = [
        "Albu Kamal",
        "Al-Bukamal",
        "Albukamal",
        "Al Mayadin",
        "al-Mayadeen",
        "Mayadin",
        "Deir ez-Zor city",
        "Deir Ezzor",
        "port of Tobruk",
        "southern Baghdad",
        "the city of Homs",
        "Qamishlo",
        "Almohsen",
        "Ash Shaddadi",
        "Assafira",
        "T4 air base",
        "Tower 22",
        "دير الزور",
        "Sanaa",
    ];
    for s in surfaces {
        let (hit, loose) = g().lookup_tiered(s);
        assert!(!hit.is_empty(), "{s} is found");
        let first = s.split_whitespace().next().unwrap();
        assert!(g().may_begin_name(first, true), "{s}: {first} passes");
        if !loose {
            assert!(
                g().may_begin_name(first, false),
                "{s}: {first} passes the exact tiers"
            );
        }
    }
}

#[test]
fn prefilter_rejects_common_english_words() {
    for w in ["Forces", "Spokesman", "Yesterday", "However"] {
        assert!(!g().may_begin_name(w, false), "{w}");
    }
}

#[test]
fn skipping_the_loose_tier_only_drops_loose_answers() {
    for s in ["Almohsen", "Qamishlo", "Homs", "Overview"] {
        let (all, loose) = g().lookup_tiered(s);
        let (exact, flag) = g().lookup_in_tiers(s, false);
        assert!(!flag);
        if loose {
            assert!(exact.is_empty(), "{s}");
        } else {
            assert_eq!(all, exact, "{s}");
        }
    }
}

/// `may_find_spans` answers for every leading run of words of these sentences
/// pieces: it may say `true` in vain, never `false` where the lookup finds a place.
#[test]
fn span_filter_never_hides_a_place() {
    let runs = [
        "Albu Kamal Said",
        "Al Mayadin Residents",
        "Deir ez-Zor city",
        "Deir Ezzor Military Council",
        "port of Tobruk",
        "southern Baghdad Today",
        "Ash Shaddadi",
        "As Safira",
        "Abu al Duhur Airbase",
        "Tell Abyad As",
        "T4 air base",
        "Tower 22 Attack",
        "دير الزور",
        "Sanaa Houthi Forces",
        "Homs Province Council",
        "Islamic Revolutionary Guard Corps",
        "Syrian Observatory for Human Rights",
        "Qamishlo Almohsen",
        "Al",
        "Ain al-Asad Air Base",
        "Almohsen Said Today",
        "Al Muhasan Village",
        "Dayr az Zawr Council",
        "Han Şeyhun Road",
        "Khan Sheikhoun After",
        "Kamishli Qamishlo",
        "Overview Report",
        "Ras Lanuf on January",
    ];
    let mut hidden = 0;
    for run in runs {
        let texts: Vec<&str> = run.split(' ').collect();
        let parts: Vec<_> = texts
            .iter()
            .map(|t| orbat_gazetteer::keys::words(t))
            .collect();
        let refs: Vec<_> = parts.iter().collect();
        let surfaces: Vec<String> = (1..=texts.len()).map(|k| texts[..k].join(" ")).collect();
        let surface_refs: Vec<&str> = surfaces.iter().map(String::as_str).collect();
        for loose in [false, true] {
            let may = g().may_find_spans(&surface_refs, &refs, loose);
            assert_eq!(may.len(), texts.len());
            for (surface, may) in surfaces.iter().zip(may) {
                let found = !g().lookup_in_tiers(surface, loose).0.is_empty();
                assert!(may || !found, "{surface:?} (loose {loose}) is found");
                hidden += usize::from(!may);
            }
        }
    }
    assert!(hidden > 10, "the filter rules out spans ({hidden})");
}
