#!/usr/bin/env python3
"""Host-side half of compat-tests/run: compare what the VM captured.

Input: the unpacked guest results (cases/<id>/<ref|ours>/...) and a list of
case ids and paths. Output: PASS/FAIL lines with unified diffs on stdout,
per-case files and summary.json under the results directory, and the last
line "N passed, M failed". Exit status 0 iff no case failed.

Parts compared per case: stdout, stderr (both after the case's
`# normalize:` sed expressions), rc, and state (the reference binary's
dumps of the namespace after the run, not normalized).

Expectation files (<case>.expected, for `# divergence:` cases) hold the same
four parts; see compat-tests/README.md for the format.
"""
import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys

PARTS = ("stdout", "stderr", "rc", "state")
STATE_DUMPS = (
    ("Sn", "ipvsadm -Sn"),
    ("thresholds", "ipvsadm -Ln --thresholds"),
    ("timeout", "ipvsadm -L --timeout"),
    ("daemon", "ipvsadm -L --daemon"),
)
HEADER_RE = re.compile(r"^#\s*(desc|normalize|divergence|mode):\s?(.*?)\s*$")
MODES = ("", "same-state")


class CaseError(Exception):
    pass


def parse_case(path):
    meta = {"desc": "", "normalize": [], "divergence": None, "mode": ""}
    with open(path, "rb") as f:
        for raw in f.read().decode("utf-8", "replace").splitlines():
            m = HEADER_RE.match(raw)
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key == "normalize":
                # Keep the expression verbatim (only the line's own newline
                # and the single separating blank are removed).
                val = re.sub(r"^#\s*normalize:\s?", "", raw)
                meta["normalize"].append(val)
            elif key == "divergence":
                meta["divergence"] = val or "unnamed"
            elif key == "mode":
                if val not in MODES:
                    raise CaseError("unknown '# mode: %s' (known: same-state)" % val)
                meta["mode"] = val
            else:
                meta["desc"] = val
    return meta


def read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def compose_state(run_dir):
    """The four reference dumps as one text (exact bytes preserved)."""
    out = []
    for key, cmd in STATE_DUMPS:
        so = read_file(os.path.join(run_dir, "state.%s.out" % key))
        se = read_file(os.path.join(run_dir, "state.%s.err" % key))
        rc = read_file(os.path.join(run_dir, "state.%s.rc" % key))
        out.append(b"$ " + cmd.encode() + b"\n")
        if so is None:
            out.append(b"(not captured)\n")
            continue
        out.append(so)
        if so and not so.endswith(b"\n"):
            out.append(b"\n(no final newline)\n")
        if se:
            out.append(b"(stderr)\n" + se)
            if not se.endswith(b"\n"):
                out.append(b"\n(no final newline)\n")
        out.append(b"(rc=" + (rc or b"?").strip() + b")\n")
    return b"".join(out)


def sed(data, exprs):
    if not exprs or data is None:
        return data
    cmd = ["sed"]
    for e in exprs:
        cmd += ["-e", e]
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise CaseError("normalize expression failed: %s" % p.stderr.decode("utf-8", "replace").strip())
    return p.stdout


def check_setup(setup_dir, case_out):
    """Same-state cases: the one setup run must exist, exit 0 and be silent on stderr."""
    rc = read_file(os.path.join(setup_dir, "rc"))
    if rc is None:
        raise CaseError("no setup result from the VM")
    dst = os.path.join(case_out, "setup")
    os.makedirs(dst, exist_ok=True)
    for name, src in (("stdout", "stdout"), ("stderr", "stderr"), ("rc", "rc"), ("time_cs", "time")):
        data = read_file(os.path.join(setup_dir, src))
        if data is not None:
            with open(os.path.join(dst, name), "wb") as f:
                f.write(data)
    err = read_file(os.path.join(setup_dir, "stderr")) or b""
    if rc.strip() != b"0" or err:
        out = read_file(os.path.join(setup_dir, "stdout")) or b""
        raise CaseError("setup failed (rc=%s); views not comparable\n--- setup stderr\n%s--- setup stdout (tail)\n%s"
                        % (rc.strip().decode(), err.decode("utf-8", "replace")[-4000:],
                           b"\n".join(out.splitlines()[-40:]).decode("utf-8", "replace")))


