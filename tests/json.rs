//! `--json` against its schema (schema/ipvsadm.schema.json): documents of a
//! table with every kind of service, real server and daemon, made by the
//! in-memory kernel, are validated; the schema's keys and the documents'
//! must be the same set, so a change to the output without a change to the
//! schema fails here; one small document is pinned in full.
//!
//! The validator is the few lines below rather than a JSON Schema crate:
//! the schema uses a small set of keywords (`type`, `properties`,
//! `required`, `additionalProperties`, `items`, `enum`, `const`,
//! `minimum`, `maximum`, local `$ref`), a test checks that it uses no
//! other, and a full validator would bring a regex engine and dozens of
//! crates into every build of the tests for keywords this schema does not
//! use. The schema stays standard (draft 2020-12): any validator reads it.

use super::inprocess::World;
use ipvsadm::model::{FwdMethod, Protocol, ServiceKey, TunType};
use serde_json::Value;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};

const SCHEMA_TEXT: &str = include_str!("../schema/ipvsadm.schema.json");

fn schema() -> Value {
    serde_json::from_str(SCHEMA_TEXT).expect("the schema is JSON")
}

/// Every keyword the validator knows; annotations are accepted and unused.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "minimum",
    "maximum",
];

/// The schema a local `$ref` (`#/$defs/NAME`) names.
fn resolve<'s>(root: &'s Value, reference: &str) -> &'s Value {
    let name = reference
        .strip_prefix("#/$defs/")
        .unwrap_or_else(|| panic!("not a local $ref: {reference}"));
    &root["$defs"][name]
}

fn type_matches(name: &str, v: &Value) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn as_i128(v: &Value) -> Option<i128> {
    v.as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from))
}

