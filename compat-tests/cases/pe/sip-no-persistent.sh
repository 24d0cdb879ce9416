# desc: --pe sip without -p is accepted: not shown in -L (not persistent), but saved as --pe sip; also on fwmark and IPv6 services
ipvsadm -A -u 10.0.0.100:5060 --pe sip
echo "rc=$?"
ipvsadm -A -f 7 --pe sip -s rr
echo "rc=$?"
ipvsadm -A -u [fd00::100]:5060 --pe sip -o
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
ipvsadm -Ln -u 10.0.0.100:5060
