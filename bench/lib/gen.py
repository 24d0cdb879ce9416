#!/usr/bin/env python3
"""bench/lib/gen.py — generate the benchmark workload for one size.

    gen.py SIZE OUTDIR

Writes OUTDIR/rules.SIZE (the table in `ipvsadm -S -n` format, the input of
`ipvsadm -R`), OUTDIR/hosts.SIZE (the guest's /etc/hosts for that size: the
base entries plus one name per virtual address) and OUTDIR/udp.SIZE (the
UDP virtual services, ADDR:PORT, one per line: targets of the generated
connections).

Service i (0-based) is, by i % 10:
  0-5  TCP, IPv4 VIP 10.100.0.0/16 + i + 1, port from a list of named ports
  6-7  UDP, IPv4 VIP (same range), port 53 or 123
  8    fwmark i + 1 (IPv4 real servers)
  9    TCP, IPv6 VIP fd00:100::/64 + i + 1
Schedulers cycle over rr wrr wlc lc; persistence (-p 300) on every third
service (i % 3 == 1), a third of those with -M 255.255.255.0 (not IPv6).
Every service has 4 real servers, masquerading (-m), distinct addresses
(IPv4 10.128.0.0/15 or IPv6 fd00:200::/64 + serial), ports 8000-8003,
weights 1-4.
"""
import ipaddress
import sys

TCP_PORTS = [80, 443, 8080, 25, 110, 3306]
SCHEDS = ["rr", "wrr", "wlc", "lc"]

BASE_HOSTS = """127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
10.0.0.2 rs2.example
10.0.0.100 vip.example
fd00::2 rs6.example
10.0.0.50 client.example
"""


def v4(base, n):
    return str(ipaddress.IPv4Address(int(ipaddress.IPv4Address(base)) + n))


def v6(base, n):
    return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address(base)) + n))


def main():
    size = int(sys.argv[1])
    out = sys.argv[2]
    rules, hosts, udp = [], [BASE_HOSTS], []
    rs_serial = 0
    for i in range(size):
        kind = i % 10
        sched = SCHEDS[i % len(SCHEDS)]
        opts = f"-s {sched}"
        if i % 3 == 1:
            opts += " -p 300"
            if kind != 9 and i % 9 == 7:
                opts += " -M 255.255.255.0"
        six = kind == 9
        if kind <= 5:
            vip = v4("10.100.0.0", i + 1)
            svc = f"-t {vip}:{TCP_PORTS[i % len(TCP_PORTS)]}"
            hosts.append(f"{vip} svc{i}.bench.example\n")
        elif kind <= 7:
            vip = v4("10.100.0.0", i + 1)
            port = 53 if kind == 6 else 123
            svc = f"-u {vip}:{port}"
            hosts.append(f"{vip} svc{i}.bench.example\n")
            udp.append(f"{vip}:{port}\n")
        elif kind == 8:
            svc = f"-f {i + 1}"
        else:
            vip = v6("fd00:100::", i + 1)
            svc = f"-t [{vip}]:{TCP_PORTS[i % len(TCP_PORTS)]}"
            hosts.append(f"{vip} svc{i}.bench.example\n")
        rules.append(f"-A {svc} {opts}\n")
        for j in range(4):
            if six:
                rs = f"[{v6('fd00:200::', rs_serial + 1)}]"
            else:
                rs = v4("10.128.0.0", rs_serial + 1)
            rs_serial += 1
            rules.append(f"-a {svc} -r {rs}:{8000 + j} -m -w {j + 1}\n")
    with open(f"{out}/rules.{size}", "w") as f:
        f.writelines(rules)
    with open(f"{out}/hosts.{size}", "w") as f:
        f.writelines(hosts)
    with open(f"{out}/udp.{size}", "w") as f:
        f.writelines(udp)


if __name__ == "__main__":
    main()
