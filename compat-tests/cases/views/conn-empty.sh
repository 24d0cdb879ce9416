# desc: connection listing on an empty connection table (services exist, no traffic): -Lc, -Lnc, -lc, -c long, --persistent-conn forms, --exact/--nosort ignored
ipvsadm -A -t 10.0.0.100:80 -p
ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.2 -m
ipvsadm -Lc
echo "rc=$?"
ipvsadm -Lnc
echo "rc=$?"
ipvsadm -lc
echo "rc=$?"
ipvsadm --list --connection --numeric
echo "rc=$?"
ipvsadm -L -c --persistent-conn
echo "rc=$?"
ipvsadm -Lnc --persistent-conn --exact --nosort
echo "rc=$?"
ipvsadm -Lcn --sort
echo "rc=$?"
ipvsadm -c
echo "rc=$?"
ipvsadm -S -c
echo "rc=$?"
