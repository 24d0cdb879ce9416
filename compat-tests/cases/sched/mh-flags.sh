# desc: -b with mh: mh-fallback, mh-port, both, flag-3 hidden; sh-* flags incompatible with mh; on UDP and fwmark services; listing and save
ipvsadm -A -u 10.0.0.100:53 -s mh -b mh-fallback
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:54 -s mh -b mh-port
echo "rc=$?"
ipvsadm -A -f 3 -s mh -b mh-fallback,mh-port,flag-3
echo "rc=$?"
ipvsadm -A -f 4 -6 -s mh -b flag-2
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:55 -s mh -b sh-fallback
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:56 -s mh -b mh-port,sh-port
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
