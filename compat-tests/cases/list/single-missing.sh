# desc: -L of a missing service prints No such service on stderr and nothing on stdout, rc 1 (wrong proto, port, fwmark)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -Ln -t 10.0.0.100:81
echo "rc=$?"
ipvsadm -Ln -u 10.0.0.100:80
echo "rc=$?"
ipvsadm -L -f 9
echo "rc=$?"
ipvsadm -Ln -t [fd00::100]:80
echo "rc=$?"
ipvsadm -Ln --stats -t 10.0.0.100:82
echo "rc=$?"
