#!/usr/bin/env python3
"""Host-side half of compat-tests/run: compare what the VM captured.

Input: the unpacked guest results (cases/<id>/<ref|ours>/...) and a list of
case ids and paths. Output: PASS/FAIL lines with unified diffs on stdout,
per-case files and summary.json under the results directory, and the last
line "N passed, M failed". Exit status 0 iff no case failed.

Parts compared per case: stdout, stderr (both after the case's
`# normalize:` sed expressions, and `# normalize-ref:` / `# normalize-ours:`
on that side only), rc, and state (the reference binary's dumps of the
namespace after the run, not normalized). Same-state cases add their views
compared back to back (pairs, see lib/traffic.sh).

Nothing passes on an environment that failed: the VM's environment record
(env*/envfail: modules, IPVS, the reference, the kernel asked for), a run
that did not start in its namespace, a guest-side step that printed
anything, a state dump that failed or is not one all fail the case, so two
runs of the same broken environment never count as identical.

Expectation files (<case>.expected, for `# divergence:` cases) hold the same
four parts; see compat-tests/README.md for the format. A divergence case
with a twin (<case>.ref, run by the reference instead of the case: the same
steps in 1.31's grammar) is compared with the twin's run like any case.
"""
import argparse
import datetime
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
HEADER_RE = re.compile(r"^#\s*(desc|normalize|normalize-ref|normalize-ours|divergence|mode):\s?(.*?)\s*$")
SIDES = ("ref", "ours")
# A case that needs a tool besides ipvsadm checks it and prints this at the
# start of a line when it fails (see compat-tests/README.md).
ENV_FAILURE = b"compat-env-failure: "
PAIR_MARK = b"(moves with time: compared back to back with the other implementation)\n"
MODES = ("", "same-state")


class CaseError(Exception):
    pass


def parse_case(path):
    meta = {"desc": "", "normalize": [], "divergence": None, "mode": "",
            "normalize-ref": [], "normalize-ours": []}
    with open(path, "rb") as f:
        for raw in f.read().decode("utf-8", "replace").splitlines():
            m = HEADER_RE.match(raw)
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key.startswith("normalize"):
                # Keep the expression verbatim (only the line's own newline
                # and the single separating blank are removed).
                val = re.sub(r"^#\s*normalize(-ref|-ours)?:\s?", "", raw)
                meta[key].append(val)
            elif key == "divergence":
                meta["divergence"] = val or "unnamed"
            elif key == "mode":
                if val not in MODES:
                    raise CaseError("unknown '# mode: %s' (known: same-state)" % val)
                meta["mode"] = val
            else:
                meta["desc"] = val
    if (meta["normalize-ref"] or meta["normalize-ours"]) and not meta["divergence"]:
        raise CaseError("'# normalize-ref:'/'# normalize-ours:' belong to a '# divergence:' case")
    meta["twin"] = twin_path(path) if os.path.exists(twin_path(path)) else None
    if meta["twin"]:
        if not meta["divergence"]:
            raise CaseError("%s: a twin for the reference belongs to a '# divergence:' case"
                            % os.path.basename(meta["twin"]))
        if meta["mode"] == "same-state":
            raise CaseError("%s: a same-state case has no twin (its views run in one namespace)"
                            % os.path.basename(meta["twin"]))
        if os.path.exists(expected_path(path)):
            raise CaseError("%s: a case with a twin is compared with 1.31, not with an expectation: remove %s"
                            % (os.path.basename(meta["twin"]), os.path.basename(expected_path(path))))
    return meta


def twin_path(case_path):
    """<name>.ref: what the reference runs instead of a divergence case."""
    return re.sub(r"\.sh$", "", case_path) + ".ref"


def expected_path(case_path):
    return re.sub(r"\.sh$", "", case_path) + ".expected"


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


STATE_SHAPES = (
    ("thresholds", re.compile(rb"\AIP Virtual Server version \d+\.\d+\.\d+ \(size=\d+\)\n")),
    ("timeout", re.compile(rb"\ATimeout \(tcp tcpfin udp\): \d+ \d+ \d+\n\Z")),
)


