//! Text renderings of query results, for a terminal. Every fact line ends with
//! the document it comes from.
use crate::ingest::Summary;
use crate::model::*;
use std::fmt::Write;

/// `[doc 3: "Title", Source, 2019-09-24]`.
pub fn cite(d: &DocRef) -> String {
    let mut s = format!("[doc {}", d.id);
    if let Some(t) = &d.title {
        let _ = write!(s, ": \"{}\"", shorten(t, 60));
    }
    if let Some(src) = &d.source {
        let _ = write!(s, ", {src}");
    }
    if let Some(p) = &d.published {
        let _ = write!(s, ", {p}");
    }
    s.push(']');
    s
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

fn qualifier(p: &Provenance) -> String {
    match (p.certainty.as_str(), &p.attributed_to) {
        ("asserted", _) => String::new(),
        (c, Some(who)) => format!(" ({c}, according to {who})"),
        (c, None) => format!(" ({c})"),
    }
}

fn when(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!(" {s}–{e}"),
        (Some(s), None) => format!(" since {s}"),
        (None, Some(e)) => format!(" until {e}"),
        (None, None) => String::new(),
    }
}

fn entity(e: &EntityRef) -> String {
    format!("{} (#{}, {})", e.name, e.id, e.entity_type)
}

/// `orbat actors`.
pub fn actors(list: &[ActorSummary]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no actors on record\n");
    }
    for a in list {
        let origin = a
            .origin
            .as_deref()
            .map(|o| format!(", origin {o}"))
            .unwrap_or_default();
        let first = a.first_source.as_ref().map(cite).unwrap_or_default();
        let _ = writeln!(
            out,
            "#{:<5} {}  [{}{}]  {} doc(s)  first: {}",
            a.entity.id, a.entity.name, a.entity.entity_type, origin, a.documents, first
        );
    }
    out
}

/// Places on record.
pub fn places(list: &[PlaceSummary]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no places on record\n");
    }
    for p in list {
        let at = match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => format!("{lat:.4}, {lon:.4}"),
            _ => "no coordinates".into(),
        };
        let gn = p
            .geonames_id
            .map(|g| format!(", GeoNames {g}"))
            .unwrap_or_default();
        let first = p.first_source.as_ref().map(cite).unwrap_or_default();
        let _ = writeln!(
            out,
            "#{:<5} {}  [{}; {}{}]  {} doc(s)  first: {}",
            p.entity.id, p.entity.name, p.entity.entity_type, at, gn, p.documents, first
        );
    }
    out
}

fn tree(out: &mut String, nodes: &[CommandNode], prefix: &str) {
    for (i, n) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        let mut cites: Vec<String> = n
            .sources
            .iter()
            .map(|p| format!("{}{}", cite(&p.document), qualifier(p)))
            .collect();
        let uncited = n.statements - n.sources.len() as i64;
        if uncited > 0 {
            cites.push(format!(
                "+{uncited} more ({} statements in {} documents)",
                n.statements, n.documents
            ));
        }
        let _ = writeln!(
            out,
            "{prefix}{} {}  via {}  {}",
            if last { "└─" } else { "├─" },
            entity(&n.entity),
            n.via.join("/"),
            cites.join(" ")
        );
        let next = format!("{prefix}{}", if last { "   " } else { "│  " });
        tree(out, &n.children, &next);
        if n.not_shown > 0 {
            let _ = writeln!(
                out,
                "{next}└─ … {} more link(s) of {} not shown: orbat actor {}",
                n.not_shown, n.entity.name, n.entity.id
            );
        }
    }
}

/// Chain-of-command trees of one actor.
pub fn command_trees(p: &ActorProfile) -> String {
    let mut out = String::new();
    let sides = [
        ("up (answers to)", &p.superiors, p.superiors_not_shown),
        (
            "down (commands or includes)",
            &p.subordinates,
            p.subordinates_not_shown,
        ),
    ];
    for (title, nodes, not_shown) in sides {
        if nodes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title}:");
        tree(&mut out, nodes, "    ");
        if not_shown > 0 {
            let _ = writeln!(
                out,
                "    … {not_shown} more direct link(s) not shown (the tree shows {} at most)",
                crate::queries::MAX_TREE_NODES
            );
        }
    }
    out
}

/// `orbat actor NAME`.
pub fn profile(p: &ActorProfile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", entity(&p.entity));
    if !p.aliases.is_empty() {
        let _ = writeln!(out, "  aliases: {}", p.aliases.join("; "));
    }
    if let Some(o) = &p.origin {
        let _ = writeln!(out, "  origin: {o}");
    }
    let _ = writeln!(out, "  documents: {}", p.documents);
    let _ = writeln!(out, "chain of command:");
    let trees = command_trees(p);
    out.push_str(if trees.is_empty() {
        "  none on record\n"
    } else {
        &trees
    });
    let _ = writeln!(out, "places:");
    if p.places.is_empty() {
        out.push_str("  none on record\n");
    }
    for f in &p.places {
        let _ = writeln!(
            out,
            "  {} {}{}{}  {}",
            f.predicate,
            entity(&f.place),
            when(&f.time_start, &f.time_end),
            qualifier(&f.provenance),
            cite(&f.provenance.document)
        );
    }
    if !p.relations.is_empty() {
        let _ = writeln!(out, "other relations:");
        for f in &p.relations {
            let line = if f.direction == "out" {
                format!("{} {}", f.predicate, entity(&f.other))
            } else {
                format!("{} {} this", entity(&f.other), f.predicate)
            };
            let _ = writeln!(
                out,
                "  {line}{}{}  {}",
                when(&f.time_start, &f.time_end),
                qualifier(&f.provenance),
                cite(&f.provenance.document)
            );
        }
    }
    let _ = writeln!(
        out,
        "figures over time (never averaged; each with its source):"
    );
    if p.figures.is_empty() {
        out.push_str("  none on record\n");
    }
    for f in &p.figures {
        let _ = writeln!(
            out,
            "  {} {}: \"{}\"{}  {}",
            f.provenance
                .document
                .published
                .as_deref()
                .unwrap_or("undated"),
            f.kind,
            f.text,
            qualifier(&f.provenance),
            cite(&f.provenance.document)
        );
    }
    let _ = writeln!(out, "events:");
    if p.events.is_empty() {
        out.push_str("  none on record\n");
    }
    let earlier = p.events_total - p.events.len() as i64;
    if earlier > 0 {
        let _ = writeln!(
            out,
            "  … {earlier} earlier event(s): orbat events --actor {} --limit 0",
            p.entity.id
        );
    }
    out.push_str(&events_indented(&p.events, "  "));
    out
}

