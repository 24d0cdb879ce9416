//! The `-h` usage text and the `-v` version line, byte for byte as 1.31
//! prints them (including the wrong "default=255" for syncid).

/// The first line of `-h`, as 1.31 prints it (and as 1.31's `-v` does).
pub const VERSION_LINE: &str = "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)";

/// What our `-v` prints (without the newline). Divergence `version`: the
/// first three words stay 1.31's, so scripts that check for `v1.31` keep
/// working; the parenthesis names this project and its version.
pub fn version_line() -> String {
    format!(
        "ipvsadm v1.31 2019/12/24 (ipvsadm-rs {}, generic netlink, IPVS v1.2.1)",
        env!("CARGO_PKG_VERSION")
    )
}

/// Usage body after the version line; `PROG` stands for `argv[0]`.
const USAGE: &str = r#"Usage:
  PROG -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]
  PROG -D virtual-service
  PROG -C
  PROG -R
  PROG -S [-n]
  PROG -a|e virtual-service -r server-address [options]
  PROG -d virtual-service -r server-address
  PROG -L|l [virtual-service] [options]
  PROG -Z [virtual-service]
  PROG --set tcp tcpfin udp
  PROG --start-daemon {master|backup} [daemon-options]
  PROG --stop-daemon {master|backup}
  PROG -h

Commands:
Either long or short options are allowed.
  --add-service     -A        add virtual service with options
  --edit-service    -E        edit virtual service with options
  --delete-service  -D        delete virtual service
  --clear           -C        clear the whole table
  --restore         -R        restore rules from stdin
  --save            -S        save rules to stdout
  --add-server      -a        add real server with options
  --edit-server     -e        edit real server with options
  --delete-server   -d        delete real server
  --list            -L|-l     list the table
  --zero            -Z        zero counters in a service or all services
  --set tcp tcpfin udp        set connection timeout values
  --start-daemon              start connection sync daemon
  --stop-daemon               stop connection sync daemon
  --help            -h        display this help message

virtual-service:
  --tcp-service|-t  service-address   service-address is host[:port]
  --udp-service|-u  service-address   service-address is host[:port]
  --sctp-service    service-address   service-address is host[:port]
  --fwmark-service|-f fwmark          fwmark is an integer greater than zero

Options:
  --ipv6         -6                   fwmark entry uses IPv6
  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,
                                      the default scheduler is wlc.
  --pe            engine              alternate persistence engine may be sip,
                                      not set by default.
  --persistent   -p [timeout]         persistent service
  --netmask      -M netmask           persistent granularity mask
  --real-server  -r server-address    server-address is host (and port)
  --gatewaying   -g                   gatewaying (direct routing) (default)
  --ipip         -i                   ipip encapsulation (tunneling)
  --masquerading -m                   masquerading (NAT)
  --tun-type      type                one of ipip|gue|gre,
                                      the default tunnel type is ipip.
  --tun-port      port                tunnel destination port
  --tun-nocsum                        tunnel encapsulation without checksum
  --tun-csum                          tunnel encapsulation with checksum
  --tun-remcsum                       tunnel encapsulation with remote checksum
  --weight       -w weight            capacity of real server
  --u-threshold  -x uthreshold        upper threshold of connections
  --l-threshold  -y lthreshold        lower threshold of connections
  --connection   -c                   output of current IPVS connections
  --timeout                           output of timeout (tcp tcpfin udp)
  --daemon                            output of daemon information
  --stats                             output of statistics information
  --rate                              output of rate information
  --exact                             expand numbers (display exact values)
  --thresholds                        output of thresholds information
  --persistent-conn                   output of persistent connection info
  --tun-info                          output of tunnel information
  --nosort                            disable sorting output of service/server entries
  --sort                              does nothing, for backwards compatibility
  --ops          -o                   one-packet scheduling
  --numeric      -n                   numeric output of addresses and ports
  --sched-flags  -b flags             scheduler flags (comma-separated)
Daemon Options:
  --syncid sid                        syncid for connection sync (default=255)
  --sync-maxlen length                Max sync message length (default=1472)
  --mcast-interface interface         multicast interface for connection sync
  --mcast-group address               IPv4/IPv6 group (default=224.0.0.81)
  --mcast-port port                   UDP port (default=8848)
  --mcast-ttl ttl                     Multicast TTL (default=1)
"#;

/// The full `-h` output for `argv[0]` `prog` (ends with a newline).
pub fn help_text(prog: &str) -> String {
    let mut out = String::with_capacity(VERSION_LINE.len() + USAGE.len() + 16 * prog.len());
    out.push_str(VERSION_LINE);
    out.push('\n');
    out.push_str(&USAGE.replace("PROG", prog));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_4645_bytes_for_ipvsadm() {
        assert_eq!(help_text("ipvsadm").len(), 4645);
    }

    #[test]
    fn help_substitutes_prog_in_all_13_usage_lines() {
        let text = help_text("/sbin/ipvsadm");
        assert_eq!(text.matches("/sbin/ipvsadm").count(), 13);
        assert_eq!(text.len(), 4645 + 13 * "/sbin/".len());
        assert!(
            text.contains("\n  /sbin/ipvsadm --start-daemon {master|backup} [daemon-options]\n")
        );
    }

    #[test]
    fn help_starts_with_version_and_ends_with_newline() {
        let text = help_text("ipvsadm");
        assert!(text.starts_with("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\nUsage:\n  ipvsadm -A|E virtual-service"));
        assert!(text.ends_with("  --mcast-ttl ttl                     Multicast TTL (default=1)\n"));
        assert!(!text.lines().any(|l| l.ends_with(' ')));
    }

    #[test]
    fn help_has_blank_lines_where_1_31_has_them() {
        let text = help_text("ipvsadm");
        assert!(text.contains("  ipvsadm -h\n\nCommands:\n"));
        assert!(text.contains(
            "  --help            -h        display this help message\n\nvirtual-service:\n"
        ));
        assert!(text.contains("fwmark is an integer greater than zero\n\nOptions:\n"));
        assert!(text.contains("scheduler flags (comma-separated)\nDaemon Options:\n"));
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;

    #[test]
    fn version_keeps_1_31s_first_words_and_names_us() {
        let line = version_line();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(&words[..3], ["ipvsadm", "v1.31", "2019/12/24"]);
        assert!(line.contains(&format!("ipvsadm-rs {}", env!("CARGO_PKG_VERSION"))));
        assert!(line.ends_with("IPVS v1.2.1)"));
    }
}
