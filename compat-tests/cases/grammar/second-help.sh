# desc: -h/-v/--help/--version after the command are invalid options, rc 2
ipvsadm -L -h
echo "rc=$?"
ipvsadm -L -v
echo "rc=$?"
ipvsadm -L --help
echo "rc=$?"
ipvsadm -L --version
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -h
echo "rc=$?"