def load_run(run_dir, normalize):
    """Parts of one run, or None if the guest produced nothing for it."""
    skipped = read_file(os.path.join(run_dir, "skipped"))
    if skipped:
        raise CaseError("not run: " + skipped.decode("utf-8", "replace").strip())
    rc = read_file(os.path.join(run_dir, "rc"))
    if rc is None:
        return None
    return {
        "stdout": sed(read_file(os.path.join(run_dir, "stdout")) or b"", normalize),
        "stderr": sed(read_file(os.path.join(run_dir, "stderr")) or b"", normalize),
        "rc": rc.strip() + b"\n",
        "state": compose_state(run_dir),
    }


# --- expectation files -----------------------------------------------------
# A section starts with "=== NAME" (or "=== NAME (no final newline)") on its
# own line; content lines starting with "=== " or "\" get a "\" prefix.

def write_expected(path, parts, divergence):
    out = [b"# ipvsadm-rs compat expectation for divergence: " + divergence.encode() + b"\n",
           b"# Written by compat-tests/run --bless-divergence; format in compat-tests/README.md\n"]
    for name in PARTS:
        data = parts[name]
        noeol = bool(data) and not data.endswith(b"\n")
        out.append(b"=== " + name.encode() + (b" (no final newline)" if noeol else b"") + b"\n")
        for line in data.splitlines(keepends=True):
            if line.startswith(b"=== ") or line.startswith(b"\\"):
                line = b"\\" + line
            out.append(line)
        if noeol:
            out.append(b"\n")
    with open(path, "wb") as f:
        f.write(b"".join(out))


def read_expected(path):
    data = read_file(path)
    if data is None:
        raise CaseError("missing expectation file %s (create it with --bless-divergence)" % path)
    parts, cur, noeol = {}, None, False
    buf = []

    def flush():
        if cur is not None:
            body = b"".join(buf)
            if noeol and body.endswith(b"\n"):
                body = body[:-1]
            parts[cur] = body

    for line in data.splitlines(keepends=True):
        m = re.match(rb"^=== (\w+)( \(no final newline\))?\r?\n?$", line)
        if m:
            flush()
            cur, noeol, buf = m.group(1).decode(), bool(m.group(2)), []
            continue
        if cur is None:
            continue  # leading comments
        if line.startswith(b"\\"):
            line = line[1:]
        buf.append(line)
    flush()
    for name in PARTS:
        if name not in parts:
            raise CaseError("expectation file %s has no '=== %s' section" % (path, name))
    return parts


# --- diffs -----------------------------------------------------------------

def _display_lines(data):
    lines = []
    for line in data.splitlines(keepends=True):
        text = line.decode("utf-8", "backslashreplace")
        if text.endswith("\n"):
            lines.append(text[:-1])
        else:
            lines.append(text + "\\ (no newline at end)")
    return lines


def udiff(a, b, label_a, label_b):
    la, lb = _display_lines(a), _display_lines(b)
    out = list(difflib.unified_diff(la, lb, label_a, label_b, lineterm=""))
    # Make invisible differences (trailing blanks, control bytes) visible.
    if [l.rstrip() for l in la] == [l.rstrip() for l in lb]:
        removed = [l[1:] for l in out if l.startswith("-") and not l.startswith("---")]
        added = [l[1:] for l in out if l.startswith("+") and not l.startswith("+++")]
        out.append("  (difference in trailing blanks or line ends; repr of the lines:)")
        out += ["  -%r" % r for r in removed] + ["  +%r" % x for x in added]
    if len(out) > 400:
        out = out[:400] + ["... (%d more diff lines)" % (len(out) - 400)]
    return "\n".join(out)


def diff_parts(a, b, name_a, name_b):
    texts = []
    for p in PARTS:
        if a[p] != b[p]:
            texts.append(udiff(a[p], b[p], "%s/%s" % (name_a, p), "%s/%s" % (name_b, p)))
    return texts


