//! Any bytes read as a shard file: an error or a shard, never a panic, an abort on a
//! size taken from the file, or a hang; a shard read back from its own bytes writes
//! the same bytes again.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(shard) = detente::sweep::Shard::from_bytes(data, "fuzz.shard") {
        let bytes = shard.to_bytes();
        let again = detente::sweep::Shard::from_bytes(&bytes, "again.shard")
            .expect("a shard's own bytes read back");
        assert_eq!(again.to_bytes(), bytes);
        assert_eq!(again.header(), shard.header());
    }
});
