# desc: bracketed service forms: [v6]:port ok; [v6] without port, missing ], no colon, empty port, bad port are rejected
ipvsadm -A -t [fd00::103]
echo "rc=$?"
ipvsadm -A -t [fd00::103:80
echo "rc=$?"
ipvsadm -A -t [fd00::103]80
echo "rc=$?"
ipvsadm -A -t [fd00::103]:
echo "rc=$?"
ipvsadm -A -t [fd00::103]:65536
echo "rc=$?"
ipvsadm -A -t [fd00::103]:80
echo "rc=$?"
ipvsadm -A -u [fd00::103]:domain
echo "rc=$?"
ipvsadm -A -t [fd00::103]:0
echo "rc=$?"
ipvsadm -Ln
