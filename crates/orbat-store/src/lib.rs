//! The knowledge graph store. Stub: being written.
