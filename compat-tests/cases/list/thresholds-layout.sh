# desc: --thresholds layout (service line with flags/persistence, dest thresholds with trailing blanks)
ipvsadm -A -t 10.0.0.100:8080 -p 120 -b flag-1
ipvsadm -a -t 10.0.0.100:8080 -r 192.168.1.2:80 -m
ipvsadm -a -t 10.0.0.100:8080 -r 10.0.0.7:80 -m -x 100 -y 50
ipvsadm -A -u 10.0.0.100:53 -o
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.8 -g -x 2147483647
ipvsadm -Ln --thresholds
echo "rc=$?"
ipvsadm -L --thresholds -t 10.0.0.100:8080 -n
echo "rc=$?"
