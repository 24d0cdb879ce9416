# desc: --exact on single-service listings (-t with names, -f, -u IPv6) with --stats and --rate; missing service rc 1
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -A -f 3
ipvsadm -A -u [fd00::100]:53
ipvsadm -a -u [fd00::100]:53 -r [fd00::2]:53 -m
ipvsadm -L -t vip.example:http --stats --exact
echo "rc=$?"
ipvsadm -Ln -f 3 --rate --exact
echo "rc=$?"
ipvsadm -L -u [fd00::100]:53 --stats -X
echo "rc=$?"
ipvsadm -L -t 10.0.0.100:81 --stats --exact
echo "rc=$?"
