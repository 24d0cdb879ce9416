# desc: -c with --persistent-conn adds the pe columns to the (empty) connection table header; -Lc alone does not
ipvsadm -A -t 10.0.0.100:80 -p --pe sip
ipvsadm -Lnc --persistent-conn
echo "rc=$?"
ipvsadm -Lc
echo "rc=$?"
