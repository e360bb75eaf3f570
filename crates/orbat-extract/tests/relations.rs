//! Relations: cues, lists, pronouns, appositions, relative clauses, passives, compounds, negation.
mod support;
use orbat_report::{Certainty, Predicate};
use support::*;

#[test]
fn a_list_is_distributed_over_the_next_sentence_shell() {
    let r = extract(
        "The front is made up of Kata'ib Hezbollah, Asa'ib Ahl al-Haq and the Badr Organization. \
All of them are working under the IRGC.",
        None,
    );
    for g in [
        "Kata'ib Hezbollah",
        "Asa'ib Ahl al-Haq",
        "Badr Organization",
    ] {
        assert_relation(&r, g, Predicate::SubordinateTo, "IRGC");
    }
}

#[test]
fn apposition_and_relative_clause() {
    let r = extract(
        "Fighters answer to the IRGC, led by Haidar al-Mansouri, who receives orders directly from Qasem Soleimani.",
        None,
    );
    assert_relation(&r, "Haidar al-Mansouri", Predicate::Commands, "IRGC");
    assert_relation(
        &r,
        "Haidar al-Mansouri",
        Predicate::SubordinateTo,
        "Qasem Soleimani",
    );
}

#[test]
fn a_pronoun_subject_resolves_to_the_last_topic() {
    let r = extract(
        "Hezbollah moved its men south. It controls Qusayr and Yabroud.",
        None,
    );
    assert_relation(&r, "Hezbollah", Predicate::Controls, "Qusayr");
    assert_relation(&r, "Hezbollah", Predicate::Controls, "Yabroud");
}

#[test]
fn passive_backing_and_hyphenated_compounds() {
    let r = extract(
        "Hezbollah, which is backed by Iran, sent fighters. The Iranian-backed Kata'ib Hezbollah fired rockets.",
        None,
    );
    assert_relation(&r, "Hezbollah", Predicate::SupportedBy, "Iran");
    assert_relation(&r, "Kata'ib Hezbollah", Predicate::SupportedBy, "Iran");
}

#[test]
fn places_used_by_a_list_of_groups() {
    let r = extract(
        "Two sites in Al-Mayadeen are used by Kata'ib Hezbollah and the Fatemiyoun.",
        None,
    );
    assert_relation(&r, "Fatemiyoun", Predicate::PositionedAt, "Al-Mayadeen");
    assert_relation(
        &r,
        "Kata'ib Hezbollah",
        Predicate::PositionedAt,
        "Al-Mayadeen",
    );
}

#[test]
fn denied_statements_are_not_facts() {
    let r = extract(
        "Hadi al-Amiri has denied that the Badr Organization takes orders from the IRGC.",
        None,
    );
    assert_no_relation(&r, "Badr Organization", Predicate::SubordinateTo, "IRGC");
}

#[test]
fn hedges_and_attribution_set_certainty() {
    let r = extract(
        "According to local sources, the Fatemiyoun reportedly controls Palmyra.",
        None,
    );
    let rel = r
        .relations
        .iter()
        .find(|x| x.predicate == Predicate::Controls)
        .expect("a relation");
    assert_eq!(rel.certainty, Certainty::Hedged);
    let r = extract("The Fatemiyoun controls Palmyra, the monitor said.", None);
    let rel = r
        .relations
        .iter()
        .find(|x| x.predicate == Predicate::Controls)
        .expect("a relation");
    assert_eq!(rel.certainty, Certainty::Reported);
    assert_eq!(rel.attributed_to.as_deref(), Some("the monitor"));
}

#[test]
fn time_scope_from_since() {
    let r = extract(
        "Kata'ib Hezbollah has controlled Jurf al-Sakhar since 2014.",
        Some("2020-01-01"),
    );
    let rel = r
        .relations
        .iter()
        .find(|x| x.predicate == Predicate::Controls)
        .expect("a relation");
    assert_eq!(
        rel.time.as_ref().and_then(|t| t.start.as_deref()),
        Some("2014")
    );
}

#[test]
fn designation_by_a_state() {
    let r = extract(
        "The United States listed the Badr Organization as a terrorist organization in 2019.",
        None,
    );
    assert_relation(
        &r,
        "Badr Organization",
        Predicate::DesignatedTerroristBy,
        "United States",
    );
}

#[test]
fn roles_in_apposition_and_possessive() {
    let r = extract(
        "The head of the Badr Organization, Hadi al-Amiri, met officials. \
Hezbollah's leader Hassan Nasrallah spoke. Abu Fadak al-Mohammadawi, the PMF chief of staff, visited Kirkuk.",
        None,
    );
    assert_relation(
        &r,
        "Hadi al-Amiri",
        Predicate::Commands,
        "Badr Organization",
    );
    assert_relation(&r, "Hassan Nasrallah", Predicate::Commands, "Hezbollah");
    assert_relation(&r, "Abu Fadak al-Mohammadawi", Predicate::Commands, "PMF");
}

