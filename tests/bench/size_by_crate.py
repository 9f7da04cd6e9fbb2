#!/usr/bin/env python3
"""Groups `twiggy top` of a names-preserving wasm build by crate: what each
dependency adds to the module (shallow bytes of its functions). Usage:
size_by_crate.py FILE.wasm [N]. Data segments and sections are listed as such."""
import csv
import io
import re
import subprocess
import sys
from collections import Counter

path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 30
out = subprocess.run(["twiggy", "top", "-n", "1000000", "--format", "csv", path],
                     check=True, capture_output=True, text=True).stdout
rows = list(csv.DictReader(io.StringIO(out)))
CRATES = set()
for row in rows:
    m = re.match(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", row["Name"])
    if m and m.group(1) not in ("core", "alloc", "std"):
        CRATES.add(m.group(1))
totals = Counter()
grand = 0
for row in rows:
    name, size = row["Name"], int(row["ShallowSize"])
    grand += size
    if name.startswith("data segment"):
        key = "(data segments)"
    elif name.startswith('"') or name.startswith("custom section") or "subsection" in name:
        key = "(sections: " + name + ")"
    else:
        # First path segment that looks like a crate, also inside <T as crate::Trait>.
        crates = re.findall(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
        std = {"core", "alloc", "std"}
        if not crates:
            key = "(other: unnamed)"
        elif crates[0] not in std:
            key = crates[0]
        else:
            # A standard-library generic instantiated for some crate's type counts for that crate.
            words = re.findall(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
            known = [w for w in words if w in CRATES]
            key = known[0] if known else "(std)"
    totals[key] += size
print(f"{'crate':<48} {'bytes':>9} {'share':>6}")
for key, size in totals.most_common(limit):
    print(f"{key[:48]:<48} {size:>9} {100 * size / grand:>5.1f}%")
print(f"{'total':<48} {grand:>9}")
