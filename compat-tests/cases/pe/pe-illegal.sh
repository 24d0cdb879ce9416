# desc: --pe with commands that do not take it: Illegal 'pe' option with -a, -e, -d, -D, -L, -S, -Z, -C; duplicate --pe
ipvsadm -A -u 10.0.0.100:5060 -p --pe sip
ipvsadm -a -u 10.0.0.100:5060 -r 10.0.0.2 --pe sip
echo "rc=$?"
ipvsadm -e -u 10.0.0.100:5060 -r 10.0.0.2 --pe sip
echo "rc=$?"
ipvsadm -d -u 10.0.0.100:5060 -r 10.0.0.2 --pe sip
echo "rc=$?"
ipvsadm -D -u 10.0.0.100:5060 --pe sip
echo "rc=$?"
ipvsadm -L --pe sip
echo "rc=$?"
ipvsadm -S --pe sip
echo "rc=$?"
ipvsadm -Z --pe sip
echo "rc=$?"
ipvsadm -C --pe sip
echo "rc=$?"
ipvsadm -A -u 10.0.0.100:5061 -p --pe sip --pe sip
echo "rc=$?"
ipvsadm -Ln
