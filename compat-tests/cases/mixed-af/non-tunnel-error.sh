# desc: mixed address families without -i: Different address family is allowed only for tunneling servers for -a and -e, both directions, default -g
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::2 -g
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::2
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.2:8080 -m -w 2
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::2 -i
ipvsadm -e -t 10.0.0.100:80 -r fd00::2 -m
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r fd00::2 -g
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r fd00::2 -i -w 4
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:81 -r fd00::2 -m
echo "rc=$?"
ipvsadm -Ln
