# desc: IPv6 -M (after a v6 service or -f N -6) is atoi 1..128; -M before the v6 service is parsed as IPv4 then replaced by 128
ipvsadm -A -t [fd00::5]:80 -p -M 64
echo "rc=$?"
ipvsadm -A -t [fd00::5]:81 -p -M 0
echo "rc=$?"
ipvsadm -A -t [fd00::5]:82 -p -M 129
echo "rc=$?"
ipvsadm -A -t [fd00::5]:83 -p -M abc
echo "rc=$?"
ipvsadm -A -t [fd00::5]:84 -p -M 96abc
echo "rc=$?"
ipvsadm -A -M 64 -t [fd00::6]:80 -p
echo "rc=$?"
ipvsadm -A -f 4 -6 -M 64 -p
echo "rc=$?"
ipvsadm -A -t [fd00::5]:85 -p 20 -M 128
echo "rc=$?"
ipvsadm -Ln
