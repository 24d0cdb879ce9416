# desc: -6 before -f prints "-6 used before -f" plus an empty line, rc 2 (also with -L and -t)
ipvsadm -A -6 -f 1
echo "rc=$?"
ipvsadm -L -6
echo "rc=$?"
ipvsadm -A -t [fd00::1]:80 -6
echo "rc=$?"
ipvsadm -Ln
