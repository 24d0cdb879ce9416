# desc: ipvsadm -h prints the full usage on stdout, rc 0
ipvsadm -h
echo "rc=$?"
