//! The name finder: known actors, places, and actors orbat has never seen.
//!
//! Policy for overlaps, in one place: at each word the longest dictionary
//! match wins (knowledge before gazetteer at equal length); a general pattern
//! (unit words, given names, acronyms) wins only when it is strictly longer.
//! "Revolutionary Guards" inside "Islamic Revolutionary Guards Corps" thus
//! never becomes a mention of its own.

use super::words::Word;
use super::{Mention, MentionKind};
use crate::fold::{fold, fold_joined, is_acronym, without_the, word_key};
use crate::knowledge::Knowledge;
use crate::lexicon::Lexicon;
use foldhash::HashMap;
use orbat_gazetteer::keys::Words as GazetteerWords;
use orbat_gazetteer::{Gazetteer, PlaceKind};
use orbat_report::EntityType;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// Connectors allowed inside a name ("Syrian Observatory for Human Rights", "Tariq bin Ziyad").
const INNER_CONNECTORS: [&str; 9] = ["of", "for", "al", "bin", "ibn", "bint", "in", "el", "and"];

/// The longest dictionary alias we try, in words.
const MAX_SPAN_WORDS: usize = 9;

/// Everything the finder reads.
pub struct NameFinder<'k> {
    /// Actor knowledge.
    pub knowledge: &'k Knowledge,
    /// Recognition word lists.
    pub lexicon: &'k Lexicon,
    /// Places.
    pub gazetteer: &'k Gazetteer,
}

/// Dictionary answers by surface (the loose tier apart: its answer differs).
/// Names recur within a report and across reports, and the answers depend on
/// the surface alone, so each thread keeps them from one document to the next,
/// as spaCy keeps its lexeme attributes: a hash lookup instead of folding and
/// walking the gazetteer again.
#[derive(Default)]
struct Memo {
    /// The knowledge (its instance number) and gazetteer (its address) the
    /// answers came from.
    owner: (u64, usize),
    may_begin: [HashMap<String, (bool, bool)>; 2],
    places: [HashMap<String, (Vec<u32>, bool)>; 2],
    actors: HashMap<String, Option<usize>>,
}

/// Entries a thread keeps before it starts afresh (a few MB at most).
const MEMO_LIMIT: usize = 100_000;

impl Memo {
    fn len(&self) -> usize {
        self.may_begin.iter().map(HashMap::len).sum::<usize>()
            + self.places.iter().map(HashMap::len).sum::<usize>()
            + self.actors.len()
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

impl<'k> NameFinder<'k> {
    /// A finder over this knowledge and gazetteer.
    pub fn new(knowledge: &'k Knowledge, lexicon: &'k Lexicon, gazetteer: &'k Gazetteer) -> Self {
        let owner = (knowledge.instance, gazetteer as *const Gazetteer as usize);
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.owner != owner || m.len() > MEMO_LIMIT {
                *m = Memo {
                    owner,
                    ..Memo::default()
                };
            }
        });
        NameFinder {
            knowledge,
            lexicon,
            gazetteer,
        }
    }

    /// [`Knowledge::may_begin_alias`] and [`Gazetteer::may_begin_name`] of one
    /// word; `folded` gives its gazetteer words (asked only when the memo has no
    /// answer: the word's fold, kept for the spans after, is not made twice).
    fn may_begin<'w>(
        &self,
        word: &str,
        loose: bool,
        folded: impl FnOnce() -> &'w GazetteerWords,
    ) -> (bool, bool) {
        remembered(
            |m| &mut m.may_begin[loose as usize],
            word,
            || {
                (
                    self.knowledge.may_begin_alias(word),
                    self.gazetteer.may_begin_name_folded(word, folded(), loose),
                )
            },
        )
    }

    /// The first actor [`Knowledge::lookup`] finds for a surface.
    /// `key`, when given, is the surface's [`fold`].
    fn actor(&self, surface: &str, key: impl FnOnce() -> Option<String>) -> Option<usize> {
        remembered(
            |m| &mut m.actors,
            surface,
            || {
                let key = key().unwrap_or_else(|| fold(surface));
                self.knowledge.lookup_folded(surface, key).first().copied()
            },
        )
    }

    /// [`Gazetteer::lookup_in_tiers`] of a surface; `folded` says what is known
    /// of it before a lookup (asked only when the memo has no answer).
    fn places(
        &self,
        surface: &str,
        loose: bool,
        folded: impl FnOnce() -> SpanFold,
    ) -> (Vec<u32>, bool) {
        remembered(
            |m| &mut m.places[loose as usize],
            surface,
            || {
                let (ids, tier) = match folded() {
                    SpanFold::NoPlace => (&[][..], false),
                    SpanFold::Joined(w) => {
                        self.gazetteer.lookup_folded_in_tiers(surface, &w, loose)
                    }
                    SpanFold::Whole => self.gazetteer.lookup_in_tiers(surface, loose),
                };
                (ids.to_vec(), tier)
            },
        )
    }
}

/// What a span's words tell of its gazetteer lookup.
enum SpanFold {
    /// [`Gazetteer::may_find_spans`] rules out every place.
    NoPlace,
    /// Its gazetteer words, joined from its words' ([`WordFolds::span`]).
    Joined(GazetteerWords),
    /// Only the whole surface's fold tells.
    Whole,
}

/// The answer for `key` in the table `table` picks from this thread's memo,
/// computed by `compute` (outside the memo's borrow) the first time.
fn remembered<V: Clone>(
    table: impl Fn(&mut Memo) -> &mut HashMap<String, V>,
    key: &str,
    compute: impl FnOnce() -> V,
) -> V {
    if let Some(v) = MEMO.with(|m| table(&mut m.borrow_mut()).get(key).cloned()) {
        return v;
    }
    let v = compute();
    MEMO.with(|m| table(&mut m.borrow_mut()).insert(key.to_string(), v.clone()));
    v
}

