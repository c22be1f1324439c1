//! Built-in schemas (being written).
