#!/usr/bin/env python3
"""The benchmark's server: .ci/serve.py's handler unchanged for the product
(dist/web/, its Content-Security-Policy, no caching), plus the benchmark page at
/bench/ (tests/bench/page/) and the two JavaScript libraries it compares
against, straight from tests/bench/node_modules at /bench/vendor/. None of
/bench/ is part of what dist/web/ ships. PORT sets the port (0: any free one)."""
import http.server
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "tests" / "bench"
spec = importlib.util.spec_from_file_location("serve", ROOT / ".ci" / "serve.py")
serve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serve)

VENDOR = {
    "/bench/vendor/x509.js": BENCH / "node_modules" / "@peculiar" / "x509" / "build" / "x509.js",
    "/bench/vendor/forge.min.js": BENCH / "node_modules" / "node-forge" / "dist" / "forge.min.js",
}
# The libraries' browser builds probe the global object with Function(...):
# the benchmark page (only) allows that. The product's files keep serve.py's policy.
BENCH_CSP = serve.CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")


class Handler(serve.Handler):
    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean in VENDOR:
            return str(VENDOR[clean])
        if clean == "/bench" or clean.startswith("/bench/"):
            rest = clean[len("/bench/"):] or "index.html"
            target = (BENCH / "page" / rest).resolve()
            if (BENCH / "page").resolve() in target.parents:
                return str(target)
            return str(BENCH / "page" / "missing")
        return super().translate_path(path)

    def end_headers(self):
        if self.path.startswith("/bench"):
            # serve.Handler.end_headers adds the product's CSP; send the bench one instead.
            self.send_header("Content-Security-Policy", BENCH_CSP)
            self.send_header("Cache-Control", "no-store")
            http.server.SimpleHTTPRequestHandler.end_headers(self)
        else:
            super().end_headers()


def main():
    serve.run(Handler, "8090", "the wizard and the benchmark")


if __name__ == "__main__":
    main()
