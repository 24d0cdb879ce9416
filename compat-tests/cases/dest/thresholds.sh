# desc: thresholds: l > u is ERANGE (Numerical result out of range) on -a and -e, even with u=0; u=l is fine
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m -x 100 -y 50
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3 -m -x 10 -y 50
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4 -m -x 0 -y 50
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5 -m -x 50 -y 50
echo "rc=$?"
ipvsadm -e -t 10.0.0.100:80 -r 192.168.1.2 -m -x 5 -y 6
echo "rc=$?"
ipvsadm -Ln --thresholds
