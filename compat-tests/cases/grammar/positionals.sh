# desc: leftover positionals anywhere on the line give unexpected argument (first leftover), and nothing is executed
ipvsadm -L foo
echo "rc=$?"
ipvsadm -C foo
echo "rc=$?"
ipvsadm -A foo -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 a b
echo "rc=$?"
ipvsadm -Z bar
echo "rc=$?"
