//! A LIST page decoded item by item: each item is parsed and handed to the caller's `keep` at
//! once, so a page of 500 release Secrets never exists as 500 parsed objects — only as the bytes
//! that came and whatever `keep` holds on to.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What a page says besides its items.
#[derive(Debug, Default)]
pub struct PageMeta {
    pub continue_token: Option<String>,
    pub resource_version: String,
}

/// Decodes `body` (a `…List`), pushing `keep(item)` onto `out` for each item.
pub fn decode<T, U>(
    body: &[u8],
    keep: &mut impl FnMut(T) -> Option<U>,
    out: &mut Vec<U>,
) -> serde_json::Result<PageMeta>
where
    T: DeserializeOwned,
{
    let mut de = serde_json::Deserializer::from_slice(body);
    let meta = PageSeed {
        keep,
        out,
        item: PhantomData,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(meta)
}

struct PageSeed<'k, 'o, K, U, T> {
    keep: &'k mut K,
    out: &'o mut Vec<U>,
    item: PhantomData<T>,
}

impl<'de, K, U, T> DeserializeSeed<'de> for PageSeed<'_, '_, K, U, T>
where
    K: FnMut(T) -> Option<U>,
    T: DeserializeOwned,
{
    type Value = PageMeta;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<PageMeta, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, K, U, T> Visitor<'de> for PageSeed<'_, '_, K, U, T>
where
    K: FnMut(T) -> Option<U>,
    T: DeserializeOwned,
{
    type Value = PageMeta;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageMeta, A::Error> {
        #[derive(serde::Deserialize, Default)]
        struct Meta {
            #[serde(rename = "continue", default)]
            continue_: Option<String>,
            #[serde(rename = "resourceVersion", default)]
            resource_version: String,
        }
        let mut meta = PageMeta::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "metadata" => {
                    let m: Meta = map.next_value()?;
                    meta.continue_token = m.continue_.filter(|t| !t.is_empty());
                    meta.resource_version = m.resource_version;
                }
                "items" => map.next_value_seed(Items {
                    keep: &mut *self.keep,
                    out: &mut *self.out,
                    item: PhantomData::<T>,
                })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(meta)
    }
}

struct Items<'k, 'o, K, U, T> {
    keep: &'k mut K,
    out: &'o mut Vec<U>,
    item: PhantomData<T>,
}

impl<'de, K, U, T> DeserializeSeed<'de> for Items<'_, '_, K, U, T>
where
    K: FnMut(T) -> Option<U>,
    T: DeserializeOwned,
{
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, K, U, T> Visitor<'de> for Items<'_, '_, K, U, T>
where
    K: FnMut(T) -> Option<U>,
    T: DeserializeOwned,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of items")
    }

    /// `"items": null` is an empty list, as Go writes one.
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if let Some(kept) = (self.keep)(item) {
                self.out.push(kept);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_kept_one_by_one_and_the_rest_read() {
        let body = br#"{"kind":"PodList","metadata":{"resourceVersion":"7","continue":"abc","remainingItemCount":2},"items":[{"n":1},{"n":2},{"n":3}],"apiVersion":"v1"}"#;
        let mut seen = 0;
        let mut out = Vec::new();
        let meta = decode(
            body,
            &mut |v: serde_json::Value| {
                seen += 1;
                v["n"].as_u64().filter(|n| n % 2 == 1)
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [1, 3]);
        assert_eq!(seen, 3);
        assert_eq!(meta.resource_version, "7");
        assert_eq!(meta.continue_token.as_deref(), Some("abc"));
        let mut none: Vec<u64> = Vec::new();
        let meta = decode(
            br#"{"metadata":{"continue":""},"items":null}"#,
            &mut |v: u64| Some(v),
            &mut none,
        )
        .unwrap();
        assert!(none.is_empty() && meta.continue_token.is_none());
        assert!(decode(br#"{"items":[1,"x"]}"#, &mut |v: u64| Some(v), &mut none).is_err());
    }
}
