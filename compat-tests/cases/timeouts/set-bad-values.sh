# desc: --set bad values: negative (popt unknown option), words, decimals, hex, trailing garbage, leading blank, empty; first bad value wins
ipvsadm --set -1 2 3
echo "rc=$?"
ipvsadm --set abc 2 3
echo "rc=$?"
ipvsadm --set 1 abc 3
echo "rc=$?"
ipvsadm --set 1 2 x
echo "rc=$?"
ipvsadm --set 1.5 2 3
echo "rc=$?"
ipvsadm --set 0x10 2 3
echo "rc=$?"
ipvsadm --set 10s 2 3
echo "rc=$?"
ipvsadm --set " 11" 12 13
echo "rc=$?"
ipvsadm -L --timeout
ipvsadm --set "" 2 3
echo "rc=$?"
ipvsadm --set a b c
echo "rc=$?"
ipvsadm --set 99999999999 2 3
echo "rc=$?"
ipvsadm -L --timeout
