# desc: popt-level errors on the very first option (value on a no-arg long option, missing argument, unknown long with value)
ipvsadm --help=1
echo "rc=$?"
ipvsadm --list=x
echo "rc=$?"
ipvsadm --bogus=1
echo "rc=$?"
ipvsadm --stop-daemon
echo "rc=$?"
ipvsadm --add-service
echo "rc=$?"