/// The gazetteer's fold of each word of a sentence, made when first needed:
/// the spans at one word share their words, so each word is folded once per
/// sentence rather than once per span.
struct WordFolds {
    len: usize,
    /// Made on first use: most sentences look nothing up.
    words: OnceCell<Vec<WordFold>>,
    /// Room for [`WordFolds::with_joined_key`]: one buffer for the sentence
    /// instead of a `String` per key.
    joined: RefCell<String>,
}

/// One word's folds.
#[derive(Default)]
struct WordFold {
    /// [`orbat_gazetteer::keys::words`], shared through [`gazetteer_words`].
    gazetteer: OnceCell<Rc<GazetteerWords>>,
    /// [`crate::fold::word_key`].
    key: OnceCell<Rc<str>>,
}

impl WordFolds {
    fn new(len: usize) -> Self {
        WordFolds {
            len,
            words: OnceCell::new(),
            joined: RefCell::default(),
        }
    }

    fn at(&self, k: usize) -> &WordFold {
        &self
            .words
            .get_or_init(|| (0..self.len).map(|_| WordFold::default()).collect())[k]
    }

    /// The word's [`crate::fold::word_key`], "the" kept: for joining.
    fn raw_key<'s>(&'s self, words: &[Word], k: usize) -> &'s str {
        self.at(k).key.get_or_init(|| kept_word_key(words[k].text))
    }

    /// The word's [`fold`].
    fn key<'s>(&'s self, words: &[Word], k: usize) -> &'s str {
        without_the(self.raw_key(words, k))
    }

    /// `f` of [`WordFolds::joined_key`], the key made in a reused buffer.
    fn with_joined_key<R>(
        &self,
        words: &[Word],
        range: std::ops::Range<usize>,
        f: impl FnOnce(&str) -> R,
    ) -> R {
        // Taken out while in use, so that `f` may join keys too.
        let mut key = self.joined.take();
        key.clear();
        for k in range {
            let word = self.raw_key(words, k);
            if word.is_empty() {
                continue;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(word);
        }
        let answer = f(without_the(&key));
        self.joined.replace(key);
        answer
    }

    /// The lengths of the spans at `i` (up to `max` words) that no alias can
    /// match: from the first whose key is no word-prefix of an alias key
    /// ([`Knowledge::may_begin_alias_key`]), for every longer span whose key
    /// continues that one, i.e. as long as its words stay [`separated`]
    /// (spans beyond fold as a whole, [`WordFolds::span_key`], and stay open).
    fn no_alias_spans(
        &self,
        knowledge: &Knowledge,
        text: &str,
        words: &[Word],
        i: usize,
        max: usize,
    ) -> std::ops::Range<usize> {
        let mut key = self.joined.take();
        key.clear();
        let mut first_without = None;
        let mut joined = max;
        for n in 1..=max {
            if n > 1 && !separated(text, &words[i + n - 2..i + n]) {
                joined = n - 1;
                break;
            }
            if first_without.is_some() {
                continue;
            }
            let word = self.raw_key(words, i + n - 1);
            if !word.is_empty() {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(word);
            }
            if !knowledge.may_begin_alias_key(without_the(&key)) {
                first_without = Some(n);
            }
        }
        self.joined.replace(key);
        first_without.map_or(0..0, |n| n..joined + 1)
    }

    /// [`fold`] of the words `range` joined by spaces.
    fn joined_key(&self, words: &[Word], range: std::ops::Range<usize>) -> String {
        fold_joined(range.map(|k| self.raw_key(words, k)))
    }

    /// [`fold`] of the span of `n` words at `i` as written, when nothing between
    /// its words changes how it folds.
    fn span_key(&self, text: &str, words: &[Word], i: usize, n: usize) -> Option<String> {
        words[i..i + n]
            .windows(2)
            .all(|pair| separated(text, pair))
            .then(|| self.joined_key(words, i..i + n))
    }

    /// The gazetteer words of the span of `n` words at `i`, joined from its
    /// words' folds; `None` when something between two words could change how
    /// the whole span folds (an apostrophe, glued words), which the caller then
    /// folds as a whole.
    fn span(&self, text: &str, words: &[Word], i: usize, n: usize) -> Option<GazetteerWords> {
        if !words[i..i + n].windows(2).all(|pair| separated(text, pair)) {
            return None;
        }
        let parts: Vec<&GazetteerWords> = (i..i + n).map(|k| self.word(words, k)).collect();
        Some(orbat_gazetteer::keys::join_words(&parts))
    }

    fn word(&self, words: &[Word], k: usize) -> &GazetteerWords {
        self.at(k)
            .gazetteer
            .get_or_init(|| gazetteer_words(words[k].text))
    }

    /// [`Gazetteer::may_find_spans`] of the spans of up to `max` words at `i`, as
    /// far as their folds can be joined from their words' (no answer beyond).
    fn place_spans(
        &self,
        gazetteer: &Gazetteer,
        text: &str,
        words: &[Word],
        i: usize,
        max: usize,
        loose: bool,
    ) -> Vec<bool> {
        let joined = words[i..i + max]
            .windows(2)
            .take_while(|pair| separated(text, pair))
            .count();
        let joined = (joined + 1).min(max);
        let parts: Vec<&GazetteerWords> = (i..i + joined).map(|k| self.word(words, k)).collect();
        let surfaces: Vec<&str> = (i..i + joined)
            .map(|k| &text[words[i].start..words[k].end])
            .collect();
        gazetteer.may_find_spans(&surfaces, &parts, loose)
    }
}

/// A table of one fold of single words, by their text.
type KeptFolds<V> = RefCell<HashMap<String, Rc<V>>>;