def save_run(dst, parts, src_dir):
    os.makedirs(dst, exist_ok=True)
    for p in PARTS:
        with open(os.path.join(dst, p), "wb") as f:
            f.write(parts[p])
    t = read_file(os.path.join(src_dir, "time"))
    if t is not None:
        with open(os.path.join(dst, "time_cs"), "wb") as f:
            f.write(t)
    log = read_file(os.path.join(src_dir, "setup.log"))
    if log:
        with open(os.path.join(dst, "setup.log"), "wb") as f:
            f.write(log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True, help="unpacked guest results")
    ap.add_argument("--out", required=True, help="compat-tests/results")
    ap.add_argument("--cases", required=True, help="file: '<id>\\t<path>' per line")
    ap.add_argument("--bless", action="store_true", help="write .expected from ours")
    ap.add_argument("--note", default="", help="printed before the summary")
    args = ap.parse_args()

    cases = []
    with open(args.cases) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                cid, path = line.split("\t", 1)
                cases.append((cid, path))

    summary = {"passed": 0, "failed": 0, "cases": []}
    timing = []
    for cid, path in cases:
        status, report = "FAIL", []
        meta = {"divergence": None, "normalize": []}
        case_out = os.path.join(args.out, cid)
        os.makedirs(case_out, exist_ok=True)
        try:
            meta = parse_case(path)
            src = os.path.join(args.results, "cases", cid)
            if meta["mode"] == "same-state":
                if read_file(os.path.join(src, "ref", "skipped")) is None:
                    check_setup(os.path.join(src, "setup"), case_out)
            ref = load_run(os.path.join(src, "ref"), meta["normalize"])
            ours = load_run(os.path.join(src, "ours"), meta["normalize"])
            if ref is None or ours is None:
                raise CaseError("no result from the VM for %s" %
                                " and ".join(n for n, r in (("reference", ref), ("ours", ours)) if r is None))
            save_run(os.path.join(case_out, "ref"), ref, os.path.join(src, "ref"))
            save_run(os.path.join(case_out, "ours"), ours, os.path.join(src, "ours"))
            for impl in ("ref", "ours"):
                t = read_file(os.path.join(src, impl, "time"))
                if t:
                    timing.append((int(t.strip() or 0), cid, impl))
            expected_path = re.sub(r"\.sh$", "", path) + ".expected"
            if args.bless:
                if not meta["divergence"]:
                    raise CaseError("case has no '# divergence: ID' header; nothing to bless")
                if diff_parts(ref, ours, "reference", "ours"):
                    write_expected(expected_path, ours, meta["divergence"])
                    report.append("blessed: wrote %s" % expected_path)
                    status = "PASS"
                else:
                    report.append("not blessed: ours is identical to the reference; remove the divergence instead")
            elif meta["divergence"]:
                exp = read_expected(expected_path)
                d = diff_parts(exp, ours, "expected", "ours")
                if d:
                    report.append("divergence %s: ours differs from %s" % (meta["divergence"], expected_path))
                    report += d
                elif exp == ref:
                    report.append("divergence %s: the reference now matches %s: remove the divergence"
                                  % (meta["divergence"], expected_path))
                else:
                    status = "PASS"
            else:
                d = diff_parts(ref, ours, "reference", "ours")
                report += d
                if not d:
                    status = "PASS"
        except CaseError as e:
            report.append(str(e))
        if status == "PASS":
            summary["passed"] += 1
        else:
            summary["failed"] += 1
        summary["cases"].append({"name": cid, "status": status, "divergence": meta["divergence"]})
        text = "%s %s" % (status, cid)
        if report:
            text += "\n" + "\n".join(report)
        print(text)
        with open(os.path.join(case_out, "result.txt"), "w") as f:
            f.write(text + "\n")

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    if timing:
        with open(os.path.join(args.out, "timing.txt"), "w") as f:
            for cs, cid, impl in sorted(timing, reverse=True):
                f.write("%7.2fs %s %s\n" % (cs / 100.0, cid, impl))
    if args.note:
        print(args.note)
    print("%d passed, %d failed" % (summary["passed"], summary["failed"]))
    return 0 if summary["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
