//! Typed batch reads: each key is added with the type of its item and comes
//! back through its own handle, so no caller counts positions.
//!
//! ```ignore
//! let mut batch = Batch::new();
//! let cool = batch.add::<CoolItem>(supply::cool_key(id));
//! let reg = batch.add::<RegistrationItem>(registrations::key(&id, pref, muni, site));
//! let mut got = batch.read(&app).await?;      // one BatchGetItem
//! let cool = got.take(cool)?.ok_or_else(AppError::not_found)?;
//! ```

use super::{from_item, get_many, Item, Key};
use crate::error::{AppError, AppResult};
use crate::App;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// The handle of one key of a batch, typed by its item.
#[must_use]
pub struct Slot<T> {
    index: usize,
    _item: PhantomData<fn() -> T>,
}

#[derive(Default)]
pub struct Batch {
    keys: Vec<Key>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn add<T: DeserializeOwned>(&mut self, key: Key) -> Slot<T> {
        self.keys.push(key);
        Slot {
            index: self.keys.len() - 1,
            _item: PhantomData,
        }
    }

    /// Reads every key in one BatchGetItem (strongly consistent).
    pub async fn read(self, app: &App) -> AppResult<Got> {
        let items = if self.keys.is_empty() {
            Vec::new()
        } else {
            get_many(app, &self.keys).await?
        };
        Ok(Got { items })
    }
}

/// The items of a batch read, taken out by their slots.
pub struct Got {
    items: Vec<Option<Item>>,
}

impl Got {
    /// The item of `slot`, typed; `None` when it does not exist.
    pub fn take<T: DeserializeOwned>(&mut self, slot: Slot<T>) -> AppResult<Option<T>> {
        self.items
            .get_mut(slot.index)
            .ok_or_else(|| AppError::internal("slot of another batch"))?
            .take()
            .map(from_item)
            .transpose()
    }

    /// Whether the item of `slot` exists (markers whose content is not read).
    pub fn exists<T>(&self, slot: &Slot<T>) -> bool {
        self.items.get(slot.index).is_some_and(Option::is_some)
    }
}
