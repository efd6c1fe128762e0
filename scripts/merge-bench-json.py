#!/usr/bin/env python3
"""Merges Google Benchmark JSON files into one: the first file's context, all benchmarks, and
every ratio a benchmark reports as a counter named ratio_* collected under "ratios"."""
import json
import sys

out, inputs = sys.argv[1], sys.argv[2:]
merged = {"context": None, "benchmarks": [], "ratios": {}}
for path in inputs:
    with open(path) as f:
        data = json.load(f)
    merged["context"] = merged["context"] or data.get("context")
    for b in data.get("benchmarks", []):
        b["executable"] = path.rsplit("/", 1)[-1].removesuffix(".json")
        merged["benchmarks"].append(b)
        for k, v in b.items():
            if k.startswith("ratio_"):
                merged["ratios"][f'{b["name"]}:{k}'] = v
with open(out, "w") as f:
    json.dump(merged, f, indent=2)
