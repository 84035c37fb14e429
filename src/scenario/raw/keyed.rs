//! An object of the file read as key-value pairs in file order.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON/TOML object kept in file order, so that errors come in the order the reader
/// wrote the keys and a written scenario lists them in the order of its issues and
/// options. A key repeated in the file is an error (JSON leaves it undefined, and a
/// silently dropped weight is a wrong model); [`Keyed::insert`] in code replaces.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Keyed<T>(Vec<(String, T)>);

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<T> Keyed<T> {
    /// Set `key` to `value`, in place when the key is already present.
    pub fn insert(&mut self, key: String, value: T) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`, inserted as the default (last) when absent.
    pub fn get_or_default(&mut self, key: String) -> &mut T
    where
        T: Default,
    {
        let i = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.0.push((key, T::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Keys and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
}

impl<T> FromIterator<(String, T)> for Keyed<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut keyed = Keyed::default();
        for (k, v) in iter {
            keyed.insert(k, v);
        }
        keyed
    }
}

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Keyed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(KeyedVisitor(PhantomData))
    }
}

struct KeyedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for KeyedVisitor<T> {
    type Value = Keyed<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Keyed<T>, A::Error> {
        let mut keyed = Keyed::default();
        while let Some(k) = access.next_key::<String>()? {
            if keyed.get(&k).is_some() {
                return Err(serde::de::Error::custom(format_args!(
                    "key '{k}' is given twice"
                )));
            }
            let v = access.next_value::<T>()?;
            keyed.0.push((k, v));
        }
        Ok(keyed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_file_order() -> Result<(), serde_json::Error> {
        let k: Keyed<i32> = serde_json::from_str(r#"{"b": 1, "a": 2}"#)?;
        assert_eq!(k.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(serde_json::to_string(&k)?, r#"{"b":1,"a":2}"#);
        Ok(())
    }

    #[test]
    fn refuses_a_repeated_key() {
        let e =
            serde_json::from_str::<Keyed<i32>>(r#"{"b": 1, "a": 2, "b": 3}"#).expect_err("b twice");
        assert!(e.to_string().starts_with("key 'b' is given twice"), "{e}");
    }
}
