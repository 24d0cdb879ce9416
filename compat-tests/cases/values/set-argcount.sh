# desc: --set needs exactly 3 positionals: fewer -> requires 3 timeout values; a 4th -> unexpected argument; -1 is an unknown option
ipvsadm --set
echo "rc=$?"
ipvsadm --set 1 2
echo "rc=$?"
ipvsadm --set 1 2 3 4
echo "rc=$?"
ipvsadm --set -1 2 3
echo "rc=$?"
ipvsadm --set 11 -- 22 33
echo "rc=$?"
ipvsadm -L --timeout
