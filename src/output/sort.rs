//! ipvsadm's listing order: glibc 2.36 `qsort` with libipvs's comparators.
//!
//! Design decisions: the comparators subtract unsigned values and read the
//! result as a C `int`, so they are not a total order (large addresses sort
//! before small ones) and the result depends on the exact algorithm. glibc
//! 2.36's qsort is a top-down merge sort (left half `n / 2`, ties to the
//! left), reproduced here. std's `sort_by` is stable too, which would be
//! enough for a total order, but on random dest tables under this comparator
//! it orders about four in ten differently and panics on as many ("does not
//! correctly implement a total order").

use crate::model::{Dest, Family, Service, ServiceKey};
use std::net::IpAddr;

/// Sort services as `ipvs_sort_services` does.
pub fn sort_services(s: &mut [Service]) {
    qsort(s, cmp_services);
}

/// Sort one service's dests as `ipvs_sort_dests` does.
pub fn sort_dests(d: &mut [Dest]) {
    qsort(d, cmp_dests);
}

/// The address as libipvs's `union nf_inet_addr` in host-order words; an
/// IPv4 address fills the first word and leaves the rest zero.
fn words(addr: &IpAddr) -> [u32; 4] {
    match addr {
        IpAddr::V4(a) => [u32::from(*a), 0, 0, 0],
        IpAddr::V6(a) => {
            let b = a.octets();
            let w = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            [w(0), w(4), w(8), w(12)]
        }
    }
}

/// `(int)(a - b)` on unsigned 32-bit values.
fn diff(a: u32, b: u32) -> i32 {
    a.wrapping_sub(b) as i32
}

/// Address step of both comparators: all four words when the *first* entry
/// is IPv6, else only the first word.
fn cmp_addr(a: &IpAddr, b: &IpAddr) -> i32 {
    let n = if a.is_ipv6() { 4 } else { 1 };
    words(a)
        .into_iter()
        .zip(words(b))
        .take(n)
        .map(|(x, y)| diff(x, y))
        .find(|r| *r != 0)
        .unwrap_or(0)
}

/// What libipvs keeps of a service for comparing: fwmark services have no
/// protocol, address or port (all zero).
fn svc_fields(s: &Service) -> (u32, IpAddr, u16, u16) {
    match s.key {
        ServiceKey::Addr { proto, addr, port } => (0, addr, proto.number(), port),
        ServiceKey::Fwmark { mark, family } => {
            let zero = match family {
                Family::Inet => IpAddr::from([0u8; 4]),
                Family::Inet6 => IpAddr::from([0u8; 16]),
            };
            (mark, zero, 0, 0)
        }
    }
}

fn cmp_services(a: &Service, b: &Service) -> i32 {
    let (mark_a, addr_a, proto_a, port_a) = svc_fields(a);
    let (mark_b, addr_b, proto_b, port_b) = svc_fields(b);
    // The first step that differs decides.
    [
        diff(mark_a, mark_b),
        i32::from(a.key.family().number()) - i32::from(b.key.family().number()),
        i32::from(proto_a) - i32::from(proto_b),
        cmp_addr(&addr_a, &addr_b),
        i32::from(port_a) - i32::from(port_b),
    ]
    .into_iter()
    .find(|r| *r != 0)
    .unwrap_or(0)
}

fn cmp_dests(a: &Dest, b: &Dest) -> i32 {
    match cmp_addr(&a.addr, &b.addr) {
        0 => i32::from(a.port) - i32::from(b.port),
        r => r,
    }
}

/// glibc's qsort. The merge sort orders indices and each element then moves
/// once: a step moves 4 bytes instead of a whole service with its strings
/// (glibc, too, sorts pointers when elements are large; the order is the same).
fn qsort<T>(v: &mut [T], cmp: fn(&T, &T) -> i32) {
    let mut order = stable_order(v.len(), &|i, j| cmp(&v[i as usize], &v[j as usize]));
    permute(v, &mut order);
}

