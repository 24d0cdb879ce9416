# desc: -E changes -b: replaces flags, drops them when -b is omitted, sh->mh switch with flags, flag names incompatible with the new scheduler
ipvsadm -A -t 10.0.0.100:80 -s sh -b sh-port
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g
ipvsadm -E -t 10.0.0.100:80 -s sh -b sh-fallback
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:80 -s sh
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:80 -s mh -b mh-port,mh-fallback
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:80 -b mh-port
echo "rc=$?"
ipvsadm -E -t 10.0.0.100:80 -s rr -b flag-2
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -t 10.0.0.100:80 -s sh -b sh-port -p 100
echo "rc=$?"
ipvsadm -Sn
ipvsadm -E -t 10.0.0.100:80 -s rr
echo "rc=$?"
ipvsadm -Sn
