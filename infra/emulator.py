"""The local AWS emulator: moto's server, one request at a time.

DynamoDB applies each request atomically: a conditional update is checked
and written as one step, and transactions never see each other half done.
moto's threaded server runs requests side by side without such a guard, so a
burst of conditional updates (the attempt counters) could pass the same
condition twice, and transactions that meet fail with 500. Serialising the
requests gives the emulator DynamoDB's atomicity; connections are still
accepted in parallel.

usage: python infra/emulator.py PORT
"""

import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def main() -> None:
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
