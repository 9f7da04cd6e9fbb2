"""The web outputs' bundler: esbuild, pinned by .ci/web-tools/package-lock.json
and installed with `npm ci` into target/web-tools (again only when the lock
file changes). `bundle(command, ...)` runs .ci/bundle.mjs with it."""
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / ".ci" / "web-tools"
TOOLS = ROOT / "target" / "web-tools"


def esbuild_dir():
    """The installed esbuild package's folder."""
    lock = (SOURCE / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock + (SOURCE / "package.json").read_bytes()).hexdigest()
    stamp = TOOLS / ".installed"
    package = TOOLS / "node_modules" / "esbuild"
    if not package.exists() or not stamp.exists() or stamp.read_text() != digest:
        print(f"+ npm ci (esbuild, .ci/web-tools) into {TOOLS.relative_to(ROOT)}", flush=True)
        TOOLS.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(SOURCE / name, TOOLS / name)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True)
        stamp.write_text(digest)
    return package


def bundle(request):
    """Runs .ci/bundle.mjs with `request` (a dict, passed as JSON); returns its JSON answer."""
    env = dict(os.environ, ESBUILD=str(esbuild_dir()))
    done = subprocess.run(
        ["node", str(ROOT / ".ci" / "bundle.mjs")],
        input=json.dumps(request), capture_output=True, text=True, env=env,
    )
    if done.returncode != 0:
        sys.exit(f"esbuild ({request.get('command')}) failed:\n{done.stderr}")
    return json.loads(done.stdout)
