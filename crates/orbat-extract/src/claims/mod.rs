//! Claims: quantities, relations, events.