fn events_indented(list: &[EventRow], indent: &str) -> String {
    let mut out = String::new();
    for e in list {
        let date = e
            .date
            .clone()
            .or_else(|| {
                e.provenance
                    .document
                    .published
                    .clone()
                    .map(|p| format!("{p}?"))
            })
            .unwrap_or_else(|| "undated".into());
        let kind = e
            .sub_type
            .as_ref()
            .map(|s| format!("{} / {s}", e.event_type))
            .unwrap_or_else(|| e.event_type.clone());
        let place = e
            .location
            .as_ref()
            .map(|l| format!(" at {}", l.entity.name))
            .unwrap_or_default();
        let names = |v: &[EntityRef]| {
            v.iter()
                .map(|x| x.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let who = if e.actors.is_empty() {
            String::new()
        } else {
            format!(" by {}", names(&e.actors))
        };
        let whom = if e.targets.is_empty() {
            String::new()
        } else {
            format!(" against {}", names(&e.targets))
        };
        let dead = e
            .fatalities
            .map(|f| format!(", {f} killed"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent}{date}  {kind}{place}{who}{whom}{dead}{}  {}",
            qualifier(&e.provenance),
            cite(&e.provenance.document)
        );
    }
    out
}

/// `orbat events`.
pub fn events(list: &[EventRow]) -> String {
    if list.is_empty() {
        return "no events match\n".into();
    }
    events_indented(list, "")
}

/// `orbat sources`.
pub fn sources(list: &[SourceRow]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        out.push_str("no documents stored\n");
    }
    for s in list {
        let _ = writeln!(
            out,
            "{}  {} entities, {} relations, {} figures, {} events  ({})",
            cite(&s.document),
            s.entities,
            s.relations,
            s.quantities,
            s.events,
            s.locator
        );
    }
    out
}

/// `orbat entity explain ID`.
pub fn explanation(x: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", entity(&x.entity));
    if let Some(m) = &x.merged_into {
        let _ = writeln!(out, "  merged into {} by an analyst", entity(m));
    }
    for m in &x.merged_from {
        let _ = writeln!(out, "  absorbed {} (analyst merge)", entity(m));
    }
    if let Some(k) = &x.knowledge_id {
        let _ = writeln!(out, "  knowledge id: {k}");
    }
    if let Some(g) = x.geonames_id {
        let _ = writeln!(out, "  GeoNames id: {g}");
    }
    let keys: Vec<String> = x
        .keys
        .iter()
        .map(|(k, pinned)| {
            if *pinned {
                format!("{k} (pinned)")
            } else {
                k.clone()
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "  resolution keys: {}",
        if keys.is_empty() {
            "none".into()
        } else {
            keys.join(", ")
        }
    );
    let _ = writeln!(out, "mentions and why they were linked:");
    for m in &x.mentions {
        let moved = m
            .first_entity
            .map(|f| format!("; first linked to #{f}, moved by a correction"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  \"{}\" ({}) — {}{}  {}",
            m.name,
            m.local_id,
            m.reason,
            moved,
            cite(&m.document)
        );
    }
    if !x.corrections.is_empty() {
        let _ = writeln!(out, "corrections:");
        for c in &x.corrections {
            let name = c
                .name
                .as_deref()
                .map(|n| format!(" name \"{n}\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} #{} #{}{} at {}",
                c.action, c.entity_a, c.entity_b, name, c.created_at
            );
        }
    }
    out
}

/// Result of a merge or split.
pub fn correction(c: &CorrectionResult) -> String {
    match c.action.as_str() {
        "merge" => format!(
            "merged {} into {} ({} mention(s) moved); it survives re-ingest\n",
            entity(&c.other),
            entity(&c.kept),
            c.moved_mentions
        ),
        _ => format!(
            "split {} off {} ({} mention(s)); the name is pinned and survives re-ingest\n",
            entity(&c.other),
            entity(&c.kept),
            c.moved_mentions
        ),
    }
}

/// The ingest summary.
pub fn summary(s: &Summary) -> String {
    let mut out = format!(
        "{} document(s): {} new, {} replaced, {} unchanged, {} failed  ({:.1}s)\n",
        s.documents,
        s.new,
        s.replaced,
        s.unchanged,
        s.failed.len(),
        s.seconds
    );
    for f in &s.failed {
        let _ = writeln!(out, "  failed {}: {}", f.locator, f.reason);
    }
    out
}
