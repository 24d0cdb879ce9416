#!/usr/bin/env python3
"""Host-side half of compat-tests/json-proof: our JSON against 1.31's views.

Input: the raw guest results of compat-tests/run (cases/<id>/ours/stdout)
for the same-state cases of compat-tests/json-cases/. Between the lines
"=== json-proof begin" and "=== json-proof end" the run with ours printed
one or more attempts, each:

    --- attempt N
    >>> before
    $ ipvsadm VIEW          1.31's views (/sbin/ipvsadm), each ended by rc=N
    ...
    >>> doc ARGS            for each of our documents:
    >>> rate tries N
    $ ipvsadm -Ln --rate --exact      1.31, right before
    $ ipvsadm ARGS                    ours (the JSON document), rc=N
    $ ipvsadm -Ln --rate --exact      1.31, right after
    ...
    >>> after
    (the views of "before" again)

The last attempt is used. It must be stable: its "before" and "after"
views equal but for the count-down of -c timers (else the state changed
while the documents were read), and each document's two rate dumps equal
(the estimator did not tick in between). Then every document must validate
against the schema and agree with the views on every number 1.31 shows:
the IPVS version and table size; per service the scheduler, its flags,
persistence (timeout, netmask or prefix length, engine), one-packet and the
counters (--stats --exact) and rates (--rate --exact); per real server the
forwarding method, weight, thresholds, active, inactive and persistent
connections, tunnel type, port and checksum mode, counters and rates (also
against -Sn); the timeouts; the sync daemons; and, for -c documents, the
same set of connection entries (protocol, state, addresses, ports, pe name
and data) with each expiry between the values 1.31 showed before and after.

Exit status 0 iff every case was checked and nothing differed.
"""
import argparse
import json
import os
import re
import shutil
import sys

FIELDS = ("connections", "packets_in", "packets_out", "bytes_in", "bytes_out")
FWD = {"Masq": "masq", "Local": "local", "Tunnel": "tunnel", "Route": "route"}
CSUM = {"-c": "nocsum", "+c": "csum", "r+c": "remcsum"}
TUN_OPT_CSUM = {"--tun-nocsum": "nocsum", "--tun-csum": "csum", "--tun-remcsum": "remcsum"}
FWD_OPT = {"-m": "masq", "-i": "tunnel", "-g": "route"}
PROTO_OPT = {"-t": "TCP", "-u": "UDP", "--sctp-service": "SCTP"}
PROTO_NUM = {"TCP": 6, "UDP": 17, "SCTP": 132, None: 0}
FWD_CODE = {"masq": 0, "local": 1, "tunnel": 2, "route": 3}
TUN_CODE = {"ipip": 0, "gue": 1, "gre": 2}
CSUM_FLAGS = {"nocsum": 0, "csum": 1, "remcsum": 2}
SVC_FLAG_BITS = {"persistent": 0x1, "hashed": 0x2, "one-packet": 0x4}
SCHED_FLAG_NAMES = {"sh": ("sh-fallback", "sh-port", None), "mh": ("mh-fallback", "mh-port", None)}


class Fail(Exception):
    pass


# --- schema validation ------------------------------------------------------
# The schema's keywords (type, const, enum, properties, required,
# additionalProperties, items, minimum, maximum, local $ref): the same small
# validator as tests/json.rs; the jsonschema module is used as well when it
# is installed.

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
KNOWN = {"$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties",
         "required", "additionalProperties", "items", "enum", "const", "minimum", "maximum"}


def validate(root, schema, v, path, errors):
    unknown = set(schema) - KNOWN
    if unknown:
        errors.append("%s: schema keyword(s) this validator does not know: %s" % (path, sorted(unknown)))
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            errors.append("%s: non-local $ref %s" % (path, ref))
            return
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        validate(root, target, v, path, errors)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](v) for t in types):
            errors.append("%s: %r is not of type %s" % (path, v, types))
            return
    if "const" in schema and v != schema["const"]:
        errors.append("%s: %r is not %r" % (path, v, schema["const"]))
    if "enum" in schema and v not in schema["enum"]:
        errors.append("%s: %r is not one of %r" % (path, v, schema["enum"]))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            errors.append("%s: %r < %r" % (path, v, schema["minimum"]))
        if "maximum" in schema and v > schema["maximum"]:
            errors.append("%s: %r > %r" % (path, v, schema["maximum"]))
    if isinstance(v, dict):
        props = schema.get("properties", {})
        for k in schema.get("required", []):
            if k not in v:
                errors.append("%s: missing %s" % (path, k))
        for k, x in v.items():
            if k in props:
                validate(root, props[k], x, "%s.%s" % (path, k), errors)
            elif "additionalProperties" in schema:
                ap = schema["additionalProperties"]
                if ap is False:
                    errors.append("%s: unexpected key %s" % (path, k))
                elif isinstance(ap, dict):
                    validate(root, ap, x, "%s.%s" % (path, k), errors)
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            validate(root, schema["items"], x, "%s[%d]" % (path, i), errors)


