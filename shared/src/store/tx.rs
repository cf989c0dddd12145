//! One transaction: steps that are written all at once or not at all, each
//! carrying, from where it is built, what its failed condition means.
//!
//! A step's condition failing is turned into *that step's* error, never into
//! an error chosen by the step's position, so adding a step anywhere cannot
//! make the wrong message reach a user:
//!
//! ```ignore
//! let mut tx = Tx::new();
//! tx.put_versioned(to_item(&next)?, before.version, stale());
//! tx.audit(audit::record(&actor, now, "profile_saved", &target, b, a)?);
//! tx.mail(&queued)?;
//! tx.commit(&app).await?;
//! ```

use super::{n, s, sdk_err, Item, Step, TRANSACT_LIMIT};
use crate::error::{AppError, AppResult};
use crate::store::outbox::OutboxItem;
use crate::App;
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, Update};

/// What a step's failed condition means.
pub enum OnFail {
    /// An answer for the user (stale version, already done, closed, …).
    User(AppError),
    /// A condition that correct code never fails (a random key taken, a
    /// record that must be new): an internal error naming the step.
    Internal(&'static str),
}

impl From<AppError> for OnFail {
    fn from(e: AppError) -> OnFail {
        OnFail::User(e)
    }
}

impl From<crate::error::codes::Code> for OnFail {
    fn from(c: crate::error::codes::Code) -> OnFail {
        OnFail::User(c.into())
    }
}

/// A step's name stands for "this cannot fail but by a fault of ours".
impl From<&'static str> for OnFail {
    fn from(what: &'static str) -> OnFail {
        OnFail::Internal(what)
    }
}

#[derive(Default)]
pub struct Tx {
    steps: Vec<Step>,
    on_fail: Vec<OnFail>,
}

/// Names the version attribute as `#v` when an expression mentions it.
fn uses_version(exprs: &[Option<&str>]) -> bool {
    exprs.iter().flatten().any(|e| e.contains("#v"))
}

