# desc: valid -b lists: generic flags, empty items skipped, sh-/mh- flags with their scheduler, -b before -s, flag-3 hidden for mh
ipvsadm -A -t 10.0.0.106:80 -b flag-1,flag-2,flag-3
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:81 -b flag-1,,flag-2
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:82 -s sh -b sh-fallback,sh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:83 -s mh -b mh-fallback,flag-3
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:84 -b sh-port -s sh
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:85 -s rr --sched-flags flag-2 -p 50 -M 255.255.0.0
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:86 -s sh -b flag-1
echo "rc=$?"
ipvsadm -A -t 10.0.0.106:87 -s mh -b mh-port,mh-port
echo "rc=$?"
ipvsadm -Ln