/// Validate `v` against `schema` (inside `root`), collecting errors with
/// their paths.
fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let mut fail = |what: String| errors.push(format!("{path}: {what}"));
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        validate(root, resolve(root, reference), v, path, errors);
        // Siblings of `$ref` apply too (draft 2020-12); here they are annotations.
        return validate_rest(root, schema, v, path, errors);
    }
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(name) => type_matches(name, v),
            Value::Array(names) => names
                .iter()
                .any(|n| type_matches(n.as_str().unwrap_or(""), v)),
            _ => panic!("bad type keyword at {path}"),
        };
        if !ok {
            fail(format!("{v} is not of type {t}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(v) {
            fail(format!("{v} is not one of {allowed:?}"));
        }
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            fail(format!("{v} is not {c}"));
        }
    }
    if let Some(n) = as_i128(v) {
        if let Some(min) = schema.get("minimum").and_then(as_i128) {
            if n < min {
                fail(format!("{n} < minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(as_i128) {
            if n > max {
                fail(format!("{n} > maximum {max}"));
            }
        }
    }
    validate_rest(root, schema, v, path, errors);
}

/// The keywords about an object's members and an array's items.
fn validate_rest(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if !obj.contains_key(key) {
                    errors.push(format!("{path}: required key {key} missing"));
                }
            }
        }
        for (key, member) in obj {
            let at = format!("{path}.{key}");
            match (
                props.and_then(|p| p.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(sub), _) => validate(root, sub, member, &at, errors),
                (None, Some(Value::Bool(false))) => {
                    errors.push(format!("{at}: not allowed (additionalProperties false)"))
                }
                (None, Some(sub @ Value::Object(_))) => validate(root, sub, member, &at, errors),
                (None, _) => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), v.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(root, items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn assert_valid(doc: &Value) {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, doc, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

/// Every keyword the schema uses is one the validator knows, and every
/// object has `additionalProperties` (false, or a schema for a map).
#[test]
fn the_schema_uses_only_keywords_the_validator_knows() {
    fn walk(s: &Value, path: &str) {
        let obj = s
            .as_object()
            .unwrap_or_else(|| panic!("{path}: not an object"));
        for (key, sub) in obj {
            assert!(KEYWORDS.contains(&key.as_str()), "{path}: keyword {key}");
            match key.as_str() {
                "properties" | "$defs" => {
                    for (name, member) in sub.as_object().unwrap() {
                        walk(member, &format!("{path}.{key}.{name}"));
                    }
                }
                "items" => walk(sub, &format!("{path}[]")),
                "additionalProperties" if sub.is_object() => walk(sub, &format!("{path}.*")),
                _ => {}
            }
        }
        let is_object = obj.get("type") == Some(&Value::String("object".into()));
        if is_object {
            assert!(
                obj.contains_key("additionalProperties"),
                "{path}: open object"
            );
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            assert_eq!(obj.get("additionalProperties"), Some(&Value::Bool(false)));
            for key in obj["required"].as_array().unwrap() {
                assert!(props.contains_key(key.as_str().unwrap()), "{path}: {key}");
            }
        }
    }
    walk(&schema(), "$");
}

#[test]
fn the_schema_names_the_version_the_documents_carry() {
    let s = schema();
    assert_eq!(
        s["properties"]["schema"]["const"],
        ipvsadm::output::json::SCHEMA
    );
    let version = ipvsadm::output::json::SCHEMA.rsplit('/').next().unwrap();
    assert_eq!(s["$id"], format!("urn:ipvsadm-rs:schema:{version}"));
}

/// The key paths the schema allows (`[]` for array items, `*` for a map's
/// keys).
fn schema_paths(root: &Value, s: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    let s = match s.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(root, r),
        None => s,
    };
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (key, sub) in props {
            let path = format!("{prefix}.{key}");
            out.insert(path.clone());
            schema_paths(root, sub, &path, out);
        }
    } else if let Some(sub @ Value::Object(_)) = s.get("additionalProperties") {
        let path = format!("{prefix}.*");
        out.insert(path.clone());
        schema_paths(root, sub, &path, out);
    }
    if let Some(items) = s.get("items") {
        schema_paths(root, items, &format!("{prefix}[]"), out);
    }
}

/// The key paths of a document, in `schema_paths`' terms.
fn doc_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(obj) => {
            for (key, member) in obj {
                let key = if prefix == "$.sysctls" { "*" } else { key };
                let path = format!("{prefix}.{key}");
                out.insert(path.clone());
                doc_paths(member, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                doc_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

const CONN_HEADER: &str =
    "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n";

/// A table with every kind of service, real server and daemon, the
/// sysctls and a connection table.
fn full_world() -> World {
    let mut w = World::new();
    w.kernel.set_pe_names(vec!["sip".to_string()]);
    for line in [
        "ipvsadm -A -t 10.0.0.100:80 -s rr",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2:80 -m -w 3 -x 100 -y 10",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3:8080 -g -w 0",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.4 -i --tun-type gue --tun-port 6080 --tun-csum",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5 -i --tun-type gue --tun-port 6081 --tun-remcsum",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.8 -i --tun-type gre --tun-csum",
        "ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.6 -i",
        "ipvsadm -A -u 10.0.0.100:53 -s sh -b sh-fallback,sh-port -p 600 -M 255.255.255.0",
        "ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2:53 -m",
        "ipvsadm -A -u 10.0.0.101:5060 -p 300 --pe sip -o",
        "ipvsadm -A --sctp-service 10.0.0.100:3868 -s mh -b mh-port",
        "ipvsadm -a --sctp-service 10.0.0.100:3868 -r 10.0.0.2 -g",
        "ipvsadm -A -t [fd00::100]:443 -s wlc -p 60 -M 64",
        "ipvsadm -a -t [fd00::100]:443 -r [fd00::2]:443 -m",
        "ipvsadm -A -f 7 -s lc",
        "ipvsadm -a -f 7 -r 10.0.0.7 -g",
        "ipvsadm -A -f 8 -6 -s wrr",
        "ipvsadm -a -f 8 -6 -r fd00::8 -g",
        "ipvsadm --start-daemon master --mcast-interface eth0 --syncid 5 --sync-maxlen 1400 --mcast-group 224.0.0.81 --mcast-port 8848 --mcast-ttl 2",
        "ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 6",
    ] {
        w.ok(line);
    }
    // What only the kernel sets: counters and rates, connection counts,
    // local forwarding, and numbers this version has no name for.
    for (svc, dests) in w.kernel.table_mut() {
        // A real server of the other family (the kernel allows it for
        // tunnels, without sync daemons).
        if let ServiceKey::Fwmark { mark: 7, .. } = svc.key {
            let mut v6 = dests[0].clone();
            v6.addr = "fd00::9".parse().unwrap();
            v6.fwd = FwdMethod::Tunnel;
            v6.tun_type = TunType::Gre;
            dests.push(v6);
        }
        if let ServiceKey::Addr { port: 80, .. } = svc.key {
            svc.stats.conns = 12_345_678_901;
            svc.stats.inbytes = u64::MAX;
            svc.stats.outpps = 7;
            let rs2 = dests
                .iter_mut()
                .find(|d| d.addr == IpAddr::V4(Ipv4Addr::new(10, 0, 0, 2)))
                .unwrap();
            rs2.stats.outbytes = 9_876_543_210_123;
            rs2.stats.inbps = 1_234_567;
            rs2.active_conns = 11;
            rs2.inact_conns = 22;
            rs2.persist_conns = 33;
            let mut odd = rs2.clone();
            odd.addr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
            odd.fwd = FwdMethod::Local;
            dests.push(odd.clone());
            odd.addr = IpAddr::V4(Ipv4Addr::new(10, 0, 0, 99));
            odd.fwd = FwdMethod::Other(5);
            odd.tun_type = TunType::Other(9);
            dests.push(odd);
        }
    }
    let mut other = w.kernel.table()[0].clone();
    other.0.key = ServiceKey::Addr {
        proto: Protocol::Other(99),
        addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 102)),
        port: 1,
    };
    other.0.flags |= 1 << 20;
    w.kernel.table_mut().push(other);
    w.platform.sysctls = vec![
        ("am_droprate".into(), "10\n".into()),
        ("est_cpulist".into(), "0-1\n".into()),
        ("sync_threshold".into(), "3\t50\n".into()),
    ];
    w.platform.conns = Some(format!(
        "{CONN_HEADER}\
TCP 0A000032 8CB8 0A000064 0050 0A000002 0050 ESTABLISHED    899\n\
UDP 0A000032 0035 0A000065 13C4 0A000002 13C4 UDP            299 sip 1234@client\n\
TCP fd00:0000:0000:0000:0000:0000:0000:0050 C350 fd00:0000:0000:0000:0000:0000:0000:0100 01BB fd00:0000:0000:0000:0000:0000:0000:0002 01BB SYN_RECV        59\n\
IP  0A000032 0000 0A000064 0000 0A000007 0000 NONE           360\n"
    ));
    w
}

fn json(w: &mut World, line: &str) -> Value {
    let o = w.run(line);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{line}");
    assert!(o.stdout.ends_with("}\n"), "{line}");
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{line}: {e}\n{}", o.stdout))
}

#[test]
fn every_listing_validates_and_together_they_use_every_key_of_the_schema() {
    let mut w = full_world();
    let root = schema();
    let mut allowed = BTreeSet::new();
    schema_paths(&root, &root, "$", &mut allowed);
    let mut seen = BTreeSet::new();
    for line in [
        "ipvsadm -L --json",
        "ipvsadm -Ln --json",
        "ipvsadm -Lc --json",
        "ipvsadm -Lnc --json",
        "ipvsadm -L --timeout --json",
        "ipvsadm -L --daemon --json",
        "ipvsadm -L -t 10.0.0.100:80 --json",
        "ipvsadm -L -f 8 -6 --json",
    ] {
        let doc = json(&mut w, line);
        assert_valid(&doc);
        assert_eq!(doc["schema"], "ipvsadm-rs/1", "{line}");
        let mut paths = BTreeSet::new();
        doc_paths(&doc, "$", &mut paths);
        let extra: Vec<_> = paths.difference(&allowed).collect();
        assert!(
            extra.is_empty(),
            "{line}: keys outside the schema: {extra:?}"
        );
        seen.extend(paths);
    }
    let unused: Vec<_> = allowed.difference(&seen).collect();
    assert!(unused.is_empty(), "schema keys no document has: {unused:?}");
}

#[test]
fn the_document_holds_what_the_kernel_reports() {
    let mut w = full_world();
    let doc = json(&mut w, "ipvsadm -L --json");
    assert_eq!(
        doc["ipvs"],
        serde_json::json!({"version": "1.2.1", "version_code": 66049, "conn_tab_size": 4096})
    );
    assert_eq!(
        doc["sysctls"],
        serde_json::json!({"am_droprate": 10, "est_cpulist": "0-1", "sync_threshold": "3\t50"})
    );
    let services = doc["services"].as_array().unwrap();
    let find = |f: &dyn Fn(&Value) -> bool| services.iter().find(|s| f(s)).unwrap().clone();
    let http = find(&|s| s["port"] == 80);
    assert_eq!(http["host"], "vip.example");
    assert_eq!(http["port_name"], "http");
    assert_eq!(http["address"], "10.0.0.100");
    assert_eq!(http["stats"]["connections"], 12_345_678_901u64);
    assert_eq!(http["stats"]["bytes_in"], u64::MAX);
    assert_eq!(http["rates"]["packets_out"], 7);
    let rs = &http["real_servers"];
    let rs2 = rs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["address"] == "10.0.0.2")
        .unwrap();
    assert_eq!(rs2["host"], "rs2.example");
    assert_eq!(rs2["forwarding"], "masq");
    assert_eq!(
        (rs2["weight"].clone(), rs2["upper_threshold"].clone()),
        (3.into(), 100.into())
    );
    assert_eq!(rs2["stats"]["bytes_out"], 9_876_543_210_123u64);
    assert_eq!(rs2["persistent_connections"], 33);
    let by_addr = |a: &str| {
        rs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["address"] == a)
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_addr("10.0.0.4")["tunnel"],
        serde_json::json!({"type": "gue", "type_code": 1, "port": 6080, "flags": 1, "checksum": "csum"})
    );
    assert_eq!(by_addr("10.0.0.5")["tunnel"]["checksum"], "remcsum");
    assert_eq!(by_addr("127.0.0.1")["forwarding"], "local");
    assert_eq!(by_addr("10.0.0.99")["forwarding"], Value::Null);
    assert_eq!(by_addr("10.0.0.99")["forwarding_code"], 5);
    assert_eq!(by_addr("10.0.0.99")["tunnel"]["type"], Value::Null);

    let dns = find(&|s| s["port"] == 53);
    assert_eq!(
        dns["flag_names"],
        serde_json::json!(["persistent", "hashed", "sh-fallback", "sh-port"])
    );
    assert_eq!(
        (dns["persistence_timeout"].clone(), dns["netmask"].clone()),
        (600.into(), "255.255.255.0".into())
    );
    let sip = find(&|s| s["port"] == 5060);
    assert_eq!(
        (sip["pe"].clone(), sip["one_packet"].clone()),
        ("sip".into(), true.into())
    );
    let v6 = find(&|s| s["family"] == "ipv6" && s["port"] == 443);
    assert_eq!(
        (v6["prefix_length"].clone(), v6["netmask"].clone()),
        (64.into(), Value::Null)
    );
    let fwm = find(&|s| s["fwmark"] == 8);
    assert_eq!(
        (
            fwm["protocol"].clone(),
            fwm["address"].clone(),
            fwm["family"].clone()
        ),
        (Value::Null, Value::Null, "ipv6".into())
    );
    let other = find(&|s| s["protocol_number"] == 99);
    assert_eq!(other["protocol"], Value::Null);
    assert_eq!(other["flag_names"], serde_json::json!(["hashed", "bit-20"]));

    let daemons = doc["daemons"].as_array().unwrap();
    assert_eq!(daemons.len(), 2);
    let master = daemons.iter().find(|d| d["state"] == "master").unwrap();
    assert_eq!(
        (
            master["mcast_group"].clone(),
            master["mcast_port"].clone(),
            master["mcast_ttl"].clone()
        ),
        ("224.0.0.81".into(), 8848.into(), 2.into())
    );
    assert_eq!(master["sync_maxlen"], 1400);
}

#[test]
fn connections_are_the_entries_as_the_table_gives_them() {
    let mut w = full_world();
    let doc = json(&mut w, "ipvsadm -Lc --json");
    let conns = doc["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 4);
    assert_eq!(
        conns[0],
        serde_json::json!({
            "protocol": "TCP",
            "client": {"family": "ipv4", "address": "10.0.0.50", "port": 36024, "host": "client.example"},
            "virtual": {"family": "ipv4", "address": "10.0.0.100", "port": 80, "host": "vip.example", "port_name": "http"},
            "destination": {"family": "ipv4", "address": "10.0.0.2", "port": 80, "host": "rs2.example", "port_name": "http"},
            "state": "ESTABLISHED",
            "expires": 899,
            "pe_name": null,
            "pe_data": null
        })
    );
    assert_eq!(
        (conns[1]["pe_name"].clone(), conns[1]["pe_data"].clone()),
        ("sip".into(), "1234@client".into())
    );
    assert_eq!(conns[1]["client"]["port_name"], "domain");
    assert_eq!(conns[2]["client"]["address"], "fd00::50");
    assert_eq!(conns[2]["client"]["family"], "ipv6");
    assert_eq!(conns[3]["protocol"], "IP");
    // Without names, only numbers.
    let doc = json(&mut w, "ipvsadm -Lnc --json");
    assert_eq!(
        doc["connections"][0]["virtual"],
        serde_json::json!({"family": "ipv4", "address": "10.0.0.100", "port": 80})
    );
}

/// `-n` leaves out the names and nothing else; the view options change
/// nothing; `--nosort` changes only the order.
#[test]
fn view_options_are_accepted_and_change_nothing() {
    let mut w = full_world();
    let named = w.run("ipvsadm -L --json").stdout;
    let numeric = w.run("ipvsadm -Ln --json").stdout;
    assert_ne!(named, numeric);
    // The same document once the names are added to the numeric one.
    let a: Value = serde_json::from_str(&named).unwrap();
    let mut b: Value = serde_json::from_str(&numeric).unwrap();
    fn add_names(from: &Value, to: &mut Value) {
        match (from, to) {
            (Value::Object(f), Value::Object(t)) => {
                for (k, v) in f {
                    match t.get_mut(k) {
                        Some(tv) => add_names(v, tv),
                        None => {
                            assert!(k == "host" || k == "port_name", "{k}");
                            t.insert(k.clone(), v.clone());
                        }
                    }
                }
            }
            (Value::Array(f), Value::Array(t)) => {
                for (fv, tv) in f.iter().zip(t) {
                    add_names(fv, tv);
                }
            }
            _ => {}
        }
    }
    add_names(&a, &mut b);
    assert_eq!(a, b);
    for options in [
        "--stats",
        "--rate",
        "--exact",
        "-X",
        "--thresholds",
        "--persistent-conn",
        "--tun-info",
        "--timeout",
        "--daemon",
        "--sort",
        "--stats --exact --sort",
    ] {
        let o = w.run(&format!("ipvsadm -Ln {options} --json"));
        assert_eq!((o.code, o.stderr.as_str()), (0, ""), "{options}");
        assert_eq!(o.stdout, numeric, "{options}");
    }
    let with_conns = w.run("ipvsadm -Lnc --json").stdout;
    let o = w.run("ipvsadm -Lnc --persistent-conn --json");
    assert_eq!(o.stdout, with_conns);
    // --nosort: the same services, in the kernel's order.
    let sorted: Value = serde_json::from_str(&numeric).unwrap();
    let kernel_order: Value =
        serde_json::from_str(&w.run("ipvsadm -Ln --nosort --json").stdout).unwrap();
    // Each service with its real servers in a fixed order, as text.
    let set = |v: &Value| {
        let mut s: Vec<String> = v["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|svc| {
                let mut svc = svc.clone();
                let rs = svc["real_servers"].as_array_mut().unwrap();
                rs.sort_by_key(Value::to_string);
                svc.to_string()
            })
            .collect();
        s.sort();
        s
    };
    assert_eq!(set(&sorted), set(&kernel_order));
}

/// The JSON's numbers are the ones `--stats --exact` and `--rate --exact`
/// print.
#[test]
fn numbers_agree_with_the_exact_text_listings() {
    let mut w = full_world();
    let doc = json(&mut w, "ipvsadm -Ln --json");
    let stats = w.run("ipvsadm -Ln --stats --exact").stdout;
    let rates = w.run("ipvsadm -Ln --rate --exact").stdout;
    let http = doc["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["port"] == 80 && s["protocol"] == "TCP")
        .unwrap();
    let row = |text: &str, prefix: &str| -> Vec<u64> {
        let line = text.lines().find(|l| l.starts_with(prefix)).unwrap();
        line[prefix.len()..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect()
    };
    let five = |v: &Value| -> Vec<u64> {
        [
            "connections",
            "packets_in",
            "packets_out",
            "bytes_in",
            "bytes_out",
        ]
        .iter()
        .map(|k| v[k].as_u64().unwrap())
        .collect()
    };
    assert_eq!(row(&stats, "TCP  10.0.0.100:80"), five(&http["stats"]));
    assert_eq!(row(&rates, "TCP  10.0.0.100:80"), five(&http["rates"]));
    let rs2 = &http["real_servers"][0];
    assert_eq!(rs2["address"], "10.0.0.2");
    assert_eq!(row(&stats, "  -> 10.0.0.2:80"), five(&rs2["stats"]));
    assert_eq!(row(&rates, "  -> 10.0.0.2:80"), five(&rs2["rates"]));
}

#[test]
fn errors_are_the_text_listings_and_come_before_any_output() {
    let mut w = World::new();
    let o = w.run("ipvsadm -L -t 10.0.0.1:80 --json");
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (1, "", "No such service\n")
    );
    let o = w.run("ipvsadm -Lc --json");
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (1, "", "cannot open file /proc/net/ip_vs_conn\n")
    );
    w.platform.conns = Some(String::new());
    let o = w.run("ipvsadm -Lc --json");
    assert_eq!(
        (o.code, o.stdout.as_str(), o.stderr.as_str()),
        (1, "", "unexpected input from /proc/net/ip_vs_conn\n")
    );
    // An entry of blanks ends the entries; the document is still whole.
    w.platform.conns = Some(format!(
        "{CONN_HEADER}TCP 0A000032 8CB8 0A000064 0050 0A000002 0050 ESTABLISHED    899\n  \n\
TCP 0A000032 8CB9 0A000064 0050 0A000002 0050 ESTABLISHED    899\n"
    ));
    let o = w.run("ipvsadm -Lnc --json");
    assert_eq!((o.code, o.stderr.as_str()), (1, ""));
    let doc: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_valid(&doc);
    assert_eq!(doc["connections"].as_array().unwrap().len(), 1);
    // Another command with --json is the matrix's refusal.
    let o = w.run("ipvsadm -S --json");
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
}

/// One small document, pinned in full: a change of a value's form fails
/// here even where the schema allows it.
#[test]
fn a_small_document_in_full() {
    let mut w = World::new();
    w.ok("ipvsadm -A -t 10.10.10.213:80 -s rr");
    w.ok("ipvsadm -a -t 10.10.10.213:80 -r 10.10.10.216:80 -g -w 1");
    w.ok("ipvsadm --set 900 120 300");
    w.platform.sysctls = vec![("conntrack".into(), "0\n".into())];
    let o = w.run("ipvsadm -Ln --json");
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    let expected = r#"{
  "schema": "ipvsadm-rs/1",
  "ipvs": {
    "version": "1.2.1",
    "version_code": 66049,
    "conn_tab_size": 4096
  },
  "sysctls": {
    "conntrack": 0
  },
  "timeouts": {
    "tcp": 900,
    "tcp_fin": 120,
    "udp": 300
  },
  "daemons": [],
  "services": [
    {
      "protocol": "TCP",
      "protocol_number": 6,
      "family": "ipv4",
      "address": "10.10.10.213",
      "port": 80,
      "fwmark": null,
      "scheduler": "rr",
      "flags": 2,
      "flag_names": [
        "hashed"
      ],
      "persistent": false,
      "persistence_timeout": 0,
      "netmask": "255.255.255.255",
      "prefix_length": null,
      "pe": null,
      "one_packet": false,
      "stats": {
        "connections": 0,
        "packets_in": 0,
        "packets_out": 0,
        "bytes_in": 0,
        "bytes_out": 0
      },
      "rates": {
        "connections": 0,
        "packets_in": 0,
        "packets_out": 0,
        "bytes_in": 0,
        "bytes_out": 0
      },
      "real_servers": [
        {
          "family": "ipv4",
          "address": "10.10.10.216",
          "port": 80,
          "forwarding": "route",
          "forwarding_code": 3,
          "weight": 1,
          "upper_threshold": 0,
          "lower_threshold": 0,
          "active_connections": 0,
          "inactive_connections": 0,
          "persistent_connections": 0,
          "tunnel": {
            "type": "ipip",
            "type_code": 0,
            "port": 0,
            "flags": 0,
            "checksum": "nocsum"
          },
          "stats": {
            "connections": 0,
            "packets_in": 0,
            "packets_out": 0,
            "bytes_in": 0,
            "bytes_out": 0
          },
          "rates": {
            "connections": 0,
            "packets_in": 0,
            "packets_out": 0,
            "bytes_in": 0,
            "bytes_out": 0
          }
        }
      ]
    }
  ]
}
"#;
    assert_eq!(o.stdout, expected);
}