impl Tx {
    pub fn new() -> Tx {
        Tx::default()
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// A step built elsewhere in `store/` (a totals shard, a counter), with
    /// what its failed condition means.
    pub fn step(&mut self, step: Step, on_fail: impl Into<OnFail>) -> &mut Tx {
        self.steps.push(step);
        self.on_fail.push(on_fail.into());
        self
    }

    /// A put without condition (it cannot fail on one).
    pub fn put(&mut self, item: Item) -> &mut Tx {
        let p = Put::builder()
            .set_item(Some(item))
            .table_name("")
            .build()
            .expect("item and table set");
        self.step(Step::builder().put(p).build(), "unconditional put")
    }

    /// A put held by `condition` (`#v` names the version attribute).
    pub fn put_if(
        &mut self,
        item: Item,
        condition: &str,
        values: Vec<(&str, AttributeValue)>,
        on_fail: impl Into<OnFail>,
    ) -> &mut Tx {
        let mut p = Put::builder()
            .set_item(Some(item))
            .table_name("")
            .condition_expression(condition);
        if uses_version(&[Some(condition)]) {
            p = p.expression_attribute_names("#v", "version");
        }
        for (k, v) in values {
            p = p.expression_attribute_values(k, v);
        }
        let p = p.build().expect("item and table set");
        self.step(Step::builder().put(p).build(), on_fail)
    }

    /// A put that must create its item.
    pub fn put_new(&mut self, item: Item, on_taken: impl Into<OnFail>) -> &mut Tx {
        self.put_if(item, "attribute_not_exists(PK)", vec![], on_taken)
    }

    /// A put over the version read (`expected` 0: the item must not exist yet).
    pub fn put_versioned(
        &mut self,
        item: Item,
        expected: u64,
        on_stale: impl Into<OnFail>,
    ) -> &mut Tx {
        if expected == 0 {
            self.put_new(item, on_stale)
        } else {
            self.put_if(
                item,
                "#v = :expected",
                vec![(":expected", n(expected))],
                on_stale,
            )
        }
    }

    /// An update of `expression`, held by `condition` when given.
    pub fn update(
        &mut self,
        key: (&str, &str),
        expression: &str,
        values: Vec<(&str, AttributeValue)>,
        condition: Option<&str>,
        on_fail: impl Into<OnFail>,
    ) -> &mut Tx {
        let mut u = Update::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .update_expression(expression)
            .set_condition_expression(condition.map(str::to_string));
        if uses_version(&[Some(expression), condition]) {
            u = u.expression_attribute_names("#v", "version");
        }
        for (k, v) in values {
            u = u.expression_attribute_values(k, v);
        }
        let u = u.build().expect("key and expression set");
        self.step(Step::builder().update(u).build(), on_fail)
    }

    /// A delete without condition.
    pub fn delete(&mut self, key: (&str, &str)) -> &mut Tx {
        let d = Delete::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .build()
            .expect("key set");
        self.step(Step::builder().delete(d).build(), "unconditional delete")
    }

    /// A delete held by `condition`.
    pub fn delete_if(
        &mut self,
        key: (&str, &str),
        condition: &str,
        values: Vec<(&str, AttributeValue)>,
        on_fail: impl Into<OnFail>,
    ) -> &mut Tx {
        let mut d = Delete::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .condition_expression(condition);
        for (k, v) in values {
            d = d.expression_attribute_values(k, v);
        }
        let d = d.build().expect("key set");
        self.step(Step::builder().delete(d).build(), on_fail)
    }

    /// A delete that holds only while the item still carries `expected`.
    pub fn delete_versioned(
        &mut self,
        key: (&str, &str),
        expected: u64,
        on_stale: impl Into<OnFail>,
    ) -> &mut Tx {
        let d = Delete::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .condition_expression("#v = :expected")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .expect("key set");
        self.step(Step::builder().delete(d).build(), on_stale)
    }

    /// Writes nothing, but holds only while the item still carries version
    /// `expected` (a record the change depends on must not move meanwhile).
    pub fn check_version(
        &mut self,
        key: (&str, &str),
        expected: u64,
        on_moved: impl Into<OnFail>,
    ) -> &mut Tx {
        let c = ConditionCheck::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .condition_expression("#v = :expected")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(":expected", n(expected))
            .build()
            .expect("key and condition set");
        self.step(Step::builder().condition_check(c).build(), on_moved)
    }

    /// Writes nothing, but holds only while `condition` holds of the item
    /// (a parent's lock, say); `names` are the expression's attribute names.
    pub fn condition(
        &mut self,
        key: (&str, &str),
        condition: &str,
        names: Vec<(&str, &str)>,
        values: Vec<(&str, AttributeValue)>,
        on_fail: impl Into<OnFail>,
    ) -> &mut Tx {
        let mut c = ConditionCheck::builder()
            .table_name("")
            .key("PK", s(key.0))
            .key("SK", s(key.1))
            .condition_expression(condition);
        for (k, v) in names {
            c = c.expression_attribute_names(k, v);
        }
        for (k, v) in values {
            c = c.expression_attribute_values(k, v);
        }
        let c = c.build().expect("key and condition set");
        self.step(Step::builder().condition_check(c).build(), on_fail)
    }

    /// The change's audit record (a new item with a random key).
    pub fn audit(&mut self, record: super::audit::Record) -> &mut Tx {
        self.put_new(record.0, "audit record")
    }

    /// A mail queued in the outbox with the change that causes it.
    pub fn mail(&mut self, queued: &OutboxItem) -> AppResult<&mut Tx> {
        Ok(self.put_new(super::to_item(queued)?, "queued mail"))
    }

    /// Writes every step or none. A failed condition answers the error of the
    /// step that failed it; anything else is internal.
    pub async fn commit(self, app: &App) -> AppResult<()> {
        let Tx { mut steps, on_fail } = self;
        if steps.is_empty() {
            return Ok(());
        }
        if steps.len() > TRANSACT_LIMIT {
            return Err(AppError::internal(format!(
                "transaction of {} steps exceeds {TRANSACT_LIMIT}",
                steps.len()
            )));
        }
        // Steps are built without the table name, so that their builders
        // stay free of `App`.
        for step in steps.iter_mut() {
            let table = app.cfg.table.clone();
            if let Some(p) = step.put.as_mut() {
                p.table_name = table;
            } else if let Some(u) = step.update.as_mut() {
                u.table_name = table;
            } else if let Some(d) = step.delete.as_mut() {
                d.table_name = table;
            } else if let Some(c) = step.condition_check.as_mut() {
                c.table_name = table;
            }
        }
        let err = match app
            .ddb
            .transact_write_items()
            .set_transact_items(Some(steps))
            .send()
            .await
        {
            Ok(_) => return Ok(()),
            Err(SdkError::ServiceError(se)) => se.into_err(),
            Err(e) => return Err(sdk_err(e)),
        };
        use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
        if let TransactWriteItemsError::TransactionCanceledException(tc) = &err {
            let failed = tc
                .cancellation_reasons()
                .iter()
                .position(|r| r.code() == Some("ConditionalCheckFailed"));
            if let Some(i) = failed {
                return Err(match on_fail.into_iter().nth(i) {
                    Some(OnFail::User(e)) => e,
                    Some(OnFail::Internal(what)) => {
                        AppError::internal(format!("transaction step failed its condition: {what}"))
                    }
                    None => AppError::internal("cancellation reason beyond the steps"),
                });
            }
        }
        Err(AppError::internal(format!(
            "{}: {}",
            err.code().unwrap_or("?"),
            err.message().unwrap_or("")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_keeps_its_own_error() {
        let mut tx = Tx::new();
        tx.put(Item::new())
            .put_versioned(Item::new(), 3, AppError::from(crate::error::codes::RETRY))
            .check_version(("A", "B"), 1, "the org");
        assert_eq!(tx.len(), 3);
        assert!(matches!(tx.on_fail[0], OnFail::Internal(_)));
        assert!(matches!(
            &tx.on_fail[1],
            OnFail::User(AppError::Conflict {
                code: crate::error::codes::RETRY,
                ..
            })
        ));
        assert!(matches!(tx.on_fail[2], OnFail::Internal("the org")));
        let cond = tx.steps[1]
            .put
            .as_ref()
            .unwrap()
            .condition_expression
            .clone();
        assert_eq!(cond.as_deref(), Some("#v = :expected"));
    }
}
