# desc: --tun-info layout: TunnelInfo n/a for non-tunnel dests, ipip, gue:PORT:FLAG, gre:FLAG
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.1:80 -m
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.5:80 -i -w 65535
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.13:80 -i --tun-type gue --tun-port 6080 --tun-nocsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.15:80 -i --tun-type gre --tun-csum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.16:80 -i --tun-type gue --tun-port 6080 --tun-remcsum
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.17:80 -g
ipvsadm -Ln --tun-info
echo "rc=$?"
ipvsadm -L --tun-info -t 10.0.0.100:80
echo "rc=$?"
