# desc: --pe sip with -p on UDP and TCP services: listed as "pe sip" after persistence (with mask), saved as --pe sip, names and numeric
ipvsadm -A -u 10.0.0.100:5060 -p --pe sip
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:5060 -s rr -p 60 -M 255.255.255.0 --pe sip
echo "rc=$?"
ipvsadm -a -u 10.0.0.100:5060 -r 10.0.0.2 -g
ipvsadm -L
ipvsadm -Ln
ipvsadm -S
ipvsadm -Sn
