//! Events: triggers, relative dates, places, merging, aggregates.
mod support;
use support::*;

#[test]
fn a_dated_strike_at_a_place() {
    let r = extract(
        "Last Tuesday, drones struck a depot in Albukamal, killing four fighters.",
        Some("2019-09-30"),
    );
    let ev = r
        .events
        .iter()
        .find(|e| e.sub_type.as_deref() == Some("Air/drone strike"))
        .expect("strike");
    assert_eq!(ev.event_type, "Explosions/Remote violence");
    assert_eq!(ev.date.as_deref(), Some("2019-09-24"));
    let place = r.entity(ev.location.as_deref().unwrap()).unwrap();
    let geo = place.geo.as_ref().unwrap();
    assert!(
        (geo.lat - 34.45).abs() < 0.1 && (geo.lon - 40.92).abs() < 0.1,
        "{place:?}"
    );
    assert_eq!(ev.fatalities, Some(4));
}

#[test]
fn repeated_mentions_of_one_strike_merge() {
    let r = extract(
        "On Monday an airstrike hit Palmyra. The airstrike on Palmyra destroyed a hangar.",
        Some("2022-06-28"),
    );
    let strikes = r
        .events
        .iter()
        .filter(|e| e.sub_type.as_deref() == Some("Air/drone strike"))
        .count();
    assert_eq!(strikes, 1, "{:?}", r.events);
}

#[test]
fn counts_of_many_strikes_are_not_one_event() {
    let r = extract(
        "Israel has carried out hundreds of airstrikes in Syria.",
        None,
    );
    assert!(r.events.is_empty(), "{:?}", r.events);
}

#[test]
fn relative_month_dates() {
    let r = extract(
        "Earlier this month, an Israeli strike hit Damascus.",
        Some("2022-06-27"),
    );
    let ev = r.events.first().expect("event");
    assert_eq!(ev.date.as_deref(), Some("2022-06"));
}

#[test]
fn arrests_are_strategic_developments() {
    let r = extract(
        "On 6 February, the Asayish arrested five men in Hajin.",
        Some("2024-03-01"),
    );
    let ev = r
        .events
        .iter()
        .find(|e| e.sub_type.as_deref() == Some("Arrests"))
        .expect("arrest");
    assert_eq!(ev.event_type, "Strategic developments");
    assert_eq!(ev.date.as_deref(), Some("2024-02-06"));
}
