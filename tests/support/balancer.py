"""A round-robin TCP balancer on loopback, as a small stand-in for the reverse proxy in front
of the replicas in production (docs/DEPLOY.md): each new client connection goes to the next
backend; a backend that refuses the connection (its process is gone) is skipped, as a proxy's
health check would take it out. Clients that open one connection per request (no keep-alive)
therefore alternate between replicas.

    with Balancer([("127.0.0.1", a), ("127.0.0.1", b)]) as lb:
        base = f"http://127.0.0.1:{lb.port}"
        lb.served  # connections per backend
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
from collections import Counter
from types import TracebackType
from typing import Self


class Balancer:
    def __init__(self, backends: list[tuple[str, int]]) -> None:
        self.backends = backends
        self.port = 0
        self.served: Counter[int] = Counter()  # backend port -> connections it took
        self._next = itertools.cycle(range(len(backends)))
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def _upstream(self) -> socket.socket | None:
        for _ in range(len(self.backends)):
            with self._lock:
                target = self.backends[next(self._next)]
            try:
                upstream = socket.create_connection(target, timeout=5)
            except OSError:
                continue  # that replica is down: the next one takes the connection
            upstream.settimeout(None)
            with self._lock:
                self.served[target[1]] += 1
            return upstream
        return None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed on exit
            upstream = self._upstream()
            if upstream is None:
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
