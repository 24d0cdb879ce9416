#!/usr/bin/env python3
"""bench/lib/report.py — turn the guest's /results into RESULTS.md and results.json.

    report.py RESULTS_DIR OUT_DIR --sizes 100,2000 --runs 3 --runs-big 1 --big 20000
              --limit S --flows N --loop N --qemu "..." [--smoke] [--commit C] [--date D]
              [--wall S] [--aslr-off-sizes 100]

Prints a summary; with --smoke, a last line "N passed, M failed" and exit
status 1 if M > 0 (an operation passes when both implementations ran with
exit status 0 on every run and their outputs matched).

The guest records each size under a label: the size (e.g. "100") for the
normal pass, "SIZEnorand" (e.g. "100norand") for the pass with guest ASLR
off (--aslr-off-sizes). The normal pass makes the per-size tables and the
time per rule line; the ASLR-off pass has a section of its own at the end of
RESULTS.md and the key "aslr_off" in results.json. Operations of both passes
count into "N passed, M failed".

Targets: sizes below ASLR_OFF_BELOW are judged on the ASLR-off pass when the
run has one for that size, all others on the normal pass ("outputs identical"
on every pass); results.json
"targets" holds the rows that count (each with "pass": "aslr_on" or
"aslr_off", the pass it is judged on), "targets_aslr_on" and
"targets_aslr_off" every target applied to each pass.
"""
import argparse
import json
import os
import re
import statistics
import sys

OPS = [
    ("R", "-R (restore into an empty table)"),
    ("Ln", "-Ln"),
    ("Sn", "-Sn"),
    ("L", "-L (names from /etc/hosts)"),
    ("Lstats", "-L --stats"),
    ("Lnc", "-Lnc"),
    ("C", "-C (full table)"),
    ("loop", "{loop} x -a (shell loop)"),
    ("a1", "-a (one process)"),
]
# Not an ipvsadm command: what both tools' -Lnc reads, timed the same way
# (a floor for -Lnc); shown after -Lnc, no ratio, nothing compared.
FLOOR = ("catconn", "cat /proc/net/ip_vs_conn (kernel floor for -Lnc)")
# Which comparison records decide "identical" for an operation.
CMP_KEYS = {
    "R": ["R", "R.state"],
    "Ln": ["Ln"], "Sn": ["Sn"], "L": ["L"], "Lstats": ["Lstats"],
    "Lnc": ["Lnc"],
    "C": ["C"],
    "loop": ["loop", "loop.state"],
    "a1": ["a1"],
}
# Views that show per-connection counters or entries.
TRAFFIC_VIEWS = ("Ln", "L", "Lstats", "Lnc")
# Sizes below this are judged on the ASLR-off pass when there is one.
ASLR_OFF_BELOW = 2000
# The one target judged on every pass.
IDENTICAL = "outputs identical"
SAMENS = {"Ln": "Ln.samens", "Sn": "Sn.samens", "L": "L.samens",
          "Lstats": "Lstats.samens", "Lnc": "Lnc.samens"}


def fmt_cpu(st):
    """User / system CPU time of the median run, in ms ("?" if unknown)."""
    u, y = st["median_utime_us"], st["median_stime_us"]
    if u is None or y is None:
        return "?"
    return f"{u / 1000:.1f} / {y / 1000:.1f}"


def label_of(size, aslr_off=False):
    """The guest's label of a size in the normal or the ASLR-off pass."""
    return f"{size}norand" if aslr_off else str(size)


def parse_label(x):
    """A label from the guest's files, normalized ("0100" -> "100"); None if malformed."""
    m = re.fullmatch(r"(\d+)(norand)?", x)
    return label_of(int(m.group(1)), bool(m.group(2))) if m else None


