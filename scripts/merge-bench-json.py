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
# Ratios between benchmarks of the same run (same executable, same machine state).
RATIOS = {
    "call_cycle_verifier_off_vs_direct": ("BM_CallCycle_Condis_VerifierOff", "BM_CallCycle_Direct", "time"),
    "call_cycle_verifier_on_vs_direct": ("BM_CallCycle_Condis_VerifierOn", "BM_CallCycle_Direct", "time"),
    "tcp_connect_vs_call_cycle": ("BM_TcpLoopback_ConnectAcceptClose", "BM_CallCycle_Condis_VerifierOn", "time"),
}
by_name = {b["name"]: b for b in merged["benchmarks"] if b.get("run_type", "iteration") == "iteration"}
for key, (num, den, _) in RATIOS.items():
    if num in by_name and den in by_name and by_name[den].get("cpu_time"):
        merged["ratios"][key] = by_name[num]["cpu_time"] / by_name[den]["cpu_time"]
threaded = {int(b["name"].split("/")[1]): b for n, b in by_name.items() if n.startswith("BM_CallCycle_Threaded/")}
if 1 in threaded:
    base = threaded[1].get("items_per_second")
    for p, b in sorted(threaded.items()):
        if base and b.get("items_per_second"):
            merged["ratios"][f"threaded_speedup_{p}_processors"] = b["items_per_second"] / base

with open(out, "w") as f:
    json.dump(merged, f, indent=2)