def make_validators(schema):
    vals = [("built-in", lambda doc: (lambda e: (validate(schema, schema, doc, "$", e), e)[1])([]))]
    try:
        import warnings
        warnings.simplefilter("ignore")
        import jsonschema
        v = jsonschema.Draft202012Validator(schema)
        vals.append(("jsonschema", lambda doc: ["%s: %s" % ("/".join(map(str, e.path)), e.message)
                                                for e in v.iter_errors(doc)]))
    except ImportError:
        pass
    return vals


# --- the raw output ---------------------------------------------------------

def split_commands(lines):
    """'$ ipvsadm ARGS' ... 'rc=N' blocks -> list of (args, body lines, rc)."""
    out, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("$ ipvsadm "):
            raise Fail("expected a '$ ipvsadm' line, got %r" % lines[i])
        args = lines[i][len("$ ipvsadm "):]
        j = i + 1
        while j < len(lines) and not re.fullmatch(r"rc=\d+", lines[j]):
            j += 1
        if j == len(lines):
            raise Fail("no rc= line after '$ ipvsadm %s'" % args)
        out.append((args, lines[i + 1:j], int(lines[j][3:])))
        i = j + 1
    return out


def parse_block(text):
    m = re.search(r"^=== json-proof begin\n(.*?)^=== json-proof end$", text, re.S | re.M)
    if not m:
        raise Fail("no json-proof block in ours' stdout (did the run with ours reach the proof?)")
    attempts = re.split(r"^--- attempt \d+\n", m.group(1), flags=re.M)[1:]
    if not attempts:
        raise Fail("json-proof block without an attempt")
    att = attempts[-1]
    parts = re.split(r"^>>> (before|doc .*|rate tries \d+|after)\n", att, flags=re.M)
    res = {"attempts": len(attempts), "docs": []}
    it = iter(parts[1:])
    for tag, body in zip(it, it):
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if tag in ("before", "after"):
            res[tag] = {a: (b, rc) for a, b, rc in split_commands(lines)}
        elif tag.startswith("doc "):
            res["docs"].append({"args": tag[4:]})
        else:
            d = res["docs"][-1]
            d["tries"] = int(tag.split()[-1])
            cmds = split_commands(lines)
            if len(cmds) != 3:
                raise Fail("doc %s: expected rate, document, rate; got %d commands" % (d["args"], len(cmds)))
            d["rate1"], d["doc"], d["rate2"] = cmds
    for k in ("before", "after"):
        if k not in res:
            raise Fail("attempt without '>>> %s'" % k)
    return res


def untimed(lines):
    return [re.sub(r"^(TCP|UDP|SCTP|IP)(\s+)\d+:\d\d(\s)", r"\1\2T\3", l) for l in lines]


# --- parsing 1.31's views ---------------------------------------------------

def svc_key_from_tokens(t):
    n = 3 if t[0] == "FWM" and len(t) > 2 and t[2] == "IPv6" else 2
    return " ".join(t[:n]), t[n:]


def parse_listing(body):
    """A -L listing: (version line, {svc: rest tokens}, {(svc, dest): rest tokens})."""
    head, svcs, dests, svc = None, {}, {}, None
    for l in body:
        if l.startswith("IP Virtual Server version"):
            head = l
            continue
        if l.startswith("Prot LocalAddress") or l.startswith("  -> RemoteAddress"):
            continue
        if l.startswith("  -> "):
            t = l.split()
            if svc is None or (svc, t[1]) in dests:
                raise Fail("unexpected dest line %r" % l)
            dests[(svc, t[1])] = t[2:]
        else:
            svc, rest = svc_key_from_tokens(l.split())
            if svc in svcs:
                raise Fail("service %s listed twice" % svc)
            svcs[svc] = rest
    return head, svcs, dests


