# desc: an unbracketed IPv6 address has no port (fd00::103:80 is an address): zero port unless -p
ipvsadm -A -t fd00::103:80
echo "rc=$?"
ipvsadm -A -t fd00::103:80 -p
echo "rc=$?"
ipvsadm -A -u fd00::104 -p 20
echo "rc=$?"
ipvsadm -A -t ::1 -p 30
echo "rc=$?"
ipvsadm -Ln
