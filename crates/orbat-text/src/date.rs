//! Reading a calendar date out of the date strings found in page metadata.
//!
//! The date part is taken as written, in the page's own timezone:
//! `2024-10-28T23:30:00-05:00` is `2024-10-28`, not converted to UTC.

/// `YYYY-MM-DD` from an ISO 8601 / RFC 3339 date or date-time, `YYYY/MM/DD`,
/// `YYYYMMDD`, `October 28, 2024`, `28 Oct 2024` or an RFC 2822 date.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    numeric(s).or_else(|| worded(s))
}

fn numeric(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = b.get(from..from + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')))
    };
    let year = digits(0, 4)?;
    match b.get(4) {
        Some(&sep @ (b'-' | b'/' | b'.')) => {
            let (month, mlen) = digits(5, 2)
                .map(|m| (m, 2))
                .or(digits(5, 1).map(|m| (m, 1)))?;
            if b.get(5 + mlen) != Some(&sep) {
                return None;
            }
            let d0 = 6 + mlen;
            let (day, dlen) = digits(d0, 2)
                .map(|d| (d, 2))
                .or(digits(d0, 1).map(|d| (d, 1)))?;
            if b.get(d0 + dlen).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            ymd(year, month, day)
        }
        _ => {
            let month = digits(4, 2)?;
            let day = digits(6, 2)?;
            if b.get(8).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            ymd(year, month, day)
        }
    }
}

/// "October 28, 2024", "Mon, 28 Oct 2024 07:30:00 +0200", "28 October 2024".
fn worded(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    let mi = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[mi])?;
    let num = |w: &str| -> Option<u32> {
        let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        (!d.is_empty() && d.len() <= 4 && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse().ok())
            .flatten()
    };
    let (day, year) = match (
        mi.checked_sub(1).and_then(|k| num(words[k])),
        words.get(mi + 1).and_then(|w| num(w)),
        words.get(mi + 2).and_then(|w| num(w)),
    ) {
        (Some(d), Some(y), _) if d <= 31 && y >= 1000 => (d, y),
        (_, Some(d), Some(y)) if d <= 31 && y >= 1000 => (d, y),
        _ => return None,
    };
    ymd(year, month, day)
}

fn month_number(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    let ok = full[idx].starts_with(&w) || (w == "sept");
    ok.then_some(idx as u32 + 1)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn formats() {
        for (input, want) in [
            ("2024-10-28T07:30:00+02:00", Some("2024-10-28")),
            ("2024-10-28T23:30:00-05:00", Some("2024-10-28")),
            ("2024-06-19", Some("2024-06-19")),
            ("2024/6/9 10:00", Some("2024-06-09")),
            ("20240619T0842", Some("2024-06-19")),
            ("October 28, 2024", Some("2024-10-28")),
            ("19 June 2024, 08:42", Some("2024-06-19")),
            ("Mon, 28 Oct 2024 07:30:00 +0200", Some("2024-10-28")),
            ("Sept. 3, 2019", Some("2019-09-03")),
            ("2024-02-30", None),
            ("yesterday", None),
            ("", None),
            ("1718786520", None),
        ] {
            assert_eq!(parse_date(input).as_deref(), want, "{input}");
        }
    }
}