def ints(tokens, what):
    try:
        return [int(x) for x in tokens]
    except ValueError:
        raise Fail("%s: not integers: %r" % (what, tokens))


def parse_settings(rest):
    """ sched[ (flags)][ persistent T[ mask M][ pe P]][ ops] """
    s = {"scheduler": rest[0], "sched_flags": [], "persistent": None, "mask": None, "pe": None, "ops": False}
    i = 1
    if i < len(rest) and rest[i].startswith("("):
        s["sched_flags"] = rest[i].strip("()").split(",")
        i += 1
    while i < len(rest):
        w = rest[i]
        if w == "persistent":
            s["persistent"] = int(rest[i + 1]); i += 2
        elif w == "mask":
            s["mask"] = rest[i + 1]; i += 2
        elif w == "pe":
            s["pe"] = rest[i + 1]; i += 2
        elif w == "ops":
            s["ops"] = True; i += 1
        else:
            raise Fail("unknown word %r in service settings %r" % (w, rest))
    return s


def parse_save(body):
    """-Sn: {svc key: options}, {(svc key, dest): options}; options as {opt: value or True}."""
    svcs, dests = {}, {}
    for l in body:
        t = l.split()
        opts, i = {}, 1
        while i < len(t):
            o = t[i]
            if i + 1 < len(t) and not t[i + 1].startswith("-"):
                opts[o] = t[i + 1]; i += 2
            else:
                opts[o] = True; i += 1
        if "-f" in opts:
            key = "FWM  %s" % opts.pop("-f")
            key = "FWM %s" % key.split()[1] + (" IPv6" if opts.pop("-6", False) else "")
        else:
            p = [o for o in PROTO_OPT if o in opts]
            if len(p) != 1:
                raise Fail("-Sn line without a service: %r" % l)
            key = "%s %s" % (PROTO_OPT[p[0]], opts.pop(p[0]))
        if t[0] == "-A":
            svcs[key] = opts
        elif t[0] == "-a":
            dests[(key, opts.pop("-r"))] = opts
        else:
            raise Fail("-Sn line %r" % l)
    return svcs, dests


def parse_conns(body, pe):
    """-Lnc [--persistent-conn]: list of (key tuple, expiry seconds)."""
    out = []
    for l in body[2:]:
        t = l.split()
        mm, ss = t[1].split(":")
        key = (t[0], t[2], t[3], t[4], t[5])
        if pe:
            key += (tuple(t[6:8]) if len(t) > 6 else None,)
        out.append((key, int(mm) * 60 + int(ss)))
    return out


# --- the comparison ----------------------------------------------------------

class Checker:
    def __init__(self, case):
        self.case = case
        self.numbers = 0
        self.others = 0
        self.errors = []

    def num(self, what, text_value, json_value):
        self.numbers += 1
        if text_value != json_value:
            self.errors.append("%s: 1.31 shows %r, JSON has %r" % (what, text_value, json_value))

    def eq(self, what, text_value, json_value):
        self.others += 1
        if text_value != json_value:
            self.errors.append("%s: 1.31 shows %r, JSON has %r" % (what, text_value, json_value))

    def fail(self, msg):
        self.errors.append(msg)


def addr(family, a):
    return "[%s]" % a if family == "ipv6" else a


def svc_key(s):
    if s["fwmark"] is not None:
        return "FWM %d" % s["fwmark"] + (" IPv6" if s["family"] == "ipv6" else "")
    return "%s %s:%d" % (s["protocol"], addr(s["family"], s["address"]), s["port"])


def ep(e):
    return "%s:%d" % (addr(e["family"], e["address"]), e["port"])


def norm_svc(k):
    return " ".join(k.split())


