# desc: -p optional argument: -p followed by an option keeps 360, -p at end is 360, -p60 / --persistent=70 / --persistent 80 set values
ipvsadm -A -t 10.0.0.100:80 -p -s rr
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 -p
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -p60
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:83 --persistent=70
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:84 --persistent 80 -s lc
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:85 -p 90 -M 255.255.255.0
echo "rc=$?"
ipvsadm -Ln
