//! Shard files: round trips, damage, resume.