#[test]
fn a_group_introduced_by_who_holds_ground_a_person_does_not() {
    let r = extract(
        "The Houthis, who control Sanaa, fired missiles at ships.",
        None,
    );
    assert_relation(&r, "Houthis", Predicate::Controls, "Sanaa");
    let r = extract(
        "Mohammed Abdulsalam, a Houthi negotiator, who is based in Muscat, spoke.",
        None,
    );
    assert!(
        r.relations
            .iter()
            .all(|x| x.predicate != Predicate::HeadquarteredIn),
        "{:?}",
        relations(&r)
    );
}

#[test]
fn numbered_units_from_an_ordinal_list() {
    let r = extract(
        "Kata'ib Hezbollah (KH) is an Iraqi faction. PMF brigades under its command: 45th, 46th and 47th.",
        None,
    );
    for unit in ["45th Brigade", "46th Brigade", "47th Brigade"] {
        assert_relation(&r, unit, Predicate::SubordinateTo, "Kata'ib Hezbollah");
        assert_relation(&r, unit, Predicate::MemberOf, "PMF");
    }
}

#[test]
fn a_list_passes_over_acronyms_and_relative_clauses() {
    let r = extract(
        "The National Defence Forces (NDF), the Fatemiyoun Brigade and the Zainebiyoun Brigade \
receive funding from Iran. Hezbollah, the Houthis, which hold Sanaa, and Kata'ib Hezbollah are backed by Iran.",
        None,
    );
    for g in [
        "National Defence Forces",
        "Fatemiyoun Brigade",
        "Zainebiyoun Brigade",
        "Hezbollah",
        "Houthis",
        "Kata'ib Hezbollah",
    ] {
        assert_relation(&r, g, Predicate::SupportedBy, "Iran");
    }
}

#[test]
fn a_verb_cue_does_not_match_inside_a_longer_word() {
    // "backs" is a cue; "Turkish-backed" must not read as "back".
    let r = extract(
        "Ahrar al-Sharqiya, together with other Turkish-backed units, shelled Manbij.",
        None,
    );
    assert!(
        !relations(&r)
            .iter()
            .any(|s| s.contains("supported_by Ahrar")),
        "{:?}",
        relations(&r)
    );
}

#[test]
fn a_possessive_pronoun_refers_to_what_precedes_it() {
    let r = extract(
        "The Russians took over the bases of the Wagner Group after its leader, Yevgeny Prigozhin, died.",
        None,
    );
    assert_relation(&r, "Yevgeny Prigozhin", Predicate::Commands, "Wagner Group");
}

#[test]
fn a_designating_list_inside_a_relative_clause() {
    let r = extract(
        "The YPG is close to the PKK, which Turkey and the United States list as a terrorist organisation.",
        None,
    );
    for s in ["Turkey", "United States"] {
        assert_relation(&r, "PKK", Predicate::DesignatedTerroristBy, s);
    }
    assert_no_relation(&r, "YPG", Predicate::DesignatedTerroristBy, "Turkey");
}

#[test]
fn the_former_and_the_latter_pick_from_the_last_list() {
    let r = extract(
        "Two militias operate in the area: the Ridha Forces and the National Defence Forces. \
The former is deployed around Homs; the latter, a government-created militia, mans checkpoints in Qara.",
        None,
    );
    assert_relation(
        &r,
        "National Defence Forces",
        Predicate::PositionedAt,
        "Qara",
    );
    assert_no_relation(&r, "Ridha Forces", Predicate::PositionedAt, "Qara");
}

#[test]
fn members_listed_after_include_and_wings_named_in_apposition() {
    let r = extract(
        "The Yemeni Armed Forces include several branches: the Missile Forces, the Air Force, which flies \
the drones, and the Naval Forces. Hamas, whose armed wing is known as the Qassam Brigades, fired rockets. \
Asa'ib Ahl al-Haq fields three brigades. Its political wing, the Sadiqoun bloc, holds seats in parliament.",
        None,
    );
    for (s, o) in [
        ("Missile Forces", "Yemeni Armed Forces"),
        ("Air Force", "Yemeni Armed Forces"),
        ("Naval Forces", "Yemeni Armed Forces"),
        ("Qassam Brigades", "Hamas"),
        ("Sadiqoun bloc", "Asa'ib Ahl al-Haq"),
    ] {
        assert_relation(&r, s, Predicate::MemberOf, o);
    }
}

#[test]
fn a_clause_after_where_names_a_headquarters() {
    let r = extract(
        "UNIFIL said a shell struck one of its posts near Naqoura, where the mission is headquartered.",
        None,
    );
    assert_relation(&r, "UNIFIL", Predicate::HeadquarteredIn, "Naqoura");
}

#[test]
fn a_negation_ends_at_a_colon_and_the_town_is_the_place_just_named() {
    let r = extract(
        "Russian troops do not control Busra al-Sham: the town remains in the hands of the Eighth Brigade.",
        None,
    );
    assert_relation(&r, "Eighth Brigade", Predicate::Controls, "Busra al-Sham");
}

