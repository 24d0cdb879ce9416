#!/usr/bin/env python3
"""Random tables through `-S --full` and back, on the real kernel.

    compat-tests/roundtrip.py [--seed N] [--cases N] --out DIR
    compat-tests/run --ours BIN --results R DIR/roundtrip
    compat-tests/roundtrip.py --check R/roundtrip

Writes DIR/roundtrip/table-SEED-NNNN.sh, each building a random table with
our ipvsadm (every service kind: TCP, UDP, SCTP, IPv4 and IPv6, firewall
marks up to 2^32-1; every scheduler the kernel has, with -b flags;
persistence with netmasks, the sip engine, one-packet; real servers of every
forwarding method, tunnel types, ports and checksum options, weights,
thresholds; timeouts; both sync daemons), then saving it with `-Sn --full`,
clearing everything (-C, both daemons stopped, other timeouts) and restoring
the save with our `-R`, and again with 1.31's (/sbin/ipvsadm -R): each
restore must give the same `-Sn --full` text. `--check` reads the runner's
results and says, per case, whether our run printed both "same text" lines
(the reference's run of the case fails at `--full`, which 1.31 rejects; that
is not looked at). Nothing here is run by the suite itself.
"""

import argparse
import os
import random
import sys

# The schedulers of Debian's 6.1 kernel.
SCHEDS = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
          "fo", "ovf", "mh"]


def addr(rng, v6, net):
    if v6:
        return "[fd00::%x]" % rng.randint(2, 0xfff)
    return "%s.%d" % (net, rng.randint(2, 250))


def service(rng, used):
    while True:
        kind = rng.choice(["t", "u", "sctp", "f", "f6", "t6", "u6"])
        if kind.startswith("f"):
            mark = rng.choice([rng.randint(1, 1000), rng.randint(2**31, 2**32 - 1)])
            spec = "-f %d%s" % (mark, " -6" if kind == "f6" else "")
            v6, proto = kind == "f6", "f"
        else:
            v6 = kind.endswith("6")
            vip = "[fd00::100]" if v6 else "10.0.0.%d" % rng.randint(100, 120)
            opt = {"t": "-t", "u": "-u", "sctp": "--sctp-service"}[kind.rstrip("6")]
            spec = "%s %s:%d" % (opt, vip, rng.randint(1, 65535))
            proto = kind.rstrip("6")
        if spec not in used:
            used.add(spec)
            return spec, v6, proto


def service_options(rng, v6, proto):
    sched = rng.choice(SCHEDS)
    opts = ["-s", sched]
    if sched == "sh" and rng.random() < 0.5:
        opts += ["-b", rng.choice(["sh-fallback", "sh-port", "sh-fallback,sh-port"])]
    if sched == "mh" and rng.random() < 0.5:
        opts += ["-b", rng.choice(["mh-fallback", "mh-port", "mh-fallback,mh-port"])]
    persistent = rng.random() < 0.4
    if persistent:
        opts += ["-p", str(rng.randint(1, 3600))]
        if v6:
            opts += ["-M", str(rng.choice([64, 96, 128]))]
        elif rng.random() < 0.5:
            opts += ["-M", rng.choice(["255.255.255.0", "255.255.0.0"])]
    if proto == "u" and rng.random() < 0.3:
        opts.append("-o")
    if proto == "u" and persistent and rng.random() < 0.3:
        opts += ["--pe", "sip"]
    return opts


