# desc: -Sn --full saves timeouts, thresholds, marks >= 2^31 and both sync daemons; after -C, stopping the daemons and other timeouts, -R of it (ours, then 1.31's /sbin/ipvsadm) gives the same state and the same text
# divergence: state-options
ipvsadm --set 1000 60 200
ipvsadm -A -t 10.0.0.100:80 -s wrr -p 600 -M 255.255.255.0
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2:80 -g -w 3 -x 100 -y 50
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.3:8080 -m -w 0 -x 7
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.4:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum -x 12 -y 9
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.5:80 -i -w 2 --tun-type gre --tun-csum
ipvsadm -A -u 10.0.0.100:5060 -s sh -b sh-fallback,sh-port -p 60 --pe sip -o
ipvsadm -a -u 10.0.0.100:5060 -r 192.168.2.2:5060 -m -w 5 -x 1000 -y 10
ipvsadm -A --sctp-service 10.0.0.100:9 -s mh -b mh-port
ipvsadm -a --sctp-service 10.0.0.100:9 -r 10.0.0.2 -i
ipvsadm -A -t [fd00::100]:443 -s lc -p 30 -M 64
ipvsadm -a -t [fd00::100]:443 -r [fd00::2]:443 -m -w 4 -x 20 -y 20
ipvsadm -A -f 2147483653 -s rr
ipvsadm -a -f 2147483653 -r 10.0.0.2:0 -g -w 1 -x 3
ipvsadm -A -f 4294967295 -6 -s dh -p 10 -M 96
ipvsadm -a -f 4294967295 -6 -r [fd00::3]:80 -m
ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7 --sync-maxlen 1000 --mcast-port 9000 --mcast-ttl 3
ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 9 --mcast-group 239.1.2.3
echo "== ipvsadm -S --full"
ipvsadm -Sn --full > full; echo "rc=$?"
cat full
echo "== plain -S is 1.31's"
ipvsadm -Sn
echo "== clear, stop, other timeouts; restore with ours"
ipvsadm -C; ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup; ipvsadm --set 5 5 5
ipvsadm -R < full; echo "rc=$?"
ipvsadm -Sn --full > again; echo "rc=$?"
cmp full again && echo "same text"
echo "== clear, stop, other timeouts; restore with 1.31"
ipvsadm -C; ipvsadm --stop-daemon master; ipvsadm --stop-daemon backup; ipvsadm --set 5 5 5
/sbin/ipvsadm -R < full; echo "rc=$?"
ipvsadm -Sn --full > again; echo "rc=$?"
cmp full again && echo "same text"
ipvsadm -L --daemon
ipvsadm-save --full -n > wrapped; echo "rc=$?"
cmp full wrapped && echo "ipvsadm-save --full: same text"
