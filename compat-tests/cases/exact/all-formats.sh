# desc: --exact with every list layout on a zero-traffic varied table (default, -n, --stats, --rate, --thresholds, --persistent-conn, --tun-info)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -g -w 3
ipvsadm -a -t 10.0.0.100:80 -r [fd00::2]:80 -i --tun-type gue --tun-port 6080
ipvsadm -A -u 10.0.0.100:53 -p 30
ipvsadm -a -u 10.0.0.100:53 -r 10.0.0.3:5353 -m -x 10 -y 5
ipvsadm -A -f 2 -6
ipvsadm -L --exact
ipvsadm -Ln --exact
ipvsadm -L --stats --exact
ipvsadm -Ln --rate --exact
ipvsadm -Ln --thresholds --exact
ipvsadm -Ln --persistent-conn --exact
ipvsadm -Ln --tun-info --exact
ipvsadm -Ln --exact --nosort -t 10.0.0.100:80
