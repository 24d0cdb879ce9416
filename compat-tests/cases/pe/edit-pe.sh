# desc: -E drops the pe when --pe is omitted, adds it back, and fails with an unknown pe (service unchanged)
ipvsadm -A -u 10.0.0.100:5060 -p 100 --pe sip
ipvsadm -E -u 10.0.0.100:5060 -p 100
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
ipvsadm -E -u 10.0.0.100:5060 -p 200 --pe sip
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -u 10.0.0.100:5060 -p 300 --pe nosuch
echo "rc=$?"
ipvsadm -Ln
ipvsadm -E -u 10.0.0.100:5060 --pe sip
echo "rc=$?"
ipvsadm -Ln
ipvsadm -Sn
