//! Lookups are remembered from one document to the next (per thread): what a
//! report says must not depend on what the thread read before it.

mod support;

use support::extract;

const FIRST: &str = "Kata'ib Hezbollah fighters moved from Albu Kamal to al-Mayadin on \
    Monday. The IRGC funds the group, a local official in Deir ez-Zor said. \
    About 1,500 fighters of the 47th Brigade are stationed near the T4 air base.";
const SECOND: &str = "Residents of Al-Mayadeen said the Fatemiyoun Brigade, led by \
    commander Abu Hussein, took over the village of Ain Ali. Hezbollah denied it. \
    The Syrian Democratic Forces arrested 12 suspects in Hasakah on 3 January 2024.";

fn json(text: &str) -> String {
    serde_json::to_string(&extract(text, Some("2024-01-10"))).unwrap()
}

#[test]
fn a_report_is_the_same_whatever_the_thread_read_before() {
    let fresh_second = std::thread::spawn(|| json(SECOND)).join().unwrap();
    let fresh_first = std::thread::spawn(|| json(FIRST)).join().unwrap();
    let (first, second, first_again) =
        std::thread::spawn(|| (json(FIRST), json(SECOND), json(FIRST)))
            .join()
            .unwrap();
    assert_eq!(second, fresh_second);
    assert_eq!(first, fresh_first);
    assert_eq!(first_again, fresh_first);
}
