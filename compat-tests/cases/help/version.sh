# desc: -v and --version print the version line, rc 0; trailing words ignored
# divergence: version
# normalize-ref: s|^ipvsadm v1\.31 2019/12/24 (compiled with popt and IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
# normalize-ours: s|^ipvsadm v1\.31 2019/12/24 (ipvsadm-rs [0-9]\+\.[0-9]\+\.[0-9]\+, generic netlink, IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
ipvsadm -v
echo "rc=$?"
ipvsadm --version
echo "rc=$?"
ipvsadm -v -L foo
echo "rc=$?"
ipvsadm -vh
echo "rc=$?"
