//! Every list answers one shape: `{ "items": [...], "next_cursor": … }`,
//! with whatever context the list names (its cool, its view, its area)
//! beside them. `next_cursor` is null on the last page; a client follows it
//! until then.

use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, next_cursor: Option<String>) -> Page<T> {
        Page { items, next_cursor }
    }

    /// A list that is never paged (it is read whole).
    pub fn whole(items: Vec<T>) -> Page<T> {
        Page::new(items, None)
    }

    /// The list with its context (`{"cool": …}`, `{"view": …}`) beside the items.
    pub fn with<C: Serialize>(self, context: C) -> InContext<C, T> {
        InContext {
            context,
            page: self,
        }
    }
}

/// A page and the context of its list, as one object.
#[derive(Debug, Serialize)]
pub struct InContext<C, T> {
    #[serde(flatten)]
    pub context: C,
    #[serde(flatten)]
    pub page: Page<T>,
}

impl<T: Serialize> IntoResponse for Page<T> {
    fn into_response(self) -> Response {
        axum::Json(self).into_response()
    }
}

impl<C: Serialize, T: Serialize> IntoResponse for InContext<C, T> {
    fn into_response(self) -> Response {
        axum::Json(self).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_items_and_next_cursor_beside_its_context() {
        let p = Page::new(vec![1, 2], Some("c".into())).with(serde_json::json!({"view": "all"}));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!({"view": "all", "items": [1, 2], "next_cursor": "c"})
        );
        let last = Page::<u8>::whole(vec![]);
        assert_eq!(
            serde_json::to_value(&last).unwrap(),
            serde_json::json!({"items": [], "next_cursor": null})
        );
    }
}
