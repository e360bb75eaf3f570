//! Document to `orbat.report/1`.
//!
//! The extractor is a pipeline over one [`Document`]: every stage reads the
//! same text and adds a layer.
//!
//! 1. [`mentions`]: words, then spans that name actors, places, figures, dates;
//! 2. [`entities`]: mentions grouped into one entity per actor or place, geocoded;
//! 3. [`claims`]: relations, figures and events with certainty and attribution;
//! 4. [`report`]: the contract's form, with character offsets.
//!
//! Build one [`Extractor`] (it compiles the knowledge in `data/` once, a few
//! milliseconds) and reuse it for every document; it is `Send + Sync`.
//! Rules, not a model: predictable and explainable, but recall is bounded by
//! what `data/` lists and what the patterns cover.
#![deny(missing_docs)]

pub mod claims;
pub mod entities;
pub mod fold;
pub mod knowledge;
pub mod lexicon;
pub mod mentions;
pub mod report;

use knowledge::Knowledge;
use lexicon::Lexicon;
use mentions::names::NameFinder;
use mentions::words::{words, Word};
use orbat_gazetteer::Gazetteer;
use orbat_report::Report;
use orbat_text::Document;

/// Errors from building the extractor (bad data files), never from the text.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A knowledge or lexicon file could not be read.
    #[error("{file}: {message}")]
    Data {
        /// Which data file.
        file: String,
        /// What is wrong with it.
        message: String,
    },
}

impl ExtractError {
    /// An error in the data file `file`.
    pub(crate) fn data(file: &str, message: impl std::fmt::Display) -> Self {
        ExtractError::Data {
            file: file.to_string(),
            message: message.to_string(),
        }
    }
}

/// Parses one embedded TOML data file; errors name the file.
pub(crate) fn parse_data_file<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, ExtractError> {
    toml::from_str(text).map_err(|e| ExtractError::data(file, e))
}

/// The compiled pipeline; cheap to share across threads.
pub struct Extractor {
    knowledge: Knowledge,
    lexicon: Lexicon,
    cues: claims::ClaimCues,
    gazetteer: &'static Gazetteer,
}

/// Everything the stages produced for one document, before it becomes a report.
pub struct Analysis<'d> {
    /// The document.
    pub doc: &'d Document,
    /// Words of each sentence.
    pub words: Vec<Vec<Word<'d>>>,
    /// Name mentions.
    pub mentions: Vec<mentions::Mention>,
    /// Entities.
    pub entities: Vec<entities::Draft>,
    /// Per mention, its entity (`None` for a mention that was dropped).
    pub entity_of: Vec<Option<usize>>,
    /// Claims.
    pub claims: claims::Claims,
}

impl Extractor {
    /// Builds the extractor from the embedded data files and gazetteer.
    pub fn new() -> Result<Self, ExtractError> {
        Ok(Extractor {
            knowledge: Knowledge::embedded()?,
            lexicon: Lexicon::embedded()?,
            cues: claims::ClaimCues::embedded()?,
            gazetteer: Gazetteer::embedded(),
        })
    }

    /// The actor knowledge in use.
    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    /// Analyses one document. `doc.published` is the reference date for relative dates.
    pub fn extract(&self, doc: &Document) -> Report {
        report::build(self.analyse(doc), &self.knowledge)
    }

    /// Runs every stage and keeps the layers (for `--explain` and tests).
    pub fn analyse<'d>(&self, doc: &'d Document) -> Analysis<'d> {
        let text = doc.text.as_str();
        let words: Vec<Vec<Word<'d>>> = doc
            .sentences
            .iter()
            .map(|s| words(text, s.start, s.end))
            .collect();
        let finder = NameFinder::new(&self.knowledge, &self.lexicon, self.gazetteer);
        let mut found = Vec::new();
        for (i, w) in words.iter().enumerate() {
            found.extend(finder.find(text, i, w));
        }
        let links = mentions::references::resolve(text, &words, &mut found, &self.lexicon);
        let (drafts, entity_of) = entities::build(&found, &links, &self.knowledge, self.gazetteer);
        let mut analysis = Analysis {
            doc,
            words,
            mentions: found,
            entities: drafts,
            entity_of,
            claims: claims::Claims::default(),
        };
        analysis.claims = claims::find(&analysis, &self.knowledge, &self.cues);
        analysis
    }
}

#[cfg(test)]
mod test_rng;

#[cfg(test)]
mod tests {
    #[test]
    fn extractor_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Extractor>();
    }
}
