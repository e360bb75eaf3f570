//! Pattern finders over text: numbers and dates.