thread_local! {
    /// [`orbat_gazetteer::keys::words`] and [`word_key`] of single words. Most
    /// of a sentence's words were folded in earlier sentences; a fold depends
    /// on the text alone, so what a thread read before changes no answer.
    static GAZETTEER_WORDS: KeptFolds<GazetteerWords> = RefCell::new(HashMap::default());
    static WORD_KEYS: KeptFolds<str> = RefCell::new(HashMap::default());
}

/// Words a thread keeps folded, in each table, before it starts afresh.
const KEPT_FOLDS_LIMIT: usize = 50_000;

/// `fold(word)`, made once per thread: `table` keeps it.
fn kept_fold<V: ?Sized>(
    table: &'static std::thread::LocalKey<KeptFolds<V>>,
    word: &str,
    fold: impl FnOnce(&str) -> Rc<V>,
) -> Rc<V> {
    table.with(|kept| {
        let mut kept = kept.borrow_mut();
        if let Some(folded) = kept.get(word) {
            return Rc::clone(folded);
        }
        if kept.len() >= KEPT_FOLDS_LIMIT {
            kept.clear();
        }
        let folded = fold(word);
        kept.insert(word.to_string(), Rc::clone(&folded));
        folded
    })
}

/// [`orbat_gazetteer::keys::words`] of one word, folded once per thread.
fn gazetteer_words(word: &str) -> Rc<GazetteerWords> {
    kept_fold(&GAZETTEER_WORDS, word, |w| {
        Rc::new(orbat_gazetteer::keys::words(w))
    })
}

/// [`word_key`] of one word, folded once per thread.
pub(crate) fn kept_word_key(word: &str) -> Rc<str> {
    kept_fold(&WORD_KEYS, word, |w| Rc::from(word_key(w)))
}

/// Whether nothing between two words can join them or add to them in a fold:
/// white space between, or one of them a punctuation mark read as a space.
fn separated(text: &str, pair: &[Word]) -> bool {
    let gap = &text[pair[0].end..pair[1].start];
    if gap.is_empty() {
        is_separator_word(&pair[0]) || is_separator_word(&pair[1])
    } else {
        gap.chars().all(char::is_whitespace)
    }
}

/// Whether a word is punctuation that every fold reads as a space between words
/// ("&", "/", a dash), so that the words on either side stay apart.
fn is_separator_word(w: &Word) -> bool {
    w.punct
        && w.text.chars().all(|c| {
            (c.is_ascii_punctuation() && !matches!(c, '\'' | '`' | '"')) || matches!(c, '–' | '—')
        })
}

enum Hit {
    Actor(usize),
    Place(Vec<u32>, bool),
}

