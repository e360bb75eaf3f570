//! Document to `orbat.report/1`.
//!
//! Build one [`Extractor`] (it compiles the knowledge in `data/` once) and call
//! [`Extractor::extract`] for every document.
pub mod claims;
pub mod mentions;

use orbat_report::{DocumentInfo, Report, REPORT_SCHEMA};
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

/// The compiled pipeline; cheap to share across threads.
pub struct Extractor {}

impl Extractor {
    /// Builds the extractor from the embedded data files.
    pub fn new() -> Result<Self, ExtractError> {
        Ok(Extractor {})
    }

    /// Analyses one document. `doc.published` is the reference date for relative dates.
    pub fn extract(&self, doc: &Document) -> Report {
        Report {
            schema: REPORT_SCHEMA.to_string(),
            document: DocumentInfo {
                id: String::new(),
                title: doc_title(doc),
                url: None,
                source: None,
                published: None,
                language: "en".into(),
                text: String::new(),
            },
            entities: vec![],
            relations: vec![],
            quantities: vec![],
            events: vec![],
        }
    }
}

fn doc_title(_doc: &Document) -> Option<String> {
    None
}