def check_doc(c, d, views, after_views):
    args = d["args"]
    label = "doc '%s'" % args
    if d["tries"] > 10 or d["rate1"][1] != d["rate2"][1]:
        c.fail("%s: the two --rate dumps around the document differ (after %d tries): not compared" % (label, min(d["tries"], 10)))
        return None
    dargs, body, rc = d["doc"]
    if rc != 0:
        c.fail("%s: exit status %d: %s" % (label, rc, "\n".join(body)[:2000]))
        return None
    try:
        doc = json.loads("\n".join(body))
    except ValueError as e:
        c.fail("%s: not a JSON document (%s): %s" % (label, e, "\n".join(body)[:2000]))
        return None

    def view(a):
        if a not in views:
            raise Fail("view '%s' missing" % a)
        b, vrc = views[a]
        if vrc != 0:
            raise Fail("1.31's '%s' failed with %d: %s" % (a, vrc, b))
        return b

    # IPVS version and table size.
    head, base_s, base_d = parse_listing(view("-Ln"))
    m = re.fullmatch(r"IP Virtual Server version (\d+)\.(\d+)\.(\d+) \(size=(\d+)\)", head or "")
    if not m:
        raise Fail("-Ln header %r" % head)
    maj, mi, pa, size = map(int, m.groups())
    c.eq(label + " ipvs.version", "%d.%d.%d" % (maj, mi, pa), doc["ipvs"]["version"])
    c.num(label + " ipvs.version_code", (maj << 16) | (mi << 8) | pa, doc["ipvs"]["version_code"])
    c.num(label + " ipvs.conn_tab_size", size, doc["ipvs"]["conn_tab_size"])

    # Timeouts.
    t = view("-L --timeout")
    m = re.fullmatch(r"Timeout \(tcp tcpfin udp\): (\d+) (\d+) (\d+)", t[0] if t else "")
    if not m:
        raise Fail("--timeout output %r" % t)
    for name, v in zip(("tcp", "tcp_fin", "udp"), map(int, m.groups())):
        c.num("%s timeouts.%s" % (label, name), v, doc["timeouts"][name])

    # Daemons.
    text_daemons = {}
    for l in view("-L --daemon"):
        m = re.fullmatch(r"(master|backup) sync daemon \((.*)\)", l)
        if not m:
            raise Fail("--daemon line %r" % l)
        text_daemons[m.group(1)] = dict(kv.split("=", 1) for kv in m.group(2).split(", "))
    json_daemons = {x["state"]: x for x in doc["daemons"]}
    c.eq(label + " daemons", sorted(text_daemons), sorted(json_daemons))
    for state in set(text_daemons) & set(json_daemons):
        td, jd = text_daemons[state], json_daemons[state]
        c.num("%s daemon %s state_code" % (label, state), {"master": 1, "backup": 2}[state], jd["state_code"])
        c.eq("%s daemon %s interface" % (label, state), td.pop("mcast", None), jd["interface"])
        c.num("%s daemon %s syncid" % (label, state), int(td.pop("syncid", -1)), jd["syncid"])
        for tk, jk, conv in (("maxlen", "sync_maxlen", int), ("group", "mcast_group", str),
                             ("port", "mcast_port", int), ("ttl", "mcast_ttl", int)):
            tv = td.pop(tk, None)
            (c.num if conv is int else c.eq)("%s daemon %s %s" % (label, state, jk),
                                              None if tv is None else conv(tv), jd[jk])
        if td:
            c.fail("%s daemon %s: fields of 1.31 not compared: %r" % (label, state, td))

    # Services and real servers.
    views_parsed = {}
    for a in ("-Ln --stats --exact", "-Ln --thresholds", "-Ln --persistent-conn", "-Ln --tun-info"):
        h, s, ds = parse_listing(view(a))
        views_parsed[a] = (s, ds)
    _, rate_s, rate_d = parse_listing(d["rate1"][1])
    save_s, save_d = parse_save(view("-Sn"))

    m = re.search(r"(?:^| )(-t|-u|--sctp-service|-f) (\S+)( -6)?", args)
    jsvcs = {norm_svc(svc_key(s)): s for s in doc["services"]}
    if len(jsvcs) != len(doc["services"]):
        c.fail("%s: a service appears twice" % label)
    if m:
        want = ("FWM %s" % m.group(2) + (" IPv6" if m.group(3) else "")) if m.group(1) == "-f" \
            else "%s %s" % (PROTO_OPT[m.group(1)], m.group(2))
        c.eq(label + " services (one service)", [want], sorted(jsvcs))
    else:
        c.eq(label + " services", sorted(norm_svc(k) for k in base_s), sorted(jsvcs))
    base_s = {norm_svc(k): v for k, v in base_s.items()}
    base_d = {(norm_svc(k), dk): v for (k, dk), v in base_d.items()}

    def norm(x):
        s, ds = x
        return {norm_svc(k): v for k, v in s.items()}, {(norm_svc(k), dk): v for (k, dk), v in ds.items()}
    stats_s, stats_d = norm(views_parsed["-Ln --stats --exact"])
    thr_s, thr_d = norm(views_parsed["-Ln --thresholds"])
    pc_s, pc_d = norm(views_parsed["-Ln --persistent-conn"])
    tun_s, tun_d = norm(views_parsed["-Ln --tun-info"])
    rate_s = {norm_svc(k): v for k, v in rate_s.items()}
    rate_d = {(norm_svc(k), dk): v for (k, dk), v in rate_d.items()}

    for k, s in jsvcs.items():
        w = "%s service %s" % (label, k)
        if k not in base_s:
            c.fail(w + ": not in 1.31's -Ln")
            continue
        # Settings, as each of the four listings with settings shows them.
        for vname, table in (("-Ln", base_s), ("--thresholds", thr_s), ("--persistent-conn", pc_s),
                             ("--tun-info", tun_s)):
            st = parse_settings(table[k])
            ww = "%s (%s)" % (w, vname)
            c.eq(ww + " scheduler", st["scheduler"], s["scheduler"])
            names = SCHED_FLAG_NAMES.get(s["scheduler"], ("flag-1", "flag-2", "flag-3"))
            jsched = [n for n, bit in zip(names, (0x8, 0x10, 0x20)) if s["flags"] & bit and n]
            c.eq(ww + " scheduler flags", st["sched_flags"], jsched)
            c.eq(ww + " scheduler flag_names", sorted(st["sched_flags"]),
                 sorted(n for n in s["flag_names"] if n not in SVC_FLAG_BITS))
            c.eq(ww + " persistent", st["persistent"] is not None, s["persistent"])
            c.eq(ww + " persistent flag bit", st["persistent"] is not None, bool(s["flags"] & 0x1))
            if st["persistent"] is not None:
                c.num(ww + " persistence_timeout", st["persistent"], s["persistence_timeout"])
                if s["family"] == "ipv4":
                    c.eq(ww + " netmask", st["mask"] or "255.255.255.255", s["netmask"])
                    c.eq(ww + " prefix_length", None, s["prefix_length"])
                else:
                    c.num(ww + " prefix_length", int(st["mask"] or 128), s["prefix_length"])
                    c.eq(ww + " netmask", None, s["netmask"])
                c.eq(ww + " pe", st["pe"], s["pe"])
            c.eq(ww + " one_packet", st["ops"], s["one_packet"])
            c.eq(ww + " one-packet flag bit", st["ops"], bool(s["flags"] & 0x4))
        c.num(w + " protocol_number", PROTO_NUM[s["protocol"]], s["protocol_number"])
        for n in s["flag_names"]:
            if n in SVC_FLAG_BITS:
                c.eq("%s flag %s in flags" % (w, n), True, bool(s["flags"] & SVC_FLAG_BITS[n]))
        # -Sn
        so = dict(save_s.get(k, {}))
        c.eq(w + " (-Sn) -s", so.pop("-s", None), s["scheduler"])
        if "-p" in so:
            c.num(w + " (-Sn) -p", int(so.pop("-p")), s["persistence_timeout"])
        else:
            c.eq(w + " (-Sn) persistent", False, s["persistent"])
        if "-M" in so:
            mk = so.pop("-M")
            if s["family"] == "ipv4":
                c.eq(w + " (-Sn) -M", mk, s["netmask"])
            else:
                c.num(w + " (-Sn) -M", int(mk), s["prefix_length"])
        if "--pe" in so:
            c.eq(w + " (-Sn) --pe", so.pop("--pe"), s["pe"])
        if "-b" in so:
            c.eq(w + " (-Sn) -b", sorted(so.pop("-b").split(",")),
                 sorted(n for n in s["flag_names"] if n not in SVC_FLAG_BITS))
        c.eq(w + " (-Sn) -o", bool(so.pop("-o", False)), s["one_packet"])
        if so:
            c.fail("%s: -Sn options not compared: %r" % (w, so))
        # Counters and rates.
        for vname, table, part in (("--stats --exact", stats_s, "stats"), ("--rate --exact", rate_s, "rates")):
            got = ints(table.get(k, []), w + " " + vname)
            for f, v in zip(FIELDS, got or [None] * 5):
                c.num("%s %s %s" % (w, part, f), v, s[part][f])
        # Real servers.
        text_dests = sorted(dk for (sk, dk) in base_d if sk == k)
        jd = {ep({"family": x["family"], "address": x["address"], "port": x["port"]}): x for x in s["real_servers"]}
        c.eq(w + " real servers", text_dests, sorted(jd))
        for dk, x in jd.items():
            wd = "%s -> %s" % (w, dk)
            key = (k, dk)
            if key not in base_d:
                continue
            r = base_d[key]   # Forward Weight ActiveConn InActConn
            c.eq(wd + " forwarding", FWD.get(r[0]), x["forwarding"])
            c.num(wd + " weight", int(r[1]), x["weight"])
            c.num(wd + " active_connections", int(r[2]), x["active_connections"])
            c.num(wd + " inactive_connections", int(r[3]), x["inactive_connections"])
            u, lo, a, i = ints(thr_d[key], wd + " --thresholds")
            c.num(wd + " upper_threshold", u, x["upper_threshold"])
            c.num(wd + " lower_threshold", lo, x["lower_threshold"])
            c.num(wd + " active_connections (--thresholds)", a, x["active_connections"])
            c.num(wd + " inactive_connections (--thresholds)", i, x["inactive_connections"])
            wt, p, a, i = ints(pc_d[key], wd + " --persistent-conn")
            c.num(wd + " weight (--persistent-conn)", wt, x["weight"])
            c.num(wd + " persistent_connections", p, x["persistent_connections"])
            c.num(wd + " active_connections (--persistent-conn)", a, x["active_connections"])
            c.num(wd + " inactive_connections (--persistent-conn)", i, x["inactive_connections"])
            f, ti, wt, a, i = tun_d[key]   # Forward TunnelInfo Weight ActiveConn InActConn
            c.eq(wd + " forwarding (--tun-info)", FWD.get(f), x["forwarding"])
            c.num(wd + " weight (--tun-info)", int(wt), x["weight"])
            c.num(wd + " active_connections (--tun-info)", int(a), x["active_connections"])
            c.num(wd + " inactive_connections (--tun-info)", int(i), x["inactive_connections"])
            c.num(wd + " forwarding_code", FWD_CODE.get(FWD.get(r[0])), x["forwarding_code"])
            tu = x["tunnel"]
            if x["forwarding"] == "tunnel":
                parts = ti.split(":")
                c.eq(wd + " tunnel.type", parts[0], tu["type"])
                c.num(wd + " tunnel.type_code", TUN_CODE.get(parts[0]), tu["type_code"])
                if parts[0] != "ipip":
                    c.num(wd + " tunnel.flags", CSUM_FLAGS.get(tu["checksum"]), tu["flags"])
                if parts[0] == "gue":
                    c.num(wd + " tunnel.port", int(parts[1]), tu["port"])
                    c.eq(wd + " tunnel.checksum", CSUM.get(parts[2]), tu["checksum"])
                elif parts[0] == "gre":
                    c.eq(wd + " tunnel.checksum", CSUM.get(parts[1]), tu["checksum"])
            else:
                c.eq(wd + " tunnel info (not a tunnel)", "n/a", ti)
            # -Sn
            so = dict(save_d.get(key, {}))
            fw = [FWD_OPT[o] for o in FWD_OPT if so.pop(o, False)]
            c.eq(wd + " (-Sn) forwarding", fw, [x["forwarding"]] if x["forwarding"] != "local" else ["masq"])
            c.num(wd + " (-Sn) -w", int(so.pop("-w", "-1")), x["weight"])
            for o, jk in (("-x", "upper_threshold"), ("-y", "lower_threshold")):
                if o in so:
                    c.num("%s (-Sn) %s" % (wd, o), int(so.pop(o)), x[jk])
            if "--tun-type" in so:
                c.eq(wd + " (-Sn) --tun-type", so.pop("--tun-type"), tu["type"])
            if "--tun-port" in so:
                c.num(wd + " (-Sn) --tun-port", int(so.pop("--tun-port")), tu["port"])
            for o, v in TUN_OPT_CSUM.items():
                if so.pop(o, False):
                    c.eq("%s (-Sn) %s" % (wd, o), v, tu["checksum"])
            if so:
                c.fail("%s: -Sn options not compared: %r" % (wd, so))
            for vname, table, part in (("--stats --exact", stats_d, "stats"), ("--rate --exact", rate_d, "rates")):
                got = ints(table.get(key, []), wd + " " + vname)
                for f, v in zip(FIELDS, got or [None] * 5):
                    c.num("%s %s %s" % (wd, part, f), v, x[part][f])

    # Connections.
    is_c = re.search(r"(^| )-\w*c", args) is not None
    c.eq(label + " has connections", is_c, "connections" in doc)
    if is_c and "connections" in doc:
        for vname, pe in (("-Lnc", False), ("-Lnc --persistent-conn", True)):
            before = parse_conns(view(vname), pe)
            after = parse_conns(after_views[vname][0], pe)
            js = []
            for e in doc["connections"]:
                key = (e["protocol"], e["state"], ep(e["client"]), ep(e["virtual"]), ep(e["destination"]))
                if pe:
                    key += ((e["pe_name"], e["pe_data"]) if e["pe_name"] else None,)
                js.append((key, e["expires"]))
            w = "%s connections (%s)" % (label, vname)
            c.eq(w + " entries", sorted(k for k, _ in before), sorted(k for k, _ in js))
            c.num(w + " count", len(before), len(js))
            for key in set(k for k, _ in js):
                b = sorted(t for k, t in before if k == key)
                a = sorted(t for k, t in after if k == key)
                j = sorted(t for k, t in js if k == key)
                if not (len(a) == len(b) == len(j)):
                    continue
                for tb, tj, ta in zip(b, j, a):
                    c.numbers += 1
                    if not (tb >= tj >= ta):
                        c.fail("%s expiry of %r: JSON %d s not between 1.31's %d s before and %d s after"
                               % (w, key, tj, tb, ta))
    return doc


