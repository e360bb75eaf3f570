//! Offline GeoNames gazetteer. Stub: being written.