def check_state(run_dir, who):
    """The reference's dumps must have run and be dumps: status 0, nothing on
    stderr, and the listing and timeout headers there (an empty state on both
    sides is no agreement when the dumps failed)."""
    bad = []
    for key, cmd in STATE_DUMPS:
        rc = read_file(os.path.join(run_dir, "state.%s.rc" % key))
        err = read_file(os.path.join(run_dir, "state.%s.err" % key))
        if rc is None or rc.strip() != b"0" or err:
            bad.append("%s: status %s%s" % (cmd, (rc or b"none").strip().decode(),
                                            ", stderr " + err.decode("utf-8", "replace").strip() if err else ""))
    for key, shape in STATE_SHAPES:
        if not shape.search(read_file(os.path.join(run_dir, "state.%s.out" % key)) or b""):
            bad.append("ipvsadm %s: not a dump" % dict(STATE_DUMPS)[key].split(" ", 1)[1])
    if bad:
        raise CaseError("state dump after the %s run failed: %s" % (who, "; ".join(bad)))


def check_started(run_dir, who):
    """The run must have started in its namespace, and no guest-side step
    around it (namespace, state dump, -C, stopping daemons) may have failed."""
    env = read_file(os.path.join(run_dir, "envfail"))
    if env:
        raise CaseError("environment failed for the %s run: %s" % (who, env.decode("utf-8", "replace").strip()))
    if read_file(os.path.join(run_dir, "started")) is None:
        raise CaseError("the %s run did not start (no namespace entered)" % who)
    for part in ("stdout", "stderr"):
        for line in (read_file(os.path.join(run_dir, part)) or b"").splitlines():
            if line.startswith(ENV_FAILURE):
                raise CaseError("environment failed for the %s run: %s" % (who, line.decode("utf-8", "replace")))
    log = read_file(os.path.join(run_dir, "setup.log"))
    if log:
        raise CaseError("a guest-side step of the %s run failed:\n%s" % (who, log.decode("utf-8", "replace")[-2000:]))


def check_pairs(ours_dir, stdout, case_out):
    """Same-state cases: every view that moves with time (a PAIR_MARK line in
    stdout) must have a pair of back-to-back runs, ours and 1.31's, with the
    same stdout, stderr and status. Returns the report lines of failures."""
    marks = stdout.count(PAIR_MARK)
    pdir = os.path.join(ours_dir, "pairs")
    names = sorted(os.listdir(pdir), key=int) if os.path.isdir(pdir) else []
    if len(names) != marks:
        return ["back to back: %d view(s) moving with time, %d compared" % (marks, len(names))]
    out = []
    dst = os.path.join(case_out, "pairs")
    for n in names:
        d = os.path.join(pdir, n)
        args = (read_file(os.path.join(d, "args")) or b"?").decode("utf-8", "replace").strip()
        runs = 0
        while read_file(os.path.join(d, "%d.rc" % (runs + 1))) is not None:
            runs += 1

        def run(k):
            who = (read_file(os.path.join(d, "%d.who" % k)) or b"?").strip().decode()
            return who, {"stdout": read_file(os.path.join(d, "%d.out" % k)) or b"",
                         "stderr": read_file(os.path.join(d, "%d.err" % k)) or b"",
                         "rc": (read_file(os.path.join(d, "%d.rc" % k)) or b"").strip() + b"\n"}

        match = (read_file(os.path.join(d, "match")) or b"").split()
        os.makedirs(dst, exist_ok=True)
        if len(match) == 2:
            (wa, a), (wb, b) = run(int(match[0])), run(int(match[1]))
            if {wa, wb} == {"ours", "ref"} and a == b and a["stdout"]:
                with open(os.path.join(dst, n), "wb") as f:
                    f.write(b"$ ipvsadm %s\n(runs %s and %s of %d: %s then %s)\n%s%s(rc=%s)\n"
                            % (args.encode(), match[0], match[1], runs, wa.encode(), wb.encode(),
                               a["stdout"], a["stderr"], a["rc"].strip()))
                continue
            out.append("back to back: ipvsadm %s: the recorded pair is not ours and 1.31's alike" % args)
            continue
        if runs < 2:
            out.append("back to back: ipvsadm %s: %d run(s) recorded" % (args, runs))
            continue
        if is_conn_view(args.split()):
            how = sandwiches(run, runs)
            if how is None:
                with open(os.path.join(dst, n), "wb") as f:
                    f.write(b"$ ipvsadm %s\n(no two runs of %d agreed; every run of ours between 1.31's "
                            b"before and after it, timers within their count-down)\n%s"
                            % (args.encode(), runs, run(runs)[1]["stdout"]))
                continue
            out.append("back to back: ipvsadm %s: %s" % (args, how))
        (wa, a), (wb, b) = run(runs - 1), run(runs)
        if wa == "ours":
            (wa, a), (wb, b) = (wb, b), (wa, a)
        out.append("back to back: ipvsadm %s: no two runs in a row of %d agreed; the last two:" % (args, runs))
        for p in ("stdout", "stderr", "rc"):
            if a[p] != b[p]:
                out.append(udiff(a[p], b[p], "reference/%s" % p, "ours/%s" % p))
    return out


