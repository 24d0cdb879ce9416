# desc: -L/-Ln -f N -6 single-service listing; -L -f N misses the IPv6 service (rc 1); -D -f N -6 and -D -f N are distinct; -e/-d with -f N -6
ipvsadm -A -f 20 -6 -s rr
ipvsadm -a -f 20 -6 -r fd00::2 -m
ipvsadm -a -f 20 -6 -r fd00::3 -m
ipvsadm -L -f 20 -6
echo "rc=$?"
ipvsadm -Ln -f 20 -6
echo "rc=$?"
ipvsadm -Ln -f 20
echo "rc=$?"
ipvsadm -e -f 20 -6 -r fd00::2 -m -w 7
echo "rc=$?"
ipvsadm -e -f 20 -r fd00::2 -m -w 7
echo "rc=$?"
ipvsadm -d -f 20 -6 -r fd00::3
echo "rc=$?"
ipvsadm -Ln -f 20 -6
ipvsadm -D -f 20
echo "rc=$?"
ipvsadm -D -f 20 -6
echo "rc=$?"
ipvsadm -D -f 20 -6
echo "rc=$?"
ipvsadm -Ln
