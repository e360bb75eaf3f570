//! Entities: known actors, actors never seen, people, demonyms, acronyms, places.
mod support;
use orbat_report::EntityType;
use support::*;

#[test]
fn known_actors_are_found_by_any_alias() {
    let r = extract(
        "Fighters of Kata'ib Hezbollah and the IRGC moved east.",
        None,
    );
    assert_eq!(
        entity(&r, "Kata'ib Hezbollah").unwrap().entity_type,
        EntityType::ArmedGroup
    );
    let irgc = entity(&r, "IRGC").unwrap();
    assert_eq!(irgc.name, "Islamic Revolutionary Guard Corps");
    assert_eq!(irgc.attributes.origin.as_deref(), Some("IR"));
}

#[test]
fn unit_words_make_unknown_groups() {
    let r = extract(
        "The Desert Hawks Brigade and Liwa Suqour al-Jabal clashed near the river.",
        None,
    );
    assert!(
        entity(&r, "Desert Hawks Brigade").is_some(),
        "{:?}",
        r.entities
    );
    assert!(
        entity(&r, "Liwa Suqour al-Jabal").is_some(),
        "{:?}",
        r.entities
    );
}

#[test]
fn an_acronym_defined_in_parentheses_is_an_alias() {
    let r = extract(
        "The Northern Shield Battalion (NSB) took the hill. Later the NSB withdrew.",
        None,
    );
    let e = entity(&r, "NSB").unwrap();
    assert_eq!(e.mentions.len(), 3, "{e:?}");
}

#[test]
fn demonyms_give_origin_and_coordinated_demonyms_split() {
    let r = extract(
        "The militias include the Afghani Fatimiyoun and both Syrian and Lebanese Hezbollah.",
        None,
    );
    let f = entity(&r, "Afghani Fatimiyoun").unwrap();
    assert_eq!(f.attributes.origin.as_deref(), Some("AF"));
    let syrian = entity(&r, "Syrian Hezbollah").unwrap();
    let lebanese = entity(&r, "Lebanese Hezbollah").unwrap();
    assert_ne!(syrian.id, lebanese.id);
}

#[test]
fn people_by_given_name_and_title_and_surname_later() {
    let r = extract(
        "The unit is led by Haidar al-Mansouri. Brig. Gen. Karam Dawoud visited. Mansouri denied it.",
        None,
    );
    let p = entity(&r, "Haidar al-Mansouri").unwrap();
    assert_eq!(p.entity_type, EntityType::Person);
    assert_eq!(p.mentions.len(), 2, "surname-only mention attached: {p:?}");
    assert_eq!(
        entity(&r, "Karam Dawoud").unwrap().entity_type,
        EntityType::Person
    );
}

#[test]
fn places_are_geocoded_and_countries_are_states() {
    let r = extract(
        "Shelling hit Al-Mayadeen and Albukamal in eastern Syria.",
        None,
    );
    let m = entity(&r, "Al-Mayadeen").unwrap();
    let geo = m.geo.as_ref().unwrap();
    assert!(
        (geo.lat - 35.02).abs() < 0.1 && (geo.lon - 40.45).abs() < 0.1,
        "{geo:?}"
    );
    assert!(entity(&r, "Albukamal").unwrap().geo.is_some());
    assert_eq!(entity(&r, "Syria").unwrap().entity_type, EntityType::State);
}

#[test]
fn demonym_with_force_words_is_a_state_force() {
    let r = extract("Strikes by the Israeli air force hit the depot.", None);
    let f = entity(&r, "Israeli air force").unwrap();
    assert_eq!(f.entity_type, EntityType::StateForce);
    assert_eq!(f.attributes.origin.as_deref(), Some("IL"));
}

#[test]
fn places_no_gazetteer_lists_are_kept_where_the_text_says_what_they_are() {
    let r = extract(
        "Gunmen attacked a checkpoint near Tell Zarqa Gharbi, a village east of the river. \
Later they entered the town of Ruwaishid al-Janubi.",
        None,
    );
    for name in ["Tell Zarqa Gharbi", "Ruwaishid al-Janubi"] {
        let e = entity(&r, name).unwrap_or_else(|| panic!("{name}: {:?}", r.entities));
        assert_eq!(e.entity_type, EntityType::Location);
    }
}

#[test]
fn a_month_in_a_dateline_is_no_place() {
    let r = extract(
        "ADEN, Yemen, Nov 25 - Coalition jets struck Saada on 3 Jan and again on Mar 4.",
        None,
    );
    for month in ["Nov", "Jan", "Mar"] {
        assert!(entity(&r, month).is_none(), "{month} taken for a place");
    }
    assert!(entity(&r, "Aden").is_some());
}

#[test]
fn seas_and_straits_are_places_however_far_from_the_story() {
    let r = extract(
        "Houthi forces fired at a tanker in the Gulf of Aden, while Iranian boats \
         shadowed ships in the Strait of Hormuz.",
        None,
    );
    for sea in ["Gulf of Aden", "Strait of Hormuz"] {
        let e = entity(&r, sea).unwrap_or_else(|| panic!("{sea} missing"));
        assert!(e.geo.is_some(), "{sea} geocoded");
    }
}
