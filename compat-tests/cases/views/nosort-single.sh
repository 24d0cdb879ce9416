# desc: --nosort on a single service shows dests newest first in every view, sorted views for comparison
ipvsadm -A -t 10.0.0.100:80
for h in 9 3 7 2 5; do ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.$h:80 -m -w $h; done
ipvsadm -Ln -t 10.0.0.100:80 --nosort
ipvsadm -Ln -t 10.0.0.100:80
ipvsadm -Ln -t 10.0.0.100:80 --nosort --stats
ipvsadm -Ln -t 10.0.0.100:80 --nosort --thresholds
ipvsadm -Ln -t 10.0.0.100:80 --nosort --persistent-conn
ipvsadm -Ln -t 10.0.0.100:80 --nosort --tun-info
ipvsadm -L -t vip.example:http --nosort --rate
