# desc: -l is identical to -L (and -ln to -Ln)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -l
echo "rc=$?"
ipvsadm -ln
echo "rc=$?"
ipvsadm -l -t 10.0.0.100:80 -n
echo "rc=$?"
