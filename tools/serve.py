"""`make serve PORT=8001`: the dev server, with two kindnesses for contributors.

- A port already in use gets one clear line, not a traceback.
- Broken data files show as an error page (and in the log) instead of
  failing the build, which would leave the browser waiting for ever; the
  page reloads itself once the file is fixed. The knowledge-base plugin
  does this whenever it runs under `mkdocs serve`
  (show_data_problems_when_serving in mkdocs_knowledge_base/config.py).
"""

from __future__ import annotations

import errno
import os
import socket
import sys

HOST = "127.0.0.1"


def port_problem(port_text: str) -> str | None:
    """Why the dev server cannot listen on this port, in one line, or None."""
    if not port_text.isdigit() or not 1024 <= int(port_text) <= 65535:
        return f"PORT={port_text} is not a port number: use a number from 1024 to 65535, like make serve PORT=8001"
    port = int(port_text)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The same option the server uses, so a recently closed port is not reported busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
            probe.listen(1)  # with SO_REUSEADDR, only listen() notices another server
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"port {port} is already in use (is another server running?): stop it, "
                    f"or choose another port: make serve PORT={port + 1}"
                )
            return f"cannot listen on {HOST}:{port}: {error.strerror}"
    return None


def main(argv: list[str]) -> int:
    port = argv[1] if len(argv) > 1 else "8000"
    problem = port_problem(port)
    if problem:
        print(f"make serve: {problem}", file=sys.stderr)
        return 1
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"{HOST}:{port}"], env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