def is_conn_view(args):
    """The connection table (-c), as lib/traffic.sh's timed_view sees it."""
    return any(a == "--connection" or (a.startswith("-") and not a.startswith("--") and "c" in a)
               for a in args)


CONN_TIMER = re.compile(rb"^(.{3} )(\d+):(\d\d)( .*)$", re.S)


def sandwiches(run, runs):
    """A connection table of many entries never lists twice alike: each entry's
    timer ticks at its own moment. Then every run of ours that has a run of
    1.31 before and after it must be theirs byte for byte but for each
    entry's MM:SS, which must lie between 1.31's before and after (timers
    only count down). None when that holds, else what failed."""
    triples = 0
    for k in range(2, runs):
        (wp, p), (wo, o), (wa, a) = run(k - 1), run(k), run(k + 1)
        if (wp, wo, wa) != ("ref", "ours", "ref"):
            continue
        triples += 1
        if not o["stdout"] or (o["stderr"], o["rc"]) != (p["stderr"], p["rc"]) or (o["stderr"], o["rc"]) != (a["stderr"], a["rc"]):
            return "run %d (ours): stderr or status not 1.31's" % k
        lp, lo, la = (x["stdout"].split(b"\n") for x in (p, o, a))
        if not len(lp) == len(lo) == len(la):
            return "run %d (ours): %d lines, 1.31's %d and %d" % (k, len(lo), len(lp), len(la))
        for i, (xp, xo, xa) in enumerate(zip(lp, lo, la)):
            mp, mo, ma = CONN_TIMER.match(xp), CONN_TIMER.match(xo), CONN_TIMER.match(xa)
            if not (mp and mo and ma):
                if not xp == xo == xa:
                    return "run %d (ours), line %d: %r; 1.31's before %r, after %r" % (k, i + 1, xo, xp, xa)
                continue
            if not (mp.group(1) == mo.group(1) == ma.group(1) and mp.group(4) == mo.group(4) == ma.group(4)):
                return "run %d (ours), line %d: %r; 1.31's before %r, after %r" % (k, i + 1, xo, xp, xa)
            sec = [int(m.group(2)) * 60 + int(m.group(3)) for m in (mp, mo, ma)]
            if not sec[0] >= sec[1] >= sec[2]:
                return "run %d (ours), line %d: timer %r not between 1.31's before %r and after %r" % (
                    k, i + 1, xo[4:9], xp[4:9], xa[4:9])
    if triples < 2:
        return "%d run(s) of ours between two of 1.31's" % triples
    return None


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


def load_run(run_dir, normalize, side=()):
    """Parts of one run, or None if the guest produced nothing for it; and
    whether the side's own normalizers (`side`) changed anything."""
    skipped = read_file(os.path.join(run_dir, "skipped"))
    if skipped:
        raise CaseError("not run: " + skipped.decode("utf-8", "replace").strip())
    rc = read_file(os.path.join(run_dir, "rc"))
    if rc is None:
        return None, False
    out = sed(read_file(os.path.join(run_dir, "stdout")) or b"", normalize)
    err = sed(read_file(os.path.join(run_dir, "stderr")) or b"", normalize)
    sout, serr = sed(out, list(side)), sed(err, list(side))
    return {
        "stdout": sout,
        "stderr": serr,
        "rc": rc.strip() + b"\n",
        "state": compose_state(run_dir),
    }, (sout, serr) != (out, err)


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


