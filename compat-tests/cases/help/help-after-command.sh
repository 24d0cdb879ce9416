# desc: -h/-v after a command are invalid options (rc 2), not help
ipvsadm -L -h
echo "rc=$?"
ipvsadm -Lh
echo "rc=$?"
ipvsadm -C -v
echo "rc=$?"
ipvsadm -S --help
echo "rc=$?"
