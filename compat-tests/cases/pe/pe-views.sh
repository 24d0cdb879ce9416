# desc: pe services in other views: --persistent-conn, --thresholds, --tun-info, single service, IPv6 fwmark with mask; -Lc/-Lnc --persistent-conn on the empty connection table
ipvsadm -A -u 10.0.0.100:5060 -p 30 --pe sip
ipvsadm -a -u 10.0.0.100:5060 -r 10.0.0.2 -m -w 4
ipvsadm -A -f 9 -6 -p 40 -M 64 --pe sip
ipvsadm -a -f 9 -6 -r fd00::2 -g
ipvsadm -Ln --persistent-conn
ipvsadm -L --thresholds
ipvsadm -Ln --tun-info
ipvsadm -L -u vip.example:5060 --persistent-conn
ipvsadm -Lc --persistent-conn
echo "rc=$?"
ipvsadm -Lnc --persistent-conn
echo "rc=$?"
ipvsadm -S
