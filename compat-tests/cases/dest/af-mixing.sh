# desc: dest af different from the service af is only allowed with -i (Different address family is allowed only for tunneling servers)
ipvsadm -A -t 10.0.0.100:80
ipvsadm -A -t [fd00::100]:80
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -m
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::2
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r fd00::2 -i
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.40 -g
echo "rc=$?"
ipvsadm -a -t [fd00::100]:80 -r 10.0.0.40 -i
echo "rc=$?"
ipvsadm -A -f 1
ipvsadm -a -f 1 -r fd00::5 -m
echo "rc=$?"
ipvsadm -a -f 1 -r fd00::5 -i
echo "rc=$?"
ipvsadm -Ln