impl NameFinder<'_> {
    /// Finds the name mentions of one sentence.
    pub fn find(&self, text: &str, sentence: usize, words: &[Word]) -> Vec<Mention> {
        let mut out = ordinal_units(text, sentence, words);
        let folds = WordFolds::new(words.len());
        let mut i = 0;
        while i < words.len() {
            if out
                .iter()
                .any(|m| m.start <= words[i].start && words[i].start < m.end)
            {
                i += 1;
                continue;
            }
            let consumed = self.at(text, sentence, words, &folds, i, &mut out);
            i += consumed.max(1);
        }
        out
    }

    /// Tries every finder at word `i`; returns how many words were consumed.
    fn at(
        &self,
        text: &str,
        sentence: usize,
        words: &[Word],
        folds: &WordFolds,
        i: usize,
        out: &mut Vec<Mention>,
    ) -> usize {
        let w = &words[i];
        // "The" never starts a name we report ("The IRGC" is the IRGC).
        if w.punct || !(w.is_capitalised() || w.is_numeric()) || w.text == "The" {
            return 1;
        }
        if let Some(n) = self.demonym_phrase(text, sentence, words, folds, i, out) {
            return n;
        }
        // Worked out once: the dictionary and the mention it makes both ask.
        let locative = follows_locative(words, i);
        let dict = self.dictionary(text, words, folds, i, locative);
        // The general finder names the whole capitalised run or nothing: against
        // a dictionary match as long it cannot win, so it is asked only when it
        // might, or when the unlisted-place test below needs its answer.
        let capitalised = capitalised_run(words, i);
        let general_may_win = dict.as_ref().is_none_or(|(n, _)| *n < capitalised);
        let general_answer = OnceCell::new();
        let general =
            || *general_answer.get_or_init(|| self.general(text, words, folds, i, capitalised));
        // "near Tell Zarqa Gharbi, a village": the whole name, not the pieces the
        // gazetteer knows ("Tell", "Zarqa").
        let run = place_run(words, i);
        let shorter = |n: usize| n < run;
        if run > 1
            && dict
                .as_ref()
                .is_none_or(|(n, hit)| shorter(*n) && matches!(hit, Hit::Place(..)))
            && self.place_cue_around(words, i, run)
            && general().is_none()
        {
            return self.unlisted_place(text, sentence, words, folds, i, out);
        }
        match dict {
            Some((n, hit)) if !general_may_win || general().is_none() => {
                out.push(self.hit_mention(text, sentence, words, i, n, hit, locative));
                n
            }
            _ => match general() {
                Some(etype) => {
                    out.push(new_actor(
                        text,
                        sentence,
                        words,
                        i,
                        capitalised,
                        etype,
                        None,
                    ));
                    capitalised
                }
                None => self.unlisted_place(text, sentence, words, folds, i, out),
            },
        }
    }

    /// Whether the words around the run at `i` say it is a place: "the town of X",
    /// "near X, a village".
    fn place_cue_around(&self, words: &[Word], i: usize, run: usize) -> bool {
        let named_kind = |w: Option<&Word>| {
            w.is_some_and(|w| {
                with_lowercase(w.text, |lower| {
                    matches!(
                        lower,
                        "village"
                            | "town"
                            | "city"
                            | "district"
                            | "neighbourhood"
                            | "neighborhood"
                            | "suburb"
                            | "hamlet"
                            | "camp"
                            | "area"
                    )
                })
            })
        };
        let before_of =
            i >= 2 && words[i - 1].text.eq_ignore_ascii_case("of") && named_kind(words.get(i - 2));
        let after_apposition = words.get(i + run).is_some_and(|w| w.text == ",")
            && words
                .get(i + run + 1)
                .is_some_and(|w| matches!(w.text, "a" | "an" | "the"))
            && (named_kind(words.get(i + run + 2)) || named_kind(words.get(i + run + 3)));
        before_of || after_apposition && i > 0 && is_locative(&words[..i])
    }

    /// A place no gazetteer lists, named where the text says what it is: "the town of
    /// al-Shuhayl", "near Hawsh al-Sayyed Ali, a village". Kept without coordinates.
    fn unlisted_place(
        &self,
        text: &str,
        sentence: usize,
        words: &[Word],
        folds: &WordFolds,
        i: usize,
        out: &mut Vec<Mention>,
    ) -> usize {
        let run = place_run(words, i);
        // The cue first: a few word comparisons, where the word lists need its key.
        if run == 0
            || !self.place_cue_around(words, i, run)
            || self.lexicon.stopwords.contains(folds.key(words, i))
            || self.lexicon.not_first.contains(folds.key(words, i))
        {
            return 1;
        }
        let (start, end) = (words[i].start, words[i + run - 1].end);
        let kind = MentionKind::Place {
            candidates: Vec::new(),
            prefer: None,
            loose: false,
        };
        let mut m = Mention::new(start, end, sentence, kind, &text[start..end]);
        m.locative = true;
        out.push(m);
        run
    }

    /// The mention of a dictionary hit of `n` words at `i`; `locative` is
    /// [`follows_locative`] at `i`.
    #[allow(clippy::too_many_arguments)]
    fn hit_mention(
        &self,
        text: &str,
        sentence: usize,
        words: &[Word],
        i: usize,
        n: usize,
        hit: Hit,
        locative: bool,
    ) -> Mention {
        let (start, end) = (words[i].start, words[i + n - 1].end);
        let kind = match hit {
            Hit::Actor(a) => MentionKind::Actor(a),
            Hit::Place(c, loose) => MentionKind::Place {
                candidates: c,
                prefer: place_cue(words, i, n),
                loose,
            },
        };
        let mut m = Mention::new(start, end, sentence, kind, &text[start..end]);
        m.locative = locative;
        m.metonymic = !m.locative
            && (words[i + n - 1].possessive
                || words.get(i + n).is_some_and(|w| {
                    with_lowercase(w.text, |lower| self.lexicon.metonymy_verbs.contains(lower))
                }));
        m
    }

    /// Longest dictionary match starting at word `i`; `in_place_slot` is
    /// [`follows_locative`] at `i`.
    fn dictionary(
        &self,
        text: &str,
        words: &[Word],
        folds: &WordFolds,
        i: usize,
        in_place_slot: bool,
    ) -> Option<(usize, Hit)> {
        // No name begins with a punctuation mark that ends a span.
        if words[i].punct && !matches!(words[i].text, "&" | "–" | "—" | "/") {
            return None;
        }
        // Prefilters: most words begin no known name. They test the first word
        // alone, which is exact only when nothing glues it to the next word.
        // A loose (skeleton) place match is only trusted after an article or in
        // a place slot; elsewhere the loose tier is not even consulted.
        let loose_ok = in_place_slot || has_article(opening(text, &words[i]));
        let (may_alias, may_place) = if first_word_stands_alone(text, words, i) {
            self.may_begin(words[i].text, loose_ok, || folds.word(words, i))
        } else {
            (true, true)
        };
        if !may_alias && !may_place {
            return None;
        }
        // After the prefilter, which most words fail: it does not need the span length.
        // Names run over at most two lowercase words ("Deir Ezzor military airport"):
        // longer spans are never looked up, which keeps the lookups per word small.
        let mut max = 0;
        let mut lowercase = 0;
        for w in words[i..]
            .iter()
            .take(MAX_SPAN_WORDS.max(self.knowledge.max_alias_words))
        {
            if w.punct && !matches!(w.text, "&" | "–" | "—" | "/") {
                break;
            }
            let connector = INNER_CONNECTORS.contains(&w.text);
            if !connector && !w.punct && !w.is_capitalised() && !w.is_numeric() {
                lowercase += 1;
                if lowercase > 2 {
                    break;
                }
            }
            max += 1;
        }
        let no_alias = if may_alias {
            folds.no_alias_spans(self.knowledge, text, words, i, max)
        } else {
            0..0
        };
        let mut place_spans = None;
        // Asked of every span length, the same for each: once per word.
        let first_capitalised = words[i].is_capitalised();
        let first_of = words[i..i + max].iter().position(|w| w.text == "of");
        // The loop above stopped at the first punctuation mark that ends a
        // span, so no span here holds one.
        for n in (1..=max).rev() {
            let span = &words[i..i + n];
            let last = &span[n - 1];
            if with_lowercase(last.text, |lower| INNER_CONNECTORS.contains(&lower)) {
                continue;
            }
            let surface = &text[span[0].start..last.end];
            if may_alias && !no_alias.contains(&n) {
                if let Some(a) = self.actor(surface, || folds.span_key(text, words, i, n)) {
                    let stopword = || self.lexicon.stopwords.contains(folds.key(words, i));
                    if !(n == 1 && stopword() && !is_acronym(surface)) {
                        return Some((n, Hit::Actor(a)));
                    }
                }
            }
            if !may_place {
                continue;
            }
            // "Tower 22", "Route 4": a number may end a place's name.
            let last_ok = || last.is_capitalised() || last.is_numeric() || is_place_tail(last.text);
            if !first_capitalised || n > 1 && !last_ok() {
                continue;
            }
            if n == 1
                && (self.lexicon.stopwords.contains(folds.key(words, i))
                    || surface.chars().count() < 3)
            {
                continue;
            }
            // "Nov 25", "3 Jan": a month next to a day or year is a date, not the
            // village that shares its name.
            if n == 1 && next_to_number(words, i) && super::dates::is_month_word(surface) {
                continue;
            }
            // "Residents of Al-Mayadeen" is no place name; "port of Tobruk" may be.
            let of_inside = first_of.is_some_and(|k| k < n);
            let place_word_first = || {
                with_lowercase(span[0].text, |lower| {
                    matches!(
                        lower,
                        "port"
                            | "city"
                            | "town"
                            | "village"
                            | "province"
                            | "governorate"
                            | "district"
                            | "outskirts"
                            | "camp"
                            | "gulf"
                            | "sea"
                            | "strait"
                    )
                })
            };
            if of_inside && !place_word_first() {
                continue;
            }
            // Once the walk below has run for this word, the spans it rules out need
            // no memo lookup: the memo could only answer "no place" for them.
            if place_spans
                .as_ref()
                .is_some_and(|may_find: &Vec<bool>| may_find.get(n - 1) == Some(&false))
            {
                continue;
            }
            let (places, loose) = self.places(surface, loose_ok, || {
                // Most spans continue no gazetteer key: one walk over the words says which.
                let may_find = place_spans.get_or_insert_with(|| {
                    folds.place_spans(self.gazetteer, text, words, i, max, loose_ok)
                });
                if may_find.get(n - 1) == Some(&false) {
                    return SpanFold::NoPlace;
                }
                folds
                    .span(text, words, i, n)
                    .map_or(SpanFold::Whole, SpanFold::Joined)
            });
            // A skeleton match ("Overview" ~ Varavi) needs an Arabic article or a locative word.
            let trusted =
                !loose || surface.contains(['-', ' ']) && has_article(surface) || in_place_slot;
            // "Key", "Major", "Region": English words first, places only in a place slot.
            let english = n == 1
                && with_lowercase(surface, |lower| {
                    self.lexicon.english_place_words.contains(lower)
                });
            let trusted = trusted && (!english || in_place_slot);
            if !places.is_empty() && trusted {
                return Some((n, Hit::Place(places, loose)));
            }
        }
        None
    }

    /// The actor type of the capitalised run of `run` words at `i` ([`capitalised_run`])
    /// when its unit words, given names or kunya make the whole run an actor.
    fn general(
        &self,
        text: &str,
        words: &[Word],
        folds: &WordFolds,
        i: usize,
        run: usize,
    ) -> Option<EntityType> {
        // Every pattern below names a run of two words or more (a head, lead,
        // given name or title and a name with it): one word alone is no match.
        if run < 2 {
            return None;
        }
        // "Fighters of Kata'ib Hezbollah": a known name that ends the run is the name.
        if (i + 1..i + run).any(|j| {
            words[j - 1].text.eq_ignore_ascii_case("of")
                && matches!(self.dictionary(text, words, folds, j, follows_locative(words, j)), Some((n, Hit::Actor(a)))
                    if j + n == i + run && self.knowledge.actors[a].entity_type() != EntityType::State)
        }) {
            return None;
        }
        let span = &words[i..i + run];
        let first = folds.key(words, i);
        if folds.with_joined_key(words, i..i + run, |key| {
            self.lexicon.not_names.contains(key)
        }) {
            return None;
        }
        // "The ..." never starts a name; "Security Office" may start with a
        // stopword. A title starts no name: "General Yahya Saree" is Yahya
        // Saree, found one word on.
        let first_blocks =
            self.lexicon.not_first.contains(first) || self.lexicon.titles.contains(first);
        if first_blocks && !span[0].is_numeric() {
            return None;
        }
        // Heads: the longest listed head at the end of the run ("Military Council"),
        // with a word before it: a head that is the whole run names nothing.
        for h in (1..=self.lexicon.max_head_words.min(run - 1)).rev() {
            let head = folds.with_joined_key(words, i + run - h..i + run, |head| {
                self.lexicon.heads.get(head).copied()
            });
            if let Some(t) = head {
                return Some(t);
            }
        }
        if let Some(&t) = self.lexicon.leads.get(first) {
            return Some(t);
        }
        let first_free = without_leading_al(first);
        if self.lexicon.kunya.contains(first_free) || self.lexicon.given_names.contains(first_free)
        {
            return Some(EntityType::Person);
        }
        // "Brig. Gen. Karam Dawoud": the title may end with a dot.
        let before = (0..i).rev().find(|&k| words[k].text != ".");
        if before.is_some_and(|k| self.lexicon.titles.contains(folds.key(words, k))) {
            return Some(EntityType::Person);
        }
        None
    }

    /// "the Afghani Fatimiyoun", "both Syrian and Lebanese Hezbollah", "Israeli air force",
    /// "the Iranian regime", "Saudi drones". Returns the words consumed, or None when the
    /// word is not a demonym.
    fn demonym_phrase(
        &self,
        text: &str,
        sentence: usize,
        words: &[Word],
        folds: &WordFolds,
        i: usize,
        out: &mut Vec<Mention>,
    ) -> Option<usize> {
        let mut demonyms = Vec::new();
        let mut j = i;
        while j < words.len() {
            let w = &words[j];
            let Some(country) = self.knowledge.demonym_folded(folds.key(words, j)) else {
                break;
            };
            // "Iran" is a country name, not a demonym; the dictionary handles it.
            demonyms.push((j, country.code.clone()));
            if w.compound.is_some() || w.possessive {
                j += 1;
                break;
            }
            j += 1;
            if j < words.len()
                && matches!(words[j].text, "and" | "or" | ",")
                && words.get(j + 1).is_some_and(|_| {
                    self.knowledge
                        .demonym_folded(folds.key(words, j + 1))
                        .is_some()
                })
            {
                j += 1;
                continue;
            }
            break;
        }
        if demonyms.is_empty() {
            return None;
        }
        let last = demonyms.last().map(|(k, _)| *k).unwrap_or(i);
        // "Iranian-backed": a state mention, the relation stage reads the compound.
        if words[last].compound.is_some() || words[last].possessive {
            for (k, code) in &demonyms {
                out.push(state_mention(text, sentence, &words[*k], code));
            }
            return Some(j - i);
        }
        // The dictionary may know the whole phrase ("Syrian Hezbollah", "Syrian army").
        if demonyms.len() == 1 {
            let locative = follows_locative(words, i);
            if let Some((n, hit)) = self.dictionary(text, words, folds, i, locative) {
                if n > 1 {
                    out.push(self.hit_mention(text, sentence, words, i, n, hit, locative));
                    return Some(n);
                }
            }
        }
        let rest = last + 1;
        if rest >= words.len() {
            return None;
        }
        // Demonym + force words: "Israeli air force", "Russian forces".
        if let Some(n) = self.force_words(words, rest) {
            let body = fold(&join(&words[rest..rest + n]));
            let is_body = self.lexicon.force_bodies.contains(&body);
            for (k, code) in &demonyms {
                if is_body {
                    let start = words[*k].start;
                    let end = words[rest + n - 1].end;
                    let name =
                        format!("{} {}", words[*k].text, text[words[rest].start..end].trim());
                    let mut m = Mention::new(
                        start,
                        end,
                        sentence,
                        MentionKind::NewActor(EntityType::StateForce),
                        &name,
                    );
                    m.origin = Some(code.clone());
                    out.push(m);
                } else {
                    out.push(state_mention(text, sentence, &words[*k], code));
                }
            }
            return Some(rest + n - i);
        }
        if self.lexicon.state_words.contains(folds.key(words, rest)) {
            for (k, code) in &demonyms {
                out.push(state_mention(text, sentence, &words[*k], code));
            }
            return Some(rest - i);
        }
        // Demonym + an actor name: origin from the demonym.
        if words[rest].is_capitalised() {
            let mut found = Vec::new();
            let consumed = self.at(text, sentence, words, folds, rest, &mut found);
            let Some(base) = found.pop() else {
                return Some(1);
            };
            if matches!(base.kind, MentionKind::Place { .. }) {
                out.push(base);
                return Some(rest + consumed - i);
            }
            for (k, code) in &demonyms {
                let phrase = format!("{} {}", words[*k].text, base.surface);
                // A specific knowledge entry ("Syrian Hezbollah") beats the generic one.
                let specific = self.knowledge.lookup(&phrase).first().copied();
                let mut m = base.clone();
                if let Some(a) = specific {
                    m.kind = MentionKind::Actor(a);
                }
                // One span per coordinated actor: "Syrian" and "Lebanese Hezbollah" in
                // "both Syrian and Lebanese Hezbollah", so lists stay in order.
                if *k == last {
                    m.start = words[*k].start;
                } else {
                    m.start = words[*k].start;
                    m.end = words[*k].end;
                    m.surface = words[*k].text.to_string();
                }
                m.origin = Some(code.clone());
                m.alias = Some(phrase);
                out.push(m);
            }
            return Some(rest + consumed - i);
        }
        Some(1)
    }

    /// Number of words at `i` that form a state-force phrase ("air force", "armed forces").
    fn force_words(&self, words: &[Word], i: usize) -> Option<usize> {
        (1..=3.min(words.len() - i)).rev().find(|&n| {
            !words[i..i + n].iter().any(|w| w.punct)
                && self
                    .lexicon
                    .force_words
                    .contains(&fold(&join(&words[i..i + n])))
        })
    }
}

