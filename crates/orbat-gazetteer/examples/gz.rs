//! Look names up from the command line: `cargo run -p orbat-gazetteer --example gz -- NAME...`
use orbat_gazetteer::{resolve, Gazetteer, ResolveContext};

/// Resident set size in kB (Linux), to report what loading costs in RAM.
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(String::from)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let before = rss_kb();
    let t = std::time::Instant::now();
    let g = Gazetteer::embedded();
    eprintln!(
        "loaded {} places in {:?}, max tokens {}, RSS +{} kB",
        g.len(),
        t.elapsed(),
        g.max_name_tokens(),
        rss_kb() - before
    );
    eprintln!("{g:?}");
    let focus: Vec<(String, f32)> = std::env::var("FOCUS")
        .map(|f| {
            f.split(',')
                .filter(|s| !s.is_empty())
                .map(|c| (c.to_string(), 1.0))
                .collect()
        })
        .unwrap_or_default();
    let ctx = ResolveContext {
        focus_countries: focus,
        ..Default::default()
    };
    for name in std::env::args().skip(1) {
        let (ids, loose) = g.lookup_tiered(&name);
        let pick = resolve(g, ids, &ctx);
        println!(
            "{name:?} key={:?} loose={loose} -> {:?}",
            orbat_gazetteer::fold(&name),
            pick.map(|i| format!(
                "{} @{:.4},{:.4}",
                g.place(i).name,
                g.place(i).lat,
                g.place(i).lon
            ))
        );
        for &id in ids.iter().take(12) {
            let p = g.place(id);
            println!(
                "   {id} {} {} {} {:?} pop={} {:?} ({:.3},{:.3})",
                p.name, p.country, p.feature_code, p.admin1, p.population, p.kind, p.lat, p.lon
            );
        }
        if ids.len() > 12 {
            println!("   ... {} more", ids.len() - 12);
        }
    }
}
