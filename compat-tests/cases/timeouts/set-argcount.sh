# desc: --set positional count: none, one, two (requires 3 timeout values), four (unexpected argument), --set=value (popt error), long positional after --
ipvsadm --set
echo "rc=$?"
ipvsadm --set 5
echo "rc=$?"
ipvsadm --set 5 6
echo "rc=$?"
ipvsadm --set 5 6 7 8
echo "rc=$?"
ipvsadm --set 5 6 7 8 9
echo "rc=$?"
ipvsadm --set=5 6 7
echo "rc=$?"
ipvsadm --set -- 5 6 7
echo "rc=$?"
ipvsadm -L --timeout