def read_env(results):
    """The guest's environment record of every VM (env, env1, ...): what the
    results are about, and what broke every case."""
    dirs = sorted(d for d in os.listdir(results) if re.match(r"^env\d*$", d)) if os.path.isdir(results) else []
    env, fails = {}, []
    if not dirs:
        fails.append("no environment record from the VM")
    for d in dirs:
        for key in ("kernel", "ref-version", "ours-version"):
            v = (read_file(os.path.join(results, d, key)) or b"").decode("utf-8", "replace").strip()
            if env.setdefault(key, v) != v:
                fails.append("the VMs disagree on %s: %r and %r" % (key, env[key], v))
        f = read_file(os.path.join(results, d, "envfail"))
        if f is None:
            fails.append("%s: no environment check" % d)
        elif f.strip():
            fails.append(f.decode("utf-8", "replace").strip())
    return env, fails


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True, help="unpacked guest results")
    ap.add_argument("--out", required=True, help="compat-tests/results")
    ap.add_argument("--cases", required=True, help="file: '<id>\\t<path>' per line")
    ap.add_argument("--bless", action="store_true", help="write .expected from ours")
    ap.add_argument("--note", default="", help="printed before the summary")
    ap.add_argument("--info", help="JSON from the runner: kernel asked for, reference package, our build")
    ap.add_argument("--ref-as-ours", action="store_true", help="the reference played ours")
    args = ap.parse_args()

    cases = []
    with open(args.cases) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                cid, path = line.split("\t", 1)
                cases.append((cid, path))

    info = {}
    if args.info:
        with open(args.info) as f:
            info = json.load(f)
    env, env_fails = read_env(args.results)
    kernel = env.get("kernel", "")
    want = info.get("kernel_asked", "")
    series = ".".join(kernel.split("-")[0].split(".")[:2]) if kernel else ""
    if want and series != want:
        env_fails.append("kernel %s asked for, the guest runs %r" % (want, kernel))

    statuses = {}
    divergences = {}
    traffic = []
    timing = []
    for cid, path in cases:
        status, report = "FAIL", []
        meta = {"divergence": None, "normalize": []}
        case_out = os.path.join(args.out, cid)
        os.makedirs(case_out, exist_ok=True)
        against = "reference"
        try:
            meta = parse_case(path)
            if meta["mode"] == "same-state":
                traffic.append(cid)
            if env_fails:
                raise CaseError("environment: " + "; ".join(env_fails))
            src = os.path.join(args.results, "cases", cid)
            if meta["mode"] == "same-state":
                if read_file(os.path.join(src, "ref", "skipped")) is None:
                    efail = read_file(os.path.join(src, "setup", "envfail"))
                    if efail:
                        raise CaseError("environment failed for the setup: %s" % efail.decode("utf-8", "replace").strip())
                    for step in ("started", "arrived"):
                        if read_file(os.path.join(src, "setup", step)) is None and \
                                read_file(os.path.join(src, "setup", "rc")) == b"0\n":
                            raise CaseError("setup: the %s step did not run" % ("setup" if step == "started" else "arrived"))
                    check_setup(os.path.join(src, "setup"), case_out)
            side = {"ref": meta["normalize-ref"],
                    "ours": meta["normalize-ref"] if args.ref_as_ours else meta["normalize-ours"]}
            ref, ref_side = load_run(os.path.join(src, "ref"), meta["normalize"], side["ref"])
            ours, ours_side = load_run(os.path.join(src, "ours"), meta["normalize"], side["ours"])
            if ref is None or ours is None:
                raise CaseError("no result from the VM for %s" %
                                " and ".join(n for n, r in (("reference", ref), ("ours", ours)) if r is None))
            for impl, who in (("ref", "reference"), ("ours", "ours")):
                check_started(os.path.join(src, impl), who)
                check_state(os.path.join(src, impl), who)
            save_run(os.path.join(case_out, "ref"), ref, os.path.join(src, "ref"))
            save_run(os.path.join(case_out, "ours"), ours, os.path.join(src, "ours"))
            for impl in ("ref", "ours"):
                t = read_file(os.path.join(src, impl, "time"))
                if t:
                    timing.append((int(t.strip() or 0), cid, impl))
            side_normalized = bool(meta["normalize-ref"] or meta["normalize-ours"])
            if meta["twin"]:
                against = "twin"
            elif meta["divergence"] and not side_normalized:
                against = "expectation"
            if args.bless:
                if not meta["divergence"]:
                    raise CaseError("case has no '# divergence: ID' header; nothing to bless")
                if side_normalized:
                    raise CaseError("case is compared with the reference ('# normalize-ours:'); nothing to bless")
                if meta["twin"]:
                    raise CaseError("case is compared with the reference's twin (%s); nothing to bless"
                                    % os.path.basename(meta["twin"]))
                if diff_parts(ref, ours, "reference", "ours"):
                    write_expected(expected_path(path), ours, meta["divergence"])
                    report.append("blessed: wrote %s" % expected_path(path))
                    status = "PASS"
                else:
                    report.append("not blessed: ours is identical to the reference; remove the divergence instead")
            elif against == "expectation":
                exp = read_expected(expected_path(path))
                d = diff_parts(exp, ours, "expected", "ours")
                if d:
                    report.append("divergence %s: ours differs from %s" % (meta["divergence"], expected_path(path)))
                    report += d
                elif exp == ref:
                    report.append("divergence %s: the reference now matches %s: remove the divergence"
                                  % (meta["divergence"], expected_path(path)))
                else:
                    status = "PASS"
            else:
                d = diff_parts(ref, ours, "reference's twin" if meta["twin"] else "reference", "ours")
                report += d
                for who, changed, exprs in (("reference", ref_side, side["ref"]), ("ours", ours_side, side["ours"])):
                    if exprs and not changed:
                        report.append("divergence %s: %s '# normalize-%s:' changed nothing: "
                                      "the divergence is not in its output (any more)"
                                      % (meta["divergence"], "1.31's" if who == "reference" else "ours'",
                                         "ref" if who == "reference" else "ours"))
                if meta["mode"] == "same-state":
                    report += check_pairs(os.path.join(src, "ours"),
                                          read_file(os.path.join(src, "ours", "stdout")) or b"", case_out)
                if not report:
                    status = "PASS"
        except CaseError as e:
            report.append(str(e))
        if status == "PASS":
            statuses[cid] = "divergence" if meta["divergence"] else "identical"
            if meta["divergence"]:
                divergences[cid] = {"id": meta["divergence"], "against": against}
        else:
            statuses[cid] = "failed"
        text = "%s %s" % (status, cid)
        if report:
            text += "\n" + "\n".join(report)
        print(text)
        with open(os.path.join(case_out, "result.txt"), "w") as f:
            f.write(text + "\n")

    totals = {k: sum(1 for v in statuses.values() if v == k) for k in ("identical", "divergence", "failed")}
    totals["cases"] = len(statuses)
    summary = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "kernel": kernel,
        "kernel_series": series,
        "reference": {"version": env.get("ref-version", ""), "package": info.get("ref_package", "")},
        "ours": dict(info.get("ours", {}), version=env.get("ours-version", "")),
        "selection": info.get("selection", ""),
        "wall_seconds": info.get("wall_seconds"),
        "shards": info.get("shards"),
        "totals": totals,
        "passed": totals["identical"] + totals["divergence"],
        "failed": totals["failed"],
        "cases": statuses,
        "divergences": divergences,
        "traffic": traffic,
    }
    if env_fails:
        summary["environment_failures"] = env_fails
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    if timing:
        with open(os.path.join(args.out, "timing.txt"), "w") as f:
            for cs, cid, impl in sorted(timing, reverse=True):
                f.write("%7.2fs %s %s\n" % (cs / 100.0, cid, impl))
    if env_fails:
        print("environment: " + "; ".join(env_fails))
    if args.note:
        print(args.note)
    print("%d passed, %d failed" % (summary["passed"], summary["failed"]))
    return 0 if summary["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
