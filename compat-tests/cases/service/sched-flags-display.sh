# desc: scheduler flag display for generic/sh/mh schedulers including flag-3 with sh, persistence and ops ordering
ipvsadm -A -t 10.0.0.106:80 -s sh -b sh-fallback,sh-port
ipvsadm -A -t 10.0.0.106:81 -s sh -b flag-3
ipvsadm -A -t 10.0.0.106:82 -b flag-1,flag-2,flag-3
ipvsadm -A -t 10.0.0.106:83 -s mh -b mh-port -p 40
ipvsadm -A -u 10.0.0.106:84 -s rr -b flag-2 -p 50 -o
ipvsadm -A -f 9 -s sh -b sh-fallback
ipvsadm -Ln
echo "rc=$?"
