//! TODO: owned by the pension helper