def fmt_t(ns):
    if ns is None:
        return "-"
    s = ns / 1e9
    if s >= 10:
        return f"{s:.1f} s"
    if s >= 1:
        return f"{s:.2f} s"
    return f"{s * 1000:.1f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("res")
    ap.add_argument("out")
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--runs-big", type=int, required=True)
    ap.add_argument("--big", type=int, required=True)
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--flows", type=int, required=True)
    ap.add_argument("--loop", type=int, required=True)
    ap.add_argument("--qemu", default="")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--commit", default="")
    ap.add_argument("--date", default="")
    ap.add_argument("--wall", default="")
    ap.add_argument("--ours-info", default="")
    ap.add_argument("--rules", default="", help="SIZE:LINES,... rule lines per size")
    ap.add_argument("--aslr-off-sizes", default="",
                    help="sizes run once more with guest ASLR off (labels SIZEnorand)")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    aslr_sizes = [int(x) for x in a.aslr_off_sizes.split(",") if x]
    rule_lines = {}
    for kv in filter(None, a.rules.split(",")):
        k, v = kv.split(":")
        rule_lines[int(k)] = int(v)

    meta = {}
    p = os.path.join(a.res, "meta")
    if os.path.exists(p):
        for line in open(p):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v

    # (size, op, impl) -> list of (run, wall, rss, rc, utime_us, stime_us);
    # CPU times None when unknown ("-", or a line of the older 7-column format).
    times = {}
    p = os.path.join(a.res, "times")
    if os.path.exists(p):
        for line in open(p):
            f = line.split()
            if len(f) not in (7, 9):
                continue
            s, op, impl, run, wall, rss, rc = f[:7]
            s = parse_label(s)
            if s is None:
                continue
            cpu = [int(x) if x.isdigit() else None for x in f[7:]] or [None, None]
            times.setdefault((s, op, impl), []).append(
                (int(run), int(wall), int(rss), int(rc), cpu[0], cpu[1]))

    # Keyed by label ("100", "100norand"), see parse_label.
    cmp = {}     # (label, key) -> (verdict, note)
    p = os.path.join(a.res, "cmp")
    if os.path.exists(p):
        for line in open(p):
            f = line.rstrip("\n").split(" ", 3)
            if len(f) >= 3 and parse_label(f[0]) is not None:
                cmp[(parse_label(f[0]), f[1])] = (f[2], f[3] if len(f) > 3 else "")

    counts = {}
    p = os.path.join(a.res, "counts")
    if os.path.exists(p):
        for line in open(p):
            f = line.split()
            if len(f) < 2 or parse_label(f[0]) is None:
                continue
            d = dict(x.split("=", 1) for x in f[2:] if "=" in x)
            counts[(parse_label(f[0]), f[1])] = d

    def stats(size, op, impl):
        rs = times.get((size, op, impl), [])
        ok = [w for (_, w, _, rc, _, _) in rs if rc == 0]
        timed_out = any(rc == 124 for (_, _, _, rc, _, _) in rs)
        # CPU time of the run whose wall time is the median (for an even
        # number of runs the lower middle one): a median of user and of
        # system time taken separately could mix two runs.
        okruns = sorted((r for r in rs if r[3] == 0), key=lambda r: r[1])
        mid = okruns[(len(okruns) - 1) // 2] if okruns else None
        return {
            "runs_ns": [w for (_, w, _, _, _, _) in rs],
            "rc": [rc for (_, _, _, rc, _, _) in rs],
            "min_ns": min(ok) if ok else None,
            "median_ns": int(statistics.median(ok)) if ok else None,
            "maxrss_kb": max((r for (_, _, r, _, _, _) in rs), default=None),
            "timed_out": timed_out,
            "all_ok": bool(rs) and all(rc == 0 for (_, _, _, rc, _, _) in rs),
            "runs_utime_us": [u for (_, _, _, _, u, _) in rs],
            "runs_stime_us": [y for (_, _, _, _, _, y) in rs],
            "median_utime_us": mid[4] if mid else None,
            "median_stime_us": mid[5] if mid else None,
        }

    data = {"meta": meta, "config": {
        "sizes": sizes, "runs": a.runs, "runs_big": a.runs_big, "big": a.big,
        "limit_s": a.limit, "flows": a.flows, "loop": a.loop, "qemu": a.qemu,
        "smoke": a.smoke, "aslr_off_sizes": aslr_sizes}, "commit": a.commit, "date": a.date,
        "wall_s": a.wall, "ours_binary": a.ours_info, "sizes": {}}
    if aslr_sizes:
        data["aslr_off"] = {}
    passed = failed = not_compared = 0
    failures = []

    def evaluate(s, aslr_off):
        """The record of size s in one pass (normal or ASLR off); counts its
        operations into passed / failed / not_compared."""
        nonlocal passed, failed, not_compared
        size = s
        s = label_of(size, aslr_off)     # the guest's label: key of times, cmp, counts
        pfx = f"{size} (guest ASLR off)" if aslr_off else f"{size}"
        sd = {"rule_lines": rule_lines.get(size), "services": size,
              "conns": {impl: counts.get((s, impl), {}) for impl in ("ref", "ours")},
              "ops": {}, "checks": {}}
        for (sz, key), (v, note) in cmp.items():
            if sz == s:
                sd["checks"][key] = {"identical": v, "note": note}
        for op, _ in OPS:
            r, o = stats(s, op, "ref"), stats(s, op, "ours")
            verdicts = [cmp.get((s, k), ("missing", ""))[0] for k in CMP_KEYS[op]]
            # Views of connection counters compare each tool on its own
            # namespace's traffic; when the two namespaces ended up with
            # different connections (UDP datagrams dropped under load), only
            # the same-namespace check (both tools, one kernel state) says
            # anything about the tools.
            traffic_differed = counts.get((s, "ref"), {}).get("conns") != \
                counts.get((s, "ours"), {}).get("conns")
            if (op in TRAFFIC_VIEWS and traffic_differed and verdicts == ["no"]
                    and cmp.get((s, SAMENS[op]), ("-", ""))[0] == "yes"):
                verdicts = ["yes"]
                failures.append(f"{pfx} {op}: own namespaces differ only in traffic "
                                f"(connections ref {counts[(s, 'ref')].get('conns')}, "
                                f"ours {counts[(s, 'ours')].get('conns')}); "
                                "identical on the same namespace")
            if all(v == "yes" for v in verdicts):
                ident = "yes"
            elif any(v == "no" for v in verdicts):
                ident = "no"
            elif any(v == "n/a" for v in verdicts):
                ident = "n/a"
            else:
                ident = "missing"
            ratio = None
            if r["median_ns"] and o["median_ns"]:
                ratio = r["median_ns"] / o["median_ns"]
            sd["ops"][op] = {"ref": r, "ours": o, "ratio_median": ratio,
                             "ratio_min": (r["min_ns"] / o["min_ns"]) if r["min_ns"] and o["min_ns"] else None,
                             "identical": ident,
                             "same_namespace": cmp.get((s, SAMENS[op]), ("-", ""))[0] if op in SAMENS else None}
            ok = ident == "yes" and r["all_ok"] and o["all_ok"]
            if ok:
                passed += 1
            elif (not a.smoke and ident == "n/a" and r["timed_out"] and o["all_ok"]
                  and all(rc in (0, 124) for rc in r["rc"])):
                not_compared += 1
                failures.append(f"{pfx} {op}: not compared (the reference timed out after {a.limit} s)")
            else:
                failed += 1
                failures.append(f"{pfx} {op}: identical={ident} ref rc={r['rc']} ours rc={o['rc']}")
        # The floor: no ratio (both columns time the same cat), nothing to
        # compare; counts as failed only if it did not run.
        op = FLOOR[0]
        r, o = stats(s, op, "ref"), stats(s, op, "ours")
        sd["ops"][op] = {"ref": r, "ours": o, "ratio_median": None, "ratio_min": None,
                         "identical": "n/a", "same_namespace": None, "floor": True}
        if not (r["all_ok"] and o["all_ok"]):
            failed += 1
            failures.append(f"{pfx} {op}: ref rc={r['rc']} ours rc={o['rc']}")
        return sd

    for s in sizes:
        data["sizes"][str(s)] = evaluate(s, False)
    for s in aslr_sizes:
        data["aslr_off"][str(s)] = evaluate(s, True)
    data["passed"], data["failed"], data["not_compared"] = passed, failed, not_compared

    # Targets. Each size is judged on one pass: sizes below ASLR_OFF_BELOW on
    # the ASLR-off pass when the run has one for that size (a short command's
    # time there is mostly exec start-up, which under TCG with ASLR includes
    # translating every code block again, a cost hardware does not have; the
    # ASLR-off pass stands in for native start-up), every other size on the
    # normal pass. Both passes' full target sets are kept for information.
    def judged_aslr_off(s):
        return s < ASLR_OFF_BELOW and s in aslr_sizes

    targets, targets_on, targets_off = [], [], []

    def all_targets(pass_sizes, pass_d, aslr_off, out):
        col = "aslr_off" if aslr_off else "aslr_on"

        def target(name, op, sizes_t, need, kind="ratio"):
            for s in sizes_t:
                sd = pass_d.get(str(s))
                if not sd:
                    continue
                if kind == "ratio":
                    od = sd["ops"][op]
                    got = od["ratio_median"]
                    if got is None and od["ref"]["timed_out"] and od["ours"]["median_ns"]:
                        got_s = f">{a.limit * 1e9 / od['ours']['median_ns']:.0f}x (reference timed out)"
                        met = a.limit * 1e9 / od["ours"]["median_ns"] >= need
                    else:
                        got_s = f"{got:.2f}x" if got else "-"
                        met = got is not None and got >= need
                    need_s = f">= {need}x"
                elif kind == "rss":
                    od = sd["ops"][op]
                    rr, ro = od["ref"]["maxrss_kb"], od["ours"]["maxrss_kb"]
                    met = rr is not None and ro is not None and ro < rr
                    need_s, got_s = "ours < ref", f"{ro} / {rr} KB"
                else:  # every compared output identical
                    ops = [sd["ops"][o] for o, _ in OPS]
                    same = sum(1 for od in ops if od["identical"] == "yes")
                    skipped = sum(1 for od in ops if od["identical"] == "n/a" and od["ref"]["timed_out"])
                    met = same + skipped == len(ops)
                    need_s = "all"
                    got_s = f"{same} of {len(ops)} operations"
                    if skipped:
                        got_s += f", {skipped} not compared (reference timed out)"
                out.append({"target": name, "size": s, "need": need_s, "got": got_s,
                            "met": met, "pass": col})

        big = [s for s in pass_sizes if s >= 2000]
        target(IDENTICAL, None, pass_sizes, None, kind="identical")
        target("-R >= 10x faster", "R", big, 10)
        target("-Ln >= 3x faster", "Ln", pass_sizes, 3)
        target("-Sn >= 3x faster", "Sn", pass_sizes, 3)
        target("-L (names) >= 10x faster", "L", pass_sizes, 10)
        target("-Lnc >= 3x faster", "Lnc", pass_sizes, 3)
        target(f"start-up ({a.loop:,} x -a) no slower", "loop", pass_sizes, 1.0)
        target("start-up (one -a) no slower", "a1", pass_sizes, 1.0)
        for op, _ in OPS:
            target(f"peak RSS below 1.31's: {op}", op, pass_sizes, None, kind="rss")

    all_targets(sizes, data["sizes"], False, targets_on)
    if aslr_sizes:
        all_targets(aslr_sizes, data["aslr_off"], True, targets_off)
    # The targets that count: each size's rows from the pass it is judged on,
    # in the order of the target list; "outputs identical" on every pass.
    by_row = {(t["target"], t["size"], t["pass"]): t for t in targets_on + targets_off}
    for t in targets_on:
        if t["target"] == IDENTICAL:
            targets.append(t)
            other = by_row.get((t["target"], t["size"], "aslr_off"))
            if other:
                targets.append(other)
            continue
        col = "aslr_off" if judged_aslr_off(t["size"]) else "aslr_on"
        judged = by_row.get((t["target"], t["size"], col))
        if judged:
            targets.append(judged)
    for t in targets_off:     # ASLR-off sizes not among the normal sizes
        if t["size"] not in sizes and (judged_aslr_off(t["size"]) or t["target"] == IDENTICAL):
            targets.append(t)
    data["targets"] = targets
    data["targets_aslr_on"] = targets_on
    if aslr_sizes:
        data["targets_aslr_off"] = targets_off

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")

    # --- RESULTS.md ---------------------------------------------------------------
    L = []
    L.append("# ipvsadm-rs vs ipvsadm 1.31: benchmark results\n")
    L.append("Generated by `bench/run` (see `bench/README.md`); do not edit by hand.\n")
    L.append(f"* date: {a.date}")
    L.append(f"* git commit: {a.commit}")
    L.append(f"* kernel: {meta.get('kernel', '?')} ({meta.get('kernel_version', '')}), "
             f"{meta.get('ipvs', '')}")
    L.append(f"* VM: {a.qemu}; guest sees {meta.get('cpus', '?')} CPU(s) "
             f"({meta.get('cpu_model', '?')}), {int(meta.get('mem_kb', 0)) // 1024} MB")
    L.append(f"* guest tools: {meta.get('busybox', '?')}; timing: CLOCK_MONOTONIC around fork/exec/wait4 "
             "(bench/lib/benchtool.c), peak RSS = wait4's ru_maxrss")
    L.append(f"* runs per operation: {a.runs} (sizes >= {a.big}: {a.runs_big}); time limit per run: {a.limit} s")
    L.append(f"* connections for -Lnc: {a.flows} UDP flows from a client namespace through the NAT director"
             " (plus persistence templates)")
    if a.ours_info:
        L.append(f"* ours: {a.ours_info}")
    if a.wall:
        L.append(f"* whole run (host wall clock, boot included): {a.wall} s")
    L.append("")
    L.append("Ratio = reference median / ours median (above 1: ours is faster). RSS = the largest "
             "peak resident set size over the runs, in KB (for the shell loop: the largest process "
             "of the tree, the busybox shell included). User / sys = CPU time (wait4's ru_utime and "
             "ru_stime, children included) of the median run, in ms: system time is mostly the "
             "kernel's IPVS work. Identical: see \"What is compared\" in bench/README.md.\n")
    L.append("The `cat /proc/net/ip_vs_conn` row times that command in each director namespace "
             "(output to /dev/null): both tools get the -Lnc entries by reading this file, and the "
             "kernel restarts its walk of the connection hash table for every 4 KiB read, so this "
             "time is a floor neither tool can go below.\n")

    def size_table(s, sd, heading, lab):
        """The per-operation table of size s (record sd, guest label lab)."""
        c = sd["conns"]
        L.append(f"{heading} ({sd['rule_lines'] or '?'} rule lines, "
                 f"{4 * s:,} real servers)\n")
        L.append(f"Connection entries listed by -Lnc: reference namespace "
                 f"{c['ref'].get('conns', '?')}, ours {c['ours'].get('conns', '?')}.\n")
        L.append("| operation | ref min | ref median | ours min | ours median | ratio "
                 "| RSS ref / ours (KB) | user / sys ms (ref; ours) | identical |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for op, label in OPS + [FLOOR]:
            od = sd["ops"][op]
            r, o = od["ref"], od["ours"]
            label = label.replace("{loop}", f"{a.loop:,}")
            if op == "Lnc":
                label += f" ({c['ref'].get('conns', '?')} entries)"
            rmin, rmed = fmt_t(r["min_ns"]), fmt_t(r["median_ns"])
            if r["timed_out"]:
                rmin = rmed = f">{a.limit} s (timed out)"
            ratio = f"{od['ratio_median']:.2f}x" if od["ratio_median"] else "-"
            if r["timed_out"] and o["median_ns"]:
                ratio = f">{a.limit * 1e9 / o['median_ns']:.0f}x"
            if od.get("floor"):
                ratio = "n/a"
            ident = od["identical"]
            if od.get("same_namespace") not in (None, "-"):
                ident += f" (same ns: {od['same_namespace']})"
            nruns = len(r["runs_ns"])
            L.append(f"| {label} | {rmin} | {rmed} | {fmt_t(o['min_ns'])} | {fmt_t(o['median_ns'])} "
                     f"| {ratio} | {r['maxrss_kb']} / {o['maxrss_kb']} | {fmt_cpu(r)}; {fmt_cpu(o)} | {ident} |"
                     + ("" if nruns == (a.runs_big if s >= a.big else a.runs) else f" <!-- {nruns} runs -->"))
        rt = sd["checks"].get("rules-roundtrip")
        if rt:
            L.append(f"\nThe reference's `-S -n` after `-R` has the same lines as the rules file (sorted): {rt['identical']}.")
        bad = [(k, v) for k, v in sorted(sd["checks"].items()) if v["identical"] == "no" and k != "rules-roundtrip"]
        if bad:
            L.append(f"\nMismatches (diffs in the guest results, `diff/{'SIZE' if lab == str(s) else lab}.OP`):")
            for k, v in bad:
                L.append(f"* `{k}`: {v['note']}")
        L.append("")

    for s in sizes:
        size_table(s, data["sizes"][str(s)], f"## {s:,} services", label_of(s))

    # Time per rule line.
    L.append("## Time per rule line (median / rule lines, microseconds)\n")
    L.append("Flat across sizes = linear cost; growing with the size = super-linear "
             "(quadratic if it grows 10x from 2,000 to 20,000). -Lnc and cat: per connection entry; "
             "-a rows: per invocation; `>X`: the run timed out.\n")
    hdr = "| operation | impl | " + " | ".join(f"{s:,}" for s in sizes) + " | growth (largest / smallest) |"
    L.append(hdr)
    L.append("|---|---|" + "---:|" * len(sizes) + "---:|")
    for op, label in OPS + [FLOOR]:
        label = label.replace("{loop}", f"{a.loop:,}")
        if op == FLOOR[0]:
            label = "cat /proc/net/ip_vs_conn"
        if op in ("Lnc", FLOOR[0]):
            label += " (per entry)"
        for impl in ("ref", "ours"):
            vals, cells = [], []
            for s in sizes:
                sd = data["sizes"][str(s)]
                st = sd["ops"][op][impl]
                med = st["median_ns"]
                if op == "loop":
                    den = a.loop
                elif op == "a1":
                    den = 1
                elif op in ("Lnc", FLOOR[0]):
                    den = int(sd["conns"][impl].get("conns", 0) or 0)
                else:
                    den = sd["rule_lines"] or 0
                v = med / 1000 / den if med and den else None
                vals.append(v)
                if v is not None:
                    cells.append(f"{v:.1f}")
                elif st["timed_out"] and den:
                    cells.append(f">{a.limit * 1e6 / den:.0f}")
                else:
                    cells.append("-")
            growth = "-"
            if len(vals) > 1 and vals[0] and vals[-1]:
                growth = f"{vals[-1] / vals[0]:.1f}x"
            L.append(f"| {label} | {impl} | " + " | ".join(cells) + f" | {growth} |")
    L.append("")

    column = {"aslr_on": "guest ASLR on", "aslr_off": "guest ASLR off"}

    def targets_table(ts, pass_heading="judged on"):
        L.append(f"| target | size | {pass_heading} | needed | measured | met |")
        L.append("|---|---:|---|---|---|---|")
        for t in ts:
            L.append(f"| {t['target']} | {t['size']:,} | {column[t['pass']]} | {t['need']} "
                     f"| {t['got']} | {'yes' if t['met'] else 'NO'} |")
        L.append("")

    L.append("## Targets\n")
    L.append(f"Sizes of {ASLR_OFF_BELOW:,} services and more are judged on the tables above "
             "(guest ASLR on). Smaller sizes are judged on the pass with guest ASLR off when the "
             "run has one for that size (section \"Guest ASLR off\" below): there a short "
             "command's time is mostly exec start-up, which under TCG with ASLR includes "
             "translating all its code again at every exec, a cost hardware does not have. "
             "\"Outputs identical\" is judged on every pass. The column \"judged on\" says "
             "which pass each row comes from"
             + ("; the same targets on the other pass follow at the end, for information."
                if aslr_sizes else ".") + "\n")
    missed = [t for t in targets if not t["met"]]
    L.append(f"{len(targets) - len(missed)} of {len(targets)} met.\n")
    targets_table(targets)

    def rt(od):
        if od.get("floor"):
            return "n/a"
        return f"{od['ratio_median']:.2f}x" if od["ratio_median"] else "-"

    if aslr_sizes:
        L.append("## Guest ASLR off (randomize_va_space=0)\n")
        L.append("The same operations once more, in the same boot, after the sizes above, with the "
                 "guest's address space randomization off (`randomize_va_space` 0, restored to "
                 f"{meta.get('aslr_default', '?')} afterwards). QEMU's TCG keeps its translated code "
                 "keyed by guest virtual address; with ASLR, every exec maps a position-independent "
                 "program (ours, and the reference with its libc, libnl and libpopt) at new "
                 "addresses, so every code block the process runs is translated again from scratch, "
                 "about 7-8 µs per block per exec. Both tools pay this tax, and it dominates short "
                 "commands at small sizes; with ASLR off the translations are reused from one exec "
                 "to the next. On hardware the tax does not exist, so these numbers are closer to "
                 "what an operator sees natively (still TCG-emulated otherwise); the tables above "
                 "(ASLR on) are what this VM gives by default. The targets of sizes below "
                 f"{ASLR_OFF_BELOW:,} services are judged on this pass (see \"Targets\"). "
                 "Guest result labels: `SIZEnorand` (`diff/100norand.OP`, `out/100norand/`).\n")
        for s in aslr_sizes:
            sd = data["aslr_off"][str(s)]
            size_table(s, sd, f"### {s:,} services, guest ASLR off", label_of(s, True))
            on = data["sizes"].get(str(s))
            if on:
                L.append(f"Medians at {s:,} services with guest ASLR on (the table in \"{s:,} services\" "
                         "above) and off (this table); the difference is what the retranslation "
                         "costs under TCG:\n")
                L.append("| operation | ref ASLR on | ref ASLR off | ours ASLR on | ours ASLR off "
                         "| ratio ASLR on | ratio ASLR off |")
                L.append("|---|---:|---:|---:|---:|---:|---:|")
                for op, label in OPS + [FLOOR]:
                    label = label.replace("{loop}", f"{a.loop:,}")
                    if op == FLOOR[0]:
                        label = "cat /proc/net/ip_vs_conn"
                    x, y = on["ops"][op], sd["ops"][op]
                    L.append(f"| {label} | {fmt_t(x['ref']['median_ns'])} | {fmt_t(y['ref']['median_ns'])} "
                             f"| {fmt_t(x['ours']['median_ns'])} | {fmt_t(y['ours']['median_ns'])} "
                             f"| {rt(x)} | {rt(y)} |")
                L.append("")
        counted = {id(t) for t in targets}
        other = [t for t in targets_on + targets_off if id(t) not in counted]
        if other:
            L.append("### Targets on the other pass (information)\n")
            L.append("The same targets for the sizes above measured on the pass they are not judged "
                     "on; the rows that count are in \"Targets\".\n")
            targets_table(other, "pass")
    with open(os.path.join(a.out, "RESULTS.md"), "w") as f:
        f.write("\n".join(L))

    # Console summary.
    for s, sd, what in ([(s, data["sizes"][str(s)], "") for s in sizes]
                        + [(s, data["aslr_off"][str(s)], " (guest ASLR off)") for s in aslr_sizes]):
        print(f"size {s}{what}:")
        for op, label in OPS + [FLOOR]:
            od = sd["ops"][op]
            ratio = f"{od['ratio_median']:.2f}x" if od["ratio_median"] else "-"
            print(f"  {op:7} ref {fmt_t(od['ref']['median_ns']):>10}  ours {fmt_t(od['ours']['median_ns']):>10}"
                  f"  ratio {ratio:>8}  rss {od['ref']['maxrss_kb']}/{od['ours']['maxrss_kb']}  identical {od['identical']}")
    for f_ in failures:
        note = "not compared" in f_ or "differ only in traffic" in f_
        print(("NOTE " if note else "FAIL ") + f_)
    if not_compared:
        print(f"({not_compared} operation(s) not compared: the reference timed out)")
    if not a.smoke:
        print(f"targets: {sum(t['met'] for t in targets)} of {len(targets)} met"
              + "".join(f"\nTARGET NOT MET {t['target']} at {t['size']} ({column[t['pass']]}): {t['got']}"
                        for t in targets if not t["met"]))
    print(f"{passed} passed, {failed} failed")
    return 1 if (a.smoke and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