/// The indices `0..len` in the order of `cmp` (negative: first argument
/// first), merge-sorted as glibc's qsort does; ties keep index order.
pub(crate) fn stable_order(len: usize, cmp: &dyn Fn(u32, u32) -> i32) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..len as u32).collect();
    let mut scratch = Vec::with_capacity(len);
    msort(&mut idx, &mut scratch, cmp);
    idx
}

/// Put `v[from[k]]` at position `k` for every `k`, in place: each cycle of
/// the permutation is followed once with swaps, so a 20,000-service table is
/// never copied. `from` is consumed (every entry ends up as its own index).
pub(crate) fn permute<T>(v: &mut [T], from: &mut [u32]) {
    for start in 0..from.len() {
        let mut k = start;
        // Entries already in place (or done) point at themselves.
        loop {
            let src = from[k] as usize;
            if src == k {
                break;
            }
            from[k] = k as u32;
            if src == start {
                break;
            }
            v.swap(k, src);
            k = src;
        }
    }
}

/// Top-down merge sort: the left half is `n / 2` long; ties (and any
/// `<= 0`) take the left. `scratch` is the merge buffer, shared by all levels.
fn msort(v: &mut [u32], scratch: &mut Vec<u32>, cmp: &dyn Fn(u32, u32) -> i32) {
    if v.len() <= 1 {
        return;
    }
    let (left, right) = v.split_at_mut(v.len() / 2);
    msort(left, scratch, cmp);
    msort(right, scratch, cmp);
    scratch.clear();
    let (mut l, mut r) = (0, 0);
    while l < left.len() && r < right.len() {
        if cmp(left[l], right[r]) <= 0 {
            scratch.push(left[l]);
            l += 1;
        } else {
            scratch.push(right[r]);
            r += 1;
        }
    }
    scratch.extend_from_slice(&left[l..]);
    scratch.extend_from_slice(&right[r..]);
    v.copy_from_slice(scratch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn dest(a: &str, port: u16) -> Dest {
        Dest::new(ip(a), port)
    }

    fn tcp(a: &str, port: u16) -> Service {
        Service::new(ServiceKey::Addr {
            proto: Protocol::Tcp,
            addr: ip(a),
            port,
        })
    }

    fn names(d: &[Dest]) -> Vec<String> {
        d.iter().map(|d| format!("{}:{}", d.addr, d.port)).collect()
    }

    #[test]
    fn dests_captured_order() {
        // Added as 10.0.0.5, 200.0.0.5, 150.0.0.5, 100.0.0.5, 10.0.0.5:70;
        // the kernel returns them newest first.
        let mut d = vec![
            dest("10.0.0.5", 70),
            dest("100.0.0.5", 80),
            dest("150.0.0.5", 80),
            dest("200.0.0.5", 80),
            dest("10.0.0.5", 80),
        ];
        sort_dests(&mut d);
        assert_eq!(
            names(&d),
            [
                "150.0.0.5:80",
                "200.0.0.5:80",
                "10.0.0.5:70",
                "10.0.0.5:80",
                "100.0.0.5:80"
            ]
        );
    }

    #[test]
    fn dest_comparator_wraps() {
        // 200.0.0.5 - 10.0.0.5 is >= 2^31, so it reads as negative.
        assert!(cmp_dests(&dest("200.0.0.5", 80), &dest("10.0.0.5", 80)) < 0);
        assert!(cmp_dests(&dest("100.0.0.5", 80), &dest("10.0.0.5", 80)) > 0);
        assert!(cmp_dests(&dest("10.0.0.5", 70), &dest("10.0.0.5", 80)) < 0);
        assert_eq!(cmp_dests(&dest("10.0.0.5", 80), &dest("10.0.0.5", 80)), 0);
    }

    fn svc_label(s: &Service) -> String {
        match s.key {
            ServiceKey::Addr { proto, addr, port } => format!("{proto:?} {addr} {port}"),
            ServiceKey::Fwmark { mark, .. } => format!("FWM {mark}"),
        }
    }

    #[test]
    fn services_captured_order() {
        let fwm = |mark| {
            Service::new(ServiceKey::Fwmark {
                mark,
                family: Family::Inet,
            })
        };
        let udp = Service::new(ServiceKey::Addr {
            proto: Protocol::Udp,
            addr: ip("10.0.0.1"),
            port: 80,
        });
        let expected = [
            "FWM 3000000000",
            "Tcp 10.0.0.1 70",
            "Tcp 10.0.0.1 80",
            "Tcp 100.0.0.1 80",
            "Tcp 150.0.0.1 80",
            "Tcp 200.0.0.1 80",
            "Udp 10.0.0.1 80",
            "Tcp fd00::1 80",
            "Tcp ff00::1 80",
            "Tcp ::1 80",
            "FWM 5",
            "FWM 100",
        ];
        // The kernel's hash order is not known (it mixes in a pointer); this
        // input, with the TCP/IPv4 group newest first, reproduces the capture.
        let input = |g: [(&str, u16); 5]| {
            vec![
                tcp(g[0].0, g[0].1),
                tcp(g[1].0, g[1].1),
                udp.clone(),
                tcp("::1", 80),
                tcp(g[2].0, g[2].1),
                tcp("fd00::1", 80),
                tcp(g[3].0, g[3].1),
                tcp(g[4].0, g[4].1),
                tcp("ff00::1", 80),
                fwm(5),
                fwm(100),
                fwm(3_000_000_000),
            ]
        };
        let mut a = input([
            ("200.0.0.1", 80),
            ("150.0.0.1", 80),
            ("100.0.0.1", 80),
            ("10.0.0.1", 80),
            ("10.0.0.1", 70),
        ]);
        sort_services(&mut a);
        assert_eq!(a.iter().map(svc_label).collect::<Vec<_>>(), expected);
        // The order is not total (10 < 100 < 150 < 200 < 10 under the
        // wrapping comparator), so another input order gives another result.
        let mut b = input([
            ("10.0.0.1", 70),
            ("10.0.0.1", 80),
            ("100.0.0.1", 80),
            ("150.0.0.1", 80),
            ("200.0.0.1", 80),
        ]);
        sort_services(&mut b);
        assert_eq!(
            b.iter().map(svc_label).skip(1).take(5).collect::<Vec<_>>(),
            [
                "Tcp 150.0.0.1 80",
                "Tcp 200.0.0.1 80",
                "Tcp 10.0.0.1 70",
                "Tcp 10.0.0.1 80",
                "Tcp 100.0.0.1 80"
            ]
        );
    }

    #[test]
    fn services_second_captured_order() {
        let addrs = [
            "127.0.0.1",
            "10.0.0.100",
            "0.0.0.1",
            "255.255.255.255",
            "1.2.0.3",
            "224.0.0.1",
            "10.0.0.1",
            "0.0.0.0",
        ];
        let mut s: Vec<Service> = addrs.iter().map(|a| tcp(a, 80)).collect();
        sort_services(&mut s);
        let got: Vec<String> = s
            .iter()
            .map(|s| match s.key {
                ServiceKey::Addr { addr, .. } => addr.to_string(),
                ServiceKey::Fwmark { .. } => String::new(),
            })
            .collect();
        assert_eq!(
            got,
            [
                "224.0.0.1",
                "255.255.255.255",
                "0.0.0.0",
                "0.0.0.1",
                "1.2.0.3",
                "10.0.0.1",
                "10.0.0.100",
                "127.0.0.1"
            ]
        );
    }

    #[test]
    fn merge_is_stable_and_takes_left_on_ties() {
        let v = [(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        let mut idx = [0, 1, 2, 3];
        msort(&mut idx, &mut Vec::new(), &|i: u32, j: u32| {
            v[i as usize].0 - v[j as usize].0
        });
        assert_eq!(idx, [1, 3, 0, 2]);
    }

    /// glibc's merge sort written directly on the elements, a fresh buffer
    /// per merge. The index sort must order exactly as it does, also under
    /// the non-transitive comparator.
    fn msort_model(v: &mut [Dest]) {
        if v.len() <= 1 {
            return;
        }
        let n1 = v.len() / 2;
        let (left, right) = v.split_at_mut(n1);
        msort_model(left);
        msort_model(right);
        let mut merged = Vec::new();
        let (mut l, mut r) = (0, 0);
        while l < left.len() && r < right.len() {
            if cmp_dests(&left[l], &right[r]) <= 0 {
                merged.push(left[l].clone());
                l += 1;
            } else {
                merged.push(right[r].clone());
                r += 1;
            }
        }
        merged.extend_from_slice(&left[l..]);
        merged.extend_from_slice(&right[r..]);
        v.clone_from_slice(&merged);
    }

    #[test]
    fn index_sort_orders_as_the_element_sort() {
        // A fixed pseudo-random stream (xorshift): addresses over the whole
        // range, so the wrapping comparator's cycles occur, a few IPv6 ones,
        // and repeated ports.
        let mut rng = crate::testing::XorShift(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.next_u64();
        for len in 0..40 {
            for _ in 0..25 {
                let d: Vec<Dest> = (0..len)
                    .map(|_| {
                        let r = next();
                        let addr = if r % 7 == 0 {
                            IpAddr::from(std::net::Ipv6Addr::from(
                                u128::from(r >> 8) << 64 | u128::from(r & 0xff),
                            ))
                        } else {
                            IpAddr::from(((r >> 16) as u32).to_be_bytes())
                        };
                        Dest::new(addr, (r % 3) as u16 + 80)
                    })
                    .collect();
                let mut want = d.clone();
                msort_model(&mut want);
                let mut got = d;
                sort_dests(&mut got);
                assert_eq!(names(&got), names(&want));
            }
        }
    }

    #[test]
    fn msort_split_matters_for_non_transitive_order() {
        // Three IPv4 dests forming a cycle under the wrapping comparator:
        // 0 < 100.0.0.0 < 200.0.0.0 < 0 (mod 2^32, as int). The result is
        // fixed by glibc's split (1 | 2): [a] vs sort([b, c]).
        let a = dest("0.0.0.0", 0);
        let b = dest("100.0.0.0", 0);
        let c = dest("200.0.0.0", 0);
        let mut d = vec![a, b, c];
        sort_dests(&mut d);
        // sort([b, c]) = [b, c]; merge a vs b: a <= b -> a; a gone -> [a, b, c].
        assert_eq!(names(&d), ["0.0.0.0:0", "100.0.0.0:0", "200.0.0.0:0"]);
        let mut d = vec![
            dest("200.0.0.0", 0),
            dest("0.0.0.0", 0),
            dest("100.0.0.0", 0),
        ];
        sort_dests(&mut d);
        // [c] vs sort([a, b]) = [a, b]: c vs a: 200.0.0.0 - 0 < 0 -> c first.
        assert_eq!(names(&d), ["200.0.0.0:0", "0.0.0.0:0", "100.0.0.0:0"]);
    }

    #[test]
    fn ipv6_first_compares_all_words() {
        // IPv6 dest vs IPv4 dest: the IPv4 address sits in word 0, rest zero.
        assert!(cmp_dests(&dest("::1", 80), &dest("0.0.0.0", 80)) > 0);
        // IPv4 first: only word 0 compared (0 vs 0 for ::1), then port.
        assert_eq!(cmp_dests(&dest("0.0.0.0", 80), &dest("::1", 80)), 0);
    }

    #[test]
    fn permute_applies_every_cycle_in_place() {
        // from[k] = where slot k takes its element from.
        for from in [
            vec![2, 0, 1],
            vec![0, 1, 2],
            vec![1, 0, 3, 2],
            vec![4, 3, 2, 1, 0],
            vec![1, 2, 3, 4, 0],
        ] {
            let v0: Vec<char> = "abcde".chars().take(from.len()).collect();
            let want: Vec<char> = from.iter().map(|&i| v0[i as usize]).collect();
            let mut v = v0.clone();
            let mut f = from.clone();
            permute(&mut v, &mut f);
            assert_eq!(v, want, "from {from:?}");
        }
    }
}
