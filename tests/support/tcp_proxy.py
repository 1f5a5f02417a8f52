"""A TCP proxy that can be cut or frozen: the app talks to PostgreSQL through it, and a test
takes the database away (every open connection reset, new ones refused) and brings it back, or
freezes it (connections stay open, nothing comes back: a server whose processes are stopped),
without touching the shared PostgreSQL server.

    with TcpProxy("127.0.0.1", 5432) as proxy:
        url = f"postgresql://postgres@127.0.0.1:{proxy.port}/db"
        ...
        proxy.cut()
        proxy.restore()
        proxy.freeze()
        proxy.thaw()
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._flowing = threading.Event()
        self._flowing.set()
        # cut_after(): the markers still to be seen, and the client whose next reply ends it all.
        self._markers: list[bytes] = []
        self._last_words: socket.socket | None = None

    def start(self) -> Self:
        self._listen()
        return self

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed by cut()
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:  # cut() ran while this one was accepted
                    client.close()
                    upstream.close()
                    continue
                self._sockets.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b, a is client), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                self._flowing.wait()  # frozen: held, neither lost nor passed on
                sink.sendall(data)
                with self._lock:
                    if from_client and self._markers and self._markers[0] in data:
                        self._markers.pop(0)
                        if not self._markers:
                            self._last_words = source
                    last = not from_client and sink is self._last_words
                if last:
                    self._last_words = None
                    self.cut(graceful=True)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut_after(self, *markers: bytes) -> None:
        """The database goes away just after answering a statement: once the client has sent
        each of `markers` in turn (e.g. b"INSERT INTO \"t\"", then b"COMMIT"), the server's
        next answer to it is passed on, then every connection is closed and new ones refused."""
        with self._lock:
            self._markers = list(markers)

    def cut(self, *, graceful: bool = False) -> None:
        """The database goes away: connections reset (closed in order if `graceful`: what was
        passed on is read first), new ones refused."""
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for s in sockets:
            with contextlib.suppress(OSError):
                if not graceful:
                    # Linger 0: close() resets the connection instead of ending it in order.
                    s.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                # shutdown() first: close() alone neither wakes a pipe thread blocked in recv()
                # nor releases the socket it holds, so the connection to PostgreSQL would stay
                # open, its backend idle in a transaction with its locks, and the next test's
                # TRUNCATE would wait for ever.
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def freeze(self) -> None:
        """The database hangs: connections stay open and are accepted, nothing passes."""
        self._flowing.clear()

    def thaw(self) -> None:
        """The database's processes run again: what was held passes on."""
        self._flowing.set()

    def restore(self) -> None:
        """The database is back, on the same address."""
        if self._listener is None:
            self._listen()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cut()
