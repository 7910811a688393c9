//! TODO: owned by the accounts helper
