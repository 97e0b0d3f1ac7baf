"""The sample portal served on loopback: the county portal, and a township site with a soft 404.

Python's own static file server (http.server): HEAD, If-Modified-Since → 304, 404 for what is
missing. The township site answers every address with its homepage (200), as misconfigured sites
do, so the soft-404 check has something to find.

`start_portal_process` runs the servers in a process of their own (a crawler in the same process
would share one interpreter lock with them), stopped by its PID:
    python -m gongkai.sample.portal_server DIR [--port P]   # prints the two addresses, serves
"""

import argparse
import ipaddress
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOOPBACK = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real portals answer
    # Headers and body go out in two writes: with Nagle's algorithm on, each keep-alive response
    # would wait ~40 ms for the client's delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def end_headers(self) -> None:
        # LinkChecker waits 0.1–0.6 s between requests to a host unless the site answers with
        # this header (its documented opt-in); bench/crawl.py runs it against this portal.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class _SoftNotFoundHandler(_QuietHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.exists():
            self.path = "/"
        return super().send_head()


@dataclass
class PortalServer:
    main: ThreadingHTTPServer
    township: ThreadingHTTPServer

    @property
    def main_url(self) -> str:
        host, port = self.main.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def township_url(self) -> str:
        host, port = self.township.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        for server in (self.main, self.township):
            server.shutdown()
            server.server_close()


class _Server(ThreadingHTTPServer):
    # The default backlog of 5 drops a crawler's burst of new connections; each dropped SYN
    # costs a 1 s retransmission.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        # A client that closes its keep-alive connection mid-answer is not the portal's error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _start(handler, directory: Path, port: int, address: str) -> ThreadingHTTPServer:
    server = _Server((address, port), partial(handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve_portal(directory: Path, *, port: int = 0, address: str = LOOPBACK) -> PortalServer:
    """Serve `directory`/main on `port` (0: any free port) and `directory`/township on the next
    free port (`port` + 1 when a port is given), on a loopback address (127.x.y.z: a fleet of
    copies can be many hosts)."""
    if not ipaddress.ip_address(address).is_loopback:
        raise ValueError(f"the sample portal is served on loopback only, not {address}")
    main = _start(_QuietHandler, directory / "main", port, address)
    township = _start(
        _SoftNotFoundHandler, directory / "township", port + 1 if port else 0, address
    )
    return PortalServer(main, township)


@dataclass
class PortalProcess:
    """The sample portal served by a child process; `stop()` ends it by its PID."""

    process: subprocess.Popen
    main_url: str
    township_url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)

    close = stop


def start_portal_process(
    directory: Path, *, port: int = 0, address: str = LOOPBACK
) -> PortalProcess:
    command = [sys.executable, "-m", "gongkai.sample.portal_server", str(directory)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--address", address],
        stdout=subprocess.PIPE,
        text=True,
    )
    main_url = process.stdout.readline().strip()
    township_url = process.stdout.readline().strip()
    if not main_url.startswith("http://"):
        process.kill()
        raise RuntimeError(f"sample portal did not start on port {port}")
    return PortalProcess(process, main_url, township_url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="示例网站（本机回环地址）")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--address", default=LOOPBACK, help="127.x.y.z")
    options = parser.parse_args(argv)
    servers = serve_portal(options.directory, port=options.port, address=options.address)
    print(servers.main_url, flush=True)
    print(servers.township_url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    servers.close()


if __name__ == "__main__":
    main()
