//! Little-endian encoding of the shard file's fields, and its checksum.

/// Appends fields to a byte buffer, little-endian.
#[derive(Debug, Default)]
pub(super) struct Enc(pub Vec<u8>);

impl Enc {
    pub fn u8(&mut self, x: u8) {
        self.0.push(x);
    }

    pub fn u16(&mut self, x: u16) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    pub fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    pub fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    /// The IEEE 754 bits, so that every value (-0, subnormals) survives exactly.
    pub fn f64(&mut self, x: f64) {
        self.u64(x.to_bits());
    }

    /// A UTF-8 string after its length in bytes (u32).
    pub fn str(&mut self, s: &str) {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn opt_f64(&mut self, x: Option<f64>) {
        match x {
            Some(x) => {
                self.u8(1);
                self.f64(x);
            }
            None => self.u8(0),
        }
    }
}

/// Reads fields from a byte slice; `None` when the slice ends first or a field is not
/// what it must be (a flag other than 0 or 1, a string that is not UTF-8).
#[derive(Debug)]
pub(super) struct Dec<'a> {
    bytes: &'a [u8],
}

impl<'a> Dec<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Dec { bytes }
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).and_then(|b| b.try_into().ok())
    }

    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    pub fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    pub fn f64(&mut self) -> Option<f64> {
        self.u64().map(f64::from_bits)
    }

    pub fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    pub fn opt_f64(&mut self) -> Option<Option<f64>> {
        if self.flag()? {
            self.f64().map(Some)
        } else {
            Some(None)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// The 64-bit checksum of a frame: the length, then each 8-byte little-endian word
/// (the last padded with zeros), each folded in as `h = fmix64(h ^ word)` with the
/// MurmurHash3 finaliser fmix64 (Appleby).
///
/// Each step is a bijection of `h` for a fixed word and of the word for a fixed `h`,
/// so a change confined to one 8-byte word (every single-bit flip, a zeroed or torn
/// word) always changes the checksum; fmix64 spreads every bit over the whole state,
/// so any other accidental change goes unseen with probability about 2^-64. It
/// catches accidents (disk, network, a half-copied file), not tampering.
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    let mut h = fmix64(0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0_u8; 8];
        word.copy_from_slice(w);
        h = fmix64(h ^ u64::from_le_bytes(word));
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        let mut word = [0_u8; 8];
        word[..tail.len()].copy_from_slice(tail);
        h = fmix64(h ^ u64::from_le_bytes(word));
    }
    h
}

/// MurmurHash3's 64-bit finaliser: a bijection that mixes every input bit into every
/// output bit.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let mut e = Enc::default();
        e.u8(7);
        e.u16(513);
        e.u32(70_000);
        e.u64(u64::MAX);
        e.f64(-0.0);
        e.str("ключ");
        e.opt_f64(None);
        e.opt_f64(Some(2.5));
        let mut d = Dec::new(&e.0);
        assert_eq!(d.u8(), Some(7));
        assert_eq!(d.u16(), Some(513));
        assert_eq!(d.u32(), Some(70_000));
        assert_eq!(d.u64(), Some(u64::MAX));
        assert_eq!(d.f64().map(f64::to_bits), Some((-0.0_f64).to_bits()));
        assert_eq!(d.str().as_deref(), Some("ключ"));
        assert_eq!(d.opt_f64(), Some(None));
        assert_eq!(
            d.opt_f64().flatten().map(f64::to_bits),
            Some(2.5_f64.to_bits())
        );
        assert!(d.is_empty());
        assert_eq!(d.u8(), None);
    }

    #[test]
    fn every_single_bit_flip_and_truncation_changes_the_checksum() {
        let bytes: Vec<u8> = (0..61_u32).map(|i| (i * 37 % 251) as u8).collect();
        let sum = checksum(&bytes);
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut b = bytes.clone();
                b[i] ^= 1 << bit;
                assert_ne!(checksum(&b), sum, "byte {i} bit {bit}");
            }
            assert_ne!(checksum(&bytes[..i]), sum, "cut at {i}");
        }
        // Two flips that would cancel in a plain xor-multiply hash.
        let mut b = bytes.clone();
        b[7] ^= 0x80;
        b[8] ^= 0x10;
        assert_ne!(checksum(&b), sum);
    }
}
