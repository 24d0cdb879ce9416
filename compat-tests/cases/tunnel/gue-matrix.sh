# desc: gue matrix: tun-port required; at most one of tun-nocsum/tun-csum/tun-remcsum (later-in-table option named first); gue port only defaults to nocsum
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-csum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-remcsum --tun-csum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-remcsum --tun-nocsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080 --tun-nocsum --tun-csum --tun-remcsum
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -i --tun-type gue --tun-port 6080
echo "rc=$?"
ipvsadm -Ln --tun-info
