//! A value-table entry read without a fixed type, so that validation can name the
//! exact field of a wrong one.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number, a list, or anything else as written. Unlike `serde_json::Value` it keeps
/// every `f64`, NaN and infinities included (TOML has `nan`; the builder takes any
/// number), so that those are reported as non-finite numbers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loose {
    Number(f64),
    List(Vec<Loose>),
    Other(serde_json::Value),
}

impl Loose {
    /// As JSON, for messages (non-finite numbers show as `null`).
    fn to_json(&self) -> serde_json::Value {
        match self {
            Loose::Number(x) => json_number(*x),
            Loose::List(items) => items.iter().map(Loose::to_json).collect(),
            Loose::Other(v) => v.clone(),
        }
    }
}

/// Integral numbers print as integers, as they were most likely written.
fn json_number(x: f64) -> serde_json::Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if x.fract() == 0.0 && x.abs() < EXACT {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

impl fmt::Display for Loose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_json().fmt(f)
    }
}

impl Serialize for Loose {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Loose::Number(x) => serializer.serialize_f64(*x),
            Loose::List(items) => items.serialize(serializer),
            Loose::Other(v) => v.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_f64<E>(self, x: f64) -> Result<Loose, E> {
        Ok(Loose::Number(x))
    }

    fn visit_i64<E>(self, x: i64) -> Result<Loose, E> {
        Ok(Loose::Number(x as f64))
    }

    fn visit_u64<E>(self, x: u64) -> Result<Loose, E> {
        Ok(Loose::Number(x as f64))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Loose, E> {
        Ok(Loose::Other(serde_json::Value::Bool(b)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Loose, E> {
        Ok(Loose::Other(serde_json::Value::String(s.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other(serde_json::Value::Null))
    }

    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other(serde_json::Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        Loose::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Loose::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose, A::Error> {
        serde_json::Value::deserialize(MapAccessDeserializer::new(map)).map(Loose::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_non_finite_numbers_from_toml() -> Result<(), toml::de::Error> {
        #[derive(Deserialize)]
        struct T {
            x: Loose,
            y: Loose,
        }
        let t: T = toml::from_str("x = nan\ny = [1, inf]")?;
        assert!(matches!(t.x, Loose::Number(x) if x.is_nan()));
        assert!(matches!(&t.y, Loose::List(v) if v.len() == 2));
        Ok(())
    }

    #[test]
    fn prints_as_json() -> Result<(), serde_json::Error> {
        let v: Loose = serde_json::from_str(r#"[1, 0.5, "a", {"b": true}]"#)?;
        assert_eq!(v.to_string(), r#"[1,0.5,"a",{"b":true}]"#);
        Ok(())
    }
}
