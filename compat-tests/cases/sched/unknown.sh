# desc: unknown scheduler names: -A and -E fail with Scheduler or persistence engine not found (rc 255); upper case, over-long, trailing blank; empty name means the default wlc; -E on missing service
ipvsadm -A -t 10.0.0.100:80 -s nosuch
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s RR
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:79 -s ""
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s rrrrrrrrrrrrrrrrrrrrrrrrrr
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s "rr "
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 -s rr
ipvsadm -E -t 10.0.0.100:81 -s nosuch
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:82 -s nosuch
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:82 -s rr
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:83 -s
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:84 -s rr -s wrr
echo "rc=$?"
ipvsadm -Ln
