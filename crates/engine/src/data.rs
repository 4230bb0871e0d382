//! The tables `build.rs` compiles from `data/` into Rust statics, and the two ways every reader of
//! them shares: a packed table's rows, and a character's ASCII look-alike.
//!
//! **Architecture invariant:** this module imports nothing of the crate. The phrase matcher, the
//! text rules, the catalog, the language guess and the messages all build on it, and on each other
//! only one way.

include!(concat!(env!("OUT_DIR"), "/tables.rs"));

/// The rows of a table as `build.rs` packs them: (file, key, value).
pub(crate) fn packed_rows(packed: &'static str) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    packed.split_terminator('\u{1e}').filter_map(|row| {
        let mut parts = row.splitn(3, '\u{1f}');
        Some((parts.next()?, parts.next()?, parts.next()?))
    })
}

/// The ASCII look-alike of `c` per Unicode's confusables data, if it has one.
pub(crate) fn ascii_confusable(c: char) -> Option<&'static str> {
    ASCII_CONFUSABLES.binary_search_by(|(k, _)| k.cmp(&c)).ok().and_then(|i| ASCII_CONFUSABLES.get(i)).map(|(_, v)| *v)
}
