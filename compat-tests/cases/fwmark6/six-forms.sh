# desc: -6 forms: --ipv6, repeated -6, -6 before -f (error with empty line), -6 with -t, -6 on -L/-Z/-S without -f
ipvsadm -A -f 30 -6 -6
echo "rc=$?"
ipvsadm -A --fwmark-service=31 --ipv6
echo "rc=$?"
ipvsadm -A -6 -f 32
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -6
echo "rc=$?"
ipvsadm -L -6
echo "rc=$?"
ipvsadm -Ln -f 31 -6 -6
echo "rc=$?"
ipvsadm -S -6
echo "rc=$?"
ipvsadm -Z -6
echo "rc=$?"
ipvsadm -A -f 33 -6=1
echo "rc=$?"
ipvsadm -Ln