def dest(rng, spec, v6, used):
    while True:
        rs = addr(rng, v6, rng.choice(["192.168.1", "192.168.2", "10.0.0"]))
        fwd = rng.choice(["-g", "-m", "-i"])
        port = rng.choice([80, 8080, rng.randint(1, 65535)])
        key = (rs, port)
        if key not in used:
            used.add(key)
            break
    line = ["-a", spec, "-r", "%s:%d" % (rs, port), fwd, "-w", str(rng.randint(0, 10))]
    if fwd == "-i" and rng.random() < 0.6:
        tun = rng.choice(["ipip", "gue", "gre"])
        line += ["--tun-type", tun]
        if tun == "gue":
            line += ["--tun-port", str(rng.randint(1, 65535))]
        if tun != "ipip":
            # Remote checksum offload is GUE's only.
            csum = ["--tun-nocsum", "--tun-csum"] + (["--tun-remcsum"] if tun == "gue" else [])
            line.append(rng.choice(csum))
    if rng.random() < 0.4:
        upper = rng.randint(1, 5000)
        line += ["-x", str(upper), "-y", str(rng.randint(0, upper))]
    return " ".join(line)


def daemon(rng, state):
    line = ["--start-daemon", state, "--mcast-interface", "eth0",
            "--syncid", str(rng.randint(0, 255))]
    if rng.random() < 0.5:
        line += ["--sync-maxlen", str(rng.randint(100, 1460))]
    if rng.random() < 0.5:
        line += ["--mcast-group", "239.%d.%d.%d" % tuple(rng.randint(1, 250) for _ in range(3))]
    if rng.random() < 0.5:
        line += ["--mcast-port", str(rng.randint(1024, 65535))]
    if rng.random() < 0.5:
        line += ["--mcast-ttl", str(rng.randint(1, 255))]
    return " ".join(line)


def case(rng):
    lines = []
    if rng.random() < 0.7:
        lines.append("ipvsadm --set %d %d %d" % tuple(rng.randint(1, 3600) for _ in range(3)))
    used = set()
    for _ in range(rng.randint(2, 8)):
        spec, v6, proto = service(rng, used)
        lines.append("ipvsadm -A %s %s" % (spec, " ".join(service_options(rng, v6, proto))))
        dests = set()
        for _ in range(rng.randint(0, 4)):
            lines.append("ipvsadm " + dest(rng, spec, v6, dests))
    for state in ("master", "backup"):
        if rng.random() < 0.5:
            lines.append("ipvsadm " + daemon(rng, state))
    return lines


ROUND = """\
ipvsadm -Sn --full > full; echo "rc=$?"
cat full
for restore in ipvsadm /sbin/ipvsadm; do
    ipvsadm -C; ipvsadm --stop-daemon master 2>/dev/null; ipvsadm --stop-daemon backup 2>/dev/null
    ipvsadm --set 5 5 5
    $restore -R < full; echo "$restore -R rc=$?"
    ipvsadm -Sn --full > again
    cmp full again && echo "same text after $restore -R"
done
"""


def write(args):
    rng = random.Random(args.seed)
    out = os.path.join(args.out, "roundtrip")
    os.makedirs(out, exist_ok=True)
    for n in range(args.cases):
        name = os.path.join(out, "table-%d-%04d.sh" % (args.seed, n))
        with open(name, "w") as f:
            f.write("# desc: random table %d of seed %d through -Sn --full, "
                    "our -R and 1.31's -R\n" % (n, args.seed))
            for line in case(rng):
                f.write(line + "\n")
            f.write(ROUND)
    print("wrote %d cases to %s" % (args.cases, out))


def check(results):
    cases = sorted(d for d in os.listdir(results) if os.path.isdir(os.path.join(results, d)))
    bad = 0
    for c in cases:
        try:
            with open(os.path.join(results, c, "ours", "stdout")) as f:
                text = f.read()
        except OSError:
            text = ""
        ok = ("same text after ipvsadm -R" in text
              and "same text after /sbin/ipvsadm -R" in text)
        if not ok:
            bad += 1
            print("FAIL %s" % c)
    print("%d of %d tables came back the same through both restores"
          % (len(cases) - bad, len(cases)))
    return 1 if bad or not cases else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cases", type=int, default=20)
    p.add_argument("--out")
    p.add_argument("--check", metavar="RESULTS")
    args = p.parse_args()
    if args.check:
        sys.exit(check(args.check))
    if not args.out:
        p.error("--out DIR or --check RESULTS")
    write(args)


if __name__ == "__main__":
    main()
