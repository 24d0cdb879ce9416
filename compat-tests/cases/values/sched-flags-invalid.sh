# desc: invalid -b items (unknown, wrong case) and incompatible ones (sh-* without sh, mh-* without mh, wlc default)
ipvsadm -A -t 10.0.0.106:80 -b bogus
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -b flag-1,bogus
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -b FLAG-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -b sh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -s mh -b sh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -s sh -b mh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -s rr -b flag-1,mh-fallback
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:80 -b sh-port,bogus -s sh
echo "rc=$?"
ipvsadm -Ln
