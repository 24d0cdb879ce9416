# desc: thresholds, timeouts and counters are not saved; weight 0 and large weights are; persistence only with -p
ipvsadm --set 100 20 30
ipvsadm -A -t 10.0.0.100:80 -M 255.255.255.0
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m -x 100 -y 10 -w 0
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -m -w 2147483647
ipvsadm -A -t [fd00::100]:80 -M 64
ipvsadm -Sn
echo "rc=$?"
