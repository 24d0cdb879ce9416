# desc: -S with options other than -n fails with the save command name
ipvsadm -A -t 10.0.0.100:80
ipvsadm -S --nosort
echo "rc=$?"
ipvsadm -S -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -S --rate
echo "rc=$?"
ipvsadm -S --thresholds -n
echo "rc=$?"
ipvsadm -S --tun-info
echo "rc=$?"
ipvsadm -S -X
echo "rc=$?"
ipvsadm -S foo
echo "rc=$?"
