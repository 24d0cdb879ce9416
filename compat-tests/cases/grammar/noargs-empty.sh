# desc: ipvsadm with no arguments on an empty table lists like -L (header lines only), rc 0
ipvsadm
echo "rc=$?"
