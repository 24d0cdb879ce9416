# desc: -X short form of --exact: after the command, clustered (-LnX), with --stats; -X first gives the Try hint; repeated -X/--exact
ipvsadm -A -t 10.0.0.100:80
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -L -X
echo "rc=$?"
ipvsadm -LnX --stats
echo "rc=$?"
ipvsadm -LX -n --rate
echo "rc=$?"
ipvsadm -X -L
echo "rc=$?"
ipvsadm -X
echo "rc=$?"
ipvsadm -L -X --exact
echo "rc=$?"
ipvsadm -L -X -X
echo "rc=$?"
ipvsadm -L --exact=1
echo "rc=$?"
