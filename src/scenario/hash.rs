//! A scenario's content hash: what a sweep's output records so that a figure can be
//! traced to the scenario it came from.

use super::Scenario;
use crate::error::Result;

/// FNV-1a, 64 bits (Fowler, Noll and Vo): offset basis 0xcbf29ce484222325, prime
/// 0x100000001b3, one byte at a time.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

impl Scenario {
    /// The scenario's content hash: FNV-1a 64 over the UTF-8 bytes of
    /// [`Scenario::to_json`], the canonical file form (fields in a fixed order,
    /// numbers in full precision, defaults left out).
    ///
    /// So the hash follows the content, not the file: reformatting, reordering keys,
    /// writing the same scenario in TOML, moving or renaming the file, or editing its
    /// `notes` leaves it unchanged; any change to a name, description, issue, actor,
    /// weight, value or leverage variable changes it. Sweep outputs print it as 16
    /// hexadecimal digits (`scenario_hash`). It identifies, it does not protect: FNV is
    /// not a cryptographic hash.
    ///
    /// ```
    /// use detente::Scenario;
    /// let a = Scenario::from_json(r#"{"name": "pie", "issues": [{"id": "x", "range": [0, 1]}],
    ///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}}]}"#,
    ///   "a.json")?;
    /// // The same content, keys in another order, another layout, another source.
    /// let b = Scenario::from_json(r#"{"actors": [{"values": {"x": {"points": [[0, 0], [1, 1]]}},
    ///   "weights": {"x": 1}, "id": "a"}], "issues": [{"range": [0, 1], "id": "x"}], "name": "pie"}"#,
    ///   "elsewhere/b.json")?;
    /// assert_eq!(a.content_hash()?, b.content_hash()?);
    /// let renamed = Scenario::from_json(&a.to_json()?.replace("\"pie\"", "\"cake\""), "c.json")?;
    /// assert_ne!(a.content_hash()?, renamed.content_hash()?);
    /// # Ok::<(), detente::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Scenario::to_json`]: a scenario with a custom effect has no file form, so
    /// no content hash.
    pub fn content_hash(&self) -> Result<u64> {
        Ok(fnv1a64(self.to_json()?.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::fnv1a64;
    use crate::Scenario;

    #[test]
    fn the_same_scenario_in_toml_has_the_same_hash() {
        let json = include_str!("../../examples/data/ukraine_2025.json");
        let s = Scenario::from_json(json, "ukraine.json").expect("valid");
        let toml = s.to_toml().expect("file form");
        let t = Scenario::from_toml(&toml, "elsewhere/ukraine.toml").expect("reads back");
        assert_eq!(
            s.content_hash().expect("file form"),
            t.content_hash().expect("file form")
        );
    }

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
