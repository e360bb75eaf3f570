//! The last stage: the analysis in the contract's form (`orbat.report/1`),
//! with byte offsets turned into character offsets.

use crate::knowledge::Knowledge;
use crate::Analysis;
use orbat_report::{
    Attributes, DocumentInfo, Entity, Mention as ReportMention, Report, Span, REPORT_SCHEMA,
};

/// The entity id of a draft: "e" and its number from 1. The number is written by
/// `itoa`: the claims build an id for every relation, event actor and place, and
/// `format!` cost several hundred instructions each.
pub fn entity_id(draft: usize) -> String {
    let mut digits = itoa::Buffer::new();
    let number = digits.format(draft + 1);
    let mut id = String::with_capacity(1 + number.len());
    id.push('e');
    id.push_str(number);
    id
}

/// Builds the report. It takes the analysis whole, so that names, aliases and
/// claims move into the report rather than being copied.
pub fn build(a: Analysis, knowledge: &Knowledge) -> Report {
    let doc = a.doc;
    let found = &a.mentions;
    let chars = |b: usize| doc.char_offset(b);
    let span = |s: Span| Span::new(chars(s.start), chars(s.end));
    let entities = a
        .entities
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let mut mentions: Vec<ReportMention> = d
                .mentions
                .iter()
                .map(|&m| ReportMention {
                    start: chars(found[m].start),
                    end: chars(found[m].end),
                })
                .collect();
            mentions.sort();
            mentions.dedup();
            let mut attributes = Attributes {
                origin: d.origin,
                nickname: d.nickname,
                ..Default::default()
            };
            if let Some(k) = d.known {
                let actor = &knowledge.actors[k];
                attributes
                    .extra
                    .insert("knowledge_id".into(), actor.id.clone().into());
                if let Some(role) = &actor.role {
                    attributes.extra.insert("role".into(), role.clone().into());
                }
            }
            Entity {
                id: entity_id(i),
                entity_type: d.etype,
                name: d.name,
                aliases: d.aliases,
                attributes,
                geo: d.geo,
                mentions,
            }
        })
        .collect();
    let mut relations = a.claims.relations;
    for r in &mut relations {
        r.evidence = span(r.evidence);
    }
    let mut quantities = a.claims.quantities;
    for q in &mut quantities {
        q.evidence = span(q.evidence);
    }
    let mut events = a.claims.events;
    for e in &mut events {
        e.evidence = span(e.evidence);
    }
    Report {
        schema: REPORT_SCHEMA.to_string(),
        document: DocumentInfo {
            id: doc.sha256(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            published: doc.published.clone(),
            language: doc.language.clone(),
            text: doc.text.clone(),
        },
        entities,
        relations,
        quantities,
        events,
    }
}

#[cfg(test)]
mod entity_id_tests {
    use super::entity_id;

    #[test]
    fn ids_are_e_and_the_number_from_one() {
        for draft in (0..100_000).chain([usize::MAX - 1, 999_999_999]) {
            assert_eq!(entity_id(draft), format!("e{}", draft + 1));
        }
    }
}
