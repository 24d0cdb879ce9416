#!/usr/bin/env python3
"""Check the kernel facts (compat-tests/kernel-facts) against a compat run.

The suite compares ours with ipvsadm 1.31 on the same kernel, so a case
passes on every kernel even where the kernel itself behaves differently (a
scheduler module one kernel lacks). Such a difference is recorded as a fact
per case and kernel: a line the reference's stdout or stderr must hold, or
its exit status, on that kernel. After a run on kernel K, every fact for K
whose case ran is checked in the results (the reference's saved, normalised
output; ours equals it when the case passed). A fact that does not hold
means the kernel is not the one named, or its behaviour changed.

File format: '#' comments and blank lines; otherwise shell-quoted fields
    CASE-ID KERNEL stdout|stderr|rc "LINE" "FACT"
LINE is a whole line of that part (for rc: the exit status); FACT says why.

Usage: kernel_facts.py --facts FILE --kernel K --results DIR --cases DIR
Prints one line per fact checked on stderr; exit status 1 if one does not
hold or the file is malformed, else 0.
"""
import argparse
import os
import shlex
import sys

KERNELS = ("5.10", "6.1", "6.12")
PARTS = ("stdout", "stderr", "rc")


def load(path, cases_dir):
    facts, errors = [], []
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            where = "%s:%d" % (path, n)
            try:
                fields = shlex.split(raw)
            except ValueError as e:
                errors.append("%s: %s" % (where, e))
                continue
            if len(fields) != 5:
                errors.append("%s: want CASE KERNEL PART \"LINE\" \"FACT\", got %d fields" % (where, len(fields)))
                continue
            cid, kernel, part, line, fact = fields
            if kernel not in KERNELS:
                errors.append("%s: unknown kernel %s (known: %s)" % (where, kernel, ", ".join(KERNELS)))
            if part not in PARTS:
                errors.append("%s: unknown part %s (known: %s)" % (where, part, ", ".join(PARTS)))
            if not os.path.isfile(os.path.join(cases_dir, cid + ".sh")):
                errors.append("%s: no case %s" % (where, cid))
            facts.append((where, cid, kernel, part, line, fact))
    return facts, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--facts", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--cases", required=True)
    args = ap.parse_args()

    facts, errors = load(args.facts, args.cases)
    if args.kernel not in KERNELS:
        errors.append("unknown kernel %s" % args.kernel)
    held = 0
    for where, cid, kernel, part, line, fact in facts:
        if kernel != args.kernel:
            continue
        run = os.path.join(args.results, cid, "ref")
        if not os.path.isdir(run):
            continue  # the case was not run
        try:
            with open(os.path.join(run, part), "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            text = None
        if part == "rc":
            ok = text is not None and text.strip() == line
        else:
            ok = text is not None and line in text.splitlines()
        if ok:
            held += 1
        else:
            errors.append("FAIL kernel fact %s on %s (%s): the reference's %s has no line %r: %s"
                          % (cid, kernel, where, part, line, fact))
    for e in errors:
        print("run: " + e, file=sys.stderr)
    print("run: kernel facts on %s: %d held, %d not" % (args.kernel, held, len(errors)), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
