# desc: per-option value errors are reported in argv order before matrix checks (first bad value wins)
ipvsadm -A -t 12345 -w abc
echo "rc=$?"
ipvsadm -A -w abc -t 12345
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p 0 -f 0
echo "rc=$?"
ipvsadm -A -f 0 -p 0
echo "rc=$?"
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -b bogus -w abc
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -b bogus -r 10.0.0.2
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -b bogus extra
echo "rc=$?"
