# desc: the duplicate-option check happens before the repeated option's value is parsed
ipvsadm -A -t 10.0.0.100:80 -t 12345
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -u 12345
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -w 1 -w abc
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p 10 -p 0
echo "rc=$?"
ipvsadm -Ln