/// Unit nouns that ordinals in a list stand for ("the 45th, 46th and 47th brigades").
const UNIT_NOUNS: [&str; 7] = [
    "brigade",
    "battalion",
    "division",
    "regiment",
    "squadron",
    "corps",
    "company",
];

fn unit_noun(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let singular = lower
        .strip_suffix('s')
        .filter(|s| *s != "corp")
        .unwrap_or(&lower);
    UNIT_NOUNS
        .iter()
        .copied()
        .find(|u| *u == singular || *u == lower)
}

fn is_ordinal(word: &str) -> bool {
    // Asked of every word: most start with no digit and need no scan from the end.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th")
}

/// Numbered units given as a list of ordinals with one unit noun, before or after
/// ("brigades under its command: 45th, 46th and 47th", "the 41st and 42nd brigades").
fn ordinal_units(text: &str, sentence: usize, words: &[Word]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_ordinal(words[i].text) {
            i += 1;
            continue;
        }
        let mut list = vec![i];
        let mut j = i + 1;
        while j + 1 < words.len() && matches!(words[j].text, "," | "and") {
            let k = if words[j].text == "," && words.get(j + 1).is_some_and(|w| w.text == "and") {
                j + 2
            } else {
                j + 1
            };
            if words.get(k).is_some_and(|w| is_ordinal(w.text)) {
                list.push(k);
                j = k + 1;
            } else {
                break;
            }
        }
        let after = words
            .get(j)
            .and_then(|w| unit_noun(w.text).map(|u| (u, w.start)));
        let before = || {
            words[i.saturating_sub(10)..i]
                .iter()
                .rev()
                .find_map(|w| unit_noun(w.text).map(|u| (u, w.start)))
        };
        // A single ordinal right before its noun is a plain name ("45th Brigade"): the general finder has it.
        let single_named = list.len() == 1 && after.is_some();
        if let Some((unit, at)) = after.or_else(before).filter(|_| !single_named) {
            let mut title = unit.to_string();
            title[..1].make_ascii_uppercase();
            for &k in &list {
                let w = &words[k];
                let mut m = Mention::new(
                    w.start,
                    w.end,
                    sentence,
                    MentionKind::NewActor(EntityType::ArmedGroup),
                    &text[w.start..w.end],
                );
                m.alias = Some(format!("{} {}", w.text, title));
                m.unit_noun = Some(at);
                out.push(m);
            }
        }
        i = j.max(i + 1);
    }
    out
}

