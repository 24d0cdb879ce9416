#!/usr/bin/env python3
"""Random compat cases: command lines from ipvsadm's whole grammar.

    compat-tests/fuzz.py [--seed N] [--cases N] [--lines N] --out DIR
    compat-tests/run DIR/fuzz

Writes DIR/fuzz/case-SEED-NNNN.sh, each a short valid setup followed by
random command lines, every one followed by `echo "rc=$?"`: most are
commands the legality matrix allows, with values that mostly parse (they
change and show real state); the others are soups of valid and invalid
options and values, clusters, long forms, attached values and junk words.
Some are restores (`-R`, `ipvsadm-restore`) fed from a here-document, or
`ipvsadm-save`. The runner then compares ours with 1.31 as for the
hand-written cases. The same seed writes the same cases, so a failure can
be run again and reduced; a failure worth keeping becomes a hand-written
case under cases/. Nothing here is run by the suite itself.
"""

import argparse
import os
import random
import shlex

VIPS = ["10.0.0.100:80", "10.0.0.100:443", "vip.example:http", "10.0.0.100",
        "10.0.0.100:0", "[fd00::100]:80", "[fd00::100]", "10.0.0.101:http",
        "300.1.1.1:80", "10.0.0.100:70000", "10.0.0.100:-1", "fd00::100",
        "nohost:80", "10.0.0.100:domain", "0x0a000064:80", "10.0.0.100:080"]
MARKS = ["1", "2", "0x10", "0", "-1", "4294967295", "4294967296", "abc", "010"]
RSS = ["192.168.1.2:8080", "192.168.1.3", "10.0.0.2:80", "rs2.example:http",
       "[fd00::2]:80", "fd00::2", "192.168.1.2:0", "192.168.1.4:65535",
       "[fd00::2]", "bogus:80", "192.168.1.2:", "192.168.1.2:x"]
SCHEDS = ["rr", "wrr", "wlc", "lc", "sh", "mh", "dh", "bogus", "", "fo",
          "averyveryverylongschedulername"]
NUMS = ["0", "1", "5", "-1", "65535", "65536", "2147483647", "2147483648",
        "abc", "0x10", "010", "1e3", " 7", "+3", ""]
MASKS = ["255.255.255.0", "255.255.0.0", "24", "64", "128", "0", "bogus",
         "255.255.255.255", "129"]

# (short, long, values or None for an option without a value)
SVC_OPTS = [
    ("-t", "--tcp-service", VIPS), ("-u", "--udp-service", VIPS),
    (None, "--sctp-service", VIPS), ("-f", "--fwmark-service", MARKS),
]
OTHER_OPTS = [
    ("-s", "--scheduler", SCHEDS), ("-p", "--persistent", ["300", "0", "-1", "1", None]),
    ("-M", "--netmask", MASKS), ("-r", "--real-server", RSS),
    ("-g", "--gatewaying", None), ("-i", "--ipip", None), ("-m", "--masquerading", None),
    ("-w", "--weight", NUMS), ("-x", "--u-threshold", NUMS), ("-y", "--l-threshold", NUMS),
    ("-n", "--numeric", None), ("-c", "--connection", None),
    (None, "--stats", None), (None, "--rate", None), (None, "--thresholds", None),
    (None, "--persistent-conn", None), (None, "--tun-info", None),
    (None, "--exact", None), (None, "--nosort", None), (None, "--sort", None),
    (None, "--timeout", None), (None, "--daemon", None), ("-6", "--ipv6", None),
    ("-o", "--ops", None), (None, "--pe", ["sip", "bogus", ""]),
    # Not ",": 1.31 crashes on it (divergence empty-sched-flags).
    ("-b", "--sched-flags", ["sh-fallback", "sh-port", "flag-1,flag-2", "mh-fallback",
                             "bogus", "flag-3"]),
    (None, "--tun-type", ["ipip", "gue", "gre", "bogus"]),
    (None, "--tun-port", ["6080", "0", "70000"]),
    (None, "--tun-nocsum", None), (None, "--tun-csum", None), (None, "--tun-remcsum", None),
    (None, "--mcast-interface", ["eth0", "lo", "nosuchif"]),
    (None, "--syncid", ["5", "256", "x"]),
    (None, "--mcast-group", ["224.0.0.81", "ff02::1", "10.0.0.1", "bogus"]),
    (None, "--mcast-port", ["8848", "0", "65536"]),
    (None, "--mcast-ttl", ["2", "0", "256"]),
    (None, "--sync-maxlen", ["1400", "0", "70000"]),
]
JUNK = ["x", "--", "-", "--bogus", "-Q", "-tt", "--tcp", "extra", "-L", "-a"]

