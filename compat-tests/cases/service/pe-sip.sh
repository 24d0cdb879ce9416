# desc: --pe sip is accepted (shown as "pe sip" only when persistent); unknown or over-long pe names fail with Scheduler or persistence engine not found
ipvsadm -A -t 10.0.0.100:80 -p --pe sip
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5060 --pe sip
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 -p --pe averyveryverylongpename
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -p
ipvsadm -E -t 10.0.0.100:82 -p --pe nosuch
echo "rc=$?"
ipvsadm -Ln