fn join(words: &[Word]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

fn state_mention(text: &str, sentence: usize, w: &Word, code: &str) -> Mention {
    Mention::new(
        w.start,
        w.end,
        sentence,
        MentionKind::StateOf(code.to_string()),
        &text[w.start..w.end],
    )
}

fn new_actor(
    text: &str,
    sentence: usize,
    words: &[Word],
    i: usize,
    n: usize,
    etype: EntityType,
    origin: Option<String>,
) -> Mention {
    let (start, end) = (words[i].start, words[i + n - 1].end);
    let mut m = Mention::new(
        start,
        end,
        sentence,
        MentionKind::NewActor(etype),
        &text[start..end],
    );
    m.origin = origin;
    m
}

/// Whether a name starts with a transliterated Arabic article ("al-Shuhayl").
/// A word and the character after it: enough for [`has_article`] to tell
/// "Al Bukamal" and "al-Mayadin" from "Aleppo".
fn opening<'t>(text: &'t str, word: &Word) -> &'t str {
    let next = text[word.end..].chars().next().map_or(0, char::len_utf8);
    &text[word.start..word.end + next]
}

fn has_article(surface: &str) -> bool {
    with_lowercase(surface, |lower| {
        [
            "al-", "al ", "el-", "ad-", "ash-", "as-", "ar-", "az-", "an-", "at-",
        ]
        .iter()
        .any(|a| lower.starts_with(a))
    })
}