COMMANDS = [  # (words, weight)
    (["-A"], 8), (["--add-service"], 1), (["-E"], 4), (["-D"], 3), (["-C"], 1),
    (["-a"], 10), (["--add-server"], 1), (["-e"], 4), (["-d"], 3),
    (["-L"], 4), (["-l"], 1), (["-Ln"], 4), (["-Lnc"], 1), (["--list"], 1),
    (["-Z"], 2), (["-S"], 2), (["-Sn"], 2), (["--set"], 2),
    (["-h"], 1), (["--start-daemon"], 1), (["--stop-daemon"], 1),
    (["-R"], 2), ([], 1), (["x"], 1), (["-n"], 1),
]


def pick(rng, items):
    return items[rng.randrange(len(items))]


# Values that name the setup's services and real servers, or are valid:
# drawn more often, so that many commands change or show real state.
LIKELY = {
    "-t": ["10.0.0.100:80", "[fd00::100]:80", "vip.example:http"],
    "-u": ["10.0.0.100:53"],
    "-f": ["1", "2"],
    "-r": ["192.168.1.2:8080", "192.168.1.3", "[fd00::2]:80", "10.0.0.2:80"],
    "-w": ["0", "1", "5"], "-x": ["0", "10"], "-y": ["0", "2"],
    "-s": ["rr", "wlc", "sh", "mh"],
    "--tun-type": ["ipip", "gue", "gre"], "--tun-port": ["6080"],
}


def option(rng, spec):
    short, long, values = spec
    use_long = short is None or rng.random() < 0.25
    name = long if use_long else short
    if values is None:
        return [name]
    likely = LIKELY.get(short or long)
    value = pick(rng, likely if likely and rng.random() < 0.6 else values)
    if value is None:
        return [name]
    r = rng.random()
    if use_long and r < 0.3:
        return [f"{name}={value}"]
    if not use_long and r < 0.2 and value:
        return [name + value]
    return [name, value]


def command_line(rng):
    words = [w for ws, n in COMMANDS for w in [ws] * n]
    cmd = list(pick(rng, words))
    args = list(cmd)
    if cmd and cmd[0] in ("--start-daemon", "--stop-daemon"):
        args.append(pick(rng, ["master", "backup", "bogus"]))
    if rng.random() < 0.85:
        args += option(rng, pick(rng, SVC_OPTS))
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
        args += option(rng, pick(rng, OTHER_OPTS))
    if rng.random() < 0.08:
        args.insert(rng.randrange(1, len(args) + 1) if args else 0, pick(rng, JUNK))
    if cmd == ["--set"]:
        args += [pick(rng, ["0", "10", "x", "-1"]) for _ in range(rng.choice([2, 3, 3, 4]))]
    return args


def service_words(rng):
    kind = rng.random()
    if kind < 0.45:
        return ["-t", pick(rng, LIKELY["-t"] + ["10.0.0.100:443", "10.0.0.101:80"])]
    if kind < 0.65:
        return ["-u", pick(rng, ["10.0.0.100:53", "[fd00::100]:53", "10.0.0.100:0"])]
    if kind < 0.75:
        return ["--sctp-service", "10.0.0.100:80"]
    words = ["-f", pick(rng, ["1", "2", "3"])]
    return words + (["-6"] if rng.random() < 0.3 else [])


