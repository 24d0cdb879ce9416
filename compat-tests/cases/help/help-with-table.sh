# desc: -h does not touch or list the table
ipvsadm -A -t 10.0.0.100:80
ipvsadm -h >/dev/null
echo "rc=$?"
ipvsadm -v
echo "rc=$?"
