# desc: -v and --version print the version line, rc 0; trailing words ignored
ipvsadm -v
echo "rc=$?"
ipvsadm --version
echo "rc=$?"
ipvsadm -v -L foo
echo "rc=$?"
ipvsadm -vh
echo "rc=$?"
