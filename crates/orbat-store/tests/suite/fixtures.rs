//! Hand-built reports. Offsets are found by searching the text, so the
//! fixtures stay readable and their spans stay right.
use orbat_report::*;

/// Builds one report over a text.
pub struct Doc {
    pub r: Report,
}

fn char_span(text: &str, needle: &str, from_char: usize) -> Span {
    let from_byte = text
        .char_indices()
        .nth(from_char)
        .map(|(b, _)| b)
        .unwrap_or(text.len());
    let b = text[from_byte..]
        .find(needle)
        .map(|i| i + from_byte)
        .unwrap_or_else(|| panic!("'{needle}' not in text"));
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

impl Doc {
    pub fn new(title: &str, published: &str, source: &str, text: &str) -> Self {
        Doc {
            r: Report {
                schema: REPORT_SCHEMA.into(),
                document: DocumentInfo {
                    id: String::new(),
                    title: Some(title.into()),
                    url: None,
                    source: Some(source.into()),
                    published: Some(published.into()),
                    language: "en".into(),
                    text: text.into(),
                },
                entities: vec![],
                relations: vec![],
                quantities: vec![],
                events: vec![],
            },
        }
    }

    pub fn url(mut self, url: &str) -> Self {
        self.r.document.url = Some(url.into());
        self
    }

    fn span(&self, needle: &str) -> Span {
        char_span(&self.r.document.text, needle, 0)
    }

    /// An entity; mentions are every occurrence of `name` and the aliases.
    pub fn entity(mut self, id: &str, ty: EntityType, name: &str, aliases: &[&str]) -> Self {
        let text = self.r.document.text.clone();
        let mut mentions = Vec::new();
        for form in std::iter::once(name).chain(aliases.iter().copied()) {
            let mut at = 0;
            while let Some(b) = text.get(at..).and_then(|t| t.find(form)) {
                let start = text[..at + b].chars().count();
                mentions.push(Mention {
                    start,
                    end: start + form.chars().count(),
                });
                at += b + form.len();
            }
        }
        self.r.entities.push(Entity {
            id: id.into(),
            entity_type: ty,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            attributes: Attributes::default(),
            geo: None,
            mentions,
        });
        self
    }

    fn last(&mut self) -> &mut Entity {
        self.r.entities.last_mut().unwrap()
    }

    pub fn origin(mut self, cc: &str) -> Self {
        self.last().attributes.origin = Some(cc.into());
        self
    }

    pub fn kid(mut self, kid: &str) -> Self {
        self.last()
            .attributes
            .extra
            .insert("knowledge_id".into(), kid.into());
        self
    }

    pub fn geo(mut self, lat: f64, lon: f64, geonames_id: u64) -> Self {
        self.last().geo = Some(Geo {
            lat,
            lon,
            geonames_id: Some(geonames_id),
            feature: Some("PPL".into()),
            country: Some("SY".into()),
            admin1: None,
            precision: Some("town".into()),
        });
        self
    }

    pub fn rel(
        mut self,
        s: &str,
        p: Predicate,
        o: &str,
        evidence: &str,
        certainty: Certainty,
        by: Option<&str>,
    ) -> Self {
        let evidence = self.span(evidence);
        self.r.relations.push(Relation {
            subject: s.into(),
            predicate: p,
            object: o.into(),
            evidence,
            certainty,
            attributed_to: by.map(String::from),
            time: None,
            negated: false,
        });
        self
    }

    pub fn since(mut self, start: &str) -> Self {
        self.r.relations.last_mut().unwrap().time = Some(TimeScope {
            start: Some(start.into()),
            end: None,
        });
        self
    }

    pub fn figure(
        mut self,
        kind: QuantityKind,
        subject: &str,
        value: Option<f64>,
        max: Option<f64>,
        words: &str,
        evidence: &str,
    ) -> Self {
        let evidence = self.span(evidence);
        self.r.quantities.push(Quantity {
            kind,
            subject: Some(subject.into()),
            value,
            min: None,
            max,
            unit: Some("fighters".into()),
            per: None,
            text: words.into(),
            evidence,
            certainty: Certainty::Asserted,
            attributed_to: None,
            approx: false,
        });
        self
    }

    #[allow(clippy::too_many_arguments)]
    pub fn event(
        mut self,
        id: &str,
        ty: &str,
        sub: &str,
        date: &str,
        at: &str,
        actors: &[&str],
        targets: &[&str],
        evidence: &str,
    ) -> Self {
        let evidence = self.span(evidence);
        self.r.events.push(Event {
            id: id.into(),
            event_type: ty.into(),
            sub_type: Some(sub.into()),
            date: Some(date.into()),
            date_precision: Some(if date.len() == 10 { "day" } else { "month" }.into()),
            date_text: None,
            location: Some(at.into()),
            actors: actors.iter().map(|a| a.to_string()).collect(),
            targets: targets.iter().map(|a| a.to_string()).collect(),
            fatalities: Some(6),
            evidence,
            certainty: Certainty::Asserted,
            attributed_to: None,
        });
        self
    }

    pub fn done(self) -> Report {
        self.r
    }
}

use Certainty::*;
use EntityType::*;
use Predicate::*;
use QuantityKind::*;

/// Kata'ib Hezbollah at Albukamal under the Quds Force; a drone strike.
pub fn doc_a() -> Report {
    let text = "Kata'ib Hezbollah deploys near Albukamal\n\
        Local sources say Kata'ib Hezbollah takes its orders from the IRGC Quds Force. \
        Abu Mahdi al-Muhandis leads Kata'ib Hezbollah. \
        The group has held positions in Albukamal since July 2019. \
        Its strength does not exceed 1,500 fighters. \
        On 17 September 2019 a drone strike hit a Kata'ib Hezbollah depot in Albukamal, killing six.";
    Doc::new("Kata'ib Hezbollah deploys near Albukamal", "2019-09-18", "Field Monitor", text)
        .url("https://example.org/reports/a")
        .entity("e1", ArmedGroup, "Kata'ib Hezbollah", &[]).origin("IQ").kid("kataib-hezbollah")
        .entity("e2", StateForce, "IRGC Quds Force", &[]).origin("IR").kid("irgc-qf")
        .entity("e3", Location, "Albukamal", &[]).geo(34.4536, 40.9183, 170017)
        .entity("e4", Person, "Abu Mahdi al-Muhandis", &[]).origin("IQ")
        .rel("e1", SubordinateTo, "e2", "Local sources say Kata'ib Hezbollah takes its orders from the IRGC Quds Force.", Reported, Some("local sources"))
        .rel("e4", Commands, "e1", "Abu Mahdi al-Muhandis leads Kata'ib Hezbollah.", Asserted, None)
        .rel("e1", PositionedAt, "e3", "The group has held positions in Albukamal since July 2019.", Asserted, None).since("2019-07")
        .figure(Personnel, "e1", None, Some(1500.0), "does not exceed 1,500 fighters", "Its strength does not exceed 1,500 fighters.")
        .event("v1", "Explosions/Remote violence", "Air/drone strike", "2019-09-17", "e3", &[], &["e1"],
               "On 17 September 2019 a drone strike hit a Kata'ib Hezbollah depot in Albukamal, killing six.")
        .done()
}

/// Same actors under other spellings; a different figure; a battle.
pub fn doc_b() -> Report {
    let text = "Clashes east of Abu Kamal\n\
        Kataib Hezbollah fighters, some 3,000 of them, fought ISIS near Abu Kamal on 1 October 2019. \
        The Quds Force directs the brigade, officials say.";
    Doc::new("Clashes east of Abu Kamal", "2019-10-02", "Desert Observer", text)
        .entity("e1", ArmedGroup, "Kataib Hezbollah", &["KH"])
        .entity("e2", Location, "Abu Kamal", &[]).geo(34.4536, 40.9183, 170017)
        .entity("e3", ArmedGroup, "ISIS", &["Islamic State"])
        .entity("e4", StateForce, "Quds Force", &[]).kid("irgc-qf")
        .rel("e1", SubordinateTo, "e4", "The Quds Force directs the brigade, officials say.", Reported, Some("officials"))
        .figure(Personnel, "e1", Some(3000.0), None, "some 3,000", "Kataib Hezbollah fighters, some 3,000 of them, fought ISIS near Abu Kamal on 1 October 2019.")
        .event("v1", "Battles", "Armed clash", "2019-10-01", "e2", &["e1"], &["e3"],
               "Kataib Hezbollah fighters, some 3,000 of them, fought ISIS near Abu Kamal on 1 October 2019.")
        .done()
}

/// Lebanese Hezbollah (not Kata'ib Hezbollah), a same-named organisation, and a Hamidiyah.
pub fn doc_c() -> Report {
    let text = "Hezbollah in Qusayr\n\
        Hezbollah controls Qusayr and is backed by the Quds Force. \
        A charity also called Hezbollah operates in Hamidiyah.";
    Doc::new("Hezbollah in Qusayr", "2020-01-05", "Levant Brief", text)
        .entity("e1", ArmedGroup, "Hezbollah", &[])
        .origin("LB")
        .kid("hezbollah")
        .entity("e2", Location, "Qusayr", &[])
        .geo(34.5091, 36.5797, 166000)
        .entity("e3", StateForce, "IRGC-QF", &["Quds Force"])
        .kid("irgc-qf")
        .entity("e4", Organization, "Hezbollah", &[])
        .entity("e5", Location, "Hamidiyah", &[])
        .geo(34.7167, 35.9333, 1001)
        .rel(
            "e1",
            Controls,
            "e2",
            "Hezbollah controls Qusayr and is backed by the Quds Force.",
            Asserted,
            None,
        )
        .rel(
            "e1",
            SupportedBy,
            "e3",
            "Hezbollah controls Qusayr and is backed by the Quds Force.",
            Asserted,
            None,
        )
        .done()
}

/// Another Hamidiyah (different GeoNames id), far away.
pub fn doc_d() -> Report {
    let text = "Shelling in Hamidiyah\nShelling hit Hamidiyah in Deir ez-Zor in March 2020.";
    Doc::new("Shelling in Hamidiyah", "2020-03-10", "Field Monitor", text)
        .entity("e1", Location, "Hamidiyah", &[])
        .geo(35.2, 40.3, 2002)
        .event(
            "v1",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "2020-03",
            "e1",
            &[],
            &[],
            "Shelling hit Hamidiyah in Deir ez-Zor in March 2020.",
        )
        .done()
}

pub fn all() -> Vec<Report> {
    vec![doc_a(), doc_b(), doc_c(), doc_d()]
}

/// A command of `units` units, each with a company under it, and two events
/// of the command per document (dates rising with `i`).
pub fn large_command(units: usize) -> Vec<Report> {
    (0..units)
        .map(|i| {
            let (unit, company) = (format!("Unit {i}"), format!("Company {i}"));
            let text = format!(
                "Central Command directs {unit}. {unit} leads {company}. \
                 Central Command shelled Town {i}. Central Command raided Town {i} again."
            );
            let day = |k: usize| format!("2020-{:02}-{:02}", 1 + k / 28, 1 + k % 28);
            Doc::new(&format!("Report {i}"), &day(2 * i), "Wire", &text)
                .entity("e1", StateForce, "Central Command", &[])
                .kid("central-command")
                .entity("e2", ArmedGroup, &unit, &[])
                .entity("e3", ArmedGroup, &company, &[])
                .entity("e4", Location, &format!("Town {i}"), &[])
                .rel(
                    "e1",
                    Commands,
                    "e2",
                    &format!("Central Command directs {unit}."),
                    Asserted,
                    None,
                )
                .rel(
                    "e2",
                    Commands,
                    "e3",
                    &format!("{unit} leads {company}."),
                    Asserted,
                    None,
                )
                .event(
                    "v1",
                    "Explosions/Remote violence",
                    "Shelling/artillery/missile attack",
                    &day(2 * i),
                    "e4",
                    &["e1"],
                    &[],
                    &format!("Central Command shelled Town {i}."),
                )
                .event(
                    "v2",
                    "Battles",
                    "Armed clash",
                    &day(2 * i + 1),
                    "e4",
                    &["e1"],
                    &[],
                    &format!("Central Command raided Town {i} again."),
                )
                .done()
        })
        .collect()
}
