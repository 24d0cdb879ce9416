# desc: service port is strtol base 10 of the whole string: leading blank and + sign, trailing garbage
ipvsadm -A -t "10.0.0.100: 81"
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:+82
echo "rc=$?"
ipvsadm -A -t "10.0.0.100:83 "
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:84x
echo "rc=$?"
ipvsadm -Ln
