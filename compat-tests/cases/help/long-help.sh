# desc: ipvsadm --help prints the same usage, rc 0
ipvsadm --help
echo "rc=$?"