def valid_line(rng):
    """A command line the legality matrix allows, with values that mostly
    parse: these change and show real state (1.31 may still refuse them)."""
    r = rng.random()
    if r < 0.3:
        cmd = pick(rng, ["-A", "-A", "-E"])
        sched = pick(rng, ["rr", "wrr", "wlc", "lc", "sh", "mh", "dh", "sed", "nq", "fo"])
        words = [cmd] + service_words(rng) + ["-s", sched]
        if rng.random() < 0.4:
            words += ["-p"] + ([pick(rng, ["60", "300", "3600"])] if rng.random() < 0.7 else [])
            if rng.random() < 0.3:
                words += ["-M", pick(rng, ["255.255.255.0", "64", "24"])]
            if rng.random() < 0.2:
                words += ["--pe", "sip"]
        if rng.random() < 0.15:
            words += ["-o"]
        if sched in ("sh", "mh") and rng.random() < 0.5:
            words += ["-b", pick(rng, [f"{sched}-fallback", f"{sched}-port",
                                       f"{sched}-fallback,{sched}-port"])]
        return words
    if r < 0.65:
        cmd = pick(rng, ["-a", "-a", "-e"])
        words = [cmd] + service_words(rng) + ["-r", pick(rng, LIKELY["-r"])]
        fwd = pick(rng, ["-g", "-m", "-i", None])
        if fwd:
            words.append(fwd)
        for opt, vals in (("-w", ["0", "1", "3", "100"]), ("-x", ["0", "50"]),
                          ("-y", ["0", "5"])):
            if rng.random() < 0.5:
                words += [opt, pick(rng, vals)]
        if fwd == "-i" and rng.random() < 0.6:
            words += ["--tun-type", pick(rng, ["ipip", "gue", "gre"])]
            if "gue" in words:
                words += ["--tun-port", "6080"]
            if rng.random() < 0.5:
                words.append(pick(rng, ["--tun-nocsum", "--tun-csum", "--tun-remcsum"]))
        return words
    if r < 0.75:
        return pick(rng, [["-d"] + service_words(rng) + ["-r", pick(rng, LIKELY["-r"])],
                          ["-D"] + service_words(rng),
                          ["-Z"] + (service_words(rng) if rng.random() < 0.5 else [])])
    if r < 0.95:
        words = [pick(rng, ["-L", "-Ln", "-l", "-Sn", "-S"])]
        if words[0].startswith("-L") or words[0] == "-l":
            if rng.random() < 0.3:
                words += service_words(rng)
            words += rng.sample(["--stats", "--rate", "--thresholds", "--exact",
                                 "--tun-info", "--persistent-conn", "--nosort", "-n"],
                                rng.choice([0, 0, 1, 1, 2]))
        return words
    if r < 0.97:
        return ["--set", pick(rng, ["0", "900"]), pick(rng, ["0", "120"]),
                pick(rng, ["0", "300"])]
    state = pick(rng, ["master", "backup"])
    if rng.random() < 0.4:
        return pick(rng, [["--stop-daemon", state], ["-L", "--daemon"]])
    words = ["--start-daemon", state, "--mcast-interface", "eth0"]
    for opt, vals in (("--syncid", ["0", "7"]), ("--sync-maxlen", ["1400"]),
                      ("--mcast-group", ["224.0.0.81", "ff02::81"]),
                      ("--mcast-port", ["8848"]), ("--mcast-ttl", ["1", "3"])):
        if rng.random() < 0.3:
            words += [opt, pick(rng, vals)]
    return words


def setup_lines(rng):
    lines = [["-A", "-t", "10.0.0.100:80", "-s", pick(rng, ["rr", "wlc", "sh"])],
             ["-A", "-u", "10.0.0.100:53", "-s", "rr", "-p", "300"],
             ["-A", "-f", "1", "-s", "wrr"]]
    if rng.random() < 0.5:
        lines.append(["-A", "-t", "[fd00::100]:80", "-s", "lc"])
    for svc in (["-t", "10.0.0.100:80"], ["-f", "1"]):
        if rng.random() < 0.7:
            lines.append(["-a"] + svc + ["-r", "192.168.1.2:8080", "-m", "-w", "3"])
    return lines


def case(rng, n_lines):
    out = ["# desc: fuzz (compat-tests/fuzz.py)"]
    for words in setup_lines(rng):
        out.append("ipvsadm " + shlex.join(words) + " >/dev/null 2>&1")
    for _ in range(n_lines):
        words = valid_line(rng) if rng.random() < 0.6 else command_line(rng)
        tool = "ipvsadm"
        if rng.random() < 0.04:
            tool = "ipvsadm-save"
            words = rng.sample(["-n", "-n", "x", "-x", "--help"], rng.choice([0, 1, 1, 2]))
        elif rng.random() < 0.03:
            tool, words = "ipvsadm-restore", []
        if words[:1] == ["-R"] or tool == "ipvsadm-restore":
            # A rules file has no shell quoting: plain words only. Saved
            # tables sometimes carry the program name (`ipvsadm -A ...`).
            body = [" ".join((["ipvsadm"] if rng.random() < 0.1 else [])
                             + [w for w in (valid_line(rng) if rng.random() < 0.7
                                            else command_line(rng))
                                if w and " " not in w])
                    for _ in range(rng.choice([1, 2, 4, 8, 20]))]
            out.append(f"{tool} " + shlex.join(words) + " <<'EOF'")
            out.extend(body)
            out.append("EOF")
        else:
            out.append(f"{tool} " + shlex.join(words))
        out.append('echo "rc=$?"')
    out.append("ipvsadm -Ln --nosort >/dev/null")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--lines", type=int, default=12)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    d = os.path.join(a.out, "fuzz")
    os.makedirs(d, exist_ok=True)
    for i in range(a.cases):
        with open(os.path.join(d, f"case-{a.seed}-{i:04d}.sh"), "w") as f:
            f.write(case(rng, a.lines))


if __name__ == "__main__":
    main()
