# desc: clustered short options after the command letter: -Ln, -ln, -Lnc, -lcn, -Lcn on a small table
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -Ln
echo "rc=$?"
ipvsadm -ln
echo "rc=$?"
ipvsadm -Lnc
echo "rc=$?"
ipvsadm -lcn
echo "rc=$?"
ipvsadm -Lcn
echo "rc=$?"
