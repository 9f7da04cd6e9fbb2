#!/usr/bin/env python3
"""Serves the built page (dist/web/, made by .ci/build-web from www/) on 127.0.0.1 only, with the page's Content-Security-Policy as a
header too, correct types for .wasm and .mjs, and no caching. PORT sets the port."""
import http.server
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "dist" / "web"
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
       "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".mjs": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(ROOT), **kwargs)

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("QUIET") != "1":
            super().log_message(fmt, *args)


def run(handler, default_port, what):
    """Serves with `handler` on 127.0.0.1, on PORT (0: any free port), and prints the URL."""
    port = int(os.environ.get("PORT", default_port))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"Serving {what} at http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


def main():
    if not (ROOT / "index.html").exists():
        sys.exit(f"{ROOT} is missing: build the page first with python3 .ci/build-web")
    run(Handler, "8080", "the wizard")


if __name__ == "__main__":
    main()
