# desc: -E on UDP toggles -o off and on while dests survive; -E -o on a missing UDP service reaches the kernel (No such service)
ipvsadm -A -u 10.0.0.100:53 -o -s rr
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.2 -m -w 2
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3 -m -w 3
ipvsadm -E -u 10.0.0.100:53 -s rr
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -u 10.0.0.100:53 -s rr -o -p 20
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -u 10.0.0.100:99 -o
echo "rc=$?"
ipvsadm -Sn