#[test]
fn relative_clauses_keep_their_antecedent() {
    let r = extract(
        "Gunmen attacked a checkpoint of the Eighth Brigade, killing one of its fighters, Ziad al-Hourani. \
The brigade, which is led by Ahmad al-Awda and has answered to Military Intelligence since 2021, returned fire. \
Mohammed Abdulsalam, the Houthis' chief negotiator, who is based in Muscat, spoke on Monday. \
The 128th Brigade, led by Hassan al-Zadma and deployed at al-Jufra and across the south, now also takes its orders from Saddam Haftar.",
        None,
    );
    assert_relation(
        &r,
        "Eighth Brigade",
        Predicate::SubordinateTo,
        "Military Intelligence",
    );
    assert_no_relation(
        &r,
        "Ahmad al-Awda",
        Predicate::SubordinateTo,
        "Military Intelligence",
    );
    assert_relation(&r, "Ziad al-Hourani", Predicate::MemberOf, "Eighth Brigade");
    assert_no_relation(&r, "Houthis", Predicate::HeadquarteredIn, "Muscat");
    assert_relation(
        &r,
        "128th Brigade",
        Predicate::SubordinateTo,
        "Saddam Haftar",
    );
}

#[test]
fn a_list_after_a_colon_fills_the_slot_a_pronoun_leaves() {
    let r = extract(
        "Hezbollah keeps bases near Qusayr. Two local militias fight alongside it: the Ridha Forces and \
the National Defence Forces. Iran has built a network in the region. Its allies: Hezbollah, the Houthis and Kata'ib Hezbollah.",
        None,
    );
    for g in ["Ridha Forces", "National Defence Forces"] {
        assert_relation(&r, g, Predicate::AlliedWith, "Hezbollah");
    }
    for g in ["Hezbollah", "Houthis", "Kata'ib Hezbollah"] {
        assert_relation(&r, g, Predicate::AlliedWith, "Iran");
    }
}

#[test]
fn a_group_apposition_names_what_the_group_is_part_of() {
    let r = extract(
        "Fighting flared near Raqqa on Sunday. The YPG, the main SDF component, repelled the attack.\n\n\
Analysts say the Badr Organization, a PMF faction with deep roots in Diyala, gained ground.\n\n\
The Liwa Fatemiyoun, a unit of the IRGC, arrived in Aleppo.\n\n\
The Quds Force, the external arm of Iran's IRGC, sent advisers.",
        None,
    );
    for (s, o) in [
        ("YPG", "SDF"),
        ("Badr Organization", "PMF"),
        ("Liwa Fatemiyoun", "IRGC"),
        ("Quds Force", "IRGC"),
    ] {
        assert_relation(&r, s, Predicate::MemberOf, o);
    }
}

#[test]
fn a_group_apposition_resolves_a_possessive_pronoun_or_shell_noun() {
    let r = extract(
        "Hezbollah fired rockets overnight. The Radwan Force, the group's special forces unit, led the raid.\n\n\
The Houthis fought on. Al-Masirah, their media arm, broadcast the claim.",
        None,
    );
    assert_relation(&r, "Radwan Force", Predicate::MemberOf, "Hezbollah");
    assert_relation(&r, "Al-Masirah", Predicate::MemberOf, "Houthis");
}

#[test]
fn a_place_in_apposition_to_an_outpost_is_where_its_owner_stands() {
    let r = extract(
        "A rocket hit Al-Tanf, a US outpost near the Jordanian border.",
        None,
    );
    assert_relation(&r, "United States", Predicate::PositionedAt, "Al-Tanf");
}

#[test]
fn a_country_adjective_in_a_group_apposition_is_no_owner() {
    let r = extract(
        "Kata'ib Hezbollah, an Iran-backed Iraqi faction, denied any role.",
        None,
    );
    assert_no_relation(&r, "Kata'ib Hezbollah", Predicate::MemberOf, "Iraq");
    assert_relation(&r, "Kata'ib Hezbollah", Predicate::SupportedBy, "Iran");
}

#[test]
fn a_blocking_phrase_cancels_the_shorter_cue_inside_it() {
    let r = extract(
        "The cleric urged Iraqis to take up arms against the Islamic State. \
Muhandis was killed together with Hezbollah fighters in Damascus.",
        None,
    );
    assert!(
        !r.relations
            .iter()
            .any(|rel| rel.predicate == Predicate::SupportedBy
                || rel.predicate == Predicate::AlliedWith),
        "{:?}",
        relations(&r)
    );
    let r = extract("Iran arms the Houthis.", None);
    assert_relation(&r, "Houthis", Predicate::SupportedBy, "Iran");
}

#[test]
fn a_group_named_after_a_possessive_pronoun_is_part_of_its_referent() {
    let r = extract(
        "The IRGC moved advisers north. Its Quds Force opened an office in Aleppo.\n\n\
The Houthis and their Hezbollah allies met in Beirut.",
        None,
    );
    assert_relation(&r, "Quds Force", Predicate::MemberOf, "IRGC");
    assert_no_relation(&r, "Hezbollah", Predicate::MemberOf, "Houthis");
}
