"""The local AWS emulator: moto's server, one request at a time.

DynamoDB applies each request atomically: a conditional update is checked
and written as one step, and transactions never see each other half done.
moto's threaded server runs requests side by side without such a guard, so a
burst of conditional updates (the attempt counters) could pass the same
condition twice, and transactions that meet fail with 500. Serialising the
requests gives the emulator DynamoDB's atomicity; connections are still
accepted in parallel.

moto keeps a transaction undoable by deep-copying every table it names,
once per step: a busy test table is copied thousands of times over, and the
process grows past the machine's memory in a long suite. Here a
transaction records only the items its steps name, and a cancelled one
puts exactly those back.

usage: python infra/emulator.py PORT
"""

import copy
import sys
import threading

import moto.dynamodb.models as dynamodb_models

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


class _TablesNotCopied:
    """Stands in for `copy` inside moto's DynamoDB models: a table is not
    copied (the undo log below restores its items instead)."""

    @staticmethod
    def deepcopy(value, memo=None):
        if isinstance(value, dynamodb_models.Table):
            return value
        return copy.deepcopy(value, memo)


def _transact_write_items_with_undo_log(original):
    def transact_write_items(self, transact_items):
        undo = []
        seen = set()
        for step in transact_items:
            try:
                _, op = next(iter(step.items()))
                table = self.get_table(op["TableName"])
                if "Item" in op:
                    attrs = op["Item"]
                    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                    if table.range_key_attr is not None:
                        key[table.range_key_attr] = attrs[table.range_key_attr]
                else:
                    key = op["Key"]
                marker = (op["TableName"], repr(sorted(key.items())))
                if marker in seen:
                    continue
                seen.add(marker)
                before = self.get_item(op["TableName"], key)
                undo.append((op["TableName"], key, copy.deepcopy(before.to_json()["Attributes"]) if before else None))
            except Exception:
                # A malformed step: moto's own validation answers it.
                continue
        try:
            return original(self, transact_items)
        except Exception:
            for table_name, key, attrs in reversed(undo):
                if attrs is None:
                    self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, attrs)
            raise

    return transact_write_items


def main() -> None:
    dynamodb_models.copy = _TablesNotCopied
    dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items_with_undo_log(
        dynamodb_models.DynamoDBBackend.transact_write_items
    )
    port = int(sys.argv[1])
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialised(environ, start_response):
        with lock:
            # Read the whole answer inside the lock: moto builds it lazily.
            return list(app(environ, start_response))

    run_simple(
        "127.0.0.1",
        port,
        serialised,
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
