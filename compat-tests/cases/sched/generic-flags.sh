# desc: -b flag-1/2/3 with non-sh/mh schedulers (rr, wlc default, lc); sh-*/mh-* flags with them are incompatible; unknown flags rejected
ipvsadm -A -t 10.0.0.100:81 -s rr -b flag-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -b flag-2,flag-3
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:83 -s lc -b flag-3,flag-1,flag-2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:84 -s rr -b sh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:85 -b sh-fallback
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:86 -s wrr -b mh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:87 -s rr -b flag-4
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:88 -s rr -b FLAG-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:89 -s rr -b "flag-1 flag-2"
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:90 -s rr -b flag-1,bogus
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:91 -s rr -b flag-1,,flag-2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:92 -s rr -b flag-1 -b flag-2
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
