//! Resolver rules on a small hand-built gazetteer (via `Gazetteer::from_sources`).

use orbat_gazetteer::sources::parse_supplement;
use orbat_gazetteer::{resolve, Gazetteer, PlaceKind, ResolveContext};

const ROWS: &str =
    "name\taliases\tlat\tlon\tfeature_code\tcountry\tadmin1\tkind\tsource\tpopulation
Tallin\t\t35.0\t40.0\tPPL\tSY\t\tvillage\ttest\t500
Tallin\t\t30.0\t45.0\tPPL\tIQ\t\tvillage\ttest\t500
Narnia\t\t20.0\t20.0\tPCLI\tNR\t\tcountry\ttest\t1000000
Narnia\t\t10.0\t10.0\tPPL\tSY\t\tvillage\ttest\t900
Big Town\t\t33.0\t36.0\tPPL\tSY\t\tcity\ttest\t500000
Big Town\t\t33.1\t36.1\tPPL\tLB\t\tvillage\ttest\t300
";

fn gaz() -> Gazetteer {
    Gazetteer::from_sources(parse_supplement(ROWS, "test").unwrap(), vec![]).unwrap()
}

#[test]
fn two_equal_villages_in_different_countries_abstain() {
    let g = gaz();
    let c = g.lookup("Tallin");
    assert_eq!(c.len(), 2);
    assert_eq!(resolve(&g, c, &ResolveContext::default()), None);
    // a focus country decides
    let ctx = ResolveContext {
        focus_countries: vec![("IQ".into(), 1.0)],
        ..Default::default()
    };
    assert_eq!(
        resolve(&g, c, &ctx).map(|i| g.place(i).country.as_str()),
        Some("IQ")
    );
    // and so does an anchor
    let ctx = ResolveContext {
        anchors: vec![(35.1, 40.1)],
        ..Default::default()
    };
    assert_eq!(
        resolve(&g, c, &ctx).map(|i| g.place(i).country.as_str()),
        Some("SY")
    );
}

#[test]
fn a_country_beats_a_village_of_the_same_name() {
    let g = gaz();
    let ctx = ResolveContext {
        focus_countries: vec![("SY".into(), 1.0)],
        ..Default::default()
    };
    let p = g.place(resolve(&g, g.lookup("Narnia"), &ctx).unwrap());
    assert_eq!(p.kind, PlaceKind::Country);
    let village = ResolveContext {
        prefer: Some(PlaceKind::Village),
        ..ctx
    };
    assert_eq!(
        resolve(&g, g.lookup("Narnia"), &village).map(|i| g.place(i).kind),
        Some(PlaceKind::Village)
    );
}

#[test]
fn a_big_city_beats_a_hamlet_without_context() {
    let g = gaz();
    let p = g.place(resolve(&g, g.lookup("Big Town"), &ResolveContext::default()).unwrap());
    assert_eq!(p.country, "SY");
}
