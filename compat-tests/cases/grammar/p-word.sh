# desc: -p swallows a following non-dash word as its timeout (-p abc is an invalid timeout, rc 2)
ipvsadm -A -t 10.0.0.100:80 -p abc
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p abc -s rr
echo "rc=$?"
ipvsadm -A -p 30 -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 -p 40 extra
echo "rc=$?"
ipvsadm -Ln
