# desc: options given before the command (and -- before it) are rejected with the Try hint; nothing is added
ipvsadm -t 10.0.0.100:80 -A
echo "rc=$?"
ipvsadm -s rr -A -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -- -L
echo "rc=$?"
ipvsadm 10.0.0.100:80 -A -t 10.0.0.100:80
echo "rc=$?"
