# desc: single-service forms of every view: -L -t VIP --stats/--rate/--thresholds/--persistent-conn/--tun-info, by name and numeric, fwmark -6, UDP
. /payload/lib/views.sh
views_table
ipvsadm -L -t 10.0.0.100:80 --stats
ipvsadm -Ln -t vip.example:http --rate
ipvsadm -L -t [fd00::100]:443 --thresholds
ipvsadm -L -f 7 -6 --persistent-conn
ipvsadm -Ln -u 10.0.0.100:53 --tun-info
ipvsadm -L --sctp-service rs2.example:80 --stats
ipvsadm -L -f 8 --tun-info
ipvsadm -L -t 10.0.0.100:81 --thresholds
echo "rc=$?"
