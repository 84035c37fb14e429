//! Numbers as other tools write them: the text of a Java `double` (Genius's
//! `Double.valueOf`) or an `int`, read both as the `f64` the tool computes with and as
//! the exact rational the text denotes, so that the cap at 1 can be checked exactly.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// A number read from text: the nearest `f64` (what Java's `Double.valueOf` gives)
/// and the exact value written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Number {
    /// The nearest double.
    pub value: f64,
    /// The decimal as written, exactly.
    pub exact: BigRational,
}

impl Number {
    /// An integer, exactly.
    pub fn int(n: i64) -> Self {
        Number {
            value: n as f64,
            exact: BigRational::from_integer(BigInt::from(n)),
        }
    }
}

/// Largest decimal exponent read: Java's doubles end near 1e308 and 1e-324, and a
/// longer exponent would only make the exact value huge.
const MAX_EXPONENT: i64 = 400;

/// Read a Java `double` literal as `Double.valueOf` accepts it in these files: optional
/// sign, digits with an optional fraction (`1`, `0.5`, `.5`, `5.`), an optional exponent
/// (`1.0E-4`), an optional `d`/`f` suffix, surrounding whitespace. `None` for anything
/// else, NaN and infinities included.
pub(crate) fn parse(text: &str) -> Option<Number> {
    let t = text.trim();
    let t = t.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(t);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !digits(int) || !digits(frac) {
        return None;
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let body = e.strip_prefix(['+', '-']).unwrap_or(e);
            if body.is_empty() || body.len() > 6 || !digits(body) {
                return None;
            }
            e.parse().ok()?
        }
    };
    let scale = exp - frac.len() as i64;
    if scale.abs() > MAX_EXPONENT + 400 {
        return None;
    }
    let mut m: BigInt = format!("{int}{frac}")
        .parse()
        .unwrap_or_else(|_| BigInt::zero());
    if negative {
        m = -m;
    }
    let ten = BigInt::from(10);
    let exact = if scale >= 0 {
        BigRational::from_integer(m * num_traits::pow(ten, scale as usize))
    } else {
        BigRational::new(m, num_traits::pow(ten, (-scale) as usize))
    };
    let value: f64 = format!(
        "{}{}.{}e{}",
        if negative { "-" } else { "" },
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "0" } else { frac },
        exp
    )
    .parse()
    .ok()?;
    value.is_finite().then_some(Number { value, exact })
}

/// Read a Java `int` (`Integer.valueOf`): optional sign and decimal digits.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i32>().ok().map(i64::from)
}

/// `x` clipped to [0, 1].
pub(crate) fn clip01(x: BigRational) -> BigRational {
    if x < BigRational::zero() {
        BigRational::zero()
    } else if x > BigRational::one() {
        BigRational::one()
    } else {
        x
    }
}

/// The nearest `f64` to an exact rational (for messages).
pub(crate) fn approx(x: &BigRational) -> f64 {
    use num_traits::ToPrimitive;
    x.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn java_double_literals_read_exactly() {
        let n = parse(" 0.33 ").expect("a decimal");
        assert_eq!(n.exact, exact(33, 100));
        assert_eq!(n.value.to_bits(), 0.33_f64.to_bits());
        assert_eq!(parse("1.0E-4").expect("exponent").exact, exact(1, 10_000));
        assert_eq!(parse(".5").expect("no integer part").exact, exact(1, 2));
        assert_eq!(parse("5.").expect("no fraction").exact, exact(5, 1));
        assert_eq!(parse("-2d").expect("suffix").exact, exact(-2, 1));
        for bad in [
            "",
            ".",
            "NaN",
            "Infinity",
            "1e",
            "0x10",
            "1,5",
            "--1",
            "1e999999999",
        ] {
            assert!(parse(bad).is_none(), "{bad:?} is not a number");
        }
        assert!(parse("1e400").is_none(), "beyond f64");
    }

    #[test]
    fn java_int_literals() {
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("+7"), Some(7));
        assert_eq!(parse_int("1.0"), None);
        assert_eq!(parse_int("99999999999"), None);
    }
}
