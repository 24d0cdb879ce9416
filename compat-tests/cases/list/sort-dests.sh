# desc: dest sort with signed wrap-around (D.10): 10.0.0.5, 200.0.0.5, 150.0.0.5, 100.0.0.5, 10.0.0.5:70 with -m
ipvsadm -A -t 10.0.0.1:80
ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.5 -m
ipvsadm -a -t 10.0.0.1:80 -r 200.0.0.5 -m
ipvsadm -a -t 10.0.0.1:80 -r 150.0.0.5 -m
ipvsadm -a -t 10.0.0.1:80 -r 100.0.0.5 -m
ipvsadm -a -t 10.0.0.1:80 -r 10.0.0.5:70 -m
ipvsadm -Ln
echo "rc=$?"
ipvsadm -Ln --nosort
ipvsadm -Sn
