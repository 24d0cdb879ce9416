# desc: long options must match exactly (no abbreviation) both as command and as option
ipvsadm -L --numer
echo "rc=$?"
ipvsadm --lis
echo "rc=$?"
ipvsadm -L --num=1
echo "rc=$?"
ipvsadm -L --Numeric
echo "rc=$?"
