//! Document to `orbat.report/1`.
pub mod claims;
pub mod mentions;
