# desc: bad --pe names: unknown, upper case, 15 and 16+ characters; an empty --pe means no pe (Scheduler or persistence engine not found, rc 255); -E with --pe on a missing service; missing argument
ipvsadm -A -u 10.0.0.100:5060 -p --pe nosuch
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5060 -p --pe SIP
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5059 -p --pe ""
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5060 -p --pe sipsipsipsipsipsip
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5060 -p --pe sipsipsipsipsip
echo "rc=$?"
ipvsadm -E -u 10.0.0.100:5061 -p --pe sip
echo "rc=$?"
ipvsadm -E -u 10.0.0.100:5061 -p --pe nosuch
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5060 -p --pe
echo "rc=$?"
ipvsadm -Ln