/// `f` of `word.to_lowercase()`; short ASCII words, most of them, are lowered
/// on the stack instead of into a new `String`.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    const SHORT: usize = 64;
    if word.len() <= SHORT && word.is_ascii() {
        let mut buf = [0u8; SHORT];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // SAFETY: `word` is ASCII and lowering keeps every byte ASCII, so the
        // bytes are UTF-8 (checking them cost more than the lowering).
        f(unsafe { std::str::from_utf8_unchecked(lower) })
    } else {
        f(&word.to_lowercase())
    }
}

/// Whether the word at `i` stands in a place slot: [`is_locative`] of the words before it.
fn follows_locative(words: &[Word], i: usize) -> bool {
    i > 0 && is_locative(&words[..i])
}

/// Whether the words before a name put it in a place slot ("in", "near", "the town of").
fn is_locative(before: &[Word]) -> bool {
    let last = &before[before.len() - 1].text;
    // The last word lowered once: a locative itself, or "of" after a place word.
    let (locative, of) = with_lowercase(last, |lower| {
        (
            matches!(
                lower,
                "in" | "near" | "outside" | "around" | "at" | "into" | "towards" | "toward"
            ),
            lower == "of",
        )
    });
    if locative {
        return true;
    }
    of && before.len() >= 2
        && with_lowercase(before[before.len() - 2].text, |lower| {
            matches!(
                lower,
                "town"
                    | "village"
                    | "city"
                    | "outskirts"
                    | "countryside"
                    | "neighbourhood"
                    | "neighborhood"
                    | "district"
                    | "province"
                    | "area"
            )
        })
}

/// Words after a place that keep the phrase a place ("Deir Ezzor military airport").
fn is_place_tail(word: &str) -> bool {
    with_lowercase(word, |lower| {
        matches!(
            lower,
            "airport"
                | "airbase"
                | "base"
                | "crossing"
                | "province"
                | "governorate"
                | "district"
                | "camp"
                | "port"
                | "field"
                | "dam"
                | "prison"
                | "city"
        )
    })
}

/// Cues around a place that say what kind of place is meant. Each word is
/// lowered on the stack ([`with_lowercase`]): this runs for every place found.
fn place_cue(words: &[Word], i: usize, n: usize) -> Option<PlaceKind> {
    // "Deir ez-Zor province" as one span: its own last word is the cue.
    if n > 1
        && with_lowercase(words[i + n - 1].text, |own_last| {
            matches!(own_last, "province" | "governorate")
        })
    {
        return Some(PlaceKind::Admin1);
    }
    let after = words.get(i + n);
    // "Daraa and Quneitra provinces": the plural cue covers both.
    let shared_plural = after.is_some_and(|w| with_lowercase(w.text, |a| matches!(a, "and" | ",")))
        && words.get(i + n + 1).is_some_and(|w| w.is_capitalised())
        && words
            .get(i + n + 2)
            .is_some_and(|w| with_lowercase(w.text, |l| matches!(l, "provinces" | "governorates")));
    if shared_plural {
        return Some(PlaceKind::Admin1);
    }
    let after_kind = after.and_then(|w| {
        with_lowercase(w.text, |a| match a {
            "province" | "governorate" | "provinces" | "governorates" | "region"
            | "countryside" => Some(PlaceKind::Admin1),
            "city" => Some(PlaceKind::City),
            "village" | "town" => Some(PlaceKind::Town),
            _ => None,
        })
    });
    if after_kind.is_some() {
        return after_kind;
    }
    if i >= 2 && words[i - 1].text.eq_ignore_ascii_case("of") {
        return with_lowercase(words[i - 2].text, |before| match before {
            "city" => Some(PlaceKind::City),
            "town" | "village" => Some(PlaceKind::Town),
            "province" | "governorate" => Some(PlaceKind::Admin1),
            _ => None,
        });
    }
    None
}

