# desc: -w with commands that do not take it (-A, -E, -d, -D, -L, -S, -Z) and duplicated -w/--weight
ipvsadm -A -t 10.0.0.100:80 -w 2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2
ipvsadm -E -t 10.0.0.100:80 -w 2
echo "rc=$?"
ipvsadm -d -t 10.0.0.100:80 -r 10.0.0.2 -w 2
echo "rc=$?"
ipvsadm -D -t 10.0.0.100:80 -w 2
echo "rc=$?"
ipvsadm -L -w 2
echo "rc=$?"
ipvsadm -S -w 2
echo "rc=$?"
ipvsadm -Z -w 2
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -w 2 -w 3
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -w 2 --weight 3
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.3 -w bad -w 3
echo "rc=$?"
ipvsadm -Ln
