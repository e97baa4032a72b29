//! The serde side of the JSON reader: values go to the visitor as they
//! are read, and what a visitor leaves unread is still read and checked.

use super::read::Reader;
use super::{JsonError, ReadError};
use crate::de::limits::exact_integer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;

/// The serde side of [`Reader`]: values go to the visitor as they are read.
pub(super) struct Deserializer<'a> {
    r: Reader<'a>,
    /// Nesting depth of the value about to be read.
    depth: usize,
}

/// The next value, as far as [`Deserializer::start`] reads it: a scalar
/// whole, a container up to its opening bracket.
enum Start<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Text(Cow<'a, str>),
    List,
    Map,
}

/// The reading done outside the generic `deserialize_any`: serde makes a
/// copy of that for every type read, so it only matches on a [`Start`].
impl<'a> Deserializer<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Deserializer {
            r: Reader::new(text),
            depth: 0,
        }
    }

    /// Nothing but whitespace is left after the value read.
    pub(super) fn end(&mut self) -> Result<(), JsonError> {
        self.r.end()
    }

    fn start(&mut self) -> Result<Start<'a>, JsonError> {
        self.r.check_depth(self.depth)?;
        let start = match self.r.value_start()? {
            b'n' => {
                self.r.word(b"null")?;
                Start::Null
            }
            b't' => {
                self.r.word(b"true")?;
                Start::Bool(true)
            }
            b'f' => {
                self.r.word(b"false")?;
                Start::Bool(false)
            }
            b'"' => Start::Text(self.r.string()?),
            b'-' | b'0'..=b'9' => Start::Number(self.r.number()?),
            open @ (b'[' | b'{') => {
                self.r.advance();
                self.depth += 1;
                if open == b'[' {
                    Start::List
                } else {
                    Start::Map
                }
            }
            _ => return Err(self.r.error("a character that cannot start a value")),
        };
        Ok(start)
    }

    /// Reads (and checks) what a visitor left of a container, up to and
    /// past its closing bracket. `state` is where the visitor stopped.
    fn finish(&mut self, close: u8, state: Progress) -> Result<(), JsonError> {
        if state.value_pending {
            self.r.skip_value(self.depth)?;
        }
        if !state.done {
            self.r.skip_items(state.first, close, self.depth)?;
        }
        self.depth -= 1;
        Ok(())
    }
}

/// How far a visitor read into a list or object.
#[derive(Clone, Copy)]
struct Progress {
    /// Nothing read since the opening bracket.
    first: bool,
    /// The closing bracket was read.
    done: bool,
    /// A member's key was read but not its value.
    value_pending: bool,
}

impl Progress {
    /// Steps to the next item of the container closed by `close`: `false`
    /// once its end is (or was) reached.
    fn next(&mut self, r: &mut Reader<'_>, close: u8) -> Result<bool, JsonError> {
        if self.done {
            return Ok(false);
        }
        if !r.next_item(self.first, close)? {
            self.done = true;
            return Ok(false);
        }
        self.first = false;
        Ok(true)
    }
}

const FRESH: Progress = Progress {
    first: true,
    done: false,
    value_pending: false,
};

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.start()? {
            Start::Null => visitor.visit_unit(),
            Start::Bool(b) => visitor.visit_bool(b),
            Start::Number(n) => match exact_integer(n) {
                Some(i) => visitor.visit_i64(i),
                None => visitor.visit_f64(n),
            },
            // Always `visit_str`, also for an escaped (owned) string: one
            // visitor method per type instead of two.
            Start::Text(text) => visitor.visit_str(&text),
            Start::List => {
                let mut items = Items {
                    de: &mut *self,
                    state: FRESH,
                };
                let value = visitor.visit_seq(&mut items)?;
                let state = items.state;
                self.finish(b']', state)?;
                Ok(value)
            }
            Start::Map => {
                let mut members = Members {
                    de: &mut *self,
                    state: FRESH,
                };
                let value = visitor.visit_map(&mut members)?;
                let state = members.state;
                self.finish(b'}', state)?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.r.value_start()? == b'n' {
            self.r.word(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    /// From an object only, as in the tree reader (a bare array must not
    /// pass for a workspaces answer).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if self.r.value_start()? == b'[' {
            return Err(ReadError::Shape);
        }
        self.deserialize_any(visitor)
    }

    /// Unknown fields are read past without keeping anything (a workspace
    /// object has dozens the card never uses).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.r.skip_value(self.depth)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map
        enum identifier
    }
}

struct Items<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    state: Progress,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if !self.state.next(&mut self.de.r, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

struct Members<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    state: Progress,
}

impl<'de> MapAccess<'de> for Members<'_, '_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        if !self.state.next(&mut self.de.r, b'}')? {
            return Ok(None);
        }
        let key = self.de.r.key()?;
        self.state.value_pending = true;
        seed.deserialize(de::value::StrDeserializer::<ReadError>::new(&key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        self.state.value_pending = false;
        seed.deserialize(&mut *self.de)
    }
}
