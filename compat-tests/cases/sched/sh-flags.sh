# desc: -b with sh: sh-fallback, sh-port, both, flag-1/flag-2/flag-3 aliases; mh-* flags incompatible with sh; listing and save
ipvsadm -A -t 10.0.0.100:81 -s sh -b sh-fallback
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -s sh -b sh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:83 -s sh -b sh-port,sh-fallback
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:84 -b flag-1,flag-2,flag-3 -s sh
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:85 -s sh -b flag-3
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:86 -s sh -b mh-port
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:87 -s sh -b sh-port,mh-fallback
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:88 -s sh --sched-flags sh-fallback -p 30
echo "rc=$?"
ipvsadm -Ln
ipvsadm -S
