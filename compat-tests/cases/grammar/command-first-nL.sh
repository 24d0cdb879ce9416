# desc: the command must be the first option: -nL and -n -L give the Try hint, rc 255
ipvsadm -nL
echo "rc=$?"
ipvsadm -n -L
echo "rc=$?"
ipvsadm -Ln
echo "rc=$?"
