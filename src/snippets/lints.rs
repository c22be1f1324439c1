//! Policy lints (being written).
