# desc: -h does not touch or list the table
# divergence: version
# normalize-ref: s|^ipvsadm v1\.31 2019/12/24 (compiled with popt and IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
# normalize-ours: s|^ipvsadm v1\.31 2019/12/24 (ipvsadm-rs [0-9]\+\.[0-9]\+\.[0-9]\+, generic netlink, IPVS v1\.2\.1)$|ipvsadm v1.31 2019/12/24 (BUILD, IPVS v1.2.1)|
ipvsadm -A -t 10.0.0.100:80
ipvsadm -h >/dev/null
echo "rc=$?"
ipvsadm -v
echo "rc=$?"
