# desc: anything after -h/--help is ignored (extra words, bad options, a second command)
ipvsadm -h extra
echo "rc=$?"
ipvsadm --help --bogus
echo "rc=$?"
ipvsadm -h -L -x 5
echo "rc=$?"
ipvsadm -hv
echo "rc=$?"
