# desc: -E sets new scheduler, persistence, mask, flags and ops; dests survive an edit
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -w 3
ipvsadm -E -t 10.0.0.100:80 -s wrr -p 100 -M 255.255.0.0 -b flag-1
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:53
ipvsadm -E -u 10.0.0.100:53 -s sh -b sh-fallback -o
echo "rc=$?"
ipvsadm -A -f 3
ipvsadm -E -f 3 -p 20 -o
echo "rc=$?"
ipvsadm -Ln
