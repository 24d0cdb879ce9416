# desc: dest kernel errors: Service not defined (-a/-e/-d), Destination already exists, No such destination (-e/-d), rc 255
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.2 -m
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m -w 5
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 10.0.0.3 -m
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.3
echo "rc=$?"
ipvsadm -a -f 9 -r 10.0.0.2
echo "rc=$?"
ipvsadm -Ln