/// Length of a place name's run at `i`: capitalised words joined only by Arabic
/// particles ("Hawsh al-Sayyed Ali"), never by "in" or "of" ("Jurf al-Sakhar in Babil").
fn place_run(words: &[Word], i: usize) -> usize {
    let mut j = i;
    let mut last_good = i;
    while let Some(w) = words.get(j) {
        if w.punct {
            break;
        }
        if w.is_capitalised() {
            j += 1;
            last_good = j;
        } else if j > i && matches!(w.text, "al" | "el" | "bin" | "ibn" | "bint") {
            j += 1;
        } else {
            break;
        }
    }
    last_good - i
}

/// Length of the capitalised run at `i`, with inner connectors and a leading number or ordinal.
pub fn capitalised_run(words: &[Word], i: usize) -> usize {
    let mut j = i;
    let mut last_good = i;
    while j < words.len() {
        let w = &words[j];
        if w.punct {
            break;
        }
        let good = w.is_capitalised() || (j == i && w.is_numeric());
        if good {
            j += 1;
            last_good = j;
            if w.compound.is_some() || w.possessive {
                break;
            }
        } else if j > i
            && with_lowercase(w.text, |lower| {
                INNER_CONNECTORS.contains(&lower) && lower != "and"
            })
        {
            j += 1;
        } else {
            break;
        }
    }
    last_good - i
}

/// A key without its leading "al " articles, as many as there are
/// (`trim_start_matches("al ")` without the substring searcher it builds).
pub(crate) fn without_leading_al(mut key: &str) -> &str {
    while let Some(rest) = key.strip_prefix("al ") {
        key = rest;
    }
    key
}

/// Whether the word at `i` has a number right before or after it.
fn next_to_number(words: &[Word], i: usize) -> bool {
    let numeric = |w: Option<&Word>| w.is_some_and(Word::is_numeric);
    numeric(words.get(i + 1)) || i > 0 && numeric(words.get(i - 1))
}

/// Whether a span starting at word `i` folds to a key whose first word is that
/// word's own key: a space (and nothing alphanumeric, like a possessive "'s")
/// separates it from the next word, or a punctuation mark follows it.
fn first_word_stands_alone(text: &str, words: &[Word], i: usize) -> bool {
    let Some(next) = words.get(i + 1) else {
        return true;
    };
    let gap = &text[words[i].end..next.start];
    if gap.chars().any(char::is_alphanumeric) {
        return false;
    }
    gap.chars().any(char::is_whitespace)
        || gap.is_empty()
            && next.punct
            && next
                .text
                .chars()
                .all(|c| c.is_ascii_punctuation() && c != '\'' && c != '`' && c != '"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::words::words;

    #[test]
    fn word_folds_are_kept_per_thread_and_fold_like_the_gazetteer() {
        for word in ["Deir", "Ezzor", "al-Qusayr", "Masyāf", "Deir"] {
            let first = gazetteer_words(word);
            assert_eq!(*first, orbat_gazetteer::keys::words(word));
            assert!(Rc::ptr_eq(&first, &gazetteer_words(word)));
            let key = kept_word_key(word);
            assert_eq!(*key, word_key(word));
            assert!(Rc::ptr_eq(&key, &kept_word_key(word)));
        }
    }

    #[test]
    fn leading_al_goes_as_trim_start_matches_takes_it() {
        for key in [
            "al ",
            "al al bab",
            "al",
            "ala",
            "al  x",
            "x al y",
            "",
            "al al ",
        ] {
            assert_eq!(
                without_leading_al(key),
                key.trim_start_matches("al "),
                "{key:?}"
            );
        }
    }

    #[test]
    fn joined_keys_from_the_buffer_are_the_joined_keys() {
        let s = "The Army of the Men & al-Nujaba's Brigade in Deir Ezzor";
        let ws = words(s, 0, s.len());
        let folds = WordFolds::new(ws.len());
        for i in 0..ws.len() {
            for j in i..=ws.len() {
                let buffered = folds.with_joined_key(&ws, i..j, str::to_string);
                assert_eq!(buffered, folds.joined_key(&ws, i..j), "{i}..{j}");
            }
        }
    }

    #[test]
    fn spans_ruled_out_for_aliases_find_no_actor() {
        let knowledge = Knowledge::embedded().unwrap();
        let mut texts = Vec::new();
        for a in &knowledge.actors {
            for alias in std::iter::once(&a.name).chain(&a.aliases) {
                texts.push(format!(
                    "Yesterday {alias} said the {alias}'s men & al-{alias}."
                ));
                texts.push(format!(
                    "The {alias} - {alias}/Army of the {alias} in Deir Ezzor"
                ));
            }
        }
        let mut ruled_out = 0;
        for s in &texts {
            let ws = words(s, 0, s.len());
            let folds = WordFolds::new(ws.len());
            for i in 0..ws.len() {
                let max = (ws.len() - i).min(knowledge.max_alias_words.max(MAX_SPAN_WORDS));
                for n in folds.no_alias_spans(&knowledge, s, &ws, i, max) {
                    ruled_out += 1;
                    let surface = &s[ws[i].start..ws[i + n - 1].end];
                    assert!(knowledge.lookup(surface).is_empty(), "{surface:?} in {s:?}");
                }
            }
        }
        assert!(ruled_out > 10_000, "{ruled_out} spans ruled out");
    }

    #[test]
    fn runs_take_connectors_inside_only() {
        let s = "the Syrian Observatory for Human Rights said";
        let ws = words(s, 0, s.len());
        assert_eq!(capitalised_run(&ws, 1), 5);
        let s = "Tariq bin Ziyad Brigade of the";
        let ws = words(s, 0, s.len());
        assert_eq!(capitalised_run(&ws, 0), 4);
    }
}
