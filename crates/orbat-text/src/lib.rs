//! Bytes to [`Document`]. Stub: being written.
