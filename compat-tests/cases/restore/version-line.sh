# desc: a -v line inside -R prints the version and exits 0; a --version line likewise
# divergence: version
# normalize-ref: s|^ipvsadm v1\.31 2019/12/24 (compiled with popt and IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
# normalize-ours: s|^ipvsadm v1\.31 2019/12/24 (ipvsadm-rs [0-9]\+\.[0-9]\+\.[0-9]\+, generic netlink, IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
ipvsadm -R <<'EOF'
-A -t 10.0.0.142:80
-v
-A -t 10.0.0.143:80
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
--version
EOF
echo "rc=$?"
ipvsadm -Ln