def check_text(cid, text, validators):
    """Check one case's raw stdout: (Checker, number of documents checked)."""
    c = Checker(cid)
    ndocs = 0
    try:
        p = parse_block(text)
        if untimed([l for v in p["before"].values() for l in v[0]]) != \
                untimed([l for v in p["after"].values() for l in v[0]]) or \
                set(p["before"]) != set(p["after"]):
            c.fail("the state changed while the documents were read, in all %d attempts" % p["attempts"])
        else:
            for d in p["docs"]:
                doc = check_doc(c, d, p["before"], p["after"])
                if doc is None:
                    continue
                ndocs += 1
                for vname, v in validators:
                    for e in v(doc)[:10]:
                        c.fail("doc '%s' does not validate against the schema (%s): %s" % (d["args"], vname, e))
            if not p["docs"]:
                c.fail("no documents")
    except Fail as e:
        c.fail(str(e))
    except (KeyError, IndexError, ValueError, TypeError) as e:
        c.fail("unexpected output: %s: %s" % (type(e).__name__, e))
    return c, ndocs


# Perturbations for --self-test: (what, regex, replacement), applied once to
# the first match after the first document's command line, or, for 1.31's
# views ("1.31's ..."), to every match in "before" and "after" alike (a
# changed view, not a changing state), or, for "... changing ...", to
# "after" only; each must make the check fail.
PERTURB = [
    ("a counter in a document", r'("bytes_in": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("a rate in a document", r'("rates": \{[^}]*"bytes_in": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("a weight", r'("weight": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("an upper threshold", r'("upper_threshold": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("an active connection count", r'("active_connections": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("a persistent connection count", r'("persistent_connections": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("a timeout", r'("udp": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("a daemon's ttl", r'("mcast_ttl": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("the table size", r'("conn_tab_size": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) * 2)),
    ("a tunnel port", r'("port": )(6080)', lambda m: m.group(1) + "6081"),
    ("a persistence timeout", r'("persistence_timeout": )(120)', lambda m: m.group(1) + "121"),
    ("a connection's expiry", r'("expires": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 30)),
    ("a connection's client port", r'("client": \{[^}]*"port": )(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("the schema version", r'("schema": ")ipvsadm-rs/1', lambda m: m.group(1) + "ipvsadm-rs/2"),
    ("a key the schema does not know", r'("one_packet": )', lambda m: '"extra": 1, ' + m.group(1)),
    ("1.31's --rate dump after a document", r'(?m)(^\$ ipvsadm -Ln --json\n(?:.*\n)*?rc=\d+\n\$ ipvsadm -Ln --rate --exact\n(?:.*\n)*?TCP  10\.0\.0\.100:80 +\d+ +\d+ +\d+ +)(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("1.31's InBytes (in a view)", r'(?m)^(TCP  10\.0\.0\.100:80 +\d+ +\d+ +\d+ +)(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
    ("1.31's view changing while the documents were read", r'(?m)^(Timeout \(tcp tcpfin udp\): \d+ \d+ )(\d+)$', lambda m: m.group(1) + str(int(m.group(2)) + 1)),
]


def self_test(text, validators):
    """The unchanged text must pass and every perturbation must fail."""
    ok = True
    c, n = check_text("self-test", text, validators)
    print("self-test: unchanged: %s (%d documents)" % ("pass" if not c.errors else "FAIL", n))
    ok &= not c.errors
    first_doc = text.index("\n$ ipvsadm -Ln --json\n")
    for what, rx, repl in PERTURB:
        if "changing" in what:
            start = text.index("\n>>> after\n")
        elif what.startswith("1.31's --rate"):
            start = first_doc - 1
        else:
            start = first_doc
        m = re.compile(rx).search(text, start)
        if not m:
            print("self-test: %s: nothing to perturb (FAIL)" % what)
            ok = False
            continue
        if what.startswith("1.31's") and "--rate" not in what and "changing" not in what:
            bad = re.sub(rx, repl, text)
        else:
            bad = text[:m.start()] + repl(m) + text[m.end():]
        c, _ = check_text("self-test", bad, validators)
        caught = bool(c.errors)
        ok &= caught
        print("self-test: %s changed: %s%s" % (what, "caught" if caught else "NOT CAUGHT",
                                              (": " + c.errors[0][:160]) if caught else ""))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True, help="raw guest results: cases/ directory")
    ap.add_argument("--results", required=True, help="where compat-tests/run wrote its results")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--self-test", action="store_true",
                    help="also check that changed numbers in a copy of the output are caught")
    args = ap.parse_args()

    with open(args.schema) as f:
        schema = json.load(f)
    validators = make_validators(schema)
    total_n = total_o = total_docs = 0
    failed = 0
    cases = []
    for root, dirs, files in os.walk(args.raw):
        if os.path.basename(root) == "ours" and "stdout" in files:
            cases.append(os.path.relpath(os.path.dirname(root), args.raw))
    if not cases:
        print("json-proof: no case results under %s" % args.raw)
        return 1
    for cid in sorted(cases):
        raw = os.path.join(args.raw, cid, "ours", "stdout")
        dst = os.path.join(args.results, cid, "ours")
        os.makedirs(dst, exist_ok=True)
        shutil.copyfile(raw, os.path.join(dst, "stdout.raw"))
        with open(raw, encoding="utf-8", errors="replace") as f:
            text = f.read()
        c, ndocs = check_text(cid, text, validators)
        status = "FAIL" if c.errors else "PASS"
        failed += bool(c.errors)
        total_n += c.numbers
        total_o += c.others
        total_docs += ndocs
        text = "%s json-proof %s: %d documents, %d numbers and %d other fields compared with 1.31's views" \
            % (status, cid, ndocs, c.numbers, c.others)
        if c.errors:
            text += "\n" + "\n".join("  " + e for e in c.errors[:200])
            if len(c.errors) > 200:
                text += "\n  ... %d more" % (len(c.errors) - 200)
        print(text)
        with open(os.path.join(args.results, cid, "json-proof.txt"), "w") as f:
            f.write(text + "\n")
    if args.self_test:
        with open(os.path.join(args.raw, sorted(cases)[0], "ours", "stdout"), encoding="utf-8", errors="replace") as f:
            if not self_test(f.read(), validators):
                print("json-proof: self-test FAILED: the checker misses a changed value")
                failed += 1
    print("json-proof: %d case(s), %d documents valid against the schema (%s), %d numbers and %d other fields compared, %d case(s) failed"
          % (len(cases), total_docs, " and ".join(n for n, _ in validators), total_n, total_o, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
