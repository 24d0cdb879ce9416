# desc: first argv word that is not a command (option, positional, unknown, empty, -X, -6) gives the Try hint, rc 255
ipvsadm -n
echo "rc=$?"
ipvsadm foo
echo "rc=$?"
ipvsadm -V
echo "rc=$?"
ipvsadm --bogus
echo "rc=$?"
ipvsadm -X
echo "rc=$?"
ipvsadm -6
echo "rc=$?"
ipvsadm ""
echo "rc=$?"
